// A bracket pool as one JSON document (what a job and an HTTP request carry, inputs inline), its schema,
// and the pool's inputs either way: read from files by the CLI (errors name file and line) or from a
// document (errors name the document's path).
import { Type, type Static } from '@sinclair/typebox';
import { SimcastError } from '../../core/errors.js';
import type { AliasRow } from '../../engine/pool/aliases.js';
import type { PicksTable } from '../../engine/pool/picks-csv.js';
import type { PoolScoring } from '../../engine/pool/scoring.js';
import { parseFieldObject } from '../../engine/field/read-json.js';
import { fieldToJson } from '../../engine/field/to-json.js';
import type { FieldSpec } from '../../engine/field/types.js';

const Wins = Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: 64 }), {
  description: 'A bracket: games each main team is picked to win, { "<team>": wins } (teams left out win none)',
});

export const PoolDocumentSchema = Type.Object(
  {
    field: Type.Object({}, { additionalProperties: true, description: 'The field (docs/field-format.md, JSON form) with its results: every play-in decided' }),
    picks: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          shares: Type.Array(Type.Number({ minimum: 0, maximum: 1 }), { minItems: 1, maxItems: 16 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1024, description: "The public's picks: per team, the share of brackets picking it to win in each round (round 1 first)" },
    ),
    aliases: Type.Optional(
      Type.Array(Type.Object({ alias: Type.String({ minLength: 1 }), name: Type.String({ minLength: 1 }) }, { additionalProperties: false }), {
        maxItems: 1024,
        description: 'Names in the picks mapped to the field’s (besides the built-in table)',
      }),
    ),
    model: Type.Optional(
      Type.Object(
        { name: Type.Union([Type.Literal('538'), Type.Literal('elo'), Type.Literal('normal')]), sigma: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) },
        { additionalProperties: false },
      ),
    ),
    poolSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Other entries in the pool (ours not counted)' })),
    scoring: Type.Optional(
      Type.Object(
        {
          roundPoints: Type.Array(Type.Number({ minimum: 0 }), { minItems: 1, maxItems: 16 }),
          seedBonus: Type.Optional(Type.Array(Type.Number({ minimum: 0 }), { maxItems: 64 })),
          combine: Type.Optional(Type.Union([Type.Literal('add'), Type.Literal('multiply')])),
        },
        { additionalProperties: false, description: 'Points per correct pick by round (default ESPN 10-20-40-80-160-320), optional seed bonus' },
      ),
    ),
    payouts: Type.Optional(Type.Array(Type.Number({ minimum: 0 }), { minItems: 1, maxItems: 1000, description: 'Payout by place (default [1])' })),
    opponents: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.Literal('public') }, { additionalProperties: false }),
        Type.Object(
          { kind: Type.Literal('chalky'), power: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })) },
          { additionalProperties: false },
        ),
        Type.Object({ kind: Type.Literal('explicit'), entries: Type.Array(Wins, { minItems: 1, maxItems: 100_000 }) }, { additionalProperties: false }),
      ]),
    ),
    locks: Type.Optional(Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: 64 }), { description: 'Picks the optimised entry must keep' })),
    entries: Type.Optional(Type.Integer({ minimum: 1, maximum: 10, description: 'Entries of a best-ball portfolio (optimize)' })),
    entry: Type.Optional(Wins),
    holdoutSims: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Hold-out tournaments (default: as many as sims)' })),
  },
  { additionalProperties: false },
);
export type PoolDocument = Static<typeof PoolDocumentSchema>;

/** The pool's inputs, whatever they were read from. */
export interface PoolInputs {
  field: FieldSpec;
  picks: PicksTable;
  aliases: AliasRow[];
  aliasSource?: string;
  model: { name: string; sigma?: number };
  poolSize?: number;
  scoring?: PoolScoring;
  payouts?: number[];
  opponents?: { kind: 'public' } | { kind: 'chalky'; power?: number } | { kind: 'explicit'; entries: Record<string, number>[] };
  locks?: Record<string, number>;
  entries?: number;
  /** The entry to evaluate (evaluate only). */
  entry?: Record<string, unknown>;
  holdoutSims?: number;
}

/** A document (already schema-checked) as inputs; `source` names it in errors ('job.pool', 'body'). */
export function poolInputsFromDocument(doc: PoolDocument, source: string): PoolInputs {
  const field = parseFieldObject(doc.field, `${source}.field`);
  const rounds = doc.picks[0].shares.length;
  const picks: PicksTable = {
    source: `${source}.picks`,
    rounds,
    rows: doc.picks.map((r, i) => {
      if (r.shares.length !== rounds) {
        throw new SimcastError('POOL_INVALID', `${source}.picks[${i}].shares has ${r.shares.length} rounds, the first row ${rounds}`);
      }
      return { name: r.name, shares: r.shares, line: i + 1 };
    }),
  };
  return {
    field,
    picks,
    aliases: (doc.aliases ?? []).map((a, i) => ({ ...a, line: i + 1 })),
    aliasSource: `${source}.aliases`,
    model: doc.model ?? { name: '538' },
    poolSize: doc.poolSize,
    scoring: doc.scoring,
    payouts: doc.payouts,
    opponents: doc.opponents,
    locks: doc.locks,
    entries: doc.entries,
    entry: doc.entry,
    holdoutSims: doc.holdoutSims,
  };
}

/** Inputs back to a document (how the CLI stores a run read from files). */
export function poolDocument(i: PoolInputs): PoolDocument {
  const doc: PoolDocument = {
    field: fieldToJson(i.field),
    picks: i.picks.rows.map((r) => ({ name: r.name, shares: r.shares })),
  };
  if (i.aliases.length > 0) doc.aliases = i.aliases.map((a) => ({ alias: a.alias, name: a.name }));
  if (i.model.name !== '538' || i.model.sigma !== undefined) doc.model = i.model as PoolDocument['model'];
  if (i.poolSize !== undefined) doc.poolSize = i.poolSize;
  if (i.scoring !== undefined) doc.scoring = i.scoring;
  if (i.payouts !== undefined) doc.payouts = i.payouts;
  if (i.opponents !== undefined) doc.opponents = i.opponents;
  if (i.locks !== undefined) doc.locks = i.locks;
  if (i.entries !== undefined) doc.entries = i.entries;
  if (i.entry !== undefined) doc.entry = i.entry as Record<string, number>;
  if (i.holdoutSims !== undefined) doc.holdoutSims = i.holdoutSims;
  return doc;
}

/** Option text readers for interfaces (cli/ imports app/ only). */
export { parsePayouts } from '../../engine/pool/payouts.js';
export { parsePointsList } from '../../engine/pool/scoring.js';
