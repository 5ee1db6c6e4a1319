// The shape of a season spec (types of every part) checked before compileSeason reads it: a job's
// `season` section is free-form in the job schema, so `{}` or a team given as a number must be a
// FIELD_INVALID naming the part, not a TypeError deep in the compiler. Values (ranges, names that
// must match) are compileSeason's.
import { Ajv } from 'ajv';
import { SimcastError } from '../../core/errors.js';

const str = { type: 'string' };
const num = { type: 'number' };
const game = (extra: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  required: ['home', 'away', ...required],
  properties: { home: str, away: str, neutral: { type: 'boolean' }, ...extra },
});

const SEASON_SHAPE = {
  type: 'object',
  required: ['league', 'teams', 'remaining', 'homeAdvantage'],
  properties: {
    league: str,
    homeAdvantage: num,
    hotK: { type: ['number', 'null'] },
    teams: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'rating'],
        properties: { id: str, rating: num, division: str, conference: str, wins: num, losses: num, ties: num },
      },
    },
    remaining: { type: 'array', items: game({}, []) },
    played: { type: 'array', items: game({ homeScore: num, awayScore: num }, ['homeScore', 'awayScore']) },
    playoffs: { type: 'object', required: ['format', 'season'], properties: { format: str, season: num, seeds: num } },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: false }).compile(SEASON_SHAPE);

export function checkSeasonShape(spec: unknown): void {
  if (validate(spec)) return;
  const e = validate.errors![0];
  const at = e.instancePath
    .replace(/^\//, '')
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replace(/\//g, '.');
  const what = e.keyword === 'required' ? `must have '${(e.params as { missingProperty: string }).missingProperty}'` : (e.message ?? 'is invalid');
  throw new SimcastError('FIELD_INVALID', `${at || 'season'}: ${what}`);
}
