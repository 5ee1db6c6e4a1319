// Runs the season kernel for a task's blocks into the task's ring slot.
import { blockState, simsInBlock } from '../engine/random/stream-scheme.js';
import { simulateSeason, type SeasonTallies } from '../engine/season/kernel.js';
import { compileLeague } from '../engine/season/league.js';
import { simulateSeasonWithPlayoffs } from '../engine/season/playoff-kernel.js';
import { groupMembers, type Season } from '../engine/season/season.js';
import type { BlockTaskResult } from './block-runner.js';
import type { SeasonTask } from './season-task.js';
import { ringSlot, unpackShared } from './shared-memory.js';

let cachedKey = '';
let cached: Season | null = null;

function seasonFrom(task: SeasonTask): Season {
  const a = unpackShared(task.inputs, task.inputLayout) as Record<string, Int32Array & Float64Array>;
  const T = task.teamCount;
  const group = task.groupCounts.map((_, level) => a[`group${level}`] as Int32Array);
  const p = task.playoffs;
  const input =
    p === null
      ? null
      : {
          teamCount: T,
          conf: a.conf as Int32Array,
          div: a.div as Int32Array,
          playedHome: a.playedHome as Int32Array,
          playedAway: a.playedAway as Int32Array,
          playedHomeScore: a.playedHomeScore as Int32Array,
          playedAwayScore: a.playedAwayScore as Int32Array,
          remainingHome: a.home as Int32Array,
          remainingAway: a.away as Int32Array,
        };
  return {
    league: '',
    teamCount: T,
    ids: [],
    ratings: a.ratings,
    baseHalfWins: a.baseHalfWins,
    gameCount: task.gameCount,
    home: a.home,
    away: a.away,
    advantage: a.advantage,
    thresholds: a.thresholds,
    homeAdvantage: task.homeAdvantage,
    group,
    groupNames: task.groupCounts.map((n) => Array.from({ length: n }, (_, i) => String(i))),
    members: group.map((idx, level) => groupMembers(idx, task.groupCounts[level])),
    maxHalfWins: task.maxHalfWins,
    playoffs:
      p === null || input === null
        ? null
        : { season: p.season, format: { seeds: p.seeds, byes: p.byes }, league: compileLeague(input), input, confNames: [], divNames: [] },
  };
}

export default function runSeasonTask(task: SeasonTask): BlockTaskResult {
  const started = performance.now();
  if (task.runKey !== cachedKey || cached === null) {
    cached = seasonFrom(task);
    cachedKey = task.runKey;
  }
  const s = cached;
  const T = s.teamCount;
  const W = s.maxHalfWins + 1;
  const all = ringSlot(task.ring, task.slot).tallies as Int32Array;
  all.fill(0);
  const out: SeasonTallies = {
    halfWins: all.subarray(0, T * W),
    place: s.group.map((_, level) => all.subarray(T * W + level * T * T, T * W + (level + 1) * T * T)),
  };
  const state = new Uint32Array(4);
  let sims = 0;
  for (let i = 0; i < task.blockCount; i++) {
    const block = task.firstBlock + i;
    const n = simsInBlock(task.totalSims, block);
    blockState(task.seed, block, state);
    if (s.playoffs !== null) simulateSeasonWithPlayoffs(s, state, n, all, task.hotK);
    else simulateSeason(s, state, n, out, task.hotK);
    sims += n;
  }
  return { sims, ms: performance.now() - started };
}
