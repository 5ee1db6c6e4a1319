import { describe, expect, it } from 'vitest';
import { draftOrder, draftTieLoser, newDraftScratch } from '../engine/season/draft.js';
import { compileLeague, type League } from '../engine/season/league.js';
import { newSeedingScratch, seedLeague } from '../engine/season/seeding.js';
import { newStandings, type Standings } from '../engine/season/standings.js';
import { divisionTieWinner, rankDivision } from '../engine/season/tiebreak-division.js';
import {
  coinToss,
  combinedRanking,
  commonGames,
  conferenceRecord,
  divisionRecord,
  headToHead,
  keepBest,
  netPointsAll,
  netPointsCommon,
  netPointsConference,
  newTiebreakContext,
  strengthOfSchedule,
  strengthOfVictory,
  sweepLoser,
  sweepWinner,
  type Step,
  type TiebreakContext,
  type TiebreakTraceEvent,
} from '../engine/season/tiebreak-steps.js';
import { rankByWildcardProcedure, wildcardTieWinner } from '../engine/season/tiebreak-wildcard.js';

// A hand-made league: conference X with divisions A and B, conference Y with C and D, four clubs each
// (A1..A4, B1..B4, C1..C4, D1..D4). Games are 'A1>A2' (A1 at home wins 20-10), 'A1<A2' (A2 wins 10-20),
// 'A1=A2' (a 10-10 tie), or with a score 'A1>A2 27-3'. Records can be set by hand afterwards: the
// procedures only read the standings, so a test fixes exactly what a step compares.
const IDS = ['A', 'B', 'C', 'D'].flatMap((d) => [1, 2, 3, 4].map((k) => `${d}${k}`));
const at = (id: string) => {
  const i = IDS.indexOf(id);
  if (i < 0) throw new Error(`no team ${id}`);
  return i;
};

interface Built {
  L: League;
  s: Standings;
  c: TiebreakContext;
  trace: TiebreakTraceEvent[];
  /** Sets a team's record: wins, losses and ties (changes its games too). */
  record(id: string, w: number, l: number, t?: number): void;
  ids(xs: ArrayLike<number>): string[];
  cand(...ids: string[]): Int32Array;
}

function build(games: string[], opts: { remaining?: [string, string][]; draws?: number[] } = {}): Built {
  const ph: number[] = [];
  const pa: number[] = [];
  const hs: number[] = [];
  const as: number[] = [];
  for (const g of games) {
    const m = /^(\w\d)([<>=])(\w\d)(?: (\d+)-(\d+))?$/.exec(g);
    if (!m) throw new Error(`bad game ${g}`);
    ph.push(at(m[1]));
    pa.push(at(m[3]));
    const [w, l] = m[4] ? [Number(m[4]), Number(m[5])].sort((x, y) => y - x) : [20, 10];
    hs.push(m[2] === '>' ? w : m[2] === '<' ? l : 10);
    as.push(m[2] === '>' ? l : m[2] === '<' ? w : 10);
  }
  const rem = opts.remaining ?? [];
  const L = compileLeague({
    teamCount: 16,
    conf: Int32Array.from(IDS, (id) => (id < 'C' ? 0 : 1)),
    div: Int32Array.from(IDS, (id) => 'ABCD'.indexOf(id[0])),
    playedHome: Int32Array.from(ph),
    playedAway: Int32Array.from(pa),
    playedHomeScore: Int32Array.from(hs),
    playedAwayScore: Int32Array.from(as),
    remainingHome: Int32Array.from(rem, (g) => at(g[0])),
    remainingAway: Int32Array.from(rem, (g) => at(g[1])),
  });
  const s = newStandings(L);
  const draws = [...(opts.draws ?? [])];
  const c = newTiebreakContext(L, s, () => {
    if (draws.length === 0) throw new Error('unexpected coin toss');
    return draws.shift()!;
  });
  const trace: TiebreakTraceEvent[] = [];
  c.trace = (e) => trace.push(e);
  return {
    L,
    s,
    c,
    trace,
    record(id, w, l, t = 0) {
      s.halfWins[at(id)] = 2 * w + t;
      L.games[at(id)] = w + l + t;
    },
    ids: (xs) => Array.from(xs, (t) => IDS[t]),
    cand: (...ids) => Int32Array.from(ids, at),
  };
}

