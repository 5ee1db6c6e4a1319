// Measures the NBA same-game correlation of threes made (engine/props/nba/threes-correlations.ts) on
// the game logs: teammates and opponents, on the games before the January 2025 hold-out (the figures
// the engine's table holds) and on the whole file, for comparison. Not timed: it prints the estimates.
//   node dist/bench/props-nba-correlations.js [LOGS.csv]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/paths.js';
import { parseNbaGameLog } from '../engine/props/parse/nba-gamelog.js';
import { DEFAULT_THREES_SETTINGS, logsByDate } from '../engine/props/nba/threes-model.js';
import { measureThreesCorrelations } from '../engine/props/nba/threes-correlations.js';

const file = process.argv[2] ?? join(packageRoot(), '..', 'shared', 'data', 'props', 'nba-player-games-2024-25-to-2025-01-31.csv');
if (!existsSync(file)) {
  console.log(`no game logs at ${file}: give the file`);
  process.exit(0);
}
const report = parseNbaGameLog(readFileSync(file, 'utf8'), file);
const byDate = logsByDate(report.rows);
const settings = { ...DEFAULT_THREES_SETTINGS };
const out = {
  file,
  rows: report.rows.length,
  beforeHoldout: measureThreesCorrelations(byDate, settings, { before: '2025-01-01' }),
  wholeFile: measureThreesCorrelations(byDate, settings),
  looser: measureThreesCorrelations(byDate, settings, { before: '2025-01-01', minMean: 0.5, minGames: 3 }),
};
console.log(JSON.stringify(out, null, 2));
