import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMemoryInputSchema } from "../spec/memory-inputs";
import { scoringOptionsSchema } from "../spec/scoring-options";
import { buildMemoryRecord } from "../store/memory-versions";
import { baseLevelActivation, optimizedLearningActivation, recallProbability, spacedActivation } from "./act-r";
import { bm25Idf, bm25TermScore } from "./bm25";
import { exponentialRetention, powerLawRetention } from "./decay";
import { rankCandidates } from "./rank-candidates";
import { reciprocalRankFusion } from "./rrf";
import { cosineSimilarity, normalizeVector } from "./vector";

const positive = fc.double({ min: 1e-3, max: 1e6, noNaN: true });

describe("BM25 (Robertson & Zaragoza 2009)", () => {
  it("idf is non-negative and falls as a term gets more common", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (n, a) => {
        const df = Math.min(n, a);
        expect(bm25Idf(n, df)).toBeGreaterThanOrEqual(0);
        if (df < n) expect(bm25Idf(n, df)).toBeGreaterThan(bm25Idf(n, df + 1));
      }),
    );
  });
  it("term score saturates below idf·(k1+1) and grows with tf", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), positive, positive, (tf, dl, avgdl) => {
        const idf = 2;
        const s = bm25TermScore(tf, dl, avgdl, idf);
        expect(s).toBeLessThan(idf * 2.2 + 1e-9);
        expect(bm25TermScore(tf + 1, dl, avgdl, idf)).toBeGreaterThan(s);
      }),
    );
  });
  it("matches a hand computation", () => {
    // idf = ln(1 + (100 − 5 + 0.5)/(5 + 0.5)); tf = 2, dl = 10, avgdl = 12, k1 = 1.2, b = 0.75
    const idf = Math.log(1 + 95.5 / 5.5);
    const expected = (idf * 2 * 2.2) / (2 + 1.2 * (0.25 + (0.75 * 10) / 12));
    expect(bm25TermScore(2, 10, 12, bm25Idf(100, 5))).toBeCloseTo(expected, 12);
  });
});

describe("ACT-R (Anderson & Lebiere 1998)", () => {
  it("base-level activation is ln Σ t^−d", () => {
    expect(baseLevelActivation([10, 100, 1000], 0.5)).toBeCloseTo(
      Math.log(10 ** -0.5 + 100 ** -0.5 + 1000 ** -0.5),
      12,
    );
    expect(baseLevelActivation([])).toBe(Number.NEGATIVE_INFINITY);
  });
  it("more uses raise activation; older uses lower it (property)", () => {
    fc.assert(
      fc.property(fc.array(positive, { minLength: 1, maxLength: 20 }), positive, (ages, extra) => {
        const b = baseLevelActivation(ages);
        expect(baseLevelActivation([...ages, extra])).toBeGreaterThan(b);
        expect(baseLevelActivation(ages.map((a) => a * 2))).toBeLessThanOrEqual(b + 1e-12);
      }),
    );
  });
  it("the optimised-learning approximation is close to the exact sum for evenly spaced uses", () => {
    const ages = Array.from({ length: 100 }, (_, i) => (i + 1) * 36);
    const exact = baseLevelActivation(ages, 0.5);
    expect(Math.abs(optimizedLearningActivation(100, 3600, 0.5) - exact)).toBeLessThan(0.2);
  });
  it("Petrov's approximation stands in for dropped uses", () => {
    const ages = Array.from({ length: 100 }, (_, i) => (i + 1) * 36);
    const exact = baseLevelActivation(ages);
    const approx = baseLevelActivation(ages.slice(0, 20), 0.5, 100, 3600);
    expect(Math.abs(approx - exact)).toBeLessThan(0.05);
  });
  it("recall probability is logistic around the threshold and always in [0, 1]", () => {
    expect(recallProbability(0, 0, 0.25)).toBe(0.5);
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (a) => {
        const p = recallProbability(a, 0, 0.25);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
    );
  });
  it("spacing (Pavlik & Anderson 2005): spaced uses outlast massed ones", () => {
    const day = 86_400;
    const massed = spacedActivation([0, 10, 20], 7 * day, 0.217, 0.177);
    const spaced = spacedActivation([0, day, 2 * day], 7 * day, 0.217, 0.177);
    expect(spaced).toBeGreaterThan(massed);
  });
});

