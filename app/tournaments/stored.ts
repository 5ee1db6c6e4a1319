// Stored tournaments (fields saved by persisted runs) and their runs, as the HTTP API lists them.
import { RequestError } from '../../core/errors.js';
import type { Queryable } from '../../store/db.js';
import { listTournaments, tournamentExists, tournamentRuns } from '../../store/tournaments.js';

type Page = { offset: number; limit: number };

export async function storedTournaments(q: Queryable, page: Page) {
  return { ...(await listTournaments(q, page)), offset: page.offset, limit: page.limit };
}

export async function storedTournamentRuns(q: Queryable, id: number, page: Page) {
  if (!(await tournamentExists(q, id))) throw new RequestError('NOT_FOUND', `tournament ${id} does not exist`);
  const { total, items } = await tournamentRuns(q, id, page);
  return {
    tournament: id,
    total,
    offset: page.offset,
    limit: page.limit,
    items: items.map((x) => ({
      id: x.id,
      kind: x.kind,
      status: x.status,
      sims: x.sims,
      seed: x.seed,
      streamScheme: x.stream_scheme,
      startedAt: x.started_at,
      finishedAt: x.finished_at,
      optimization: x.strategy === null ? null : { strategy: x.strategy, expectedPayout: x.expected_payout, pFirst: x.p_first },
    })),
  };
}
