// The law of each NFL stat around its expected value, fitted on earlier seasons' walk-forward means:
// counts (completions, TDs, carries, receptions, ...) negative binomial with the dispersion measured per
// stat (Poisson when there is none), yardage by the continuous law of yardage-law.ts fitted per stat.
import { coarsen, type DiscreteLaw } from '../joint/latent-correlation.js';
import { countLaw, countLineOutcome, countPmf, countSupport, type LineOutcome } from '../model/count-laws.js';
import { measureDispersion } from '../model/dispersion.js';
import { fitYardageLaw, yardageLineOutcome, yardageProbability, yardageSd, type YardageParams } from '../model/yardage-law.js';
import { NFL_PLAYER_STATS, NFL_STAT_NAMES, type NflPlayerStat } from '../parse/nflverse-weekly.js';
import type { PositionGroup } from './history.js';

/** Position groups whose games inform a stat's law (a kicker's receiving yards teach nothing). */
export const NFL_STAT_GROUPS: Readonly<Record<NflPlayerStat, readonly PositionGroup[]>> = {
  completions: ['QB'],
  attempts: ['QB'],
  passing_yards: ['QB'],
  passing_tds: ['QB'],
  interceptions: ['QB'],
  carries: ['RB', 'QB'],
  rushing_yards: ['RB', 'QB'],
  rushing_tds: ['RB', 'QB'],
  receptions: ['WR', 'TE', 'RB'],
  targets: ['WR', 'TE', 'RB'],
  receiving_yards: ['WR', 'TE', 'RB'],
  receiving_tds: ['WR', 'TE', 'RB'],
};

/** How far below zero each yardage stat reaches (sacks are not in passing yards; kneel-downs are in rushing). */
export const YARDAGE_SHIFT: Readonly<Partial<Record<NflPlayerStat, number>>> = { passing_yards: 30, rushing_yards: 15, receiving_yards: 10 };

export type NflStatLaw = { kind: 'count'; size: number; phi: number; n: number } | { kind: 'yardage'; params: YardageParams; n: number };

/** A law per stat, and per stat and position group where a group has enough games (`receiving_yards|WR`). */
export type NflLaws = Record<NflPlayerStat, NflStatLaw> & Partial<Record<`${NflPlayerStat}|${PositionGroup}`, NflStatLaw>>;

/** The law of a stat for a player of a position group: the group's own when fitted, else the stat's. */
export function lawFor(laws: NflLaws, stat: NflPlayerStat, group: PositionGroup): NflStatLaw {
  return laws[`${stat}|${group}`] ?? laws[stat];
}

/** Laws measured on NFL 2015-2021 (fitNflLaws with beforeSeason 2022): used when no earlier season exists. */
export const FALLBACK_NFL_LAWS: NflLaws = Object.fromEntries(
  NFL_STAT_NAMES.map((s) => [
    s,
    NFL_PLAYER_STATS[s] === 'count'
      ? { kind: 'count', size: 20, phi: 1.2, n: 0 }
      : { kind: 'yardage', params: { family: 'lognormal', c: 2.5, gamma: 0.6, shift: YARDAGE_SHIFT[s] ?? 10 }, n: 0 },
  ]),
) as NflLaws;

export interface LawSample {
  y: number[];
  mu: number[];
  group: PositionGroup[];
}

function fitOne(stat: NflPlayerStat, y: number[], mu: number[]): NflStatLaw {
  if (NFL_PLAYER_STATS[stat] === 'count') {
    const d = measureDispersion(y, mu);
    return { kind: 'count', size: d.size, phi: d.phi, n: d.n };
  }
  const f = fitYardageLaw(y, mu, YARDAGE_SHIFT[stat] ?? 10);
  return { kind: 'yardage', params: { family: f.family, c: f.c, gamma: f.gamma, shift: f.shift }, n: y.length };
}

/** Fits each stat's law, and a law per position group when the stat spans groups and a group has 500 games. */
export function fitNflLaws(samples: Readonly<Record<NflPlayerStat, LawSample>>): NflLaws {
  const out = {} as Record<string, NflStatLaw>;
  for (const s of NFL_STAT_NAMES) {
    const { y, mu, group } = samples[s];
    if (y.length < 200) {
      out[s] = FALLBACK_NFL_LAWS[s];
      continue;
    }
    out[s] = fitOne(s, y, mu);
    if (NFL_STAT_GROUPS[s].length < 2) continue;
    for (const g of NFL_STAT_GROUPS[s]) {
      const idx = group.map((x, i) => (x === g ? i : -1)).filter((i) => i >= 0);
      if (idx.length >= 500)
        out[`${s}|${g}`] = fitOne(
          s,
          idx.map((i) => y[i]),
          idx.map((i) => mu[i]),
        );
    }
  }
  return out as NflLaws;
}

export function statLineOutcome(law: NflStatLaw, mean: number, line: number): LineOutcome {
  return law.kind === 'count' ? countLineOutcome(countLaw(Math.max(mean, 0), law.size), line) : yardageLineOutcome(law.params, mean, line);
}

export function statSd(law: NflStatLaw, mean: number): number {
  return law.kind === 'count' ? Math.sqrt(Math.max(mean, 1e-9) + (Number.isFinite(law.size) ? (mean * mean) / law.size : 0)) : yardageSd(law.params, mean);
}

/** The stat's law as points and probabilities, coarsened to `groups` points (for the latent-correlation conversion). */
export function statDiscreteLaw(law: NflStatLaw, mean: number, groups = 12): DiscreteLaw {
  if (law.kind === 'count') {
    const c = countLaw(Math.max(mean, 1e-6), law.size);
    const pmf = countPmf(c, countSupport(c));
    return coarsen({ values: Float64Array.from(pmf, (_, k) => k), probs: pmf }, groups);
  }
  const sd = yardageSd(law.params, mean);
  const lo = Math.floor(Math.max(-law.params.shift, mean - 6 * sd));
  const hi = Math.ceil(mean + 8 * sd);
  const values: number[] = [];
  const probs: number[] = [];
  for (let y = lo; y <= hi; y++) {
    values.push(y);
    probs.push(yardageProbability(law.params, mean, y));
  }
  const s = probs.reduce((a, b) => a + b, 0);
  return coarsen({ values: Float64Array.from(values), probs: Float64Array.from(probs, (p) => p / s) }, groups);
}