describe("decay written as a half-life", () => {
  it("both curves give 0.5 at the half-life and decrease monotonically", () => {
    expect(exponentialRetention(24, 24)).toBeCloseTo(0.5, 12);
    expect(powerLawRetention(24, 24, 0.5)).toBeCloseTo(0.5, 12);
    fc.assert(
      fc.property(positive, positive, positive, (t, dt, h) => {
        for (const r of [exponentialRetention, (x: number, y: number) => powerLawRetention(x, y, 0.7)]) {
          const a = r(t, h);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(1);
          expect(r(t + dt, h)).toBeLessThanOrEqual(a);
        }
      }),
    );
  });
  it("the power law keeps more of old memories than the exponential (Wixted & Ebbesen 1991)", () => {
    expect(powerLawRetention(240, 24)).toBeGreaterThan(exponentialRetention(240, 24));
  });
});

describe("fusion and vectors", () => {
  it("RRF sums 1/(k + rank)", () => {
    expect(reciprocalRankFusion([1, 3], 60)).toBeCloseTo(1 / 61 + 1 / 63, 15);
  });
  it("cosine of normalised vectors is their dot product", () => {
    const a = normalizeVector([3, 4]);
    expect(a[0]).toBeCloseTo(0.6, 6);
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });
});

describe("rankCandidates", () => {
  const record = (content: string, importance: number, validFrom: string) =>
    buildMemoryRecord(
      addMemoryInputSchema.parse({ scope: { userId: "u" }, content, importance, validFrom }),
      "2026-06-01T00:00:00.000Z",
      null,
    );
  const now = Date.parse("2026-06-02T00:00:00Z");
  it("components are opt-in and every contribution is explained and finite", () => {
    const candidates = [
      { record: record("old", 0.9, "2026-01-01T00:00:00Z"), bm25: { raw: 3, rank: 1 }, accessTimesMs: [] },
      { record: record("new", 0.1, "2026-06-01T00:00:00Z"), bm25: { raw: 2.9, rank: 2 }, accessTimesMs: [now - 1000] },
    ];
    const plain = rankCandidates(candidates, scoringOptionsSchema.parse({}), {
      referenceMs: now,
      k: 2,
      retrievers: ["bm25"],
    });
    expect(plain.map((h) => h.memory.content)).toEqual(["old", "new"]);
    expect(plain[0]?.explanation.map((c) => c.name)).toEqual(["bm25", "relevance"]);
    const cognitive = rankCandidates(
      candidates,
      scoringOptionsSchema.parse({ activation: { enabled: true }, decay: { enabled: true, halfLifeHours: 24 } }),
      { referenceMs: now, k: 2, retrievers: ["bm25"] },
    );
    // A recent use and a recent encoding outweigh a 3% BM25 lead.
    expect(cognitive.map((h) => h.memory.content)).toEqual(["new", "old"]);
    for (const hit of cognitive) {
      const sum = hit.explanation.reduce((s, c) => s + c.contributionWeight, 0);
      expect(sum).toBeCloseTo(hit.score, 12);
      for (const c of hit.explanation) expect(Number.isFinite(c.contributionWeight)).toBe(true);
    }
    const ga = rankCandidates(candidates, scoringOptionsSchema.parse({ generativeAgents: { enabled: true } }), {
      referenceMs: now,
      k: 2,
      retrievers: ["bm25"],
    });
    expect(ga[0]?.explanation.map((c) => c.name)).toContain("generative-agents");
  });
});
