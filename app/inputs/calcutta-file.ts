// A Calcutta from a file; a field named by path is read relative to the Calcutta file.
import { dirname, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { guardJsonText } from '../../core/json-guards.js';
import { parseCalcuttaObject } from '../../engine/calcutta/parse.js';
import type { CalcuttaSpec } from '../../engine/calcutta/types.js';
import { fieldToJson } from '../../engine/field/to-json.js';
import { checkFieldSize } from '../limits.js';
import { loadField } from './field-file.js';
import { readText } from './read-text.js';

interface LoadedCalcutta {
  spec: CalcuttaSpec;
  /** The document with its field inline (as a job carries it). */
  document: Record<string, unknown>;
}

export async function loadCalcuttaFile(path: string): Promise<LoadedCalcutta> {
  const text = await readText(path);
  guardJsonText(text, path, 'CALCUTTA_INVALID');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError('CALCUTTA_INVALID', `not valid JSON (${(e as Error).message})`, { location: { file: path }, cause: e });
  }
  const field = (doc as { field?: unknown } | null)?.field;
  const fieldFromPath = typeof field === 'string' ? await loadField(resolve(dirname(path), field)) : undefined;
  const spec = parseCalcuttaObject(doc, path, { fieldFromPath });
  checkFieldSize(spec.field, `${path}: field`);
  return { spec, document: { ...(doc as Record<string, unknown>), field: fieldToJson(spec.field) } };
}

export async function loadCalcutta(path: string): Promise<CalcuttaSpec> {
  return (await loadCalcuttaFile(path)).spec;
}
