// Caps every use case checks before it allocates anything that grows with its input: a request (HTTP,
// CLI or job) over a cap is refused with LIMIT_EXCEEDED, saying which cap and what to do instead.
// Memory of a tournament run grows with teams² (win thresholds) and games × teams (tallies per task).
import { RequestError } from '../core/errors.js';
import type { FieldSpec } from '../engine/field/types.js';

export const LIMITS = {
  /** Teams in a tournament field: 1,024 keeps the T x T thresholds at 4 MiB. */
  teams: 1024,
  /** Teams and remaining games of a season. */
  seasonTeams: 256,
  seasonGames: 10_000,
  /** Simulations x teams of one synchronous (HTTP) tournament request. */
  syncSimTeams: 100_000_000,
  /** Simulated games (simulations x games left and playoff games) of one season run: the CLI and jobs,
   * and one synchronous (HTTP) request. Memory does not grow with them; time does. */
  seasonSimGames: 20_000_000_000,
  syncSeasonSimGames: 20_000_000,
  /** Shards of one job: each is a queue row and a transaction (a larger job takes larger shards). */
  shards: 10_000,
} as const;

export function checkFieldSize(field: FieldSpec, where = 'field'): void {
  if (field.teams.length > LIMITS.teams) {
    throw new RequestError('LIMIT_EXCEEDED', `${where} has ${field.teams.length} teams; at most ${LIMITS.teams}`);
  }
}

export function checkSyncSimulation(sims: number, teams: number, where = 'sims'): void {
  if (sims * teams > LIMITS.syncSimTeams) {
    throw new RequestError(
      'LIMIT_EXCEEDED',
      `${where}: ${sims.toLocaleString('en-US')} simulations of ${teams} teams exceed ${LIMITS.syncSimTeams.toLocaleString('en-US')} simulated team-tournaments for one request; run a batch job for more`,
    );
  }
}

export function checkShardCount(shards: number, sims: number, shardBlocks: number): void {
  if (shards > LIMITS.shards) {
    const need = Math.ceil(shards / LIMITS.shards) * shardBlocks;
    throw new RequestError(
      'LIMIT_EXCEEDED',
      `job.sims: ${sims.toLocaleString('en-US')} simulations in shards of ${shardBlocks} blocks are ${shards.toLocaleString('en-US')} shards; at most ${LIMITS.shards.toLocaleString('en-US')} (set shardBlocks to ${need} or more)`,
    );
  }
}

export function checkSeasonSize(teams: number, games: number, where = 'job.season'): void {
  if (teams > LIMITS.seasonTeams) throw new RequestError('LIMIT_EXCEEDED', `${where} has ${teams} teams; at most ${LIMITS.seasonTeams}`);
  if (games > LIMITS.seasonGames) throw new RequestError('LIMIT_EXCEEDED', `${where} has ${games} games left; at most ${LIMITS.seasonGames}`);
}

/** Tournaments of one synchronous pool request (search + hold-out): about 10 s on a loaded core; more is a job. */
export const POOL_SYNC_SIMS = 50_000;

export function checkPoolSync(tournaments: number, where = 'body.sims'): void {
  if (tournaments > POOL_SYNC_SIMS) {
    throw new RequestError(
      'LIMIT_EXCEEDED',
      `${where}: ${tournaments.toLocaleString('en-US')} tournaments (search and hold-out) exceed ${POOL_SYNC_SIMS.toLocaleString('en-US')} for one request; send "job": true to run it as a job`,
    );
  }
}

/** Playoff games a season simulates besides its remaining games (the NFL's 13 from 2020; 11 before). */
const PLAYOFF_GAMES = 13;

/** Caps a season run of `sims` simulations over `games` games left (summed over weeks for a weekly run), before anything is allocated. */
export function checkSeasonSimulation(sims: number, games: number, o: { sync: boolean; where?: string; runs?: number }): void {
  const cap = o.sync ? LIMITS.syncSeasonSimGames : LIMITS.seasonSimGames;
  const simulated = sims * (games + (o.runs ?? 1) * PLAYOFF_GAMES);
  if (simulated > cap) {
    throw new RequestError(
      'LIMIT_EXCEEDED',
      `${o.where ?? 'sims'}: ${sims.toLocaleString('en-US')} simulations of ${games.toLocaleString('en-US')} games left and the playoffs are ${simulated.toLocaleString('en-US')} simulated games; at most ${cap.toLocaleString('en-US')}${o.sync ? ' for one request (ask for fewer, or run a season job)' : ' (ask for fewer)'}`,
    );
  }
}
