import { fileURLToPath } from 'node:url';
import type { FieldSpec } from '../../engine/field/types.js';
import { loadField } from '../../app/inputs/field-file.js';

export const FIXTURE_2016 = fileURLToPath(new URL('../fixtures/ncaa-mens-2016-538.csv', import.meta.url));

/** FiveThirtyEight's 2016 forecast field (68 teams), semifinals South-West and East-Midwest. */
export function field2016(): Promise<FieldSpec> {
  return loadField(FIXTURE_2016, { format: '538', semis: 'South-West,East-Midwest' });
}
