// Reads a Calcutta input (docs/calcutta.md): JSON Schema first (shape and types, CALCUTTA_INVALID),
// then the checks a schema cannot make, each with its own code and a message naming file and field:
// payouts that are negative or do not sum to 1 (PAYOUTS_INVALID), negative or over-budget bids
// (BID_INVALID), teams not in the field (TEAM_UNKNOWN), impossible constraints (CALCUTTA_INVALID).
import { Ajv, type ErrorObject } from 'ajv';
import { InputError, SimcastError, type ErrorCode } from '../../core/errors.js';
import { guardJsonText, guardJsonValue } from '../../core/json-guards.js';
import { parseFieldObject } from '../field/read-json.js';
import type { FieldSpec } from '../field/types.js';
import { compileBracket } from '../tournament/bracket.js';
import { CALCUTTA_SCHEMA } from './schema.js';
import type { CalcuttaSpec, EntrySpec, MarketSpec, ScoringSpec } from './types.js';

interface ParseOptions {
  /**
   * The field when the document names it by path (read by the caller, which may read files); without
   * it a path is refused: inputs from the network or a job carry the field inline.
   */
  fieldFromPath?: FieldSpec;
}

let validator: ReturnType<Ajv['compile']> | null = null;
function validate(doc: unknown) {
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(CALCUTTA_SCHEMA);
  return validator(doc) ? null : (validator.errors ?? []);
}

/** JSON pointer /entries/2/bids/Kansas -> entries[2].bids.Kansas */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^[0-9]+$/.test(p) ? `${acc}[${p}]` : acc === '' ? p : `${acc}.${p}`), '');
}

function schemaMessage(e: ErrorObject): { field: string; message: string } {
  let field = fieldPath(e.instancePath);
  let message = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    message = `unknown property '${extra}'`;
  } else if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    field = field === '' ? missing : `${field}.${missing}`;
    message = 'is required';
  } else if (e.keyword === 'oneOf' && field === 'scoring') {
    message = 'must have perWin (with optional playInWin) or perRoundReached, not both';
  } else if (e.keyword === 'oneOf' && field === 'field') {
    message = 'must be a path to a field file or the field inline (an object)';
  } else if (e.keyword === 'enum') {
    message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  }
  return { field: field || '(root)', message };
}

/** Parses a Calcutta document's text (JSON). */
export function parseCalcutta(text: string, source: string, o: ParseOptions = {}): CalcuttaSpec {
  guardJsonText(text, source, 'CALCUTTA_INVALID');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError('CALCUTTA_INVALID', `not valid JSON (${(e as Error).message})`, { location: { file: source }, cause: e });
  }
  return parseCalcuttaObject(doc, source, o);
}

// The document after its schema check: its shape is known, its values are checked field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- validated by the JSON Schema above
type Json = Record<string, any>;

