import { sourcesSchema, toJsonSchema } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { embodiedCarbonEstimateSchema, listEmbodiedCarbonProfiles } from "./carbon/embodied-carbon";
import { listPuePresets, puePresetSchema } from "./facility/pue";
import { gridRegionSchema } from "./grid/grid-region";
import { IDLE_POWER_SOURCES, TRAINING_POWER_SOURCES } from "./power/power-curve";
import { ENERGY_SOURCES } from "./sources";
import { listWaterIntensityDefaults } from "./water/water";

describe("every default carries valid sources", () => {
  it("PUE presets, embodied estimates, power and water defaults", () => {
    for (const preset of listPuePresets()) expect(() => puePresetSchema.parse(preset)).not.toThrow();
    for (const profile of listEmbodiedCarbonProfiles()) {
      for (const estimate of profile.estimates)
        expect(() => embodiedCarbonEstimateSchema.parse(estimate)).not.toThrow();
      expect(profile.defaultCo2eKg).toBeGreaterThanOrEqual(profile.rangeCo2eKg.min);
      expect(profile.defaultCo2eKg).toBeLessThanOrEqual(profile.rangeCo2eKg.max);
    }
    expect(() => sourcesSchema.parse(IDLE_POWER_SOURCES)).not.toThrow();
    expect(() => sourcesSchema.parse(TRAINING_POWER_SOURCES)).not.toThrow();
    for (const water of listWaterIntensityDefaults()) expect(() => sourcesSchema.parse(water.sources)).not.toThrow();
    expect(() => sourcesSchema.parse(Object.values(ENERGY_SOURCES))).not.toThrow();
  });

  it("exports the grid-region plugin schema as JSON Schema", () => {
    const schema = toJsonSchema(gridRegionSchema, { title: "GridRegion" }) as { properties?: Record<string, unknown> };
    expect(Object.keys(schema.properties ?? {})).toEqual(
      expect.arrayContaining(["id", "name", "parentId", "intensities", "notes"]),
    );
  });
});
