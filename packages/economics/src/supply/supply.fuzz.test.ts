import { isAifError, nonFinitePaths } from "@aifactory/core";
/**
 * Fuzz suite (#22): the supply model on random inputs across every magnitude (counts up to 2^53 - 1, shares,
 * capacities and power from 0 to 1e300, yields, start quarters far in the past and future, horizons); every call
 * returns only finite numbers or throws a typed AifError, and at least 5% of the cases produce a result.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { finiteOrTypedChecker } from "../../../../tooling/vitest/fuzz.ts";
import { listBillsOfMaterials } from "./bill-of-materials";
import { planAcceleratorSupply } from "./plan-accelerator-supply";
import { planSupply } from "./plan-supply";

const SCALE = Math.max(1, Number(process.env.AIF_FUZZ_SCALE ?? 1) || 1);
const { check: finiteOrTyped, seen } = finiteOrTypedChecker({ isAifError, nonFinitePaths });

function fuzz(property: fc.IProperty<unknown[]>, numRuns: number): void {
  seen.results = 0;
  seen.errors = 0;
  fc.assert(property, { numRuns: Math.round(numRuns * SCALE) });
  expect(seen.results).toBeGreaterThan(numRuns * SCALE * 0.05);
}

const magnitude = fc.oneof(
  fc.double({ min: 0.01, max: 1e6, noNaN: true }),
  fc.double({ min: 1e-300, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, 5e-324, 1.7976931348623157e308),
);
const count = fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 2 ** 53 - 1 }));
const ratio = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 5e-324, 1));
const quarter = fc
  .oneof(
    fc.tuple(fc.integer({ min: 2024, max: 2035 }), fc.integer({ min: 1, max: 4 })),
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 4 })),
  )
  .map(([year, q]) => `${String(year).padStart(4, "0")}-Q${q}`);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const defined = (entries: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

describe("fuzz: the supply model returns finite numbers or typed errors", () => {
  it("planSupply (400 cases)", () => {
    const boms = listBillsOfMaterials();
    fuzz(
      fc.property(
        fc.constantFrom(...boms),
        count,
        quarter,
        ratio,
        ratio,
        optional(magnitude),
        optional(magnitude),
        optional(magnitude),
        optional(magnitude),
        optional(fc.integer({ min: 1, max: 400 })),
        optional(fc.dictionary(quarter, magnitude, { maxKeys: 4 })),
        (
          bom,
          acceleratorCount,
          startQuarter,
          vendorShare,
          allocation,
          hbm,
          logic,
          required,
          available,
          horizon,
          cowos,
        ) =>
          finiteOrTyped(() =>
            planSupply(
              defined({
                bom,
                acceleratorCount,
                startQuarter,
                vendorShareOfCowosRatio: vendorShare,
                allocationShareRatio: allocation,
                hbmStacksPerQuarter: hbm,
                logicWafersPerMonth: logic,
                requiredPowerMW: required,
                availablePowerMW: available,
                horizonQuarters: horizon,
                cowosWafersPerMonthByQuarter: cowos,
              }) as never,
            ),
          ),
      ),
      400,
    );
  });

  it("planAcceleratorSupply (300 cases)", () => {
    const ids = listBillsOfMaterials().map((bom) => bom.acceleratorId);
    fuzz(
      fc.property(
        fc.constantFrom(...ids),
        count,
        quarter,
        optional(ratio),
        optional(magnitude),
        optional(fc.oneof(fc.double({ min: 1, max: 3, noNaN: true }), magnitude)),
        (acceleratorId, acceleratorCount, startQuarter, allocation, available, pue) =>
          finiteOrTyped(() =>
            planAcceleratorSupply(
              defined({
                acceleratorId,
                acceleratorCount,
                startQuarter,
                allocationShareRatio: allocation,
                availablePowerMW: available,
                pue,
              }) as never,
            ),
          ),
      ),
      300,
    );
  });
});
