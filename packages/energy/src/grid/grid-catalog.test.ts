import { createRegistry, definePlugin, NotFoundError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { getGridRegion, listGridRegions, selectGridIntensity } from "./grid-catalog";
import { gridRegionKind, gridRegionSchema } from "./grid-region";

describe("grid catalog", () => {
  it("every region parses with the schema, and every figure has a year, a method and a source", () => {
    for (const region of listGridRegions()) {
      expect(() => gridRegionSchema.parse(region)).not.toThrow();
    }
  });

  it("has unique ids, and parents that exist", () => {
    const ids = listGridRegions().map((region) => region.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const region of listGridRegions()) {
      if (region.parentId !== undefined) expect(ids).toContain(region.parentId);
    }
  });

  it("covers the regions the CLI documents", () => {
    for (const id of ["world", "us", "us-va", "us-tx", "fr", "de", "no"]) {
      expect(() => getGridRegion(id)).not.toThrow();
    }
  });

  it("holds only location-based figures so far", () => {
    for (const region of listGridRegions()) {
      for (const intensity of region.intensities) expect(intensity.basis).toBe("location");
    }
  });

  it("picks the latest year by default and a given year on request", () => {
    const no = getGridRegion("no");
    expect(selectGridIntensity(no).year).toBe(2023);
    expect(selectGridIntensity(no, { year: 2020 }).gCo2ePerKWh).toBe(7.62);
    expect(() => selectGridIntensity(no, { year: 1999 })).toThrow(/no location-based intensity for 1999/);
  });

  it("suggests the nearest id for an unknown region", () => {
    try {
      getGridRegion("us-vb");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).suggestions).toContain("us-va");
    }
  });

  it("accepts plugin regions through the registry", () => {
    const registry = createRegistry({ kinds: [gridRegionKind] });
    registry.use(
      definePlugin({
        name: "test-grids",
        version: "1.0.0",
        gridRegions: [
          {
            id: "xx",
            name: "Test region",
            intensities: [
              {
                gCo2ePerKWh: 10,
                year: 2024,
                basis: "market",
                method: "test",
                sources: [{ title: "Test", evidence: "estimate" }],
              },
            ],
          },
        ],
      }),
    );
    const region = getGridRegion("xx", registry.list("gridRegions"));
    expect(selectGridIntensity(region, { basis: "market" }).gCo2ePerKWh).toBe(10);
  });
});
