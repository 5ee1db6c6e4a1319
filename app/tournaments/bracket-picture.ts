// The bracket picture for reports (simcast tournament --svg) and the bracket's layout for the web page
// (POST /v1/tournaments/field): both from engine/tournament/bracket-svg.ts, the renderer the page bundles too.
import { rename, rm, writeFile } from 'node:fs/promises';
import { parseFieldObject } from '../../engine/field/read-json.js';
import type { Bracket } from '../../engine/tournament/bracket.js';
import { bracketLayout, type BracketLayout } from '../../engine/tournament/bracket-layout.js';
import { bracketSvg, oddsInLayoutOrder } from '../../engine/tournament/bracket-svg.js';
import type { TournamentReport } from '../../engine/tournament/report.js';
import { OptionError } from '../../core/errors.js';
import { tournamentBracket } from './simulate.js';

/** How a report was made, in a line (the picture's subtitle). */
export function reportSubtitle(r: TournamentReport): string {
  return r.mode === 'exact'
    ? `exact probabilities, model ${r.model}`
    : `${(r.sims ?? 0).toLocaleString('en-US')} simulations, model ${r.model}${r.hot !== null ? `, hot K=${r.hot}` : ''}, seed ${r.seed}`;
}

export function bracketPictureSvg(b: Bracket, report: TournamentReport): string {
  const layout = bracketLayout(b);
  return bracketSvg(layout, { odds: oddsInLayoutOrder(layout, report.teams), roundNames: report.roundNames, subtitle: reportSubtitle(report) });
}

/** Writes the picture whole or not at all (a temporary file renamed into place). */
export async function writeBracketSvg(path: string, b: Bracket, report: TournamentReport): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, bracketPictureSvg(b, report));
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new OptionError(`options.svg: cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

/** A field given as JSON (an HTTP body), checked as a simulation would check it, and its bracket's layout. */
export function fieldLayout(raw: unknown, source: string): BracketLayout {
  return bracketLayout(tournamentBracket(parseFieldObject(raw, source), source));
}
