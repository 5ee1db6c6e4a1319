// Schemas of the health and readiness routes.
import { Type } from '@sinclair/typebox';

const Check = Type.Object({
  state: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('absent')]),
  detail: Type.Optional(Type.String()),
});

export const HealthReply = Type.Object({ status: Type.Literal('ok'), uptimeSeconds: Type.Number() });
export const ReadyReply = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  checks: Type.Object({
    database: Type.Object({ ...Check.properties, kind: Type.Optional(Type.String()) }),
    cache: Type.Object({ ...Check.properties, backend: Type.String() }),
    pool: Type.Object({
      ...Check.properties,
      threads: Type.Integer(),
      utilization: Type.Number(),
      queueSize: Type.Integer(),
    }),
    models: Type.Object({ ...Check.properties, source: Type.String(), leagues: Type.Array(Type.String()) }),
  }),
});
