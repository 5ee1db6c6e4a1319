/* Reference kernels in C for bench/kernel.ts: xoshiro128** in registers, the same tables as simcast's
 * kernels (read from a file the bench writes), gcc -O3 -march=native at bench time. One mode per run:
 *   fixed        integer thresholds, per-game tallies (the kernel's own work);
 *   rows         the same plus one row of T bytes per simulation (games won per team), blocks of 4096
 *                rows zeroed per block, as --persist rows and Calcutta ask for;
 *   hot K k      hot ratings: after each game the winner gains K * (1 - p_winner), the loser loses it,
 *                p = 1 / (1 + exp(-(rA - rB) * k)) (538 / Elo logistic) from libm's exp.
 * Prints simulations per second (from the median time of a 1024-simulation chunk, as bench/kernel.ts
 * times a call of the other kernels, so that other jobs on the machine weigh alike on both), the same
 * over the whole run, and a checksum of the tallies. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int byValue(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

#define NEXT(u)                                                      \
  do {                                                               \
    u = rotl(s1 * 5, 7) * 9;                                         \
    uint32_t t = s1 << 9;                                            \
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11); \
  } while (0)

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: tournament TABLES SIMS [fixed|rows|hot K k]\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  int32_t T, G;
  if (fread(&T, 4, 1, f) != 1 || fread(&G, 4, 1, f) != 1) return 2;
  int32_t *ga = malloc(4 * G), *gb = malloc(4 * G);
  uint32_t *thr = malloc(4 * (size_t)T * T);
  double *base = malloc(8 * (size_t)T), *r = malloc(8 * (size_t)T);
  if (fread(ga, 4, G, f) != (size_t)G || fread(gb, 4, G, f) != (size_t)G || fread(thr, 4, (size_t)T * T, f) != (size_t)T * T) return 2;
  if (fread(base, 8, T, f) != (size_t)T) return 2;
  fclose(f);
  long sims = atol(argv[2]);
  const char *mode = argc > 3 ? argv[3] : "fixed";
  double K = argc > 4 ? atof(argv[4]) : 0, k = argc > 5 ? atof(argv[5]) : 0;
  int32_t *node = malloc(4 * (T + G));
  uint32_t *counts = calloc((size_t)G * T, 4);
  uint8_t *rows = calloc((size_t)4096 * T, 1);
  for (int i = 0; i < T; i++) node[i] = i;
  uint32_t s0 = 0x9e3779b9, s1 = 0x243f6a88, s2 = 0xb7e15162, s3 = 0x12345678;
  long chunks = (sims + 1023) / 1024, chunk = 0;
  double *chunkSecs = malloc(sizeof(double) * (chunks + 1));
  struct timespec a, b, c0, c1;
  clock_gettime(CLOCK_MONOTONIC, &a);
  c0 = a;
#define CHUNK(s)                                                                           \
  if ((s) % 1024 == 1023) {                                                                \
    clock_gettime(CLOCK_MONOTONIC, &c1);                                                   \
    chunkSecs[chunk++] = (c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;        \
    c0 = c1;                                                                               \
  }
  if (strcmp(mode, "fixed") == 0) {
    for (long s = 0; s < sims; s++) {
      for (int g = 0; g < G; g++) {
        int32_t x = node[ga[g]], y = node[gb[g]];
        uint32_t u;
        NEXT(u);
        int32_t w = u < thr[x * T + y] ? x : y;
        node[T + g] = w;
        counts[g * T + w]++;
      }
      CHUNK(s)
    }
  } else if (strcmp(mode, "rows") == 0) {
    for (long s = 0; s < sims; s++) {
      if (s % 4096 == 0) memset(rows, 0, (size_t)4096 * T);
      uint8_t *row = rows + (s % 4096) * T;
      for (int g = 0; g < G; g++) {
        int32_t x = node[ga[g]], y = node[gb[g]];
        uint32_t u;
        NEXT(u);
        int32_t w = u < thr[x * T + y] ? x : y;
        node[T + g] = w;
        counts[g * T + w]++;
        row[w]++;
      }
      CHUNK(s)
    }
  } else if (strcmp(mode, "hot") == 0) {
    for (long s = 0; s < sims; s++) {
      memcpy(r, base, 8 * (size_t)T);
      for (int g = 0; g < G; g++) {
        int32_t x = node[ga[g]], y = node[gb[g]];
        double p = 1 / (1 + exp(-(r[x] - r[y]) * k));
        double q = floor(p * 4294967296.0);
        if (p * 4294967296.0 - q >= 0.5) q += 1;
        uint32_t th = q > 4294967295.0 ? 4294967295u : (uint32_t)q;
        uint32_t u;
        NEXT(u);
        int win = u < th;
        int32_t w = win ? x : y, l = win ? y : x;
        double delta = K * (win ? 1 - p : p);
        r[w] += delta;
        r[l] -= delta;
        node[T + g] = w;
        counts[g * T + w]++;
      }
      CHUNK(s)
    }
  } else {
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double secs = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
  uint64_t check = 0;
  for (long i = 0; i < (long)G * T; i++) check += counts[i] * (uint64_t)(i + 1);
  for (long i = 0; i < 4096L * T; i++) check += rows[i];
  qsort(chunkSecs, chunk, sizeof(double), byValue);
  double median = chunk > 0 ? chunkSecs[chunk / 2] : secs;
  printf("%.0f %.0f %llu\n", chunk > 0 ? 1024 / median : sims / secs, sims / secs, (unsigned long long)check);
  return 0;
}
