// A slip read from a JSON file (simcast slips price FILE): unreadable or malformed JSON is one line
// naming the file and where the JSON broke.
import { InputError } from '../../core/errors.js';
import { readText } from '../inputs/read-text.js';
import type { SlipRequest } from './price.js';

export async function readSlipFile(file: string): Promise<SlipRequest | unknown[] | { slips: unknown[] }> {
  const text = await readText(file);
  try {
    return JSON.parse(text) as SlipRequest;
  } catch (e) {
    throw new InputError('SLIP_INVALID', `${file}: not JSON: ${(e as Error).message}`);
  }
}
