import { InvalidInputError, sourcesSchema } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { climatePoint, coolingProfile, getCoolingTechnology, listCoolingTechnologies } from "./cooling-technology";
import { distributionLosses, listPowerDistributionStages } from "./power-distribution";
import { siteInputSchema } from "./site-input";

describe("cooling technologies", () => {
  it("every entry has sources and ordered ranges", () => {
    for (const entry of listCoolingTechnologies()) {
      expect(() => sourcesSchema.parse(entry.sources)).not.toThrow();
      expect(entry.pueRange.min).toBeGreaterThanOrEqual(1);
      expect(entry.pueRange.min).toBeLessThanOrEqual(entry.pueRange.max);
    }
    for (const stage of listPowerDistributionStages()) expect(() => sourcesSchema.parse(stage.sources)).not.toThrow();
  });

  it("liquid and immersion beat air on PUE at every climate (sourced ranges)", () => {
    for (const climate of ["cool", "temperate", "hot"] as const) {
      const air = coolingProfile("air", climate).pue;
      expect(coolingProfile("direct-to-chip-liquid", climate).pue).toBeLessThan(air);
      expect(coolingProfile("immersion", climate).pue).toBeLessThan(air);
    }
  });

  it("a hotter climate never lowers PUE or WUE", () => {
    for (const entry of listCoolingTechnologies()) {
      const [cool, temperate, hot] = (["cool", "temperate", "hot"] as const).map((c) => coolingProfile(entry.id, c));
      expect(cool!.pue).toBeLessThanOrEqual(temperate!.pue);
      expect(temperate!.pue).toBeLessThanOrEqual(hot!.pue);
      expect(cool!.wueLitersPerKWh).toBeLessThanOrEqual(hot!.wueLitersPerKWh);
    }
  });

  it("air racks are limited to 40 kW, liquid to the NVL72's 132 kW, immersion has no public tank limit", () => {
    expect(coolingProfile("air", "temperate").rackPowerLimitWatts).toBe(40_000);
    expect(coolingProfile("direct-to-chip-liquid", "temperate").rackPowerLimitWatts).toBe(132_000);
    expect(coolingProfile("immersion", "temperate").rackPowerLimitWatts).toBeUndefined();
    expect(coolingProfile("immersion", "temperate", { rackPowerLimitWatts: 200_000 }).rackPowerLimitWatts).toBe(
      200_000,
    );
  });

  it("unknown cooling or a PUE below 1 is bad input naming the field", () => {
    expect(() => getCoolingTechnology("water-wall")).toThrow(InvalidInputError);
    expect(() => getCoolingTechnology("water-wall")).toThrow(/cooling/);
    expect(() => coolingProfile("air", "hot", { pue: 0.9 })).toThrow(/pue/);
  });

  it("climatePoint stays inside the range", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (a, b) => {
        const range = { min: Math.min(a, b), max: Math.max(a, b) };
        for (const climate of ["cool", "temperate", "hot"] as const) {
          const value = climatePoint(range, climate);
          expect(value).toBeGreaterThanOrEqual(range.min);
          expect(value).toBeLessThanOrEqual(range.max);
        }
      }),
    );
  });
});

describe("distribution losses", () => {
  it("defaults are the midpoints of the sourced ranges", () => {
    const losses = distributionLosses();
    expect(losses.upsEfficiencyRatio).toBeCloseTo(0.945, 6);
    expect(losses.transformerEfficiencyRatio).toBeCloseTo(0.9921, 6);
    expect(losses.lossWattsPerItWatt).toBeGreaterThan(0.06);
    expect(losses.lossWattsPerItWatt).toBeLessThan(0.075);
  });

  it("rejects an efficiency above 1", () => {
    expect(() => distributionLosses({ upsEfficiencyRatio: 1.2 })).toThrow(/upsEfficiencyRatio/);
  });
});

describe("site input", () => {
  it("parses the 150 MW Texas example and rejects a bad quarter", () => {
    const site = siteInputSchema.parse({ gridPowerMW: 150, availableQuarter: "2027-Q3", regionId: "us-tx" });
    expect(site.cooling).toBe("direct-to-chip-liquid");
    expect(site.climate).toBe("temperate");
    expect(siteInputSchema.safeParse({ gridPowerMW: 150, availableQuarter: "2027-3" }).success).toBe(false);
    expect(siteInputSchema.safeParse({ gridPowerMW: -1, availableQuarter: "2027-Q3" }).success).toBe(false);
  });
});
