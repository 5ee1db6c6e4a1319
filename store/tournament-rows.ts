// Bronze rows of a tournament run, encoded for COPY straight from the kernel's per-simulation rows
// (T bytes per simulation: games won per team). No object per row: fixed-size records written into one
// Buffer. simulated_tournaments (run_id int8, sim_id int8, team_key int2, wins int2, byes int2,
// eliminated bool): 49 bytes a row.
import type { Bracket } from '../engine/tournament/bracket.js';
import { PGCOPY_HEADER, PGCOPY_TRAILER } from './copy-binary.js';

export const TOURNAMENT_ROW_COLUMNS = ['run_id', 'sim_id', 'team_key', 'wins', 'byes', 'eliminated'];
const TOURNAMENT_ROW_BYTES = 49;
const TWO_32 = 4294967296;

interface TournamentRowContext {
  runId: number;
  teamCount: number;
  byes: Uint8Array;
  /** Wins that make a team champion: rounds - firstRound + 1. */
  titleWins: Uint8Array;
}

export function tournamentRowContext(b: Bracket, runId: number): TournamentRowContext {
  return {
    runId,
    teamCount: b.teamCount,
    byes: b.byes,
    titleWins: Uint8Array.from(b.firstRound, (f) => b.rounds - f + 1),
  };
}

/**
 * Encodes simulations [simStart, simStart + n) from `rows` (n * T bytes). `header`/`trailer` add the
 * PGCOPY framing, so one COPY can span many calls.
 */
export function encodeTournamentRows(
  ctx: TournamentRowContext,
  rows: Uint8Array,
  simStart: number,
  n: number,
  framing: { header?: boolean; trailer?: boolean } = {},
): Buffer {
  const T = ctx.teamCount;
  const size = (framing.header ? PGCOPY_HEADER.length : 0) + n * T * TOURNAMENT_ROW_BYTES + (framing.trailer ? 2 : 0);
  const buf = Buffer.allocUnsafe(size);
  let p = 0;
  if (framing.header) p += PGCOPY_HEADER.copy(buf, 0);
  const runHi = Math.floor(ctx.runId / TWO_32) | 0;
  const runLo = ctx.runId - Math.floor(ctx.runId / TWO_32) * TWO_32;
  const byes = ctx.byes;
  const titleWins = ctx.titleWins;
  for (let s = 0; s < n; s++) {
    const sim = simStart + s;
    const simHi = Math.floor(sim / TWO_32) | 0;
    const simLo = sim - simHi * TWO_32;
    const base = s * T;
    for (let t = 0; t < T; t++) {
      const wins = rows[base + t];
      buf.writeInt16BE(6, p);
      buf.writeInt32BE(8, p + 2);
      buf.writeInt32BE(runHi, p + 6);
      buf.writeUInt32BE(runLo, p + 10);
      buf.writeInt32BE(8, p + 14);
      buf.writeInt32BE(simHi, p + 18);
      buf.writeUInt32BE(simLo, p + 22);
      buf.writeInt32BE(2, p + 26);
      buf.writeInt16BE(t, p + 30);
      buf.writeInt32BE(2, p + 32);
      buf.writeInt16BE(wins, p + 36);
      buf.writeInt32BE(2, p + 38);
      buf.writeInt16BE(byes[t], p + 42);
      buf.writeInt32BE(1, p + 44);
      buf[p + 48] = wins === titleWins[t] ? 0 : 1;
      p += TOURNAMENT_ROW_BYTES;
    }
  }
  if (framing.trailer) PGCOPY_TRAILER.copy(buf, p);
  return buf;
}
