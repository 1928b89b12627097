import { describe, expect, it } from "vitest";
import { createSeededRandom, gammaSample, standardNormalSample } from "./seeded-random";

describe("seeded random", () => {
  it("is reproducible and uniform on [0, 1)", () => {
    const a = createSeededRandom(9);
    const b = createSeededRandom(9);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
  });

  it("draws normal and gamma variates with the right moments", () => {
    const random = createSeededRandom(5);
    const n = 40000;
    let normalSum = 0;
    let normalSq = 0;
    let gammaSum = 0;
    let gammaSq = 0;
    let smallShapeSum = 0;
    for (let i = 0; i < n; i++) {
      const z = standardNormalSample(random);
      normalSum += z;
      normalSq += z * z;
      const g = gammaSample(random, 4);
      gammaSum += g;
      gammaSq += g * g;
      smallShapeSum += gammaSample(random, 0.25);
    }
    expect(normalSum / n).toBeCloseTo(0, 1);
    expect(normalSq / n).toBeCloseTo(1, 1);
    expect(gammaSum / n).toBeCloseTo(4, 1);
    expect(gammaSq / n - (gammaSum / n) ** 2).toBeGreaterThan(3.7);
    expect(gammaSq / n - (gammaSum / n) ** 2).toBeLessThan(4.3);
    expect(smallShapeSum / n).toBeCloseTo(0.25, 1);
  });
});
