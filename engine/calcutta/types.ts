// A Calcutta in its normalised form: what engine/calcutta/parse.ts produces from the JSON input
// (docs/calcutta.md) and what the models, the optimiser and the reports read.
import type { FieldSpec } from '../field/types.js';

/**
 * Points a team scores. perWin: points for a win in each full round (first full round first), plus
 * playInWin for a First Four win. perRoundReached: total points of a team whose run ends at each stage,
 * from "reached the first full round" to "champion" (length rounds - 1 + 1).
 */
export type ScoringSpec = { kind: 'perWin'; perWin: number[]; playInWin: number } | { kind: 'perRoundReached'; points: number[] };

export interface EntrySpec {
  name: string;
  /** Amount bid on each team (teams not named: 0). */
  bids: Record<string, number>;
  budget?: number;
}

/** One team of one past auction, for fitting the market model. */
export interface MarketHistoryRow {
  auction?: string;
  expectedPoints: number;
  seed?: number;
  price: number;
}

export interface MarketSpec {
  /** Money the predicted (synthetic) entries spend in all. */
  pot: number;
  /** How many predicted entries to add to the known ones (0: none; the model still reports shares). */
  entries: number;
  /** Default model: share proportional to expectedPoints^alpha. */
  alpha: number;
  /** Gamma shape of how unevenly predicted entries split a team's money (small = concentrated). */
  concentration: number;
  history: MarketHistoryRow[];
}

export interface OurConstraints {
  budget: number;
  minBid: number;
  maxBid: number;
  increment: number;
  maxTeams: number;
}

export interface CalcuttaSpec {
  name: string;
  /** File the Calcutta came from, for messages. */
  source?: string;
  field: FieldSpec;
  model: { name: string; sigma?: number };
  scoring: ScoringSpec;
  /** payouts[r] = share of the pot paid to finishing rank r + 1; sums to 1. */
  payouts: number[];
  /** Our entry's name in reports. */
  entryName: string;
  entries: EntrySpec[];
  market: MarketSpec | null;
  constraints: OurConstraints;
}
