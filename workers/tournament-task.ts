// The message a tournament task carries to a worker, and the summary it returns.
import type { RingLayout } from './layout.js';

export interface WinModelRef {
  name: string;
  sigma?: number;
}

export interface TournamentTask {
  kind: 'tournament';
  /** Identifies the run's inputs so a worker builds its views once per run. */
  runKey: string;
  inputs: SharedArrayBuffer;
  ring: SharedArrayBuffer;
  layout: RingLayout;
  slot: number;
  seed: number | string;
  totalSims: number;
  firstBlock: number;
  blockCount: number;
  model: WinModelRef;
  /** Hot-rating factor K, or null for fixed ratings. */
  hotK: number | null;
}

export type { BlockTaskResult as TournamentTaskResult } from './block-runner.js';
