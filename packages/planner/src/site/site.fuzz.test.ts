/**
 * Fuzz suite: designSite on random sites across magnitudes; each call returns finite numbers or throws a typed
 * AifError, never NaN, Infinity or another exception.
 */
import { isAifError, nonFinitePaths } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { designSite } from "./design-site";

describe("fuzz: designSite returns finite numbers or typed errors", { timeout: 120_000 }, () => {
  it("random sites (60 cases)", () => {
    let results = 0;
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ min: 0.001, max: 500, noNaN: true }), fc.double({ min: 1e-6, max: 1e5, noNaN: true })),
        fc.constantFrom("air", "direct-to-chip-liquid", "immersion"),
        fc.constantFrom("cool", "temperate", "hot"),
        fc.option(fc.double({ min: 1, max: 3, noNaN: true }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
        fc.option(fc.double({ min: 1, max: 300, noNaN: true }), { nil: undefined }),
        (gridPowerMW, cooling, climate, pue, floorSpaceRacks, rackPowerLimitKW) => {
          let result: unknown;
          try {
            result = designSite({
              site: {
                gridPowerMW,
                availableQuarter: "2027-Q1",
                cooling,
                climate,
                ...(pue === undefined ? {} : { pue }),
                ...(floorSpaceRacks === undefined ? {} : { floorSpaceRacks }),
                ...(rackPowerLimitKW === undefined ? {} : { rackPowerLimitKW }),
              },
              candidates: [{ systemId: "nvidia-dgx-h100" }, { systemId: "nvidia-gb200-nvl72" }],
            });
          } catch (error) {
            expect(isAifError(error), `untyped error: ${error instanceof Error ? error.stack : String(error)}`).toBe(
              true,
            );
            return;
          }
          expect(nonFinitePaths(result)).toEqual([]);
          results++;
        },
      ),
      { numRuns: 60 },
    );
    expect(results).toBeGreaterThan(30);
  });
});
