import { NotFoundError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { resolveDevicePower } from "./device-power";

describe("resolveDevicePower", () => {
  it("reads TDP and the DGX H100 system power from the hardware catalog", () => {
    const device = resolveDevicePower("nvidia-h100-sxm");
    expect(device.tdpWatts).toBe(700);
    expect(device.system?.systemPowerWatts).toBe(10_200);
    expect(device.system?.acceleratorsPerSystem).toBe(8);
    expect(device.sources.length).toBeGreaterThan(0);
  });

  it("throws NotFoundError for an unknown accelerator", () => {
    expect(() => resolveDevicePower("nvidia-h1000")).toThrow(NotFoundError);
  });
});

describe("estimateAcceleratorEnergy", () => {
  it("uses the catalog TDP and DGX H100 host share", async () => {
    const { estimateAcceleratorEnergy } = await import("../estimate/estimate-accelerator-energy");
    const result = estimateAcceleratorEnergy({
      acceleratorId: "nvidia-h100-sxm",
      acceleratorCount: 8,
      hours: 1,
      utilizationRatio: 1,
      includeHost: true,
      pue: 1,
    });
    expect(result.itPowerWattsPerAccelerator).toBeCloseTo(10_200 / 8, 9);
  });
});
