// A field back to the native JSON format (docs/field-format.md, slots form): how a job carries a field
// that was read from any format, so any worker can read it again.
import type { FieldSpec } from './types.js';

export function fieldToJson(spec: FieldSpec): Record<string, unknown> {
  return {
    ...(spec.name ? { name: spec.name } : {}),
    teams: spec.teams.map((t) => ({ name: t.name, rating: t.rating, ...(t.region ? { region: t.region } : {}), ...(t.seed ? { seed: t.seed } : {}) })),
    slots: spec.slots.map((s) => (s.kind === 'team' ? s.team : s.kind === 'playin' ? s.teams : 'BYE')),
    ...(spec.results.length ? { results: spec.results.map((r) => ({ winner: r.winner, loser: r.loser })) } : {}),
  };
}
