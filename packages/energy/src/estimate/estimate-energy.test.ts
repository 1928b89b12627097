import { assumptionSchema, InvalidInputError, NotFoundError } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateEnergy } from "./estimate-energy";

const dgxH100 = { systemPowerWatts: 10_200, acceleratorsPerSystem: 8 };

describe("estimateEnergy", () => {
  it("computes IT and facility energy from TDP and utilisation", () => {
    const result = estimateEnergy({
      acceleratorCount: 8,
      hours: 10,
      tdpWatts: 700,
      utilizationRatio: 1,
      pue: 1.2,
    });
    expect(result.itEnergyMWh).toBeCloseTo((8 * 10 * 700) / 1e6, 12);
    expect(result.energyMWh).toBeCloseTo((8 * 10 * 700 * 1.2) / 1e6, 12);
    expect(result.breakdown.facilityOverheadEnergyMWh).toBeCloseTo(result.energyMWh - result.itEnergyMWh, 12);
  });

  it("adds the host share from the system's power (DGX H100: 10.2 kW / 8 - 700 W = 575 W at full power)", () => {
    const result = estimateEnergy({
      acceleratorCount: 8,
      hours: 1,
      tdpWatts: 700,
      utilizationRatio: 1,
      system: dgxH100,
      includeHost: true,
      pue: 1,
    });
    expect(result.itPowerWattsPerAccelerator).toBeCloseTo(1275, 9);
    expect(result.breakdown.hostEnergyMWh).toBeCloseTo((8 * 575) / 1e6, 12);
  });

  it("uses TDP with a warning when no utilisation is given, and a given power ratio otherwise", () => {
    const result = estimateEnergy({ acceleratorCount: 1, hours: 1, tdpWatts: 1000, pue: 1 });
    expect(result.itPowerWattsPerAccelerator).toBeCloseTo(1000, 9);
    expect(result.assumptions.some((a) => a.name === "powerRatio")).toBe(true);
    for (const assumption of result.assumptions) assumptionSchema.parse(assumption);
    expect(result.assumptions.find((a) => a.name === "gridKgCo2ePerKWh")).toMatchObject({
      basis: "default",
      source: { evidence: expect.any(String) },
    });
    expect(result.warnings.join("\n")).toMatch(/drawn at TDP/);
    const training = estimateEnergy({ acceleratorCount: 1, hours: 1, tdpWatts: 1000, pue: 1, powerRatio: 0.75 });
    expect(training.itPowerWattsPerAccelerator).toBeCloseTo(750, 9);
  });

  it("uses a measured average power instead of the curve", () => {
    const result = estimateEnergy({
      acceleratorCount: 2,
      hours: 3,
      averagePowerWatts: 500,
      pue: 1.1,
    });
    expect(result.itEnergyMWh).toBeCloseTo(0.003, 12);
  });

  it("looks grid intensities up by region and keeps location- and market-based apart", () => {
    const fr = estimateEnergy({
      acceleratorCount: 1,
      hours: 1000,
      tdpWatts: 700,
      grid: { regionId: "fr" },
    });
    expect(fr.gridKgCo2ePerKWh).toBeCloseTo(0.056, 9);
    expect(() =>
      estimateEnergy({
        acceleratorCount: 1,
        hours: 1,
        tdpWatts: 700,
        grid: { regionId: "fr", basis: "market" },
      }),
    ).toThrow(/no market-based intensity/);
    expect(() =>
      estimateEnergy({
        acceleratorCount: 1,
        hours: 1,
        tdpWatts: 700,
        grid: { regionId: "frr" },
      }),
    ).toThrow(NotFoundError);
  });

  it("amortises embodied carbon over the service life and exposes the published range", () => {
    const result = estimateEnergy({
      acceleratorCount: 8,
      hours: 8760,
      tdpWatts: 700,
      acceleratorId: "nvidia-h100-sxm",
      embodied: { include: true },
    });
    expect(result.co2eTonnes.embodied).toBeCloseTo((164 * 8) / 5 / 1000, 9);
    expect(result.embodiedCo2eTonnesRange.min).toBeCloseTo((14.65 * 8) / 5 / 1000, 9);
    expect(result.embodiedCo2eTonnesRange.max).toBeCloseTo((575 * 8) / 5 / 1000, 9);
    expect(result.co2eTonnes.total).toBeCloseTo(result.co2eTonnes.operational + result.co2eTonnes.embodied, 9);
  });

  it("warns when embodied carbon has no estimate for the device", () => {
    const result = estimateEnergy({
      acceleratorCount: 1,
      hours: 1,
      tdpWatts: 400,
      acceleratorId: "unknown-chip",
      embodied: { include: true },
    });
    expect(result.co2eTonnes.embodied).toBe(0);
    expect(result.warnings.join("\n")).toMatch(/no embodied-carbon estimate/);
  });

  it("computes water on site from IT energy and off site from facility energy (Li et al. 2023)", () => {
    const result = estimateEnergy({
      acceleratorCount: 1,
      hours: 1000,
      averagePowerWatts: 1000,
      pue: 1.5,
      water: { onsiteWueLitersPerKWh: 0.5, offsiteLitersPerKWh: 2 },
    });
    expect(result.breakdown.onsiteWaterLiters).toBeCloseTo(500, 9);
    expect(result.breakdown.offsiteWaterLiters).toBeCloseTo(3000, 9);
    expect(result.waterLiters).toBeCloseTo(3500, 9);
  });

  it("gives per-token and per-query figures from a throughput", () => {
    const result = estimateEnergy({
      acceleratorCount: 1,
      hours: 1,
      averagePowerWatts: 1000,
      pue: 1,
      tokensPerSecondPerAccelerator: 1000,
      tokensPerQuery: 500,
    });
    expect(result.perToken?.facilityJoules).toBeCloseTo(1, 9);
    expect(result.perQuery?.facilityWattHours).toBeCloseTo(500 / 3600, 9);
  });

  it("rejects input without any power source", () => {
    expect(() => estimateEnergy({ acceleratorCount: 1, hours: 1 })).toThrow(InvalidInputError);
    expect(() => estimateEnergy({ acceleratorCount: 0, hours: 1, tdpWatts: 700 })).toThrow(InvalidInputError);
  });
});

