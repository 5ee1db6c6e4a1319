// Season kernel with the NFL's tiebreakers, seeds, playoffs and draft order: plays the remaining schedule
// `sims` times from one block's generator state and adds each simulation to the tallies (tallies.ts).
// Per simulation, in this order of draws: one per remaining game (home wins iff the draw is below its
// threshold), then one per coin toss the tiebreakers reach (rare), then one per playoff game. Hot ratings
// carry from the regular season into the playoffs. Nothing is allocated per simulation: the common case
// (records alone, or a two-club tie settled by head-to-head) touches a few typed arrays.
import { Xoshiro128 } from '../random/xoshiro128.js';
import { probToThreshold } from '../tournament/win-probability.js';
import { draftOrder, newDraftScratch } from './draft.js';
import { playPlayoffs, type PlayGame } from './playoffs.js';
import { eloHomeProb, type Season } from './season.js';
import { newSeedingScratch, seedLeague } from './seeding.js';
import { newStandings } from './standings.js';
import { ROUND_COUNT, seasonTallyLayout } from './tallies.js';
import { newTiebreakContext } from './tiebreak-steps.js';

export function simulateSeasonWithPlayoffs(s: Season, state: Uint32Array, sims: number, out: Int32Array, hotK: number | null): void {
  const P = s.playoffs;
  if (P === null) throw new Error('simulateSeasonWithPlayoffs needs a season compiled with playoffs');
  const L = P.league;
  const T = s.teamCount;
  const G = s.gameCount;
  const S = P.format.seeds;
  const lay = seasonTallyLayout(s);
  const W = lay.width;
  const home = s.home;
  const away = s.away;
  const thr = s.thresholds;
  const isDiv = L.remainingIsDiv;
  const isConf = L.remainingIsConf;

  const rng = new Xoshiro128(state);
  // Signed space, as the thresholds (see probToThreshold).
  const next = (): number => rng.nextUint32() ^ 0x80000000;
  const st = newStandings(L);
  const { halfWins, divHalfWins, confHalfWins, h2h } = st;
  const ctx = newTiebreakContext(L, st, () => rng.nextUint32());
  const seeding = newSeedingScratch(L, S);
  const draft = newDraftScratch(T);
  const reached = new Int32Array(T);
  const pick = new Int32Array(T);
  const alive = new Int32Array(8);
  const homeWon = new Uint8Array(G);
  const r = new Float64Array(T);
  const hfa = s.homeAdvantage;
  const play: PlayGame = (h, a, neutral) => {
    const p = eloHomeProb(r[h], r[a], neutral ? 0 : hfa);
    const homeWins = next() < probToThreshold(p);
    if (hotK !== null) {
      const delta = hotK * (homeWins ? 1 - p : p);
      r[h] += homeWins ? delta : -delta;
      r[a] += homeWins ? -delta : delta;
    }
    return homeWins;
  };

  const tHalfWins = lay.halfWins.offset;
  const tDivPlace = lay.place.offset;
  const tConfPlace = lay.place.offset + T * T;
  const tLeaguePlace = lay.place.offset + 2 * T * T;
  const tSeed = lay.seed.offset;
  const tRounds = lay.rounds.offset;
  const tDraft = lay.draft.offset;
  const tGameHome = lay.gameHome.offset;
  const tIfHome = lay.ifHome.offset;
  const tIfAway = lay.ifAway.offset;
  const { divRank, confRank, seedTeam } = seeding;

  for (let sim = 0; sim < sims; sim++) {
    halfWins.set(L.baseHalfWins);
    divHalfWins.set(L.baseDivHalfWins);
    confHalfWins.set(L.baseConfHalfWins);
    h2h.set(L.baseH2h);
    r.set(s.ratings);
    for (let g = 0; g < G; g++) {
      const h = home[g];
      const a = away[g];
      let homeWins: boolean;
      if (hotK === null) {
        homeWins = next() < thr[g];
      } else {
        const p = eloHomeProb(r[h], r[a], s.advantage[g]);
        homeWins = next() < probToThreshold(p);
        const delta = hotK * (homeWins ? 1 - p : p);
        r[h] += homeWins ? delta : -delta;
        r[a] += homeWins ? -delta : delta;
      }
      const w = homeWins ? h : a;
      const l = homeWins ? a : h;
      homeWon[g] = homeWins ? 1 : 0;
      halfWins[w] += 2;
      h2h[w * T + l] += 2;
      if (isDiv[g] === 1) divHalfWins[w] += 2;
      if (isConf[g] === 1) confHalfWins[w] += 2;
    }

    seedLeague(ctx, S, seeding);
    playPlayoffs(seedTeam, P.format, play, reached, alive);
    draftOrder(ctx, reached, divRank, confRank, pick, draft);

    for (let t = 0; t < T; t++) {
      out[tHalfWins + t * W + halfWins[t]]++;
      out[tDivPlace + t * T + divRank[t] - 1]++;
      out[tConfPlace + t * T + confRank[t] - 1]++;
      out[tLeaguePlace + t * T + (T - pick[t])]++;
      out[tDraft + t * T + pick[t] - 1]++;
      for (let k = 0; k < reached[t]; k++) out[tRounds + t * ROUND_COUNT + k]++;
    }
    for (let c = 0; c < 2; c++) for (let k = 0; k < S; k++) out[tSeed + seedTeam[c * S + k] * S + k]++;
    // Importance: each remaining game's result against every club that made the field.
    for (let g = 0; g < G; g++) {
      const base = (homeWon[g] === 1 ? tIfHome : tIfAway) + g * T;
      out[tGameHome + g] += homeWon[g];
      for (let c = 0; c < 2; c++) for (let k = 0; k < S; k++) out[base + seedTeam[c * S + k]]++;
    }
  }
  rng.state(state);
}
