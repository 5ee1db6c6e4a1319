// FiveThirtyEight's forecast CSV (columns as in their NCAA files: team_name, team_seed, team_region,
// team_rating, ...; seeds like 11a/11b mark the two teams of a play-in game). The semifinal pairing is
// not in the file: it comes from --semis.
import { FieldError, OptionError } from '../errors.js';
import { readCsv } from './csv.js';
import { regionSlots } from './region-layout.js';
import { NCAA_SEED_ORDER } from './schema.js';
import type { FieldSpec, TeamSpec } from './types.js';

const REQUIRED = ['team_name', 'team_seed', 'team_region', 'team_rating'];

/** "South-West,East-Midwest" → [["South","West"],["East","Midwest"]]. */
export function parseSemis(s: string): [string, string][] {
  const pairs = s.split(',').map((p) => p.trim());
  return pairs.map((p) => {
    const parts = p.split('-').map((x) => x.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new OptionError(`options.semis must look like A-B,C-D (region pairs; got '${s}')`);
    }
    return [parts[0], parts[1]];
  });
}

export function parseField538(text: string, source: string, semis?: string | [string, string][]): FieldSpec {
  const { header, records } = readCsv(text, source);
  for (const col of REQUIRED) {
    if (!header.includes(col)) {
      throw new FieldError('FIELD_INVALID', `column '${col}' is missing (a FiveThirtyEight forecast needs ${REQUIRED.join(', ')})`, {
        location: { file: source, line: 1 },
      });
    }
  }
  const regions: string[] = [];
  const teams: TeamSpec[] = records.map(({ line, values }) => {
    const loc = (field: string) => ({ file: source, line, field });
    const name = values.team_name;
    if (!name) throw new FieldError('FIELD_INVALID', 'team name is empty', { location: loc('team_name') });
    const seedText = values.team_seed;
    const m = /^(\d+)([ab])?$/i.exec(seedText);
    if (!m || Number(m[1]) < 1) {
      throw new FieldError('SEED_NUMBER_INVALID', `seed must be a positive integer, optionally with a or b for a play-in pair (got '${seedText}')`, {
        location: loc('team_seed'),
      });
    }
    const ratingText = values.team_rating;
    const rating = ratingText === '' ? NaN : Number(ratingText);
    if (!Number.isFinite(rating)) {
      throw new FieldError('RATING_INVALID', ratingText === '' ? 'rating is missing' : `rating must be a number (got '${ratingText}')`, {
        location: loc('team_rating'),
      });
    }
    const region = values.team_region;
    if (!region) throw new FieldError('FIELD_INVALID', 'region is empty', { location: loc('team_region') });
    if (!regions.includes(region)) regions.push(region);
    return { name, rating, region, seed: Number(m[1]), where: { line } };
  });
  const seen = new Map<string, number>();
  for (const t of teams) {
    if (seen.has(t.name)) {
      throw new FieldError('TEAM_DUPLICATE', `team '${t.name}' appears twice (also line ${seen.get(t.name)})`, {
        location: { file: source, line: t.where!.line, field: 'team_name' },
      });
    }
    seen.set(t.name, t.where!.line!);
  }
  const pairs = typeof semis === 'string' ? parseSemis(semis) : semis;
  const slots = regionSlots(teams, { regions, semis: pairs, seedOrder: NCAA_SEED_ORDER, source, regionsWhere: { field: '--semis' } });
  return { name: source.replace(/^.*\//, '').replace(/\.csv$/i, ''), source, teams, slots, results: [] };
}
