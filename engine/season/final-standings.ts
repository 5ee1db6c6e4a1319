// Standings as the NFL would publish them from the games played so far: division ranks, conference ranks
// and seeds, with the tiebreaking steps that decided each tie. On a finished season these are the real
// playoff field and seeds (the validation against the real playoffs uses this).
import type { Seed } from '../../core/seed.js';
import { blockState } from '../random/stream-scheme.js';
import { Xoshiro128 } from '../random/xoshiro128.js';
import { draftOrder, newDraftScratch } from './draft.js';
import type { Season } from './season.js';
import { newSeedingScratch, seedLeague } from './seeding.js';
import { newStandings } from './standings.js';
import { newTiebreakContext, type TiebreakTraceEvent } from './tiebreak-steps.js';

export interface StandingsTeam {
  id: string;
  conference: string;
  division: string;
  wins: number;
  losses: number;
  ties: number;
  divisionRank: number;
  conferenceRank: number;
  /** 1..seeds, or null outside the field. */
  seed: number | null;
  /** With the playoffs' results given: the team's draft pick. */
  draftPick?: number;
}

export interface FinalStandings {
  teams: StandingsTeam[];
  /** seeds[conference] = team ids from seed 1 down. */
  seeds: Record<string, string[]>;
  /** Every step that separated tied clubs, in the order applied (team ids). */
  tiebreaks: { procedure: TiebreakTraceEvent['procedure']; step: string; teams: string[]; kept: string[] }[];
}

/**
 * Standings from the played games only (remaining games are ignored); coin tosses draw from `seed`. With
 * `reached` (furthest playoff round per team id, as playoffs.ts numbers them), the draft order too.
 */
export function finalStandings(s: Season, seed: Seed = 0, reached?: ReadonlyMap<string, number>): FinalStandings {
  const P = s.playoffs;
  if (P === null) throw new Error('finalStandings needs a season compiled with playoffs');
  const L = P.league;
  const S = P.format.seeds;
  const rng = new Xoshiro128(blockState(seed, 0));
  const st = newStandings(L);
  const ctx = newTiebreakContext(L, st, () => rng.nextUint32());
  const tiebreaks: FinalStandings['tiebreaks'] = [];
  const ids = (xs: number[]) => xs.map((t) => s.ids[t]);
  ctx.trace = (e) => tiebreaks.push({ procedure: e.procedure, step: e.step, teams: ids(e.teams), kept: ids(e.kept) });
  const x = newSeedingScratch(L, S);
  seedLeague(ctx, S, x);
  const T = s.teamCount;
  const record = Array.from({ length: T }, () => ({ wins: 0, losses: 0, ties: 0 }));
  const inp = P.input;
  for (let k = 0; k < inp.playedHome.length; k++) {
    const d = inp.playedHomeScore[k] - inp.playedAwayScore[k];
    const h = record[inp.playedHome[k]];
    const a = record[inp.playedAway[k]];
    h.wins += d > 0 ? 1 : 0;
    h.losses += d < 0 ? 1 : 0;
    a.wins += d < 0 ? 1 : 0;
    a.losses += d > 0 ? 1 : 0;
    h.ties += d === 0 ? 1 : 0;
    a.ties += d === 0 ? 1 : 0;
  }
  let pick: Int32Array | null = null;
  if (reached !== undefined) {
    pick = new Int32Array(T);
    draftOrder(
      ctx,
      Int32Array.from(s.ids, (id) => reached.get(id) ?? 0),
      x.divRank,
      x.confRank,
      pick,
      newDraftScratch(T),
    );
  }
  const seeds: Record<string, string[]> = {};
  P.confNames.forEach((name, c) => (seeds[name] = Array.from(x.seedTeam.subarray(c * S, (c + 1) * S), (t) => s.ids[t])));
  const teams = s.ids.map((id, t): StandingsTeam => ({
    id,
    conference: P.confNames[L.conf[t]],
    division: P.divNames[L.div[t]],
    ...record[t],
    divisionRank: x.divRank[t],
    conferenceRank: x.confRank[t],
    seed: x.confRank[t] <= S ? x.confRank[t] : null,
    ...(pick !== null ? { draftPick: pick[t] } : {}),
  }));
  return { teams, seeds, tiebreaks };
}