/** Runs one step and returns the clubs it keeps (null when it does not apply). */
function kept(b: Built, step: Step, ids: string[], direction: 1 | -1 = 1): string[] | null {
  const cand = b.cand(...ids);
  if (!step(b.c, cand, cand.length)) return null;
  return b.ids(cand.subarray(0, keepBest(b.c, cand, cand.length, direction)));
}

describe('tiebreak steps on hand-made standings', () => {
  it('head-to-head: win percentage in games among the clubs; not applicable when one of them played none', () => {
    const b = build(['A1>A2', 'A2>A1', 'A1>A3', 'A3>A2', 'A3<A1']);
    // A1 3-1, A2 1-2... among A1, A2, A3: A1 wins 3 of 4, A2 1 of 3, A3 1 of 3
    expect(kept(b, headToHead, ['A1', 'A2', 'A3'])).toEqual(['A1']);
    expect(kept(b, headToHead, ['A2', 'A3'])).toEqual(['A3']);
    expect(kept(b, headToHead, ['A1', 'B1'])).toBeNull();
    // a tie counts half: 1-1 split plus a tie leaves them level
    const t = build(['A1>A2', 'A2>A1', 'A1=A2']);
    expect(kept(t, headToHead, ['A1', 'A2'])).toEqual(['A1', 'A2']);
  });

  it('head-to-head sweep (three or more clubs): one club beat each of the others, or lost to each', () => {
    const b = build(['A1>B1', 'C1<A1', 'B1>C1']);
    expect(sweepWinner(b.c, b.cand('B1', 'A1', 'C1'), 3)).toBe(1);
    expect(sweepLoser(b.c, b.cand('B1', 'A1', 'C1'), 3)).toBe(2);
    // A club that did not play one of the others neither sweeps nor is swept.
    const n = build(['A1>B1', 'B1>C1']);
    expect(sweepWinner(n.c, n.cand('A1', 'B1', 'C1'), 3)).toBe(-1);
    expect(sweepLoser(n.c, n.cand('A1', 'B1', 'C1'), 3)).toBe(-1);
    // A tie is not a win: no sweep.
    const t = build(['A1>B1', 'A1=C1', 'B1>C1']);
    expect(sweepWinner(t.c, t.cand('A1', 'B1', 'C1'), 3)).toBe(-1);
  });

  it('division record and conference record', () => {
    const b = build(['A1>A3', 'A1>A4', 'A2>A3', 'A4>A2', 'A1>B1', 'A2>B1', 'A2>B2', 'A1<C1']);
    expect(kept(b, divisionRecord, ['A1', 'A2'])).toEqual(['A1']);
    // conference: A1 3-0 (A3, A4, B1), A2 3-1 (A3, B1, B2; lost A4)
    expect(kept(b, conferenceRecord, ['A1', 'A2'])).toEqual(['A1']);
  });

  it('common games: percentage against opponents every club played, applicable from the minimum', () => {
    // A1 and B1 both play C1, C2, C3; A1 goes 3-0, B1 2-1; A1 also lost to D1, whom B1 did not play.
    const g3 = ['A1>C1', 'A1>C2', 'A1>C3', 'B1>C1', 'B1>C2', 'B1<C3', 'A1<D1'];
    const b = build(g3);
    expect(kept(b, commonGames(1), ['A1', 'B1'])).toEqual(['A1']);
    expect(kept(b, commonGames(4), ['A1', 'B1'])).toBeNull();
    // a fourth common opponent (played twice by B1) makes it applicable with a minimum of four
    const b4 = build([...g3, 'A1<C4', 'B1<C4', 'C4<B1']);
    // A1 3-1, B1 3-2 in common games
    expect(kept(b4, commonGames(4), ['A1', 'B1'])).toEqual(['A1']);
    // the tied clubs' games against each other are not common games
    const own = build(['A1>B1', 'B1>C1', 'A1<C1', 'B1>C2', 'A1<C2']);
    expect(kept(own, commonGames(1), ['A1', 'B1'])).toEqual(['B1']);
  });

  it('strength of victory: the records of the clubs beaten (ties are no victory); strength of schedule: of all opponents', () => {
    const b = build(['A1>C1', 'A2>C2', 'A1<D1', 'A2<D2', 'A2=C3']);
    b.record('C1', 10, 7);
    b.record('C2', 4, 13);
    b.record('C3', 16, 1);
    b.record('D1', 2, 15);
    b.record('D2', 8, 9);
    expect(kept(b, strengthOfVictory, ['A1', 'A2'])).toEqual(['A1']);
    // SOS: A1 (10-7 + 2-15 = 12/34), A2 (4-13 + 8-9 + 16-1 = 28/51): A2's is stronger
    expect(kept(b, strengthOfSchedule, ['A1', 'A2'])).toEqual(['A2']);
    // The draft keeps the weaker schedule (direction -1).
    expect(kept(b, strengthOfSchedule, ['A1', 'A2'], -1)).toEqual(['A1']);
  });

  it('combined ranking in points scored and allowed: ranks summed, shared ranks count as held alone', () => {
    // Conference X: A1 30 for, 0 against; A2 30 for (shares 1st), 20 against; B1 20 for, 10 against;
    // five idle clubs 0 and 0. A1: 1 + 1 = 2; A2: 1 + 8 (A1, B1 and the idle five allow less) = 9.
    const b = build(['A1>C1 30-0', 'A2>C2 30-20', 'B1>C3 20-10']);
    expect(kept(b, combinedRanking('conference'), ['A1', 'A2'])).toEqual(['A1']);
    // League: A2 1 + 13 = 14 (A1, B1, C3 and ten idle clubs allow less); B1 3 + 12 = 15 (A1, ten idle).
    expect(kept(b, combinedRanking('league'), ['A2', 'B1'])).toEqual(['A2']);
    // Needs every score: with a game left to play it does not apply.
    const left = build(['A1>C1 30-0', 'A2>C2 30-20'], { remaining: [['A1', 'A2']] });
    expect(kept(left, combinedRanking('conference'), ['A1', 'A2'])).toBeNull();
    expect(kept(left, netPointsAll, ['A1', 'A2'])).toBeNull();
  });

  it('net points: in common games, in conference games, in all games', () => {
    const b = build(['A1>C1 30-0', 'A2>C1 21-20', 'A1<B1 0-7', 'A2>B2 14-13', 'A1<D1 0-3']);
    expect(kept(b, netPointsCommon, ['A1', 'A2'])).toEqual(['A1']); // C1: +30 against +1
    expect(kept(b, netPointsConference, ['A1', 'A2'])).toEqual(['A2']); // B1: -7 against B2: +1
    expect(kept(b, netPointsAll, ['A1', 'A2'])).toEqual(['A1']); // +20 against +2
  });

  it('coin toss: uniform over the clubs, from the draw', () => {
    const b = build([], { draws: [0, 0xffffffff, 0x80000000] });
    expect(coinToss(b.c, 3)).toBe(0);
    expect(coinToss(b.c, 3)).toBe(2);
    expect(coinToss(b.c, 2)).toBe(1);
  });
});