export function parseCalcuttaObject(doc: unknown, source: string, o: ParseOptions = {}): CalcuttaSpec {
  const fail = (code: ErrorCode, field: string, message: string): never => {
    throw new InputError(code, message, { location: { file: source, field } });
  };
  guardJsonValue(doc, source, 'CALCUTTA_INVALID');
  const errors = validate(doc);
  if (errors !== null) {
    // A failed oneOf also reports each branch's complaint; the oneOf itself says what was meant.
    const { field, message } = schemaMessage(errors.find((e) => e.keyword === 'oneOf') ?? errors[0]);
    fail('CALCUTTA_INVALID', field, message);
  }
  const d = doc as Json;

  // Field.
  let field: FieldSpec;
  if (typeof d.field === 'string') {
    if (o.fieldFromPath === undefined) fail('CALCUTTA_INVALID', 'field', 'must be the field inline (an object); files are not read here');
    field = o.fieldFromPath!;
  } else {
    field = parseFieldObject(d.field, `${source}: field`);
  }
  const bracket = compileBracket(field);
  const teams = new Set(bracket.names);
  const fullRounds = bracket.rounds - 1;

  // Scoring.
  let scoring: ScoringSpec;
  const checkPoints = (arr: number[], name: string) =>
    arr.forEach((v, i) => {
      if (!Number.isFinite(v) || v < 0) fail('CALCUTTA_INVALID', `scoring.${name}[${i}]`, `points must be a non-negative number (got ${v})`);
    });
  if (Array.isArray(d.scoring.perWin)) {
    const perWin = d.scoring.perWin as number[];
    if (perWin.length !== fullRounds)
      fail('CALCUTTA_INVALID', 'scoring.perWin', `needs one value per full round: ${fullRounds} for this field (got ${perWin.length})`);
    checkPoints(perWin, 'perWin');
    const playInWin = (d.scoring.playInWin as number | undefined) ?? 0;
    checkPoints([playInWin], 'playInWin');
    scoring = { kind: 'perWin', perWin, playInWin };
  } else {
    const points = d.scoring.perRoundReached as number[];
    if (points.length !== fullRounds + 1) {
      fail(
        'CALCUTTA_INVALID',
        'scoring.perRoundReached',
        `needs one value per stage from the first full round to champion: ${fullRounds + 1} for this field (got ${points.length})`,
      );
    }
    checkPoints(points, 'perRoundReached');
    scoring = { kind: 'perRoundReached', points };
  }

  // Budget and constraints.
  const budget = d.budget as number;
  if (!(Number.isFinite(budget) && budget > 0)) fail('CALCUTTA_INVALID', 'budget', `must be a positive number (got ${budget})`);
  const c = (d.constraints ?? {}) as Json;
  const increment = (c.increment as number | undefined) ?? 1;
  if (!(increment > 0)) fail('CALCUTTA_INVALID', 'constraints.increment', `must be a positive number (got ${increment})`);
  const minBid = (c.minBid as number | undefined) ?? increment;
  if (!(minBid > 0)) fail('CALCUTTA_INVALID', 'constraints.minBid', `must be a positive number (got ${minBid})`);
  const maxBid = (c.maxBid as number | undefined) ?? budget;
  if (!(maxBid >= minBid)) fail('CALCUTTA_INVALID', 'constraints.maxBid', `must be at least constraints.minBid (${minBid}) (got ${maxBid})`);
  if (minBid > budget) fail('CALCUTTA_INVALID', 'constraints.minBid', `${minBid} exceeds the budget of ${budget}`);
  const maxTeams = (c.maxTeams as number | undefined) ?? bracket.teamCount;
  if (!(maxTeams >= 1)) fail('CALCUTTA_INVALID', 'constraints.maxTeams', `must be a positive integer (got ${maxTeams})`);
  const levels = Math.floor((Math.min(maxBid, budget) - minBid) / increment + 1e-9) + 1;
  if (levels > 100_000) fail('LIMIT_EXCEEDED', 'constraints.increment', `gives ${levels} bid levels per team; at most 100000 (raise the increment)`);

  // Entries.
  const entryName = (d.entryName as string | undefined) ?? 'us';
  const names = new Set<string>([entryName]);
  const entries: EntrySpec[] = ((d.entries ?? []) as Json[]).map((e, i) => {
    const at = `entries[${i}]`;
    if (names.has(e.name)) fail('CALCUTTA_INVALID', `${at}.name`, `entry name '${e.name}' is used twice`);
    names.add(e.name);
    const entryBudget = e.budget as number | undefined;
    if (entryBudget !== undefined && !(Number.isFinite(entryBudget) && entryBudget >= 0)) {
      fail('BID_INVALID', `${at}.budget`, `must be a non-negative number (got ${entryBudget})`);
    }
    let total = 0;
    const bids: Record<string, number> = {};
    for (const [team, bid] of Object.entries(e.bids as Record<string, number>)) {
      if (!teams.has(team))
        throw new SimcastError('TEAM_UNKNOWN', `unknown team '${team}' (not in the field)`, { location: { file: source, field: `${at}.bids` } });
      if (!(Number.isFinite(bid) && bid >= 0)) fail('BID_INVALID', `${at}.bids.${team}`, `bid must be a non-negative number (got ${bid})`);
      total += bid;
      if (bid > 0) bids[team] = bid;
    }
    if (entryBudget !== undefined && total > entryBudget + 1e-9) {
      fail('BID_INVALID', `${at}.bids`, `bids total ${round2(total)}, over the entry's budget of ${entryBudget}`);
    }
    return { name: e.name as string, bids, ...(entryBudget !== undefined ? { budget: entryBudget } : {}) };
  });

  // Market.
  let market: MarketSpec | null = null;
  if (d.market !== undefined) {
    const m = d.market as Json;
    const pot = (m.pot as number | undefined) ?? 0;
    if (!(Number.isFinite(pot) && pot >= 0)) fail('BID_INVALID', 'market.pot', `must be a non-negative number (got ${pot})`);
    const n = (m.entries as number | undefined) ?? 0;
    if (n < 0) fail('CALCUTTA_INVALID', 'market.entries', `must be a non-negative integer (got ${n})`);
    if (n > 0 && !(pot > 0)) fail('CALCUTTA_INVALID', 'market.pot', `must be positive when market.entries is ${n}`);
    const alpha = (m.alpha as number | undefined) ?? 1;
    if (!(Number.isFinite(alpha) && alpha >= 0)) fail('CALCUTTA_INVALID', 'market.alpha', `must be a non-negative number (got ${alpha})`);
    const concentration = (m.concentration as number | undefined) ?? 0.5;
    if (!(concentration > 0)) fail('CALCUTTA_INVALID', 'market.concentration', `must be a positive number (got ${concentration})`);
    const history = ((m.history ?? []) as Json[]).map((r, i) => {
      if (!(r.price >= 0)) fail('BID_INVALID', `market.history[${i}].price`, `must be a non-negative number (got ${r.price})`);
      if (!(r.expectedPoints >= 0)) fail('CALCUTTA_INVALID', `market.history[${i}].expectedPoints`, `must be a non-negative number (got ${r.expectedPoints})`);
      return {
        auction: r.auction as string | undefined,
        seed: r.seed as number | undefined,
        expectedPoints: r.expectedPoints as number,
        price: r.price as number,
      };
    });
    market = { pot, entries: n, alpha, concentration, history };
  }
  const otherCount = entries.length + (market?.entries ?? 0);
  if (otherCount === 0) fail('CALCUTTA_INVALID', 'entries', 'needs the other entries: their bids (entries) or a prediction (market.entries and market.pot)');

  // Payouts.
  const payouts = d.payouts as number[];
  payouts.forEach((p, i) => {
    if (!(Number.isFinite(p) && p >= 0)) fail('PAYOUTS_INVALID', `payouts[${i}]`, `must be a non-negative share of the pot (got ${p})`);
  });
  const sum = payouts.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) fail('PAYOUTS_INVALID', 'payouts', `shares must sum to 1 (they sum to ${round6(sum)})`);
  const lastPaid = payouts.reduce((k, p, i) => (p > 0 ? i + 1 : k), 0);
  if (lastPaid > otherCount + 1) fail('PAYOUTS_INVALID', 'payouts', `pays ${lastPaid} places but there are only ${otherCount + 1} entries`);

  const model = (d.model ?? {}) as Json;
  if (model.sigma !== undefined && !(model.sigma > 0)) fail('CALCUTTA_INVALID', 'model.sigma', `must be a positive number (got ${model.sigma})`);
  return {
    name: (d.name as string | undefined) ?? field.name ?? 'calcutta',
    source,
    field,
    model: { name: (model.name as string | undefined) ?? '538', ...(model.sigma !== undefined ? { sigma: model.sigma as number } : {}) },
    scoring,
    payouts,
    entryName,
    entries,
    market,
    constraints: { budget, minBid, maxBid, increment, maxTeams },
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
