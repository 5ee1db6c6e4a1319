// The NFL-style league a season's tiebreakers read: conferences and divisions, the whole season's schedule
// shape (games per team, per pair, per division and conference) and everything the games already played
// fix (records, head-to-head half-wins, ties, points). Compiled once per season; every simulation then
// only adds the remaining games' results on top (see standings.ts).
import { SimcastError } from '../../core/errors.js';

export interface LeagueInput {
  teamCount: number;
  /** Conference index of each team (0..confCount-1). */
  conf: Int32Array;
  /** Division index of each team (0..divCount-1), unique across the league. */
  div: Int32Array;
  playedHome: Int32Array;
  playedAway: Int32Array;
  playedHomeScore: Int32Array;
  playedAwayScore: Int32Array;
  remainingHome: Int32Array;
  remainingAway: Int32Array;
}

export interface League {
  teamCount: number;
  conf: Int32Array;
  div: Int32Array;
  confCount: number;
  divCount: number;
  /** Teams of each division and conference, in team order. */
  divMembers: Int32Array[];
  confMembers: Int32Array[];
  /** Conference of each division. */
  divConf: Int32Array;
  /** Regular-season games per team over the whole season (played and remaining), in its division and conference. */
  games: Int32Array;
  divGames: Int32Array;
  confGames: Int32Array;
  /** gamesVs[a * T + b]: games a and b play each other over the whole season. */
  gamesVs: Int32Array;
  /** Each team's opponents: opp[oppStart[t] .. oppStart[t + 1]) (so steps visit ~14 clubs, not the league). */
  oppStart: Int32Array;
  opp: Int32Array;
  /** Played games only: half-wins (a tie is one), in division and conference games too. */
  baseHalfWins: Int32Array;
  baseDivHalfWins: Int32Array;
  baseConfHalfWins: Int32Array;
  /** baseH2h[a * T + b]: a's half-wins against b in played games. */
  baseH2h: Int32Array;
  /** tiesVs[a * T + b]: tied games between a and b (only played games can be ties). */
  tiesVs: Int32Array;
  /** Points of played games: scored, allowed, net against each opponent, net in conference games. */
  pointsFor: Int32Array;
  pointsAgainst: Int32Array;
  netVs: Int32Array;
  confNet: Int32Array;
  /** Every game of the season has a score: the points steps of the tiebreakers apply. */
  pointsKnown: boolean;
  /** Per remaining game: 1 when it is a division (conference) game. */
  remainingIsDiv: Uint8Array;
  remainingIsConf: Uint8Array;
}

export function compileLeague(x: LeagueInput): League {
  const T = x.teamCount;
  const fail = (msg: string): never => {
    throw new SimcastError('FIELD_INVALID', msg);
  };
  const confCount = Math.max(0, ...x.conf) + 1;
  const divCount = Math.max(0, ...x.div) + 1;
  const divConf = new Int32Array(divCount).fill(-1);
  for (let t = 0; t < T; t++) {
    const d = x.div[t];
    if (divConf[d] === -1) divConf[d] = x.conf[t];
    else if (divConf[d] !== x.conf[t]) fail(`playoffs: division ${d} spans two conferences`);
  }
  const members = (idx: Int32Array, n: number) => Array.from({ length: n }, (_, g) => Int32Array.from(Array.from(idx.keys()).filter((t) => idx[t] === g)));
  const L: League = {
    teamCount: T,
    conf: x.conf,
    div: x.div,
    confCount,
    divCount,
    divMembers: members(x.div, divCount),
    confMembers: members(x.conf, confCount),
    divConf,
    games: new Int32Array(T),
    divGames: new Int32Array(T),
    confGames: new Int32Array(T),
    gamesVs: new Int32Array(T * T),
    oppStart: new Int32Array(T + 1),
    opp: new Int32Array(0),
    baseHalfWins: new Int32Array(T),
    baseDivHalfWins: new Int32Array(T),
    baseConfHalfWins: new Int32Array(T),
    baseH2h: new Int32Array(T * T),
    tiesVs: new Int32Array(T * T),
    pointsFor: new Int32Array(T),
    pointsAgainst: new Int32Array(T),
    netVs: new Int32Array(T * T),
    confNet: new Int32Array(T),
    pointsKnown: x.remainingHome.length === 0,
    remainingIsDiv: new Uint8Array(x.remainingHome.length),
    remainingIsConf: new Uint8Array(x.remainingHome.length),
  };
  const meet = (a: number, b: number) => {
    L.games[a]++;
    L.games[b]++;
    L.gamesVs[a * T + b]++;
    L.gamesVs[b * T + a]++;
    const isDiv = x.div[a] === x.div[b];
    const isConf = x.conf[a] === x.conf[b];
    if (isDiv) {
      L.divGames[a]++;
      L.divGames[b]++;
    }
    if (isConf) {
      L.confGames[a]++;
      L.confGames[b]++;
    }
    return { isDiv, isConf };
  };
  const halfWin = (t: number, o: number, n: number, isDiv: boolean, isConf: boolean) => {
    L.baseHalfWins[t] += n;
    L.baseH2h[t * T + o] += n;
    if (isDiv) L.baseDivHalfWins[t] += n;
    if (isConf) L.baseConfHalfWins[t] += n;
  };
  for (let i = 0; i < x.playedHome.length; i++) {
    const h = x.playedHome[i];
    const a = x.playedAway[i];
    const hs = x.playedHomeScore[i];
    const as = x.playedAwayScore[i];
    const { isDiv, isConf } = meet(h, a);
    if (hs > as) halfWin(h, a, 2, isDiv, isConf);
    else if (as > hs) halfWin(a, h, 2, isDiv, isConf);
    else {
      halfWin(h, a, 1, isDiv, isConf);
      halfWin(a, h, 1, isDiv, isConf);
      L.tiesVs[h * T + a]++;
      L.tiesVs[a * T + h]++;
    }
    L.pointsFor[h] += hs;
    L.pointsAgainst[h] += as;
    L.pointsFor[a] += as;
    L.pointsAgainst[a] += hs;
    L.netVs[h * T + a] += hs - as;
    L.netVs[a * T + h] += as - hs;
    if (isConf) {
      L.confNet[h] += hs - as;
      L.confNet[a] += as - hs;
    }
  }
  for (let g = 0; g < x.remainingHome.length; g++) {
    const { isDiv, isConf } = meet(x.remainingHome[g], x.remainingAway[g]);
    L.remainingIsDiv[g] = isDiv ? 1 : 0;
    L.remainingIsConf[g] = isConf ? 1 : 0;
  }
  const opp: number[] = [];
  for (let t = 0; t < T; t++) {
    L.oppStart[t] = opp.length;
    for (let o = 0; o < T; o++) if (L.gamesVs[t * T + o] > 0) opp.push(o);
  }
  L.oppStart[T] = opp.length;
  L.opp = Int32Array.from(opp);
  return L;
}
