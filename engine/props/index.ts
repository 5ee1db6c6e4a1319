// The props engine's public surface: parsers (text in, typed rows and rejected rows out), the models
// (NBA threes, NFL player stats and game legs), the joint law of correlated legs, slips and portfolios,
// and the two backtests. Every function is pure and returns plain, JSON-friendly objects (typed arrays
// aside), so the application layer only reads files, stores results and answers requests.
export { parseNbaGameLog, type NbaGameLogRow } from './parse/nba-gamelog.js';
export { parseOddsApiProps, ODDS_API_MARKETS, type PropPriceRow } from './parse/odds-api-props.js';
export { parseNflverseWeekly, NFL_PLAYER_STATS, NFL_STAT_NAMES, type NflPlayerStat, type NflWeeklyRow } from './parse/nflverse-weekly.js';
export { parseNflverseSchedules, type NflGameRow } from './parse/nflverse-schedules.js';
export { parseNflSlips, type NflSlipRow } from './parse/nfl-slips.js';
export { type ParseReport, type RejectedRow } from './parse/types.js';
export { nameKey, baseNameKey, aliasTable, withAliases, aliasesToJson, NameIndex, NBA_PLAYER_ALIASES, type AliasTable } from './parse/names.js';
export { localDater, isUtcInstant } from './parse/local-date.js';
export { NBA_TEAMS, nbaTeamIndex } from './parse/nba-teams.js';
export { nflTeamCodes, resolveNflTeam, NFL_TEAM_ALIASES } from './parse/nfl-team-codes.js';

export { countLaw, countLineOutcome, countPmf, type CountLaw, type LineOutcome } from './model/count-laws.js';
export { measureDispersion } from './model/dispersion.js';
export { yardageLineOutcome, fitYardageLaw, type YardageParams } from './model/yardage-law.js';
export { devig, devigOver, DEVIG_METHODS, type DevigMethod } from './market/vig.js';
export { consensus, type ConsensusMethod } from './market/consensus.js';
export { fitBlend, applyBlend, MARKET_ONLY, type BlendWeights } from './market/blend.js';

export { matchPricesToLogs, NBA_DEFAULT_ALIASES, type MatchedPrice, type PriceMatchReport } from './nba/match-prices.js';
export { ThreesState, threesStateAsOf, walkForwardThrees, logsByDate, DEFAULT_THREES_SETTINGS, type ThreesSettings } from './nba/threes-model.js';
export { fitThreesSettings } from './nba/fit-threes-settings.js';
export { priceThreesProp, type ThreesPropRequest } from './nba/price-threes.js';
export {
  measureThreesCorrelations,
  nbaLegCorrelation,
  NBA_THREES_CORRELATIONS,
  type NbaLegPlace,
  type NbaPairEstimate,
  type NbaRelation,
} from './nba/threes-correlations.js';
export {
  nbaThreesBacktest,
  RISK_MODES,
  type NbaThreesBacktest,
  type NbaThreesBacktestOptions,
  type NbaThreesRow,
  type RiskMode,
} from './backtest/nba-threes.js';

export { buildNflHistory, type NflHistory } from './nfl/history.js';
export { NflMarginals, DEFAULT_NFL_MARGINAL_SETTINGS } from './nfl/marginals.js';
export { fitNflMarginalSettings } from './nfl/fit-marginals.js';
export { fitNflPropModel, type NflPropModel } from './nfl/model.js';
export { priceNflLegs, priceNflSlip, nflJoint, NFL_GAME_LEG_STATS, type NflLegSpec, type NflPricedLeg, type NflSlipRequest } from './nfl/price-legs.js';
export { teamRoles, NFL_ROLES, type NflRole } from './nfl/roles.js';
export { qbReceiverSlips, trailingMedian } from './nfl/qb-receiver-slips.js';
export { priceNflParlays, parlayCalibration, modelForSeason, type NflParlayPrice, type NflModelCache } from './backtest/nfl-parlays.js';

export { bvnCdf, bvnUpper } from './joint/bivariate-normal.js';
export { tvnCdf } from './joint/trivariate-normal.js';
export { latentFromPhi, latentFromJoint, latentFromObserved, phiFromLatent, outcomeCorrelation } from './joint/latent-correlation.js';
export { nearestCorrelation } from './joint/nearest-correlation.js';
export { jointDistribution, DEFAULT_JOINT_SIMS, type JointDistribution, type JointOptions } from './joint/joint-distribution.js';
export { simulateLegs, simulateLegBlocks, prepareJointLegs, mergeCounts, emptyCounts, type LegProbabilities } from './joint/simulate-legs.js';
export { LEG_SIM_SCHEME, BlockNormalsCache } from './joint/block-normals.js';

export { evaluateSlip, DEFAULT_RISK_LEVEL, type SlipInput, type SlipReport } from './slip/evaluate-slip.js';
export { evaluatePortfolio, type PortfolioInput, type PortfolioReport } from './slip/portfolio.js';
export { simultaneousKelly } from './slip/kelly.js';
export { riskSummary } from './slip/risk.js';
export { type SlipPayout } from './slip/payout.js';