describe("estimateEnergy properties", () => {
  const base = fc.record({
    acceleratorCount: fc.integer({ min: 1, max: 100_000 }),
    hours: fc.double({ min: 0.01, max: 100_000, noNaN: true }),
    tdpWatts: fc.double({ min: 10, max: 2000, noNaN: true }),
    utilizationRatio: fc.double({ min: 0, max: 1, noNaN: true }),
    pue: fc.double({ min: 1, max: 3, noNaN: true }),
    kg: fc.double({ min: 0, max: 1.5, noNaN: true }),
  });

  it("energy is linear in hours and in accelerator count", () => {
    fc.assert(
      fc.property(base, fc.integer({ min: 2, max: 10 }), (input, factor) => {
        const make = (count: number, hours: number) =>
          estimateEnergy({
            acceleratorCount: count,
            hours,
            tdpWatts: input.tdpWatts,
            utilizationRatio: input.utilizationRatio,
            pue: input.pue,
            grid: { kgCo2ePerKWh: input.kg },
          });
        const one = make(input.acceleratorCount, input.hours);
        const moreHours = make(input.acceleratorCount, input.hours * factor);
        const moreChips = make(input.acceleratorCount * factor, input.hours);
        expect(moreHours.energyMWh).toBeCloseTo(one.energyMWh * factor, 6);
        expect(moreChips.energyMWh / (one.energyMWh * factor)).toBeCloseTo(1, 9);
      }),
    );
  });

  it("operational carbon is linear in grid intensity", () => {
    fc.assert(
      fc.property(base, fc.double({ min: 0.5, max: 4, noNaN: true }), (input, factor) => {
        const make = (kg: number) =>
          estimateEnergy({
            acceleratorCount: input.acceleratorCount,
            hours: input.hours,
            tdpWatts: input.tdpWatts,
            pue: input.pue,
            grid: { kgCo2ePerKWh: kg },
          });
        const one = make(input.kg);
        const scaled = make(input.kg * factor);
        expect(scaled.co2eTonnes.operational).toBeCloseTo(one.co2eTonnes.operational * factor, 6);
      }),
    );
  });

  it("never returns NaN, Infinity or negative numbers", () => {
    fc.assert(
      fc.property(base, fc.boolean(), (input, includeHost) => {
        const result = estimateEnergy({
          acceleratorCount: input.acceleratorCount,
          hours: input.hours,
          tdpWatts: input.tdpWatts,
          utilizationRatio: input.utilizationRatio,
          pue: input.pue,
          grid: { kgCo2ePerKWh: input.kg },
          system: dgxH100,
          includeHost,
          acceleratorId: "nvidia-h100-sxm",
          embodied: { include: true },
          tokensPerSecondPerAccelerator: 100,
          tokensPerQuery: 300,
        });
        const numbers = [
          result.energyMWh,
          result.itEnergyMWh,
          result.facilityPowerKW,
          result.waterLiters,
          ...Object.values(result.co2eTonnes),
          ...Object.values(result.breakdown),
          ...Object.values(result.perToken ?? {}),
          ...Object.values(result.perQuery ?? {}),
        ];
        for (const value of numbers) {
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe("estimateAcceleratorEnergy without a catalog TDP", () => {
  it("uses a measured average power, and names the fix without one", async () => {
    const { estimateAcceleratorEnergy } = await import("./estimate-accelerator-energy");
    const measured = estimateAcceleratorEnergy({
      acceleratorId: "google-tpu-v5p",
      acceleratorCount: 8,
      hours: 10,
      averagePowerWatts: 400,
      grid: { regionId: "us" },
    });
    expect(measured.itEnergyMWh).toBeGreaterThan(0);
    expect(() =>
      estimateAcceleratorEnergy({
        acceleratorId: "google-tpu-v5p",
        acceleratorCount: 8,
        hours: 10,
        utilizationRatio: 0.5,
      }),
    ).toThrow(/no TDP/);
  });
});
