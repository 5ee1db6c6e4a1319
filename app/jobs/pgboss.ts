// pg-boss is CommonJS with `export =`: one place that imports it for ESM code.
import PgBossModule from 'pg-boss';

export const PgBoss = PgBossModule;
export type PgBoss = PgBossModule;
