// A tournament field in its normalised form: what every reader (native JSON, FiveThirtyEight CSV)
// produces and what engine/tournament/bracket.ts compiles. Locations point back into the user's file
// so that errors found later (e.g. a result that cannot be placed) still name file, row and field.
import type { ErrorLocation } from '../../core/errors.js';

export interface TeamSpec {
  name: string;
  rating: number;
  region?: string;
  seed?: number;
  where?: ErrorLocation;
}

/**
 * One first-round slot of the bracket, top to bottom: a team, a play-in pair (the First Four game that
 * fills the slot), or a bye (the opposite slot's team enters one round later).
 */
export type SlotSpec =
  | { kind: 'team'; team: string; where?: ErrorLocation }
  | { kind: 'playin'; teams: [string, string]; where?: ErrorLocation }
  | { kind: 'bye'; where?: ErrorLocation };

export interface ResultSpec {
  winner: string;
  loser: string;
  where?: ErrorLocation;
}

export interface FieldSpec {
  name?: string;
  /** File the field came from, for messages. */
  source?: string;
  teams: TeamSpec[];
  /** Length is the bracket size: a power of two (2, 4, 8, ...). */
  slots: SlotSpec[];
  /** Games already decided. */
  results: ResultSpec[];
}
