import { readFileSync } from "node:fs";
import { NotFoundError } from "@aifactory/core";
import { catalogFromRegistry, createHardwareRegistry, definePlugin, parseHardwarePack } from "@aifactory/hardware";
import { describe, expect, it } from "vitest";
import { embodiedCarbonProfileSchema, getEmbodiedCarbonProfile } from "../carbon/embodied-carbon";
import { GRID_REGIONS } from "../data/grid-regions";
import { resolveDevicePower } from "../device/device-power";
import { defaultAcceleratorPue } from "../facility/pue";
import { estimateAcceleratorEnergy } from "./estimate-accelerator-energy";
import { estimateEnergy } from "./estimate-energy";

// The example hardware pack of @aifactory/hardware: one accelerator and one system, figures sourced.
const packJson = JSON.parse(
  readFileSync(new URL("../../../hardware/docs/example-hardware-pack.json", import.meta.url), "utf8"),
) as unknown;
const catalog = catalogFromRegistry(createHardwareRegistry({ plugins: [definePlugin(parseHardwarePack(packJson))] }));
const ID = "example-h100-sxm-restated";

describe("energy with a hardware pack's catalog", () => {
  it("resolveDevicePower finds the pack's accelerator and its system only in that catalog", () => {
    expect(() => resolveDevicePower(ID)).toThrow(NotFoundError);
    const device = resolveDevicePower(ID, undefined, catalog);
    expect(device.tdpWatts).toBe(700);
    expect(device.system?.systemId).toBe("example-hgx-h100-server");
    expect(device.system?.systemPowerWatts).toBe(10_200);
  });

  it("estimateAcceleratorEnergy gives the pack's restated H100 the built-in H100's energy", () => {
    const usage = { acceleratorCount: 64, hours: 100, utilizationRatio: 0.8, includeHost: true, pue: 1.2 };
    const pack = estimateAcceleratorEnergy({ ...usage, acceleratorId: ID }, { catalog });
    const builtIn = estimateAcceleratorEnergy({ ...usage, acceleratorId: "nvidia-h100-sxm" });
    expect(pack.itEnergyMWh).toBeCloseTo(builtIn.itEnergyMWh, 9);
    expect(defaultAcceleratorPue(ID, undefined, catalog).cooling).toBe("air");
  });

  it("a pack's grid region is found by estimateEnergy and estimateAcceleratorEnergy", () => {
    const france = GRID_REGIONS.find((region) => region.id === "fr")!;
    const gridRegions = [{ ...france, id: "example-fr-restated", name: "Example: France restated" }];
    const input = { acceleratorCount: 8, hours: 24, tdpWatts: 700, grid: { regionId: "example-fr-restated" } };
    expect(() => estimateEnergy(input)).toThrow(NotFoundError);
    const restated = estimateEnergy(input, { gridRegions });
    const original = estimateEnergy({ ...input, grid: { regionId: "fr" } });
    expect(restated.gridKgCo2ePerKWh).toBe(original.gridKgCo2ePerKWh);
    const withPack = estimateAcceleratorEnergy(
      { acceleratorId: ID, acceleratorCount: 8, hours: 24, grid: { regionId: "example-fr-restated" } },
      { catalog, gridRegions },
    );
    expect(withPack.gridKgCo2ePerKWh).toBe(original.gridKgCo2ePerKWh);
  });

  it("a pack's embodied-carbon profile is used for its accelerator", () => {
    // The H100 profile restated for the pack's restated H100 (same estimates, same sources).
    const profile = embodiedCarbonProfileSchema.parse({
      ...getEmbodiedCarbonProfile("nvidia-h100-sxm"),
      acceleratorId: ID,
    });
    const usage = { acceleratorCount: 8, hours: 24, embodied: { include: true } };
    const without = estimateAcceleratorEnergy({ ...usage, acceleratorId: ID }, { catalog });
    expect(without.co2eTonnes.embodied).toBe(0);
    expect(without.warnings.join("\n")).toMatch(/no embodied-carbon estimate/);
    const withProfile = estimateAcceleratorEnergy(
      { ...usage, acceleratorId: ID },
      { catalog, embodiedCarbonProfiles: [profile] },
    );
    const builtIn = estimateAcceleratorEnergy({ ...usage, acceleratorId: "nvidia-h100-sxm" });
    expect(withProfile.co2eTonnes.embodied).toBeCloseTo(builtIn.co2eTonnes.embodied, 12);
  });
});
