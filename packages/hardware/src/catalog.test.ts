import { NotFoundError } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acceleratorOfSystem, getAccelerator, getSystem, listAccelerators, listSystems } from "./catalog";
import { BUILT_IN_ACCELERATORS } from "./data/accelerators";
import { DTYPES } from "./dtype";

const VENDORS = ["nvidia", "amd", "intel", "google", "aws", "NVIDIA", "acme"];

describe("getAccelerator", () => {
  it("returns the entry", () => {
    expect(getAccelerator("nvidia-h100-sxm").name).toMatch(/H100 SXM/);
  });

  it("suggests the nearest id on a miss", () => {
    try {
      getAccelerator("nvidia-h100-sx");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).suggestions[0]).toBe("nvidia-h100-sxm");
      expect((error as NotFoundError).hint).toContain("nvidia-h100-sxm");
    }
  });

  it("finds every listed id (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...BUILT_IN_ACCELERATORS), (entry) => {
        expect(getAccelerator(entry.id)).toBe(entry);
      }),
    );
  });

  it("never returns an entry for an unknown id (property)", () => {
    const known = new Set<string>(BUILT_IN_ACCELERATORS.map((a) => a.id));
    fc.assert(
      fc.property(
        fc.string().filter((s) => !known.has(s)),
        (id) => {
          expect(() => getAccelerator(id)).toThrow(NotFoundError);
        },
      ),
    );
  });
});

describe("listAccelerators", () => {
  it("filters by vendor and dtype", () => {
    expect(listAccelerators({ vendor: "amd", dtype: "fp8" }).map((a) => a.id)).toEqual([
      "amd-mi300x",
      "amd-mi325x",
      "amd-mi355x",
    ]);
  });

  it("returns every entry without a filter", () => {
    expect(listAccelerators()).toHaveLength(BUILT_IN_ACCELERATORS.length);
  });

  it("rejects a non-finite bound", () => {
    expect(() => listAccelerators({ memoryGBMin: Number.NaN })).toThrow(/memoryGBMin/);
  });

  const filterArb = fc.record(
    {
      vendor: fc.constantFrom(...VENDORS),
      launchYearMin: fc.integer({ min: 2018, max: 2027 }),
      launchYearMax: fc.integer({ min: 2018, max: 2027 }),
      dtype: fc.constantFrom(...DTYPES),
      memoryGBMin: fc.integer({ min: 0, max: 400 }),
      memoryGBMax: fc.integer({ min: 0, max: 400 }),
    },
    { requiredKeys: [] },
  );

  it("returns exactly the entries that satisfy every criterion, in catalog order (property)", () => {
    fc.assert(
      fc.property(filterArb, (filter) => {
        const result = listAccelerators(filter);
        const expected = BUILT_IN_ACCELERATORS.filter(
          (a) =>
            (filter.vendor === undefined || a.vendor === filter.vendor.toLowerCase()) &&
            (filter.launchYearMin === undefined || a.launchYear >= filter.launchYearMin) &&
            (filter.launchYearMax === undefined || a.launchYear <= filter.launchYearMax) &&
            (filter.dtype === undefined || a.denseTflops[filter.dtype] !== undefined) &&
            (filter.memoryGBMin === undefined || a.memoryGB >= filter.memoryGBMin) &&
            (filter.memoryGBMax === undefined || a.memoryGB <= filter.memoryGBMax),
        );
        expect(result).toEqual(expected);
      }),
    );
  });

  it("adding a criterion never adds results (property)", () => {
    fc.assert(
      fc.property(filterArb, filterArb, (a, b) => {
        const narrow = listAccelerators({ ...a, ...b });
        const wide = new Set(listAccelerators(b).map((x) => x.id));
        for (const entry of narrow) expect(wide.has(entry.id)).toBe(true);
      }),
    );
  });
});

describe("systems", () => {
  it("getSystem suggests the nearest id", () => {
    expect(() => getSystem("nvidia-dgx-h10")).toThrow(/unknown system "nvidia-dgx-h10"/);
  });

  it("listSystems filters by accelerator", () => {
    expect(listSystems({ acceleratorId: "nvidia-h100-sxm" }).map((s) => s.id)).toEqual(["nvidia-dgx-h100"]);
    expect(listSystems({ vendor: "NVIDIA" }).every((s) => s.vendor === "nvidia")).toBe(true);
  });

  it("acceleratorOfSystem resolves every system's accelerator", () => {
    for (const system of listSystems()) expect(acceleratorOfSystem(system).id).toBe(system.acceleratorId);
    expect(acceleratorOfSystem("nvidia-dgx-b200").id).toBe("nvidia-b200");
  });
});
