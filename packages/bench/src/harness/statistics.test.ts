import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom } from "./prng";
import {
  bootstrapCi,
  coefficientOfVariation,
  mannWhitneyU,
  median,
  medianAbsoluteDeviation,
  normalCdf,
  percentile,
  standardDeviation,
  summarize,
  tukeyOutliers,
} from "./statistics";

const finiteArray = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 });

describe("statistics", () => {
  it("computes textbook values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.13809, 4);
    expect(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    expect(coefficientOfVariation([10, 10, 10])).toBe(0);
    expect(tukeyOutliers([1, 1, 1, 1, 1, 50])).toEqual([5]);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });

  it("keeps percentiles ordered and within the sample range (property)", () => {
    fc.assert(
      fc.property(finiteArray, (values) => {
        const s = summarize(values, { resamples: 50 });
        const ordered = [s.min, s.p1, s.p5, s.p25, s.median, s.p75, s.p90, s.p95, s.p99, s.max];
        for (let i = 1; i < ordered.length; i += 1)
          expect(ordered[i]).toBeGreaterThanOrEqual((ordered[i - 1] as number) - 1e-9);
        expect(Number.isFinite(s.coefficientOfVariation)).toBe(true);
        expect(s.medianCi.lower).toBeLessThanOrEqual(s.medianCi.upper);
        expect(s.medianCi.lower).toBeGreaterThanOrEqual(s.min);
        expect(s.medianCi.upper).toBeLessThanOrEqual(s.max);
      }),
    );
  });

  it("is translation-equivariant in the median and invariant in the MAD (property)", () => {
    fc.assert(
      fc.property(finiteArray, fc.double({ min: -1e3, max: 1e3, noNaN: true }), (values, shift) => {
        const shifted = values.map((v) => v + shift);
        expect(median(shifted)).toBeCloseTo(median(values) + shift, 3);
        expect(medianAbsoluteDeviation(shifted)).toBeCloseTo(medianAbsoluteDeviation(values), 3);
      }),
    );
  });

  it("gives reproducible bootstrap intervals for a seed", () => {
    const values = Array.from({ length: 50 }, (_, i) => 10 + Math.sin(i));
    expect(bootstrapCi(values, median, { seed: 7 })).toEqual(bootstrapCi(values, median, { seed: 7 }));
  });

  it("covers the true median about 95 % of the time (bootstrap calibration)", () => {
    const random = createRandom(99);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t += 1) {
      // Exponential(1): true median ln 2.
      const sample = Array.from({ length: 60 }, () => -Math.log(1 - random()));
      const ci = bootstrapCi(sample, median, { seed: t, resamples: 400 });
      if (ci.lower <= Math.LN2 && Math.LN2 <= ci.upper) covered += 1;
    }
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.995);
  });

  it("Mann-Whitney U separates shifted samples and not identical ones", () => {
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const b = a.map((v) => v + 20);
    expect(mannWhitneyU(a, b).pValue).toBeLessThan(0.001);
    expect(mannWhitneyU(a, a).pValue).toBeGreaterThan(0.9);
    // Textbook U for disjoint samples: U_a = 0.
    expect(mannWhitneyU(a, b).u).toBe(0);
  });

  it("Mann-Whitney p-values are in [0, 1] (property)", () => {
    fc.assert(
      fc.property(finiteArray, finiteArray, (a, b) => {
        const { pValue } = mannWhitneyU(a, b);
        expect(pValue).toBeGreaterThanOrEqual(0);
        expect(pValue).toBeLessThanOrEqual(1);
      }),
    );
  });
});
