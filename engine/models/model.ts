// The pluggable win-probability model: a name and predict(context) → { pHome, ... }. User-supplied
// models are checked at runtime (every pluggable piece has a runtime check), as nflseedR verifies
// custom season models: right shape, probabilities in [0, 1], deterministic, and symmetric enough that
// swapping home and away at a neutral site gives 1 − p.
import { SimcastError } from '../../core/errors.js';

export interface GameContext {
  league: string;
  home: string;
  away: string;
  neutral?: boolean;
  /** the home line, negative = home favoured */
  spread?: number | null;
  total?: number | null;
}

export interface ModelPrediction {
  pHome: number;
  pDraw?: number;
  expectedMargin?: number;
  expectedTotal?: number;
}

export interface GameModel {
  readonly name: string;
  predict(ctx: GameContext): ModelPrediction;
}

const NAME = /^[a-z][a-z0-9_-]{0,39}$/;

/** Throws MODEL_INVALID unless `model` behaves as a GameModel on the sample contexts. */
export function verifyGameModel(model: unknown, samples: readonly GameContext[]): GameModel {
  const fail = (why: string): never => {
    throw new SimcastError('MODEL_INVALID', `game model${typeof (model as GameModel)?.name === 'string' ? ` '${(model as GameModel).name}'` : ''}: ${why}`);
  };
  if (typeof model !== 'object' || model === null) return fail('must be an object with name and predict');
  const m = model as Partial<GameModel>;
  if (typeof m.name !== 'string' || !NAME.test(m.name)) fail('name must be 1-40 lowercase letters, digits, _ or -, starting with a letter');
  if (typeof m.predict !== 'function') fail('predict must be a function');
  if (samples.length === 0) fail('needs at least one sample game to verify against');
  for (const ctx of samples) {
    let out: ModelPrediction;
    try {
      out = m.predict!.call(model, { ...ctx });
    } catch (e) {
      return fail(`predict threw on ${ctx.home} v ${ctx.away}: ${(e as Error).message}`);
    }
    if (typeof out !== 'object' || out === null) fail(`predict must return an object (got ${typeof out})`);
    const p = out.pHome;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) fail(`pHome must be a number in [0, 1] (got ${String(p)}) for ${ctx.home} v ${ctx.away}`);
    if (out.pDraw !== undefined && (typeof out.pDraw !== 'number' || !(out.pDraw >= 0 && out.pDraw + p <= 1 + 1e-9)))
      fail(`pDraw must be in [0, 1 − pHome] (got ${String(out.pDraw)})`);
    for (const k of ['expectedMargin', 'expectedTotal'] as const) {
      if (out[k] !== undefined && !Number.isFinite(out[k])) fail(`${k} must be a finite number when given (got ${String(out[k])})`);
    }
    const again = m.predict!.call(model, { ...ctx }).pHome;
    if (again !== p) fail(`predict is not deterministic (${p} then ${again}) for ${ctx.home} v ${ctx.away}`);
    if (ctx.neutral) {
      const swapped = m.predict!.call(model, { ...ctx, home: ctx.away, away: ctx.home, spread: ctx.spread == null ? ctx.spread : -ctx.spread });
      const draw = out.pDraw ?? 0;
      if (Math.abs(swapped.pHome - (1 - p - draw)) > 1e-6)
        fail(`at a neutral site swapping the teams must give 1 − pHome − pDraw (got ${swapped.pHome} vs ${1 - p - draw})`);
    }
  }
  return model as GameModel;
}
