// What the browser tests and bench/web.ts read: how many times the bracket was drawn, when the first one
// appeared (ms since navigation start) and how long the last redraw took from the user's change.
export interface PageTimings {
  draws: number;
  firstBracketMs: number | null;
  lastRedrawMs: number | null;
  /** Of the last redraw: the API calls, and turning the answer into the bracket and tables (before paint). */
  lastRequestMs: number | null;
  lastDrawMs: number | null;
}

declare global {
  interface Window {
    simcast: PageTimings;
  }
}

export const timings: PageTimings = (window.simcast = { draws: 0, firstBracketMs: null, lastRedrawMs: null, lastRequestMs: null, lastDrawMs: null });

/** After the next frame is painted. */
export const painted = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
