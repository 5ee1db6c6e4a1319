// Slips to price on NFL history, one row per leg: slip_id, game_id, player_id (empty for a game leg),
// stat, side (over/under), line. Rows are validated here (the model checks players and games later):
// a row with an empty slip or game id, a side other than over/under, or a line that is not a number is
// rejected with its line and reason.
import { readCsvRows } from '../../games/csv-rows.js';
import { numberOf, type ParseReport, type RejectedRow } from './types.js';

export interface NflSlipRow {
  line: number;
  slipId: string;
  gameId: string;
  playerId: string | null;
  stat: string;
  side: 'over' | 'under';
  threshold: number;
}

const REQUIRED = ['slip_id', 'game_id', 'player_id', 'stat', 'side', 'line'] as const;

export function parseNflSlips(text: string, source = 'slips.csv'): ParseReport<NflSlipRow> {
  const { rows } = readCsvRows(text, source, REQUIRED);
  const out: NflSlipRow[] = [];
  const rejected: RejectedRow[] = [];
  for (const r of rows) {
    const reject = (reason: string) => rejected.push({ line: r.line, reason, scope: 'row' });
    const slipId = r.get('slip_id');
    const gameId = r.get('game_id');
    if (slipId === '' || gameId === '') {
      reject('slip_id and game_id must not be empty');
      continue;
    }
    const side = r.get('side').toLowerCase();
    if (side !== 'over' && side !== 'under') {
      reject(`side '${r.get('side')}' is not over or under`);
      continue;
    }
    const threshold = numberOf(r.get('line'));
    if (threshold === undefined) {
      reject(`line '${r.get('line')}' is not a number`);
      continue;
    }
    const stat = r.get('stat').toLowerCase();
    if (stat === '') {
      reject('stat is empty');
      continue;
    }
    out.push({ line: r.line, slipId, gameId, playerId: r.get('player_id') || null, stat, side, threshold });
  }
  return { rows: out, rejected, read: rows.length };
}
