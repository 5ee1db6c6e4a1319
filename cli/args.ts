import { parseArgs, type ParseArgsConfig } from 'node:util';
import { OptionError } from '../core/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with its errors turned into one-line OPTION_INVALID errors. */
export function parseOptions<T extends Options>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new OptionError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function intOption(name: string, raw: string | undefined, dflt: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return dflt;
  const s = raw.replace(/_/g, '');
  const v = /^[0-9]+(e[0-9]+)?$/i.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new OptionError(`options.${name} must be an integer from ${min} to ${max} (got '${raw}')`);
  }
  return v;
}

export function numberOption(name: string, raw: string | undefined, dflt: number, min = -Infinity, max = Infinity): number {
  if (raw === undefined) return dflt;
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) {
    throw new OptionError(`options.${name} must be a number from ${min} to ${max} (got '${raw}')`);
  }
  return v;
}
