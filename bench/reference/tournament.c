/* Reference kernel in C for bench/kernel.ts: xoshiro128** with integer thresholds, the same tables
 * as simcast's kernel (read from a file the bench writes). Built with gcc -O3 at bench time. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: tournament TABLES SIMS\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  int32_t T, G;
  if (fread(&T, 4, 1, f) != 1 || fread(&G, 4, 1, f) != 1) return 2;
  int32_t *ga = malloc(4 * G), *gb = malloc(4 * G);
  uint32_t *thr = malloc(4 * (size_t)T * T);
  if (fread(ga, 4, G, f) != (size_t)G || fread(gb, 4, G, f) != (size_t)G || fread(thr, 4, (size_t)T * T, f) != (size_t)T * T) return 2;
  fclose(f);
  long sims = atol(argv[2]);
  int32_t *node = malloc(4 * (T + G));
  uint32_t *counts = calloc((size_t)G * T, 4);
  for (int i = 0; i < T; i++) node[i] = i;
  uint32_t s0 = 0x9e3779b9, s1 = 0x243f6a88, s2 = 0xb7e15162, s3 = 0x12345678;
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long s = 0; s < sims; s++) {
    for (int g = 0; g < G; g++) {
      int32_t x = node[ga[g]], y = node[gb[g]];
      uint32_t u = rotl(s1 * 5, 7) * 9, t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
      int32_t w = u < thr[x * T + y] ? x : y;
      node[T + g] = w;
      counts[g * T + w]++;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double secs = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
  uint64_t check = 0;
  for (long i = 0; i < (long)G * T; i++) check += counts[i] * (uint64_t)(i + 1);
  printf("%.0f %llu\n", sims / secs, (unsigned long long)check);
  return 0;
}
