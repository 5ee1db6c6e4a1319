// FiveThirtyEight's forecast CSV (columns as in their NCAA files: team_name, team_seed, team_region,
// team_rating, ...; seeds like 11a/11b mark the two teams of a play-in game). The semifinal pairing is
// not in the file: it comes from --semis.
import { FieldError, OptionError } from '../../core/errors.js';
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
        location: { file: source, line: 1, field: col },
      });
    }
  }
  if (records.length === 0) throw new FieldError('SIZE_INVALID', 'the file has no teams', { location: { file: source, line: 1 } });
  // FiveThirtyEight's multi-day files hold one field per gender and forecast date: one at a time here.
  for (const col of ['gender', 'forecast_date']) {
    if (!header.includes(col)) continue;
    const first = records[0].values[col];
    const other = records.find((r) => r.values[col] !== first);
    if (other) {
      throw new FieldError('FIELD_INVALID', `the file mixes ${col} '${first}' and '${other.values[col]}'; keep the rows of one field only`, {
        location: { file: source, line: other.line, field: col },
      });
    }
  }
  const regions: string[] = [];
  const marks = new Map<TeamSpec, string>();
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
    const team: TeamSpec = { name, rating, region, seed: Number(m[1]), where: { line } };
    marks.set(team, (m[2] ?? '').toLowerCase());
    return team;
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
  checkPlayInMarks(teams, marks, source);
  const pairs = typeof semis === 'string' ? parseSemis(semis) : semis;
  const slots = regionSlots(teams, {
    regions,
    semis: pairs,
    seedOrder: NCAA_SEED_ORDER,
    source,
    requireSemis: true,
    regionsWhere: { field: 'team_region' },
    semisWhere: { field: '--semis' },
    missingWhere: { field: 'team_seed' },
    teamField: (_t, what) => (what === 'region' ? 'team_region' : 'team_seed'),
  });
  return { name: source.replace(/^.*\//, '').replace(/\.csv$/i, ''), source, teams, slots, results: [] };
}

/**
 * In FiveThirtyEight's files the two teams of a play-in game carry seeds like 11a and 11b, so a seed
 * shared without the marks (or a mark without its partner) is a mistake in the file, not a play-in.
 */
function checkPlayInMarks(teams: TeamSpec[], marks: Map<TeamSpec, string>, source: string): void {
  const bySlot = new Map<string, TeamSpec[]>();
  for (const t of teams) {
    const key = `${t.region}\u0000${t.seed}`;
    bySlot.set(key, [...(bySlot.get(key) ?? []), t]);
  }
  for (const list of bySlot.values()) {
    if (list.length > 2) continue; // three teams: regionSlots reports it
    const t = list[list.length - 1];
    const loc = { file: source, line: t.where!.line, field: 'team_seed' };
    if (list.length === 2 && (marks.get(list[0]) === '' || marks.get(list[1]) === '' || marks.get(list[0]) === marks.get(list[1]))) {
      const other = list[0];
      throw new FieldError(
        'SLOT_INVALID',
        `${t.region} seed ${t.seed} is held by '${other.name}' (line ${other.where!.line}) and '${t.name}'; two teams share a seed only as a play-in pair marked ${t.seed}a and ${t.seed}b`,
        { location: loc },
      );
    }
    if (list.length === 1 && marks.get(t) !== '') {
      throw new FieldError('SLOT_INVALID', `'${t.name}' has seed ${t.seed}${marks.get(t)} but no play-in partner in ${t.region}`, { location: loc });
    }
  }
}
