import { InvalidInputError, type TraceRecord } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import {
  type ArrivalProcess,
  arrivalProcessSchema,
  buildRequestTable,
  type FleetTrafficInput,
  fleetTrafficSchema,
  type RequestTable,
  sessionSpecSchema,
  syntheticTrafficSchema,
  traceTrafficSchema,
} from "./traffic";

function table(input: FleetTrafficInput): RequestTable {
  return buildRequestTable(fleetTrafficSchema.parse(input));
}

/** The InvalidInputError building a table throws. */
function buildError(input: FleetTrafficInput): InvalidInputError {
  try {
    table(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("the table was built");
}

function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i] as number;
  return sum / xs.length;
}

function variance(xs: ArrayLike<number>): number {
  const m = mean(xs);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += ((xs[i] as number) - m) ** 2;
  return sum / (xs.length - 1);
}

function rel(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Gaps between consecutive arrivals, the first measured from 0. */
function gaps(times: ArrayLike<number>): Float64Array {
  const out = new Float64Array(times.length);
  let previous = 0;
  for (let i = 0; i < times.length; i++) {
    out[i] = (times[i] as number) - previous;
    previous = times[i] as number;
  }
  return out;
}

/** A request's prompt block ids. */
function blocks(t: RequestTable, i: number): number[] {
  const start = t.blockStart[i] as number;
  return Array.from(t.blockIds.subarray(start, start + (t.blockCount[i] as number)));
}

/** Indices of the first turns (requests no other request names as its next turn). */
function firstTurns(t: RequestTable): number[] {
  const follows = new Set<number>();
  for (let i = 0; i < t.count; i++) if ((t.nextTurn[i] as number) >= 0) follows.add(t.nextTurn[i] as number);
  return Array.from({ length: t.count }, (_, i) => i).filter((i) => !follows.has(i));
}

/** Sessions as lists of request indices, following nextTurn. */
function sessionsOf(t: RequestTable): number[][] {
  return firstTurns(t).map((first) => {
    const turns = [first];
    for (let next = t.nextTurn[first] as number; next >= 0; next = t.nextTurn[next] as number) turns.push(next);
    return turns;
  });
}

function gammaFn(x: number): number {
  // Gamma at the few points these tests need.
  const known: Record<string, number> = { "1": 1, "1.5": Math.sqrt(Math.PI) / 2, "2": 1, "3": 2, "5": 24 };
  const value = known[String(x)];
  if (value === undefined) throw new Error(`no Gamma(${x})`);
  return value;
}

const fixed = (tokens: number) => ({ kind: "fixed" as const, tokens });

const N = 40_000;

describe("traffic schemas", () => {
  it("parse arrival processes and refuse bad ones", () => {
    expect(arrivalProcessSchema.parse({ kind: "gamma", ratePerSecond: 10, cv: 2 }).kind).toBe("gamma");
    expect(arrivalProcessSchema.parse({ kind: "on-off", ratePerSecond: 1, onSeconds: 1, offSeconds: 0 }).kind).toBe(
      "on-off",
    );
    const bad = [
      { kind: "closed-loop", concurrency: 0 },
      { kind: "closed-loop", concurrency: 2.5 },
      { kind: "poisson", ratePerSecond: 0 },
      { kind: "poisson", ratePerSecond: Number.POSITIVE_INFINITY },
      { kind: "gamma", ratePerSecond: 1, cv: 0 },
      { kind: "weibull", ratePerSecond: 1, shape: -1 },
      { kind: "on-off", ratePerSecond: 1, onSeconds: 0, offSeconds: 1 },
      { kind: "on-off", ratePerSecond: 1, onSeconds: 1, offSeconds: -1 },
      { kind: "poisson", ratePerSecond: 1, burst: 2 },
      { kind: "uniform", ratePerSecond: 1 },
    ];
    for (const input of bad) expect(arrivalProcessSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
  });

  it("fills session, synthetic and trace defaults", () => {
    const session = sessionSpecSchema.parse({ turns: fixed(3), newInputTokens: fixed(100) });
    expect(session.idleSeconds).toBe(0);
    expect(session.idleExponential).toBe(true);
    const synthetic = syntheticTrafficSchema.parse({
      arrival: { kind: "poisson", ratePerSecond: 1 },
      requests: 10,
      inputTokens: fixed(10),
      outputTokens: fixed(10),
    });
    expect(synthetic.seed).toBe(1);
    expect(synthetic.sharedPrefixTokens).toBe(0);
    expect(synthetic.sessions).toBeUndefined();
    const trace = traceTrafficSchema.parse({ trace: [{ arrivalSeconds: 0, inputTokens: 1, outputTokens: 1 }] });
    expect(trace.timeScale).toBe(1);
    expect(trace.blockTokens).toBe(512);
  });

  it("refuse bad traffic", () => {
    const ok = {
      arrival: { kind: "poisson", ratePerSecond: 1 },
      requests: 10,
      inputTokens: fixed(10),
      outputTokens: fixed(10),
    };
    const bad: unknown[] = [
      { ...ok, requests: 0 },
      { ...ok, requests: 5_000_001 },
      { ...ok, seed: 1.5 },
      { ...ok, sharedPrefixTokens: -1 },
      { ...ok, inputTokens: { kind: "fixed", tokens: 0 } },
      { ...ok, sessions: { turns: fixed(2), newInputTokens: fixed(10), idleSeconds: -1 } },
      { ...ok, sessions: { turns: fixed(2) } },
      { ...ok, extra: true },
      { trace: [] },
      { trace: [{ arrivalSeconds: 0, inputTokens: 1, outputTokens: 1 }], timeScale: 0 },
      { trace: [{ arrivalSeconds: 0, inputTokens: 1, outputTokens: 1 }], blockTokens: 0 },
      { trace: [{ arrivalSeconds: 0, inputTokens: 1, outputTokens: 1, hashIds: [2 ** 31] }] },
    ];
    for (const input of bad) expect(fleetTrafficSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
  });
});

describe("buildRequestTable: open-loop arrivals", () => {
  const open = (arrival: ArrivalProcess) =>
    table({ arrival, requests: N, inputTokens: fixed(100), outputTokens: fixed(10), seed: 7 });

  function expectNonDecreasing(times: Float64Array): void {
    for (let i = 0; i < times.length; i++) {
      const t = times[i] as number;
      if (!(Number.isFinite(t) && t >= (i > 0 ? (times[i - 1] as number) : 0))) {
        throw new Error(`arrival ${i} at ${t} comes before arrival ${i - 1} at ${times[i - 1]}`);
      }
    }
  }

  it("poisson: increasing times, exponential gaps of mean 1 / rate", () => {
    const t = open({ kind: "poisson", ratePerSecond: 8 });
    expect(t.count).toBe(N);
    expect(t.closedLoopConcurrency).toBe(0);
    for (let i = 1; i < N; i++) if (!((t.arrivalSeconds[i] as number) > (t.arrivalSeconds[i - 1] as number))) throw i;
    expect(t.arrivalSeconds[0]).toBeGreaterThan(0);
    const g = gaps(t.arrivalSeconds);
    expect(rel(mean(g), 1 / 8)).toBeLessThan(0.03);
    expect(rel(variance(g), 1 / 64)).toBeLessThan(0.06);
    // Counts per second: Poisson, variance equal to the mean.
    const horizon = Math.floor(t.arrivalSeconds[N - 1] as number);
    const counts = new Float64Array(horizon);
    for (const a of t.arrivalSeconds) {
      const k = Math.floor(a);
      if (k < horizon) counts[k] = (counts[k] as number) + 1;
    }
    expect(rel(mean(counts), 8)).toBeLessThan(0.03);
    expect(rel(variance(counts) / mean(counts), 1)).toBeLessThan(0.1);
  });

  for (const cv of [0.5, 1, 3]) {
    it(`gamma, cv ${cv}: gaps of mean 1 / rate and variance (cv / rate)^2`, () => {
      const rate = 5;
      const t = open({ kind: "gamma", ratePerSecond: rate, cv });
      expectNonDecreasing(t.arrivalSeconds);
      const g = gaps(t.arrivalSeconds);
      expect(rel(mean(g), 1 / rate)).toBeLessThan(0.05);
      expect(rel(variance(g), (cv / rate) ** 2)).toBeLessThan(0.15);
    });
  }

  it("gamma with a vanishing cv: regular arrivals at 1 / rate, never NaN", () => {
    const t = open({ kind: "gamma", ratePerSecond: 4, cv: 1e-200 });
    expectNonDecreasing(t.arrivalSeconds);
    expect(t.arrivalSeconds[0]).toBeCloseTo(0.25, 12);
    expect(t.arrivalSeconds[N - 1]).toBeCloseTo(N / 4, 6);
    const tight = open({ kind: "gamma", ratePerSecond: 4, cv: 1e-3 });
    expect(rel(mean(gaps(tight.arrivalSeconds)), 0.25)).toBeLessThan(1e-3);
  });

  for (const shape of [0.5, 1, 2]) {
    it(`weibull, shape ${shape}: gaps of mean 1 / rate and the Weibull variance`, () => {
      const rate = 10;
      const t = open({ kind: "weibull", ratePerSecond: rate, shape });
      expectNonDecreasing(t.arrivalSeconds);
      const g = gaps(t.arrivalSeconds);
      expect(rel(mean(g), 1 / rate)).toBeLessThan(0.05);
      // cv^2 = Gamma(1 + 2/k) / Gamma(1 + 1/k)^2 - 1: 5 for k = 0.5, 1 for k = 1, 4/pi - 1 for k = 2.
      const cv2 = gammaFn(1 + 2 / shape) / gammaFn(1 + 1 / shape) ** 2 - 1;
      expect(rel(variance(g), cv2 / rate ** 2)).toBeLessThan(shape < 1 ? 0.25 : 0.08);
    });
  }

  it("weibull with a very small shape: finite, non-decreasing times (no Infinity x 0)", () => {
    for (const shape of [0.01, 0.005, 0.001]) {
      const t = table({
        arrival: { kind: "weibull", ratePerSecond: 10, shape },
        requests: 2000,
        inputTokens: fixed(100),
        outputTokens: fixed(10),
      });
      expectNonDecreasing(t.arrivalSeconds);
    }
  });

  it("on-off: mean rate x on / (on + off), and nothing in the off windows", () => {
    const rate = 10;
    const on = 2;
    const off = 3;
    const t = open({ kind: "on-off", ratePerSecond: rate, onSeconds: on, offSeconds: off });
    expectNonDecreasing(t.arrivalSeconds);
    const last = t.arrivalSeconds[N - 1] as number;
    expect(rel(N / last, (rate * on) / (on + off))).toBeLessThan(0.03);
    for (const a of t.arrivalSeconds) {
      const phase = a % (on + off);
      if (phase > on + 1e-9) throw new Error(`arrival at ${a} falls in an off window`);
    }
    // Each on window holds rate x on arrivals on average.
    const perWindow = new Float64Array(Math.floor(last / (on + off)));
    for (const a of t.arrivalSeconds) {
      const w = Math.floor(a / (on + off));
      if (w < perWindow.length) perWindow[w] = (perWindow[w] as number) + 1;
    }
    expect(rel(mean(perWindow), rate * on)).toBeLessThan(0.03);
  });

  it("on-off without off time: poisson at the rate", () => {
    const t = open({ kind: "on-off", ratePerSecond: 6, onSeconds: 1, offSeconds: 0 });
    expect(rel(mean(gaps(t.arrivalSeconds)), 1 / 6)).toBeLessThan(0.03);
  });

  it("single-turn open-loop requests carry no session links or idle times", () => {
    const t = open({ kind: "poisson", ratePerSecond: 8 });
    expect(t.nextTurn.every((x) => x === -1)).toBe(true);
    expect(t.successor.every((x) => x === -1)).toBe(true);
    expect(t.idleAfterSeconds.every((x) => x === 0)).toBe(true);
    expect(t.inputTokens.every((x) => x === 100)).toBe(true);
    expect(t.outputTokens.every((x) => x === 10)).toBe(true);
    expect(t.blockIds).toHaveLength(0);
    expect(t.blockTokens).toBe(256);
  });
});

describe("buildRequestTable: closed loop", () => {
  it("sends the first `concurrency` requests at 0; the rest follow completions (NaN)", () => {
    const t = table({
      arrival: { kind: "closed-loop", concurrency: 16 },
      requests: 100,
      inputTokens: fixed(1000),
      outputTokens: fixed(100),
    });
    expect(t.closedLoopConcurrency).toBe(16);
    expect(Array.from(t.arrivalSeconds.subarray(0, 16))).toEqual(new Array(16).fill(0));
    for (let i = 16; i < 100; i++) expect(t.arrivalSeconds[i]).toBeNaN();
  });

  it("with more clients than requests, sends them all at 0", () => {
    const t = table({
      arrival: { kind: "closed-loop", concurrency: 64 },
      requests: 10,
      inputTokens: fixed(5),
      outputTokens: fixed(5),
    });
    expect(Array.from(t.arrivalSeconds)).toEqual(new Array(10).fill(0));
  });

  it("with sessions: the first turns of the first `concurrency` sessions at 0, everything else NaN", () => {
    const t = table({
      arrival: { kind: "closed-loop", concurrency: 3 },
      requests: 40,
      inputTokens: fixed(500),
      outputTokens: fixed(50),
      sessions: { turns: fixed(4), newInputTokens: fixed(100), idleSeconds: 1 },
    });
    expect(t.closedLoopConcurrency).toBe(3);
    const firsts = firstTurns(t);
    expect(firsts).toEqual([0, 4, 8, 12, 16, 20, 24, 28, 32, 36]);
    for (let i = 0; i < t.count; i++) {
      const expected = firsts.indexOf(i) >= 0 && firsts.indexOf(i) < 3 ? 0 : Number.NaN;
      expect(t.arrivalSeconds[i]).toBe(expected);
    }
  });
});

describe("buildRequestTable: sessions", () => {
  const base = {
    arrival: { kind: "poisson" as const, ratePerSecond: 2 },
    requests: 2000,
    inputTokens: fixed(1000),
    outputTokens: fixed(200),
    sharedPrefixTokens: 512,
    seed: 3,
  };

  it("grows each turn's prompt by the previous answer and the new tokens, and links the turns", () => {
    const t = table({ ...base, sessions: { turns: fixed(4), newInputTokens: fixed(300), idleSeconds: 2 } });
    const sessions = sessionsOf(t);
    expect(sessions).toHaveLength(500);
    for (const turns of sessions) {
      expect(turns).toHaveLength(4);
      expect(t.inputTokens[turns[0] as number]).toBe(512 + 1000);
      for (let k = 0; k + 1 < turns.length; k++) {
        const a = turns[k] as number;
        const b = turns[k + 1] as number;
        expect(b).toBe(a + 1);
        expect(t.nextTurn[a]).toBe(b);
        expect(t.successor[a]).toBe(b);
        expect(t.inputTokens[b]).toBe((t.inputTokens[a] as number) + (t.outputTokens[a] as number) + 300);
        expect(t.arrivalSeconds[b]).toBeNaN();
      }
      const last = turns[turns.length - 1] as number;
      expect(t.nextTurn[last]).toBe(-1);
      expect(t.successor[last]).toBe(-1);
    }
    // First turns arrive by the process, in order.
    const starts = sessions.map((s) => t.arrivalSeconds[s[0] as number] as number);
    for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThan(starts[i - 1] as number);
    expect(rel(mean(gaps(starts)), 0.5)).toBeLessThan(0.1);
  });

  it("follows the recurrence with drawn turns and lengths too", () => {
    const t = table({
      ...base,
      requests: 5000,
      inputTokens: { kind: "exponential", meanTokens: 800 },
      outputTokens: { kind: "normal", meanTokens: 300, stdTokens: 100 },
      sharedPrefixTokens: 300,
      sessions: {
        turns: { kind: "uniform", minTokens: 1, maxTokens: 6 },
        newInputTokens: { kind: "lognormal", medianTokens: 200, sigma: 0.5 },
      },
    });
    const sessions = sessionsOf(t);
    expect(sessions.reduce((n, s) => n + s.length, 0)).toBe(5000);
    const lengths = new Set(sessions.slice(0, -1).map((s) => s.length));
    expect(lengths).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    const added: number[] = [];
    for (const turns of sessions) {
      expect(t.inputTokens[turns[0] as number]).toBeGreaterThan(300);
      for (let k = 0; k + 1 < turns.length; k++) {
        const a = turns[k] as number;
        const b = turns[k + 1] as number;
        const fresh = (t.inputTokens[b] as number) - (t.inputTokens[a] as number) - (t.outputTokens[a] as number);
        expect(fresh).toBeGreaterThanOrEqual(1);
        added.push(fresh);
      }
    }
    // The new tokens follow newInputTokens (lognormal, median 200), not inputTokens (exponential, mean 800).
    expect(rel(mean(added), 200 * Math.exp(0.125))).toBeLessThan(0.05);
  });

  it("draws exponential idle times of the given mean, or uses the mean as is", () => {
    const exp = table({ ...base, sessions: { turns: fixed(5), newInputTokens: fixed(100), idleSeconds: 4 } });
    expect(rel(mean(exp.idleAfterSeconds), 4)).toBeLessThan(0.06);
    expect(rel(Math.sqrt(variance(exp.idleAfterSeconds)), 4)).toBeLessThan(0.08);
    expect(exp.idleAfterSeconds.every((x) => x >= 0)).toBe(true);
    const flat = table({
      ...base,
      sessions: { turns: fixed(5), newInputTokens: fixed(100), idleSeconds: 4, idleExponential: false },
    });
    expect(flat.idleAfterSeconds.every((x) => x === 4)).toBe(true);
    const none = table({ ...base, sessions: { turns: fixed(5), newInputTokens: fixed(100) } });
    expect(none.idleAfterSeconds.every((x) => x === 0)).toBe(true);
  });

  it("gives consecutive turns common leading blocks, the shared prefix to all, and no block to two sessions", () => {
    for (const shared of [0, 300, 512]) {
      const t = table({
        ...base,
        sharedPrefixTokens: shared,
        inputTokens: { kind: "uniform", minTokens: 100, maxTokens: 3000 },
        outputTokens: { kind: "uniform", minTokens: 1, maxTokens: 600 },
        sessions: { turns: { kind: "uniform", minTokens: 1, maxTokens: 5 }, newInputTokens: fixed(256) },
      });
      const sharedBlocks = Math.floor(shared / 256);
      const sharedIds = Array.from({ length: sharedBlocks }, (_, b) => b);
      const owner = new Map<number, number>();
      sessionsOf(t).forEach((turns, s) => {
        for (let k = 0; k < turns.length; k++) {
          const i = turns[k] as number;
          const ids = blocks(t, i);
          // Every whole block of the prompt.
          expect(ids.length).toBe(Math.floor((t.inputTokens[i] as number) / 256));
          expect(ids.slice(0, sharedBlocks)).toEqual(sharedIds);
          for (const id of ids.slice(sharedBlocks)) {
            expect(id).toBeGreaterThanOrEqual(sharedBlocks);
            const o = owner.get(id);
            if (o !== undefined && o !== s) throw new Error(`block ${id} is in sessions ${o} and ${s}`);
            owner.set(id, s);
          }
          if (k > 0) {
            const previous = blocks(t, turns[k - 1] as number);
            expect(ids.slice(0, previous.length)).toEqual(previous);
            // The previous answer's whole blocks come next, also part of this prompt.
            const before = turns[k - 1] as number;
            const answered = Math.floor(((t.inputTokens[before] as number) + (t.outputTokens[before] as number)) / 256);
            expect(ids.length).toBeGreaterThanOrEqual(answered);
          }
        }
      });
    }
  });

  it("cuts the last session at `requests`", () => {
    const t = table({ ...base, requests: 10, sessions: { turns: fixed(4), newInputTokens: fixed(10) } });
    expect(sessionsOf(t).map((s) => s.length)).toEqual([4, 4, 2]);
    expect(t.nextTurn[9]).toBe(-1);
  });

  it("gives single-turn requests only the shared-prefix blocks", () => {
    const t = table({
      ...base,
      sharedPrefixTokens: 1000,
      inputTokens: { kind: "uniform", minTokens: 1, maxTokens: 5000 },
    });
    for (let i = 0; i < t.count; i++) {
      expect(blocks(t, i)).toEqual([0, 1, 2]);
      expect(t.inputTokens[i]).toBeGreaterThan(1000);
    }
    const plain = table({ ...base, sharedPrefixTokens: 0 });
    expect(plain.blockCount.every((c) => c === 0)).toBe(true);
    expect(plain.inputTokens.every((x) => x === 1000)).toBe(true);
  });
});

describe("buildRequestTable: determinism", () => {
  const traffic = (seed: number): FleetTrafficInput => ({
    arrival: { kind: "gamma", ratePerSecond: 3, cv: 2 },
    requests: 3000,
    inputTokens: { kind: "lognormal", medianTokens: 700, sigma: 0.7 },
    outputTokens: { kind: "exponential", meanTokens: 200 },
    sharedPrefixTokens: 600,
    sessions: { turns: { kind: "uniform", minTokens: 1, maxTokens: 8 }, newInputTokens: fixed(150), idleSeconds: 5 },
    seed,
  });

  it("gives identical tables for a seed and different ones for another", () => {
    const a = table(traffic(11));
    const b = table(traffic(11));
    expect(b).toEqual(a);
    const c = table(traffic(12));
    expect(c.inputTokens).not.toEqual(a.inputTokens);
    expect(c.outputTokens).not.toEqual(a.outputTokens);
    expect(c.arrivalSeconds[0]).not.toBe(a.arrivalSeconds[0]);
  });
});

describe("buildRequestTable: traces", () => {
  it("sorts by arrival (ties in file order), divides times by timeScale and keeps hash ids", () => {
    const trace: TraceRecord[] = [
      { arrivalSeconds: 4, inputTokens: 1024, outputTokens: 10, hashIds: [7, 8] },
      { arrivalSeconds: 1, inputTokens: 512, outputTokens: 20, hashIds: [7] },
      { arrivalSeconds: 2, inputTokens: 100, outputTokens: 30 },
      { arrivalSeconds: 1, inputTokens: 2048, outputTokens: 40, hashIds: [1000, 3, 3, 5] },
    ];
    const t = table({ trace, timeScale: 2 });
    expect(t.count).toBe(4);
    expect(Array.from(t.arrivalSeconds)).toEqual([0.5, 0.5, 1, 2]);
    expect(Array.from(t.inputTokens)).toEqual([512, 2048, 100, 1024]);
    expect(Array.from(t.outputTokens)).toEqual([20, 40, 30, 10]);
    expect(blocks(t, 0)).toEqual([7]);
    expect(blocks(t, 1)).toEqual([1000, 3, 3, 5]);
    expect(blocks(t, 2)).toEqual([]);
    expect(blocks(t, 3)).toEqual([7, 8]);
    expect(t.blockTokens).toBe(512);
    expect(t.closedLoopConcurrency).toBe(0);
    expect(t.nextTurn.every((x) => x === -1)).toBe(true);
    expect(t.successor.every((x) => x === -1)).toBe(true);
    expect(t.idleAfterSeconds.every((x) => x === 0)).toBe(true);
    expect(table({ trace }).arrivalSeconds[3]).toBe(4);
  });

  it("gives sessions without hash ids growing blocks numbered above the largest hash id, and links their turns", () => {
    const trace: TraceRecord[] = [
      { arrivalSeconds: 0, inputTokens: 300, outputTokens: 10, hashIds: [41, 2] },
      { arrivalSeconds: 1, inputTokens: 1000, outputTokens: 100, sessionId: "a" },
      { arrivalSeconds: 2, inputTokens: 1100, outputTokens: 100, sessionId: "b" },
      { arrivalSeconds: 5, inputTokens: 2000, outputTokens: 100, sessionId: "a" },
      { arrivalSeconds: 6, inputTokens: 3000, outputTokens: 100, sessionId: "a" },
      { arrivalSeconds: 7, inputTokens: 2100, outputTokens: 100, sessionId: "b" },
      { arrivalSeconds: 8, inputTokens: 50, outputTokens: 5 },
    ];
    const t = table({ trace, blockTokens: 256 });
    expect(t.blockTokens).toBe(256);
    const a = [1, 3, 4];
    const b = [2, 5];
    expect(a.map((i) => blocks(t, i).length)).toEqual([3, 7, 11]);
    expect(b.map((i) => blocks(t, i).length)).toEqual([4, 8]);
    for (const turns of [a, b]) {
      for (let k = 1; k < turns.length; k++) {
        const previous = blocks(t, turns[k - 1] as number);
        expect(blocks(t, turns[k] as number).slice(0, previous.length)).toEqual(previous);
        expect(t.successor[turns[k - 1] as number]).toBe(turns[k]);
      }
      expect(t.successor[turns[turns.length - 1] as number]).toBe(-1);
    }
    const idsA = new Set(blocks(t, 4));
    const idsB = new Set(blocks(t, 5));
    for (const id of idsB) expect(idsA.has(id)).toBe(false);
    for (const id of [...idsA, ...idsB]) expect(id).toBeGreaterThan(41);
    expect(Math.min(...idsA, ...idsB)).toBe(42);
    expect(blocks(t, 0)).toEqual([41, 2]);
    expect(blocks(t, 6)).toEqual([]);
    // Session turns arrive at their recorded times, not after completions.
    expect(t.nextTurn.every((x) => x === -1)).toBe(true);
    expect(Array.from(t.arrivalSeconds)).toEqual([0, 1, 2, 5, 6, 7, 8]);
  });

  it("numbers session blocks from 0 when no record has hash ids", () => {
    const t = table({
      trace: [
        { arrivalSeconds: 0, inputTokens: 1024, outputTokens: 1, sessionId: "s" },
        { arrivalSeconds: 1, inputTokens: 1536, outputTokens: 1, sessionId: "s" },
      ],
    });
    expect(blocks(t, 0)).toEqual([0, 1]);
    expect(blocks(t, 1)).toEqual([0, 1, 2]);
    expect(t.successor[0]).toBe(1);
  });

  it("keeps a record's hash ids verbatim when it also has a session", () => {
    const t = table({
      trace: [
        { arrivalSeconds: 0, inputTokens: 1024, outputTokens: 1, sessionId: "s", hashIds: [9, 4] },
        { arrivalSeconds: 1, inputTokens: 1536, outputTokens: 1, sessionId: "s", hashIds: [9, 4, 12] },
      ],
    });
    expect(blocks(t, 0)).toEqual([9, 4]);
    expect(blocks(t, 1)).toEqual([9, 4, 12]);
  });
});

describe("buildRequestTable: limits", () => {
  it("refuses a session whose conversation passes 10M tokens, naming sessions", () => {
    const error = buildError({
      arrival: { kind: "poisson", ratePerSecond: 1 },
      requests: 1000,
      inputTokens: fixed(1000),
      outputTokens: fixed(1000),
      sessions: { turns: fixed(1000), newInputTokens: fixed(1_000_000) },
    });
    expect(error.problems[0]?.path).toBe("sessions");
    expect(error.message).toContain("10000000");
  });

  it("refuses a request of more than 10M tokens, naming the field, before int32 could wrap", () => {
    const base = { arrival: { kind: "poisson" as const, ratePerSecond: 1 }, requests: 10 };
    expect(buildError({ ...base, inputTokens: fixed(3e9), outputTokens: fixed(10) }).problems[0]?.path).toBe(
      "inputTokens",
    );
    expect(buildError({ ...base, inputTokens: fixed(10), outputTokens: fixed(2e7) }).problems[0]?.path).toBe(
      "outputTokens",
    );
    expect(
      buildError({ ...base, inputTokens: fixed(10), outputTokens: fixed(10), sharedPrefixTokens: 2 ** 31 }).problems[0]
        ?.path,
    ).toBe("sharedPrefixTokens");
    const trace = [
      { arrivalSeconds: 0, inputTokens: 10, outputTokens: 1 },
      { arrivalSeconds: 5, inputTokens: 2 ** 31, outputTokens: 1 },
    ];
    expect(buildError({ trace }).problems[0]?.path).toBe("trace[1]");
    // At the limit: accepted.
    const t = table({ ...base, inputTokens: fixed(9_999_000), outputTokens: fixed(1000) });
    expect(t.inputTokens[0]).toBe(9_999_000);
  });

  it("refuses session blocks that would be numbered past int32", () => {
    const error = buildError({
      trace: [
        { arrivalSeconds: 0, inputTokens: 512, outputTokens: 1, hashIds: [2_147_483_647] },
        { arrivalSeconds: 1, inputTokens: 1024, outputTokens: 1, sessionId: "s" },
      ],
    });
    expect(error.problems[0]?.path).toBe("trace[1].sessionId");
  });
});
