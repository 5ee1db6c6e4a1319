// `tournament --importance`: which games matter, from the run's own simulations (every row passes
// through a title tally as it arrives; nothing is stored). For one team: every undecided game's
// P(A), P(title | A), P(title | B), swing and importance 2p(1-p)·swing; for the whole field: each game
// with the team whose title it moves most (docs/pools.md, "Game importance").
import { SimcastError } from '../../core/errors.js';
import { gameSides, gameWalk, TitleImportanceTally, titleImportance } from '../../engine/pool/importance.js';
import type { Bracket } from '../../engine/tournament/bracket.js';
import type { TournamentChunk } from '../../workers/tournament-run.js';

export interface GameImportanceRow {
  game: number;
  round: number;
  sideA: string;
  sideB: string;
  pA: number;
  /** The team whose title the row is about. */
  team: string;
  givenA: number | null;
  givenB: number | null;
  swing: number | null;
  importance: number | null;
}

export interface TitleImportanceReport {
  /** The team asked for, or null: each game with the team it matters most to. */
  team: string | null;
  sims: number;
  games: GameImportanceRow[];
}

export function titleImportanceCollector(b: Bracket, team?: string) {
  const t = team === undefined ? -1 : b.names.indexOf(team);
  if (team !== undefined && t < 0) throw new SimcastError('TEAM_UNKNOWN', `options.team names '${team}', which is not a team of the field`);
  const tally = new TitleImportanceTally(gameWalk(b));
  const side = (names: string[]) => (names.length <= 2 ? names.join(' / ') : `${names[0]} .. ${names[names.length - 1]} (${names.length} teams)`);
  const describe = (g: number) => {
    const s = gameSides(b, g);
    return { sideA: side(s.a), sideB: side(s.b) };
  };
  return {
    onChunk(c: TournamentChunk): void {
      if (c.rows === null) throw new Error('importance needs the simulations’ rows');
      tally.add(c.rows, c.simCount);
    },
    result(): TitleImportanceReport {
      const n = tally.sims.count;
      const T = b.teamCount;
      let games: GameImportanceRow[];
      if (t >= 0) {
        games = titleImportance(tally, t).map((r) => ({ ...r, ...describe(r.game), team: b.names[t] }));
      } else {
        games = [];
        for (let g = 0; g < b.gameCount; g++) {
          if (b.forced[g] >= 0) continue;
          const nA = tally.aWins(g);
          let best = 0;
          let bestImp = -1;
          for (let x = 0; x < T; x++) {
            const r = rowFor(tally, g, x, n, nA);
            if ((r.importance ?? -1) > bestImp) {
              bestImp = r.importance ?? -1;
              best = x;
            }
          }
          games.push({ ...rowFor(tally, g, best, n, nA), game: g, round: b.gameRound[g], ...describe(g), team: b.names[best] });
        }
      }
      games.sort((x, y) => (y.importance ?? -1) - (x.importance ?? -1) || x.game - y.game);
      return { team: t >= 0 ? b.names[t] : null, sims: n, games };
    },
  };
}

function rowFor(tally: TitleImportanceTally, g: number, t: number, n: number, nA: number) {
  const nB = n - nA;
  const pA = n > 0 ? nA / n : NaN;
  const a = tally.titlesGiven(g, 0, t);
  const givenA = nA > 0 ? a / nA : null;
  const givenB = nB > 0 ? tally.titlesGiven(g, 1, t) / nB : null;
  const swing = givenA !== null && givenB !== null ? Math.abs(givenA - givenB) : null;
  return { pA, givenA, givenB, swing, importance: swing === null ? null : 2 * pA * (1 - pA) * swing };
}
