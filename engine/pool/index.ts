// Bracket pools: the entry that wins the pool, and which games matter (docs/pools.md).
export { BUILTIN_ALIASES, nameResolver, normaliseName, parseAliasesCsv, type AliasRow } from './aliases.js';
export { chalkPicks } from './chalk.js';
export { entryFromRecord, entryToRecord, picksToWins, winsToPicks, withWins } from './entry.js';
export { bestOf, blockValues, combineBlocks, entryScores, moveBlockValues, moveSet, type MoveSet } from './evaluate.js';
export { combineHoldout, HoldoutRunner, type CandidateStats, type Estimate, type HoldoutTally, type HoldoutTarget } from './holdout.js';
export { gameSides, gameWalk, OutcomeImportanceTally, TitleImportanceTally, titleImportance, titleImportanceTable, type GameImportance } from './importance.js';
export { OpponentScoreDp } from './opponent-score.js';
export {
  bracketProbability,
  drawOpponent,
  opponentModel,
  opponentSeed,
  sampleOpponents,
  DEFAULT_CHALKY_POWER,
  type OpponentModel,
  type OpponentModelSpec,
} from './opponents.js';
export { applyLocks, searchEntries, SEARCH_STRATEGY, type SearchOptions, type SearchResult } from './optimize.js';
export { expectedPrize, finitePayTable, parsePayouts, validatePayouts, winShare } from './payouts.js';
export { resolvePickShares, type PickShares } from './pick-shares.js';
export { parsePicksCsv, type PicksTable } from './picks-csv.js';
export { poolBracket, mainWinsFromRow, type PoolBracket } from './pool-bracket.js';
export { parseLocks, poolContext, type OpponentsSpec, type PoolContext, type PoolSetup } from './pool-context.js';
export { poolEntryImportance } from './pool-importance.js';
export { poolReport, type PoolReport } from './report.js';
export { DEFAULT_POOL_SIMS, holdoutSeed, runPool, simulateOutcomes, type PoolRunOptions, type PoolRunResult } from './run.js';
export { joinBlocks, PoolBlockBuilder, type PoolBlock, type PoolSample } from './sample.js';
export { defaultScoring, ESPN_ROUND_POINTS, parsePointsList, pointsGrid, type PointsGrid, type PoolScoring } from './scoring.js';
