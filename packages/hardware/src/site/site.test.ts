import { InvalidInputError } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getSystem } from "../catalog";
import { listPowerCapCurves, powerCapEffect } from "./power-caps";
import { packRacks } from "./rack-packing";

describe("rack packing", () => {
  it("DGX H100 (10.2 kW, 8U) in 40 kW air racks: 3 per rack (NVIDIA DGX H100 user guide power)", () => {
    const packing = packRacks(getSystem("nvidia-dgx-h100"), { systemCount: 127, rackPowerLimitWatts: 40_000 });
    expect(packing.systemsPerRack).toBe(3);
    expect(packing.rackCount).toBe(43);
    expect(packing.rackPowerWatts).toBe(30_600);
    expect(packing.limitedBy).toBe("power");
  });

  it("DGX B200 (14.3 kW, 10U) in a 132 kW liquid hall is limited by rack space", () => {
    const packing = packRacks(getSystem("nvidia-dgx-b200"), { systemCount: 10, rackPowerLimitWatts: 132_000 });
    expect(packing.systemsPerRack).toBe(4);
    expect(packing.limitedBy).toBe("space");
    expect(packing.warnings.length).toBe(1);
  });

  it("GB200 NVL72 is one ~120 kW rack and does not fit a 40 kW air rack", () => {
    const liquid = packRacks(getSystem("nvidia-gb200-nvl72"), { systemCount: 8, rackPowerLimitWatts: 132_000 });
    expect(liquid.rackCount).toBe(8);
    expect(liquid.rackPowerWatts).toBe(120_000);
    const air = packRacks(getSystem("nvidia-gb200-nvl72"), { systemCount: 8, rackPowerLimitWatts: 40_000 });
    expect(air.feasible).toBe(false);
    expect(air.reason).toMatch(/rack limit/);
  });

  it("a system without published power needs one", () => {
    expect(() => packRacks(getSystem("amd-mi300x-platform"), { systemCount: 1, rackPowerLimitWatts: 40_000 })).toThrow(
      InvalidInputError,
    );
  });

  it("racks x systems per rack always hold every system; rack power never exceeds the limit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 11_000, max: 200_000 }), (count, limit) => {
        const packing = packRacks(getSystem("nvidia-dgx-b200"), { systemCount: count, rackPowerLimitWatts: limit });
        expect(packing.feasible).toBe(limit >= 14_300);
        if (packing.feasible) expect(packing.rackCount * packing.systemsPerRack).toBeGreaterThanOrEqual(count);
        expect(packing.rackPowerWatts).toBeLessThanOrEqual(limit);
      }),
    );
  });
});

describe("power caps", () => {
  it("every curve has a reference point at its reference cap and ratios in (0, 1]", () => {
    for (const curve of listPowerCapCurves()) {
      const reference = curve.points.find((point) => point.basis === "reference");
      expect(reference?.capWatts).toBe(curve.referenceCapWatts);
      expect(reference?.throughputRatio).toBe(1);
    }
  });

  it("returns published points as they are and interpolates between them", () => {
    const point = powerCapEffect({
      acceleratorId: "nvidia-h100-sxm",
      workload: "training",
      capWatts: 600,
      nominalWatts: 700,
    });
    expect(point.basis).toBe("measured");
    expect(point.throughputRatio).toBe(0.875);
    expect(
      powerCapEffect({ acceleratorId: "nvidia-h100-sxm", workload: "training", capWatts: 800, nominalWatts: 700 })
        .basis,
    ).toBe("uncapped");
  });

  it("H100 serving at 600 W: 5-8% slower (derived from a secondary source), less than training's 10-15%", () => {
    const serving = powerCapEffect({
      acceleratorId: "nvidia-h100-sxm",
      workload: "serving",
      capWatts: 600,
      nominalWatts: 700,
    });
    expect(serving.basis).toBe("derived");
    expect(serving.throughputRatio).toBe(0.935);
    expect(serving.maxDrawWatts).toBe(600);
    const training = powerCapEffect({
      acceleratorId: "nvidia-h100-sxm",
      workload: "training",
      capWatts: 600,
      nominalWatts: 700,
    });
    expect(serving.throughputRatio).toBeGreaterThan(training.throughputRatio);
    // Between the point and TDP the ratio is interpolated; below 600 W there is no point.
    expect(
      powerCapEffect({ acceleratorId: "nvidia-h100-sxm", workload: "serving", capWatts: 650, nominalWatts: 700 })
        .throughputRatio,
    ).toBeCloseTo(0.9675, 6);
    expect(() =>
      powerCapEffect({ acceleratorId: "nvidia-h100-sxm", workload: "serving", capWatts: 500, nominalWatts: 700 }),
    ).toThrow(/capWatts/);
  });

  it("never extrapolates below the lowest point and needs a curve", () => {
    expect(() =>
      powerCapEffect({ acceleratorId: "nvidia-h100-sxm", workload: "training", capWatts: 400, nominalWatts: 700 }),
    ).toThrow(/capWatts/);
    expect(() =>
      powerCapEffect({ acceleratorId: "amd-mi300x", workload: "training", capWatts: 600, nominalWatts: 750 }),
    ).toThrow(/acceleratorId/);
  });

  it("a tighter cap never raises draw nor throughput", () => {
    fc.assert(
      fc.property(fc.integer({ min: 600, max: 900 }), fc.integer({ min: 600, max: 900 }), (a, b) => {
        const [tight, loose] = a <= b ? [a, b] : [b, a];
        const effect = (cap: number) =>
          powerCapEffect({ acceleratorId: "nvidia-h100-sxm", workload: "training", capWatts: cap, nominalWatts: 700 });
        expect(effect(tight).maxDrawWatts).toBeLessThanOrEqual(effect(loose).maxDrawWatts);
        expect(effect(tight).throughputRatio).toBeLessThanOrEqual(effect(loose).throughputRatio);
      }),
    );
  });
});