describe('division ties', () => {
  it('two clubs: a split head-to-head goes to division record', () => {
    const b = build(['A1>A2', 'A2>A1', 'A1>A3', 'A2<A3']);
    b.record('A1', 10, 7);
    b.record('A2', 10, 7);
    expect(b.ids([divisionTieWinner(b.c, b.cand('A1', 'A2'), 2)])).toEqual(['A1']);
    expect(b.trace.map((e) => e.step)).toEqual(['division record']);
  });

  it('three clubs: once a step drops one, the two left restart at head-to-head', () => {
    // A cycle among A1, A2, A3 (each 2-2 among them); A3 is worst in the division (lost twice to A4),
    // and A2 has the better conference record, but A1 beat A2 twice: A1 wins the division.
    const b = build(['A1>A2', 'A2<A1', 'A2>A3', 'A3<A2', 'A3>A1', 'A1<A3', 'A1>A4', 'A4<A1', 'A2>A4', 'A4<A2', 'A4>A3', 'A3<A4', 'A2>B1', 'A1<B1']);
    for (const id of ['A1', 'A2', 'A3']) b.record(id, 9, 8);
    const r = new Int32Array(16);
    rankDivision(b.c, b.cand('A1', 'A2', 'A3', 'A4'), r, new Int32Array(4), new Int32Array(4));
    b.record('A4', 2, 15);
    rankDivision(b.c, b.cand('A1', 'A2', 'A3', 'A4'), r, new Int32Array(4), new Int32Array(4));
    expect([r[at('A1')], r[at('A2')], r[at('A3')], r[at('A4')]]).toEqual([1, 2, 3, 4]);
    const steps = b.trace.slice(-3).map((e) => `${e.step}: ${b.ids(e.teams).join(',')} -> ${b.ids(e.kept).join(',')}`);
    expect(steps).toEqual([
      'division record: A1,A2,A3 -> A1,A2',
      'head-to-head: A1,A2 -> A1',
      // the rest start over: A2 against A3 (A2 beat A3 twice)
      'head-to-head: A2,A3 -> A2',
    ]);
  });

  it('a tie no step separates ends in a coin toss drawn from the stream', () => {
    const b = build(['A1>A2', 'A2>A1'], { draws: [0xffffffff] });
    expect(b.ids([divisionTieWinner(b.c, b.cand('A1', 'A2'), 2)])).toEqual(['A2']);
    expect(b.trace.at(-1)!.step).toBe('coin toss');
  });
});

