import { parseArgs, type ParseArgsConfig } from 'node:util';
import { OptionError } from '../core/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A value option followed by a negative number (`--sims -5`) takes it as its value, as `--sims=-5`
 * would: node's parser calls it ambiguous, and the user would never see the range the value breaks.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = /^--([^=]+)$/.exec(a)?.[1];
    if (name !== undefined && options[name]?.type === 'string' && /^-(\d|\.\d)/.test(argv[i + 1] ?? '')) {
      out.push(`${a}=${argv[++i]}`);
    } else out.push(a);
  }
  return out;
}

/** node:util parseArgs with its errors turned into one-line OPTION_INVALID errors. */
export function parseOptions<T extends Options>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals, strict: true });
  } catch (e) {
    throw new OptionError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function intOption(name: string, raw: string | undefined, dflt: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return dflt;
  const s = raw.replace(/_/g, '');
  const v = /^[0-9]+(e[0-9]+)?$/i.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    const range = max >= Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max.toLocaleString('en-US')}`;
    throw new OptionError(`options.${name} must be ${range} (got '${raw}')`);
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
