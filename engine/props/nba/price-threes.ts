// Pricing one NBA threes prop from a walk-forward state (threesStateAsOf): the expected threes, the
// negative binomial law at the state's size, and P(over), P(push), P(under) at the line.
import { InputError } from '../../../core/errors.js';
import { countLaw, countLineOutcome, type LineOutcome } from '../model/count-laws.js';
import type { ThreesPrediction, ThreesState } from './threes-model.js';

export interface ThreesPropRequest {
  playerId: string;
  opponent: string;
  home: boolean;
  line: number;
}

export function priceThreesProp(state: ThreesState, req: ThreesPropRequest): LineOutcome & { prediction: ThreesPrediction } {
  if (typeof req.line !== 'number' || !Number.isFinite(req.line)) throw new InputError('LEG_INVALID', `line must be a number (got '${String(req.line)}')`);
  const prediction = state.predict(req.playerId, req.opponent, req.home);
  if (prediction.games === 0) throw new InputError('PLAYER_UNKNOWN', `player '${req.playerId}' has no game before ${state.lastDate || 'the first date'}`);
  return { ...countLineOutcome(countLaw(prediction.mean, state.settings.size), req.line), prediction };
}
