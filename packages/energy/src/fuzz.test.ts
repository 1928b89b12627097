/**
 * Fuzz suite (#22): the energy model on random inputs across every magnitude; each call returns finite numbers or
 * throws a typed AifError, never NaN, Infinity or another exception.
 */
import { isAifError, nonFinitePaths } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateEnergy } from "./index";

const magnitude = fc.oneof(
  fc.double({ min: 0.01, max: 1e6, noNaN: true }),
  fc.double({ min: 1e-300, max: 1e300, noNaN: true, noDefaultInfinity: true }),
);

describe("fuzz: the energy model returns finite numbers or typed errors", () => {
  it("estimateEnergy (1,000 cases)", () => {
    let results = 0;
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 2 ** 53 - 1 })),
        magnitude,
        magnitude,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (count, hours, tdp, utilization) => {
          let result: unknown;
          try {
            result = estimateEnergy({ acceleratorCount: count, hours, tdpWatts: tdp, utilizationRatio: utilization });
          } catch (error) {
            expect(isAifError(error), `untyped error: ${String(error)}`).toBe(true);
            return;
          }
          expect(nonFinitePaths(result)).toEqual([]);
          results++;
        },
      ),
      { numRuns: 1000 },
    );
    expect(results).toBeGreaterThan(50);
  });
});
