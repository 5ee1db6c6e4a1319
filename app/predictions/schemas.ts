// The prediction and team answers' schemas, owned by the engine (one type, one schema), for interfaces
// that validate or document them.
export { GamePrediction } from '../../engine/models/prediction.js';
export { TeamStats } from '../../engine/models/team-stats.js';
