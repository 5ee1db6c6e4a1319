// Reading a user's input file: one place that turns a missing or unreadable file into FILE_UNREADABLE.
import { readFile } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new InputError('FILE_UNREADABLE', `cannot read ${path}: ${why}`, { cause: e });
  }
}
