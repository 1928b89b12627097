/**
 * Fuzz suite (#22): the cost models on random inputs across every magnitude; each call returns finite numbers or
 * throws a typed AifError, never NaN, Infinity or another exception.
 */
import { isAifError, nonFinitePaths } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeTco, tokenCost } from "./index";

const magnitude = fc.oneof(
  fc.double({ min: 0.01, max: 1e6, noNaN: true }),
  fc.double({ min: 1e-300, max: 1e300, noNaN: true, noDefaultInfinity: true }),
);
const seen = { results: 0, errors: 0 };

function finiteOrTyped(run: () => unknown): void {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    expect(isAifError(error), `untyped error: ${String(error)}`).toBe(true);
    seen.errors++;
    return;
  }
  expect(nonFinitePaths(result)).toEqual([]);
  seen.results++;
}

function fuzz(property: fc.IProperty<unknown[]>, numRuns: number): void {
  seen.results = 0;
  seen.errors = 0;
  fc.assert(property, { numRuns });
  expect(seen.results).toBeGreaterThan(numRuns * 0.05);
}

describe("fuzz: cost models return finite numbers or typed errors", () => {
  it("tokenCost (1,000 cases)", () => {
    fuzz(
      fc.property(magnitude, magnitude, fc.double({ min: 1e-9, max: 1, noNaN: true }), (usd, tps, utilization) =>
        finiteOrTyped(() =>
          tokenCost({
            costUsdPerAcceleratorHour: usd,
            tokensPerSecondPerAccelerator: tps,
            utilizationRatio: utilization,
          }),
        ),
      ),
      1000,
    );
  });

  it("computeTco (1,000 cases)", () => {
    fuzz(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 2 ** 53 - 1 })),
        magnitude,
        magnitude,
        fc.double({ min: 0, max: 10, noNaN: true }),
        (count, price, watts, electricity) =>
          finiteOrTyped(() =>
            computeTco({
              acceleratorCount: count,
              acceleratorPriceUsd: price,
              maxPowerWattsPerAccelerator: watts,
              electricityUsdPerKWh: electricity,
            }),
          ),
      ),
      1000,
    );
  });
});