describe('wild-card ties', () => {
  it('two clubs of different divisions: head-to-head, else conference record, else common games (minimum four)', () => {
    const b = build(['A2<B2', 'A3>B1', 'A3>B3', 'B4>A3', 'A3>B4']);
    expect(b.ids([wildcardTieWinner(b.c, b.cand('A2', 'B2'), 2)])).toEqual(['B2']);
    // A3 and B1 played once; A3 won.
    expect(b.ids([wildcardTieWinner(b.c, b.cand('B1', 'A3'), 2)])).toEqual(['A3']);
  });

  it('three or more clubs: a swept club drops out; when a step leaves two, they restart at head-to-head', () => {
    // D1 lost to A2, B2 and C1 (swept: out). A2, B2, C1 left: no sweep (C1 played neither), conference
    // record drops C1, and A2 and B2 restart at head-to-head, where A2 beat B2, though B2's strength of
    // victory is better.
    const b = build(['A2>D1', 'B2>D1', 'C1>D1', 'A2>B2', 'B2>C2']);
    for (const [id, w] of [
      ['A2', 6],
      ['B2', 6],
      ['C1', 4],
    ] as const) {
      b.s.confHalfWins[at(id)] = 2 * w;
      b.L.confGames[at(id)] = 12;
    }
    b.record('C2', 16, 1);
    expect(b.ids([wildcardTieWinner(b.c, b.cand('D1', 'C1', 'B2', 'A2'), 4)])).toEqual(['A2']);
    expect(b.trace.map((e) => `${e.step}: ${b.ids(e.kept).join(',')}`)).toEqual([
      'head-to-head sweep: C1,B2,A2',
      'conference record: B2,A2',
      'head-to-head: A2',
    ]);
  });

  it("one club per division: a division's second club waits for its first, whatever it did against the others", () => {
    // A2, A3 and B2 share a record; A2 ranks above A3 in division A (beat it twice). B2 beat A2, A3 beat
    // B2: without the rule A3 could take the first spot; with it, B2 meets A2 first and wins.
    const b = build(['A2>A3', 'A3<A2', 'B2>A2', 'A3>B2']);
    for (const id of ['A2', 'A3', 'B2']) b.record(id, 9, 8);
    const divRank = new Int32Array(16);
    divRank[at('A2')] = 2;
    divRank[at('A3')] = 3;
    divRank[at('B2')] = 2;
    const rank = new Int32Array(16);
    rankByWildcardProcedure(b.c, b.cand('A3', 'A2', 'B2'), 3, divRank, 5, rank, new Int32Array(3));
    expect([rank[at('B2')], rank[at('A2')], rank[at('A3')]]).toEqual([5, 6, 7]);
  });

  it('seeds: division winners first whatever their record, then the wild cards', () => {
    const games: string[] = [];
    // A1 wins division A at 2-0; B1 wins division B at 1-0; A2 (1-1) beats B1 on record? no: seeds 1-2 go to winners.
    games.push('A1>A2', 'A1>A3', 'A2>A4', 'B1>B2', 'C1>C2', 'D1>D2');
    const b = build(games, { draws: Array(40).fill(0) });
    const x = newSeedingScratch(b.L, 4);
    seedLeague(b.c, 4, x);
    expect(b.ids(x.seedTeam.subarray(0, 2))).toEqual(['A1', 'B1']);
    expect(x.divRank[at('A1')]).toBe(1);
    expect(x.confRank[at('A2')]).toBe(3);
  });
});

