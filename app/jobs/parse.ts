// A batch job as users submit it (CLI `simcast run JOB.json`, POST /v1/jobs): validated where it enters
// against its kind's schema (the one the HTTP API documents), with messages of the form `job.sims must be ...`.
import { Ajv, type ValidateFunction } from 'ajv';
import { RequestError, SimcastError } from '../../core/errors.js';
import { guardJsonValue } from '../../core/json-guards.js';
import { parseSeed } from '../../core/seed.js';
import { JOB_KINDS, jobKind, type JobSpec } from './registry.js';
import type { JobKind, JobSpecBase } from './kinds/kind.js';
import { MAX_JOB_SIMS } from './kinds/schema-parts.js';

const ajv = new Ajv({ allErrors: false, strict: false });
const validators = new Map<string, ValidateFunction>();
const validatorOf = (k: JobKind<JobSpecBase>) => {
  let v = validators.get(k.name);
  if (!v) validators.set(k.name, (v = ajv.compile(k.schema)));
  return v;
};

export function parseJobSpec(raw: unknown, source = 'job'): JobSpec {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new SimcastError('JOB_INVALID', `${source} must be an object (a job: kind, sims, seed and the kind's section)`);
  // Before ajv and the kind's readers walk it (recursively).
  guardJsonValue(raw, source, 'JOB_INVALID');
  const given = (raw as { kind?: unknown }).kind;
  const kind = typeof given === 'string' ? jobKind(given) : undefined;
  if (!kind) {
    throw new SimcastError('JOB_INVALID', `${source}.kind must be one of ${JOB_KINDS.map((k) => k.name).join(', ')} (got ${JSON.stringify(given ?? null)})`);
  }
  // The seed first: its own message says what a seed may be.
  const seed = parseSeed((raw as { seed?: unknown }).seed ?? 1, `${source}.seed`);
  // A cap, not a shape error: LIMIT_EXCEEDED (413 over HTTP) whether the job comes from a file or a body.
  const sims = (raw as { sims?: unknown }).sims;
  if (typeof sims === 'number' && sims > MAX_JOB_SIMS) {
    throw new RequestError('LIMIT_EXCEEDED', `${source}.sims must be at most ${MAX_JOB_SIMS.toLocaleString('en-US')} (got ${sims.toLocaleString('en-US')})`);
  }
  const validate = validatorOf(kind);
  if (!validate(raw)) {
    const e = validate.errors![0];
    const where = `${source}${e.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.')}`;
    let detail = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const own = Object.keys(kind.schema.properties);
      detail =
        e.instancePath === '' && JOB_KINDS.some((k) => extra in k.schema.properties)
          ? `is ${kind.title}: '${extra}' belongs to another kind (${kind.title} takes ${own.join(', ')})`
          : `has an unknown property '${extra}'`;
    } else if (e.keyword === 'required') {
      detail = `must have required property '${(e.params as { missingProperty: string }).missingProperty}'`;
    }
    throw new SimcastError('JOB_INVALID', `${where} ${detail}`);
  }
  const withSims = sims === undefined && kind.defaultSims !== undefined ? { sims: kind.defaultSims } : {};
  return { ...(raw as unknown as JobSpec), ...withSims, seed };
}
