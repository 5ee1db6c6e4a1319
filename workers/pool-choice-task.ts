// A bracket-pool choice task: the search sample's blocks in, on one worker thread: join them, search the
// entries (engine/pool/optimize.ts) and price which games matter for the entries the hold-out may
// choose (the portfolio found, or chalk), or only the importance of given entries (evaluate). It runs
// off the caller's thread so a server's event loop stays free while it takes seconds; the blocks'
// buffers are moved to the worker, not copied.
import type { GameImportance } from '../engine/pool/importance.js';
import type { SearchResult } from '../engine/pool/optimize.js';
import type { PoolContext } from '../engine/pool/pool-context.js';
import type { PoolBlock } from '../engine/pool/sample.js';

export interface PoolChoiceTask {
  kind: 'pool-choice';
  ctx: PoolContext;
  /** The sample's blocks in block order. */
  blocks: PoolBlock[];
  /** optimize: search `entries` entries (a portfolio); importance: only the importance of `of`. */
  mode: 'optimize' | 'importance';
  entries?: number;
  of?: Uint8Array[];
}

export type PoolChoiceResult =
  | {
      /** optimize: the search, and the importance for each entry set the hold-out may choose. */
      search?: SearchResult;
      importance: { chalk?: GameImportance[]; entries: GameImportance[] };
      error?: undefined;
    }
  /** A SimcastError thrown in the worker (its class does not cross threads): rethrown by the caller. */
  | { error: { code: string; message: string } };