describe('draft ties', () => {
  it('equal records: the weaker schedule first; one division: the lower division rank first', () => {
    const b = build(['A1>C1', 'A2>C2']);
    b.record('C1', 12, 5);
    b.record('C2', 3, 14);
    const divRank = Int32Array.from(IDS, (id) => Number(id[1]));
    const confRank = new Int32Array(16);
    // A1 faced the stronger schedule: A2 picks first.
    expect(b.ids([draftTieLoser(b.c, b.cand('A1', 'A2'), 2, divRank, confRank)])).toEqual(['A2']);
    // Same schedule, same division: the lower-ranked club (A4) picks first.
    const e = build([]);
    expect(e.ids([draftTieLoser(e.c, e.cand('A3', 'A4'), 2, divRank, confRank)])).toEqual(['A4']);
  });

  it('clubs of both conferences: lowest of each conference, then head-to-head (the loser picks first)', () => {
    const b = build(['A1>C3', 'A2>C2']);
    const divRank = Int32Array.from(IDS, (id) => Number(id[1]));
    const confRank = Int32Array.from(IDS, (id) => Number(id[1]) + ('AC'.includes(id[0]) ? 0 : 4));
    // SOS: A1 played C3, A2 played C2, C3 and C2 played A1/A2 – all 1-1... set records to tie SOS.
    for (const id of ['A1', 'A2', 'C2', 'C3']) b.record(id, 8, 8);
    const w = draftTieLoser(b.c, b.cand('A1', 'A2', 'C3'), 3, divRank, confRank);
    // A2 is the lower of X's pair (division rank); C3 lost to A1 but did not play A2: no head-to-head,
    // so common games (none), strength of victory: A2 beat C2 (8-8), C3 beat nobody: C3 picks first.
    expect(b.ids([w])).toEqual(['C3']);
  });

  it('playoff clubs pick by round of exit, the champion last', () => {
    const b = build([]);
    for (const id of IDS) b.record(id, 8, 8);
    const reached = new Int32Array(16);
    reached[at('A1')] = 5;
    reached[at('C1')] = 4;
    reached[at('B1')] = 1;
    const pick = new Int32Array(16);
    const divRank = Int32Array.from(IDS, (id) => Number(id[1]));
    const confRank = Int32Array.from(IDS, (id) => Number(id[1]) * 2 - ('AC'.includes(id[0]) ? 1 : 0));
    b.c.draw = () => 0;
    draftOrder(b.c, reached, divRank, confRank, pick, newDraftScratch(16));
    expect(pick[at('A1')]).toBe(16);
    expect(pick[at('C1')]).toBe(15);
    expect(pick[at('B1')]).toBe(14);
    expect(new Set(pick).size).toBe(16);
  });
});
