import { describe, expect, it } from "vitest";
import {
  type LengthDistribution,
  lengthDistributionSchema,
  meanLength,
  sampleLength,
  traceRecordSchema,
} from "./length-distribution";
import { createSeededRandom, gammaSample, standardNormalSample } from "./seeded-random";

/** `n` draws of a distribution with a fixed seed. */
function draws(dist: LengthDistribution, n: number, seed = 11): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: n }, () => sampleLength(dist, random));
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function variance(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1);
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Relative difference. */
function rel(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

function expectWholeAndWithin(xs: readonly number[], min = 1, max = Number.POSITIVE_INFINITY): void {
  for (const x of xs) {
    if (!Number.isInteger(x) || x < min || x > max) {
      throw new Error(`sample ${x} is not a whole number in [${min}, ${max}]`);
    }
  }
}

const N = 40_000;

describe("lengthDistributionSchema", () => {
  it("parses every kind", () => {
    const inputs = [
      { kind: "fixed", tokens: 128 },
      { kind: "uniform", minTokens: 100, maxTokens: 300 },
      { kind: "normal", meanTokens: 1000, stdTokens: 200, minTokens: 10, maxTokens: 4000 },
      { kind: "normal", meanTokens: 1000, stdTokens: 0 },
      { kind: "lognormal", medianTokens: 800, sigma: 0.8, maxTokens: 8000 },
      { kind: "exponential", meanTokens: 300 },
      { kind: "empirical", tokens: [10, 20, 30] },
      { kind: "empirical", tokens: [10, 20, 30], weights: [1, 0, 2.5] },
    ];
    for (const input of inputs) expect(lengthDistributionSchema.parse(input)).toEqual(input);
  });

  it("takes uniform bounds in either order, the sampler and the mean alike", () => {
    const dist = lengthDistributionSchema.parse({ kind: "uniform", minTokens: 300, maxTokens: 100 });
    const xs = draws(dist, 5000);
    expectWholeAndWithin(xs, 100, 300);
    expect(meanLength(dist)).toBe(200);
  });

  it("refuses bad distributions, naming the field", () => {
    const bad: [unknown, string][] = [
      [{ kind: "poisson", meanTokens: 3 }, "kind"],
      [{ kind: "fixed", tokens: 0 }, "tokens"],
      [{ kind: "fixed", tokens: 12.5 }, "tokens"],
      [{ kind: "fixed", tokens: 12, extra: 1 }, ""],
      [{ kind: "uniform", minTokens: 0, maxTokens: 10 }, "minTokens"],
      [{ kind: "normal", meanTokens: -5, stdTokens: 1 }, "meanTokens"],
      [{ kind: "normal", meanTokens: 100, stdTokens: -1 }, "stdTokens"],
      [{ kind: "normal", meanTokens: 100, stdTokens: Number.NaN }, "stdTokens"],
      [{ kind: "normal", meanTokens: 100, stdTokens: 10, minTokens: 200, maxTokens: 50 }, "minTokens"],
      [{ kind: "lognormal", medianTokens: 100, sigma: 1, minTokens: 200, maxTokens: 50 }, "minTokens"],
      [{ kind: "exponential", meanTokens: Number.POSITIVE_INFINITY }, "meanTokens"],
      [{ kind: "exponential", meanTokens: 100, minTokens: 200, maxTokens: 50 }, "minTokens"],
      [{ kind: "empirical", tokens: [] }, "tokens"],
      [{ kind: "empirical", tokens: [1, 0] }, "tokens.1"],
      [{ kind: "empirical", tokens: [1, 2], weights: [1] }, "weights"],
      [{ kind: "empirical", tokens: [1, 2], weights: [0, 0] }, "weights"],
      [{ kind: "empirical", tokens: [1, 2], weights: [1, -1] }, "weights.1"],
    ];
    for (const [input, path] of bad) {
      const result = lengthDistributionSchema.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      expect(result.error?.issues[0]?.path.join(".")).toBe(path);
    }
  });

  it("accepts equal min and max bounds", () => {
    const dist = lengthDistributionSchema.parse({
      kind: "normal",
      meanTokens: 100,
      stdTokens: 50,
      minTokens: 7,
      maxTokens: 7,
    });
    expect(new Set(draws(dist, 1000))).toEqual(new Set([7]));
  });
});

describe("sampleLength and meanLength", () => {
  it("fixed: every draw is the count", () => {
    const dist: LengthDistribution = { kind: "fixed", tokens: 128 };
    expect(new Set(draws(dist, 1000))).toEqual(new Set([128]));
    expect(meanLength(dist)).toBe(128);
  });

  it("uniform: every integer of [min, max], equally often", () => {
    const dist: LengthDistribution = { kind: "uniform", minTokens: 10, maxTokens: 20 };
    const xs = draws(dist, N);
    expectWholeAndWithin(xs, 10, 20);
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    for (const c of counts.values()) expect(rel(c, N / 11)).toBeLessThan(0.1);
    expect(meanLength(dist)).toBe(15);
    expect(rel(mean(xs), 15)).toBeLessThan(0.01);
    // A one-point range.
    expect(new Set(draws({ kind: "uniform", minTokens: 5, maxTokens: 5 }, 100))).toEqual(new Set([5]));
  });

  it("normal: mean and standard deviation, rounded to whole tokens", () => {
    const dist: LengthDistribution = { kind: "normal", meanTokens: 1000, stdTokens: 150 };
    const xs = draws(dist, N);
    expectWholeAndWithin(xs);
    expect(meanLength(dist)).toBe(1000);
    expect(rel(mean(xs), 1000)).toBeLessThan(0.01);
    expect(rel(Math.sqrt(variance(xs)), 150)).toBeLessThan(0.03);
    // Without spread: the mean, rounded.
    expect(new Set(draws({ kind: "normal", meanTokens: 99.6, stdTokens: 0 }, 100))).toEqual(new Set([100]));
  });

  it("normal: clamps to [minTokens, maxTokens], and to 1 by default", () => {
    const clamped = draws({ kind: "normal", meanTokens: 500, stdTokens: 400, minTokens: 200, maxTokens: 700 }, N);
    expectWholeAndWithin(clamped, 200, 700);
    expect(clamped.filter((x) => x === 200).length).toBeGreaterThan(N * 0.15);
    expect(clamped.filter((x) => x === 700).length).toBeGreaterThan(N * 0.15);
    const low = draws({ kind: "normal", meanTokens: 2, stdTokens: 10 }, N);
    expectWholeAndWithin(low);
    // About 45% of N(2, 10) rounds below 1.
    expect(low.filter((x) => x === 1).length / N).toBeGreaterThan(0.4);
  });

  it("lognormal: the median, and the mean exp(sigma^2 / 2) x median", () => {
    const dist: LengthDistribution = { kind: "lognormal", medianTokens: 800, sigma: 0.6 };
    const xs = draws(dist, N);
    expectWholeAndWithin(xs);
    expect(meanLength(dist)).toBeCloseTo(800 * Math.exp(0.18), 9);
    expect(rel(median(xs), 800)).toBeLessThan(0.02);
    expect(rel(mean(xs), meanLength(dist))).toBeLessThan(0.02);
    // sigma 0: every draw the median.
    expect(new Set(draws({ kind: "lognormal", medianTokens: 640, sigma: 0 }, 100))).toEqual(new Set([640]));
  });

  it("lognormal: clamps to its bounds", () => {
    const xs = draws({ kind: "lognormal", medianTokens: 800, sigma: 1.5, minTokens: 100, maxTokens: 4000 }, N);
    expectWholeAndWithin(xs, 100, 4000);
    expect(xs).toContain(100);
    expect(xs).toContain(4000);
  });

  it("exponential: the mean, and a standard deviation equal to it", () => {
    const dist: LengthDistribution = { kind: "exponential", meanTokens: 300 };
    const xs = draws(dist, N);
    expectWholeAndWithin(xs);
    expect(meanLength(dist)).toBe(300);
    expect(rel(mean(xs), 300)).toBeLessThan(0.03);
    expect(rel(Math.sqrt(variance(xs)), 300)).toBeLessThan(0.05);
    const clamped = draws({ kind: "exponential", meanTokens: 300, minTokens: 50, maxTokens: 600 }, N);
    expectWholeAndWithin(clamped, 50, 600);
    expect(clamped).toContain(50);
    expect(clamped).toContain(600);
  });

  it("empirical without weights: each value equally often", () => {
    const dist: LengthDistribution = { kind: "empirical", tokens: [100, 200, 200, 1000] };
    const xs = draws(dist, N);
    expect(new Set(xs)).toEqual(new Set([100, 200, 1000]));
    expect(rel(xs.filter((x) => x === 100).length, N / 4)).toBeLessThan(0.05);
    expect(rel(xs.filter((x) => x === 200).length, N / 2)).toBeLessThan(0.05);
    expect(meanLength(dist)).toBe(375);
    expect(rel(mean(xs), 375)).toBeLessThan(0.02);
  });

  it("empirical with weights: each value in proportion to its weight, zero weights never drawn", () => {
    const dist: LengthDistribution = { kind: "empirical", tokens: [10, 20, 30, 40], weights: [1, 0, 3, 6] };
    const xs = draws(dist, N);
    expect(new Set(xs)).toEqual(new Set([10, 30, 40]));
    expect(rel(xs.filter((x) => x === 10).length, N * 0.1)).toBeLessThan(0.08);
    expect(rel(xs.filter((x) => x === 30).length, N * 0.3)).toBeLessThan(0.04);
    expect(rel(xs.filter((x) => x === 40).length, N * 0.6)).toBeLessThan(0.03);
    expect(meanLength(dist)).toBeCloseTo(34, 9);
    expect(rel(mean(xs), 34)).toBeLessThan(0.01);
    // A zero weight at either end.
    expect(new Set(draws({ kind: "empirical", tokens: [5, 6, 7], weights: [0, 1, 0] }, 2000))).toEqual(new Set([6]));
  });

  it("empirical built in code with weights the schema refuses: equal weights, in the sampler and the mean alike", () => {
    for (const weights of [
      [1, 2],
      [0, 0, 0],
    ]) {
      const dist: LengthDistribution = { kind: "empirical", tokens: [10, 20, 60], weights };
      const xs = draws(dist, N);
      expect(new Set(xs)).toEqual(new Set([10, 20, 60]));
      expect(meanLength(dist)).toBe(30);
      expect(rel(mean(xs), 30)).toBeLessThan(0.02);
    }
  });

  it("draws from a large weighted empirical distribution without a pass over its weights per draw", () => {
    const size = 200_000;
    const tokens = Array.from({ length: size }, (_, i) => i + 1);
    // Only the even values carry weight.
    const weights = tokens.map((t) => (t % 2 === 0 ? 1 : 0));
    const dist = lengthDistributionSchema.parse({ kind: "empirical", tokens, weights });
    const xs = draws(dist, size);
    for (const x of xs) if (x % 2 !== 0) throw new Error(`drew ${x}, whose weight is 0`);
    expect(rel(mean(xs), meanLength(dist))).toBeLessThan(0.01);
    expect(meanLength(dist)).toBeCloseTo(size / 2 + 1, 6);
  });

  it("gives whole numbers >= 1 for every kind, and a mean near meanLength", () => {
    const dists: LengthDistribution[] = [
      { kind: "fixed", tokens: 1 },
      { kind: "uniform", minTokens: 1, maxTokens: 3 },
      { kind: "normal", meanTokens: 400, stdTokens: 50 },
      { kind: "lognormal", medianTokens: 50, sigma: 0.4 },
      { kind: "exponential", meanTokens: 120 },
      { kind: "empirical", tokens: [1, 2, 3, 10] },
      { kind: "empirical", tokens: [1, 2, 3, 10], weights: [4, 3, 2, 1] },
    ];
    for (const dist of dists) {
      const xs = draws(dist, N, 3);
      expectWholeAndWithin(xs);
      expect(rel(mean(xs), meanLength(dist)), dist.kind).toBeLessThan(0.03);
    }
  });

  it("is reproducible for a seed and differs for another", () => {
    const dist: LengthDistribution = { kind: "lognormal", medianTokens: 500, sigma: 1 };
    expect(draws(dist, 500, 42)).toEqual(draws(dist, 500, 42));
    expect(draws(dist, 500, 42)).not.toEqual(draws(dist, 500, 43));
  });
});

describe("traceRecordSchema", () => {
  it("accepts a request with and without session and hash ids", () => {
    const records = [
      { arrivalSeconds: 0, inputTokens: 1, outputTokens: 1 },
      { arrivalSeconds: 0.5, inputTokens: 655, outputTokens: 52, hashIds: [46, 47] },
      { arrivalSeconds: 3, inputTokens: 655, outputTokens: 52, sessionId: "s-1", hashIds: [] },
      { arrivalSeconds: 3, inputTokens: 655, outputTokens: 52, hashIds: [2_147_483_647] },
    ];
    for (const r of records) expect(traceRecordSchema.parse(r)).toEqual(r);
  });

  it("refuses bad records, naming the field", () => {
    const ok = { arrivalSeconds: 1, inputTokens: 10, outputTokens: 2 };
    const bad: [unknown, string][] = [
      [{ ...ok, arrivalSeconds: -1 }, "arrivalSeconds"],
      [{ ...ok, arrivalSeconds: Number.POSITIVE_INFINITY }, "arrivalSeconds"],
      [{ ...ok, inputTokens: 0 }, "inputTokens"],
      [{ ...ok, inputTokens: 1.5 }, "inputTokens"],
      [{ ...ok, outputTokens: -3 }, "outputTokens"],
      [{ arrivalSeconds: 1, inputTokens: 10 }, "outputTokens"],
      [{ ...ok, sessionId: "" }, "sessionId"],
      [{ ...ok, sessionId: 7 }, "sessionId"],
      [{ ...ok, hashIds: [1, -2] }, "hashIds.1"],
      [{ ...ok, hashIds: [0.5] }, "hashIds.0"],
      // Block ids are int32 in the fleet simulator.
      [{ ...ok, hashIds: [2_147_483_648] }, "hashIds.0"],
      [{ ...ok, timestamp: 5 }, ""],
    ];
    for (const [input, path] of bad) {
      const result = traceRecordSchema.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      expect(result.error?.issues[0]?.path.join(".")).toBe(path);
    }
  });
});

describe("seeded random (what the samplers draw from)", () => {
  it("reduces seeds to 32 bits and gives distinct streams for distinct seeds", () => {
    const first = (seed: number) => createSeededRandom(seed)();
    expect(first(5)).toBe(first(2 ** 32 + 5));
    expect(first(-1)).toBe(first(2 ** 32 - 1));
    const firsts = new Set(Array.from({ length: 1000 }, (_, s) => first(s)));
    expect(firsts.size).toBe(1000);
  });

  it("draws a symmetric normal with the right tails", () => {
    const random = createSeededRandom(21);
    const xs = Array.from({ length: N }, () => standardNormalSample(random));
    for (const x of xs) expect(Number.isFinite(x)).toBe(true);
    // P(|Z| > 1.96) = 5%, P(Z > 0) = 50%.
    expect(xs.filter((x) => Math.abs(x) > 1.96).length / N).toBeCloseTo(0.05, 2);
    expect(xs.filter((x) => x > 0).length / N).toBeCloseTo(0.5, 1);
  });

  it("draws gamma variates with mean and variance equal to the shape, for shapes below and above 1", () => {
    for (const shape of [0.1, 0.5, 1, 2.5, 30]) {
      const random = createSeededRandom(17);
      const xs = Array.from({ length: N }, () => gammaSample(random, shape));
      for (const x of xs) if (!(x >= 0 && Number.isFinite(x))) throw new Error(`gamma(${shape}) drew ${x}`);
      expect(rel(mean(xs), shape), `mean, shape ${shape}`).toBeLessThan(0.04);
      expect(rel(variance(xs), shape), `variance, shape ${shape}`).toBeLessThan(0.12);
    }
  });
});
