import { assumptionSchema, formatAssumption, InvalidInputError } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeAcceleratorTco } from "./accelerator-tco";
import { capitalRecoveryFactor, computeTco, type TcoInput } from "./tco";

const base: TcoInput = {
  acceleratorCount: 8,
  acceleratorPriceUsd: 25000,
  maxPowerWattsPerAccelerator: 1275,
  electricityUsdPerKWh: 0.08,
  pue: 1.2,
  depreciationYears: 5,
};

describe("computeTco", () => {
  it("charges server capex straight-line at 0 % interest", () => {
    const tco = computeTco({ ...base, networkCostRatio: 0, colocationUsdPerKWMonth: 0 });
    const servers = 8 * 25000 * 1.64;
    expect(tco.breakdown.capex.serversUsd).toBeCloseTo(servers, 6);
    expect(tco.capitalChargeUsdPerYear).toBeCloseTo(servers / 5, 6);
  });

  it("computes electricity from average power, PUE and price", () => {
    const tco = computeTco({ ...base, averagePowerWattsPerAccelerator: 1000 });
    expect(tco.breakdown.energyMWhPerYear).toBeCloseTo((8 * 1000 * 1.2 * 8760) / 1e6, 9);
    expect(tco.breakdown.opexPerYear.electricityUsd).toBeCloseTo(8 * 1.2 * 8760 * 0.08, 6);
  });

  it("adds the network share as a share of total hardware cost (Epoch AI 0.19)", () => {
    const tco = computeTco(base);
    const { serversUsd, networkUsd } = tco.breakdown.capex;
    expect(networkUsd / (serversUsd + networkUsd)).toBeCloseTo(0.19, 9);
  });

  it("charges colocation on provisioned IT kW, or facility capex when owned", () => {
    const colo = computeTco(base);
    expect(colo.breakdown.opexPerYear.colocationUsd).toBeCloseTo(8 * 1.275 * 184.06 * 12, 6);
    const owned = computeTco({ ...base, facility: "owned", facilityLifeYears: 20 });
    expect(owned.breakdown.capex.facilityUsd).toBeCloseTo(((8 * 1275) / 1e6) * 11.7e6, 3);
    expect(owned.breakdown.opexPerYear.colocationUsd).toBe(0);
  });

  it("divides by utilisation for the cost per useful GPU-hour", () => {
    const tco = computeTco({ ...base, utilizationRatio: 0.5 });
    expect(tco.costPerUsefulGpuHourUsd).toBeCloseTo(tco.costPerGpuHourUsd * 2, 12);
    expect(tco.costPerGpuHourUsd).toBeCloseTo(tco.costPerYearUsd / (8 * 8760), 12);
  });

  it("uses the capital recovery factor with interest", () => {
    expect(capitalRecoveryFactor(0.1, 5)).toBeCloseTo(0.2638, 4);
    const withInterest = computeTco({ ...base, interestRatioPerYear: 0.1 });
    expect(withInterest.capitalChargeUsdPerYear).toBeGreaterThan(computeTco(base).capitalChargeUsdPerYear);
  });

  it("rejects invalid input", () => {
    expect(() => computeTco({ ...base, acceleratorPriceUsd: -1 })).toThrow(InvalidInputError);
    expect(() => computeTco({ ...base, pue: 0.9 })).toThrow(InvalidInputError);
  });

  it("is monotone in price, electricity price and PUE, and never NaN", () => {
    fc.assert(
      fc.property(
        fc.record({
          acceleratorCount: fc.integer({ min: 1, max: 200_000 }),
          acceleratorPriceUsd: fc.double({ min: 100, max: 100_000, noNaN: true }),
          maxPowerWattsPerAccelerator: fc.double({ min: 50, max: 3000, noNaN: true }),
          electricityUsdPerKWh: fc.double({ min: 0, max: 0.5, noNaN: true }),
          pue: fc.double({ min: 1, max: 2, noNaN: true }),
          depreciationYears: fc.double({ min: 1, max: 10, noNaN: true }),
          interestRatioPerYear: fc.double({ min: 0, max: 0.3, noNaN: true }),
          utilizationRatio: fc.double({ min: 0.01, max: 1, noNaN: true }),
        }),
        fc.double({ min: 1.01, max: 3, noNaN: true }),
        (input, factor) => {
          const one = computeTco(input);
          const pricier = computeTco({ ...input, acceleratorPriceUsd: input.acceleratorPriceUsd * factor });
          const dearerPower = computeTco({
            ...input,
            electricityUsdPerKWh: input.electricityUsdPerKWh * factor + 0.001,
          });
          expect(pricier.costPerGpuHourUsd).toBeGreaterThan(one.costPerGpuHourUsd);
          expect(pricier.capexUsd).toBeGreaterThan(one.capexUsd);
          expect(dearerPower.costPerGpuHourUsd).toBeGreaterThan(one.costPerGpuHourUsd);
          for (const value of [one.capexUsd, one.opexUsdPerYear, one.costPerGpuHourUsd, one.costPerUsefulGpuHourUsd]) {
            expect(Number.isFinite(value)).toBe(true);
            expect(value).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});

describe("computeAcceleratorTco", () => {
  it("fills price, power and electricity from the catalogs and lists them as assumptions", () => {
    const tco = computeAcceleratorTco({ acceleratorId: "nvidia-h100-sxm", acceleratorCount: 8, depreciationYears: 5 });
    const byName = new Map(tco.assumptions.map((a) => [a.name, a]));
    expect(byName.get("acceleratorPriceUsd")?.value).toBe(23238);
    expect(byName.get("maxPowerWattsPerAccelerator")?.value).toBe(1275);
    expect(byName.get("electricityUsdPerKWh")?.value).toBe(0.0826);
    expect(tco.costPerGpuHourUsd).toBeGreaterThan(0);
    for (const assumption of tco.assumptions) assumptionSchema.parse(assumption);
    expect(byName.get("depreciationYears")?.basis).toBe("given");
    expect(byName.get("acceleratorPriceUsd")).toMatchObject({
      basis: "default",
      source: { evidence: expect.any(String) },
    });
    expect(formatAssumption(byName.get("maxPowerWattsPerAccelerator")!)).toMatch(
      /^maxPowerWattsPerAccelerator = 1275 W \(default: /,
    );
  });

  it("accepts a given price and region", () => {
    const tco = computeAcceleratorTco({
      acceleratorId: "nvidia-h100-sxm",
      acceleratorCount: 8,
      acceleratorPriceUsd: 30000,
      regionId: "us-tx",
    });
    expect(tco.assumptions.find((a) => a.name === "electricityUsdPerKWh")?.value).toBe(0.066);
  });
});
