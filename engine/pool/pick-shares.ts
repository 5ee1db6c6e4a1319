// A pick-population file joined to the bracket: one row per main team, names through the alias rules
// (aliases.ts), shares laid out by pool round and main team. Checks that a reader of the file would
// want named: every main team has a row, no row names a play-in loser or the same team twice, and each
// round's shares add up to about the number of games in it (a file of another year or bracket does not).
import { SimcastError } from '../../core/errors.js';
import { closeNames, nameResolver, type AliasRow } from './aliases.js';
import type { PicksTable } from './picks-csv.js';
import type { PoolBracket } from './pool-bracket.js';

export interface PickShares {
  source: string;
  rounds: number;
  size: number;
  /** share[r * size + i]: share of brackets picking main team i to win its pool-round r + 1 game. */
  share: Float64Array;
  /** The picks file's name for each main team. */
  fileNames: string[];
}

export interface ResolvePicksOptions {
  aliases?: readonly AliasRow[];
  aliasSource?: string;
}

/** Allowed gap between a round's total share and its number of games: rounding in published shares. */
const SUM_TOLERANCE = 0.05;

export function resolvePickShares(table: PicksTable, pb: PoolBracket, o: ResolvePicksOptions = {}): PickShares {
  const b = pb.bracket;
  const src = table.source;
  if (table.rounds !== pb.rounds) {
    throw new SimcastError('POOL_INVALID', `the picks have ${table.rounds} round columns, the bracket has ${pb.rounds} rounds after the play-ins`, {
      location: { file: src, line: 1 },
    });
  }
  const resolver = nameResolver(b.names, o.aliases ?? [], o.aliasSource);
  const S = pb.size;
  const R = pb.rounds;
  const share = new Float64Array(R * S);
  const fileNames = new Array<string>(S).fill('');
  const rowOf = new Int32Array(S).fill(-1);
  const unknown: typeof table.rows = [];
  const byField = new Map<string, (typeof table.rows)[number]>();
  for (const row of table.rows) {
    const name = resolver.resolve(row.name);
    if (name === null) {
      unknown.push(row);
      continue;
    }
    const prev = byField.get(name);
    if (prev !== undefined) {
      throw new SimcastError('TEAM_DUPLICATE', `'${row.name}' and '${prev.name}' (line ${prev.line}) both name the field's '${name}'`, {
        location: { file: src, line: row.line, field: 'name' },
      });
    }
    byField.set(name, row);
    const t = b.names.indexOf(name);
    const i = pb.mainOf[t];
    if (i < 0) {
      const slot = pb.team.find((m) => b.playIn[m] === 1 && b.playIn[t] === 1 && sharesPlayIn(pb, m, t));
      const winner = slot === undefined ? '' : ` to '${b.names[slot]}'`;
      throw new SimcastError(
        'POOL_INVALID',
        `'${row.name}'${row.name === name ? '' : ` (the field's '${name}')`} lost its play-in game${winner}: the picks name the play-in winners`,
        {
          location: { file: src, line: row.line, field: 'name' },
        },
      );
    }
    rowOf[i] = row.line;
    fileNames[i] = row.name;
    for (let r = 0; r < R; r++) share[r * S + i] = row.shares[r];
  }
  if (unknown.length > 0) {
    const row = unknown[0];
    const unmatched = pb.names.filter((_, i) => rowOf[i] < 0);
    const close = closeNames(row.name, unmatched);
    const hint = close.length > 0 ? ` (teams without a row: ${close.map((c) => `'${c}'`).join(', ')}${unmatched.length > close.length ? ', ...' : ''})` : '';
    throw new SimcastError(
      'TEAM_UNKNOWN',
      `unknown team '${row.name}': not a team of the field and no alias names it; add an aliases row '${row.name},<field name>'${hint}`,
      {
        location: { file: src, line: row.line, field: 'name' },
      },
    );
  }
  const missing = pb.names.filter((_, i) => rowOf[i] < 0);
  if (missing.length > 0) {
    const list = missing
      .slice(0, 5)
      .map((n) => `'${n}'`)
      .join(', ');
    throw new SimcastError(
      'POOL_INVALID',
      `no picks row for ${missing.length} team${missing.length > 1 ? 's' : ''} of the bracket: ${list}${missing.length > 5 ? ', ...' : ''}`,
      {
        location: { file: src },
      },
    );
  }
  for (let r = 0; r < R; r++) {
    let games = 0;
    for (let j = 0; j < pb.gameCount; j++) if (pb.round[j] === r + 1) games++;
    let sum = 0;
    for (let i = 0; i < S; i++) sum += share[r * S + i];
    if (Math.abs(sum - games) > SUM_TOLERANCE * games + 0.01) {
      throw new SimcastError('POOL_INVALID', `round ${r + 1} shares add up to ${sum.toFixed(3)}, not about ${games} (one per game of the round)`, {
        location: { file: src, field: `round${r + 1}` },
      });
    }
  }
  return { source: src, rounds: R, size: S, share, fileNames };
}

function sharesPlayIn(pb: PoolBracket, winner: number, loser: number): boolean {
  const b = pb.bracket;
  for (let g = 0; g < b.gameCount; g++) {
    if (b.gameRound[g] !== 1) continue;
    const pair = [b.gameA[g], b.gameB[g]];
    if (pair.includes(winner) && pair.includes(loser)) return true;
  }
  return false;
}
