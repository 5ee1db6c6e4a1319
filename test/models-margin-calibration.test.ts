import { describe, expect, it } from 'vitest';
import { marginCalibration } from '../engine/models/margin-calibration.js';

describe('margin calibration by size of the predicted margin', () => {
  it('puts games in buckets from the favourite side and averages each', () => {
    // predicted home margins, played home margins
    const b = marginCalibration([2, -2, 5, 15, 20], [3, 1, -4, 10, 21], 13.5);
    expect(b.map((x) => x.games)).toEqual([2, 1, 0, 0, 2]);
    expect(b[0]).toMatchObject({ lo: 0, hi: 3, predictedMargin: 2, actualMargin: 1, observedWin: 0.5 });
    expect(b[1]).toMatchObject({ lo: 3, hi: 7, actualMargin: -4, observedWin: 0 });
    expect(b[4]).toMatchObject({ lo: 14, hi: null, predictedMargin: 17.5, actualMargin: 15.5, observedWin: 1 });
    expect(b[4].predictedWin).toBeCloseTo((0.8665 + 0.9311) / 2, 3);
    expect(b[4].residualSd).toBeCloseTo(Math.SQRT2 * 3, 10);
    expect(Number.isNaN(b[2].predictedMargin)).toBe(true);
  });

  it('a tie counts one half for the favourite', () => {
    expect(marginCalibration([4], [0], 13.5)[1].observedWin).toBe(0.5);
  });
});
