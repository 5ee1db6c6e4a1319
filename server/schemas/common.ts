// Schema pieces every route family shares: ids in paths and pages of lists.
import { Type, type TSchema } from '@sinclair/typebox';

/** A stored object's id: a positive safe integer (larger numbers are a 400, never reach the database). */
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const IdParams = Type.Object({ id: Id });
export const Page = Type.Object({
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});
export const Num = Type.Number();
export const NullableNum = Type.Union([Type.Number(), Type.Null()]);
export const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
export const NullableStr = Type.Union([Type.String(), Type.Null()]);

export const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String({ examples: ['TEAM_UNKNOWN'] }), message: Type.String() }) },
  { description: 'Every error: a stable code (docs/errors.md) and a one-line message.' },
);

export const errorReplies = (...statuses: number[]): Record<number, TSchema> => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
