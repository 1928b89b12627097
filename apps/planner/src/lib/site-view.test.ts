import { toJsonSchema } from "@aifactory/core";
import { designSite, getDefaultScenario, scenarioSchema, siteDesignInputSchema } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { fieldText } from "./labels";
import type { JsonSchema } from "./schema-form";
import {
  bomFileName,
  GRID_UNUSED_ID,
  initialDesignKey,
  powerBlocks,
  productionOf,
  quarterOptions,
  SITE_EXAMPLE,
  siteWorkloadFrom,
  siteWorkloadSchema,
} from "./site-view";

const result = designSite({
  site: { ...SITE_EXAMPLE, gridPowerMW: 100 },
  candidates: [{ systemId: "nvidia-dgx-b200" }, { systemId: "nvidia-gb200-nvl72" }],
  workload: siteWorkloadFrom(getDefaultScenario("llama-3.1-70b-pretraining-1024-h100").workload) as never,
});

describe("powerBlocks", () => {
  it("lays the tree out from the contracted grid power: the leaves add up to it, children sit inside parents", () => {
    for (const design of result.designs.filter((entry) => entry.feasible)) {
      const { blocks, depthCount, totalWatts } = powerBlocks(design);
      expect(totalWatts).toBe(100e6);
      const leaves = blocks.filter((block) => block.leaf);
      const sum = leaves.reduce((total, block) => total + block.watts, 0);
      expect(Math.abs(sum - totalWatts)).toBeLessThan(1e-6 * totalWatts);
      expect(leaves.some((block) => block.id === "gpus")).toBe(true);
      expect(blocks.filter((block) => block.id === GRID_UNUSED_ID).length).toBe(
        design.power.gridUnusedWatts > 0 ? 1 : 0,
      );
      expect(depthCount).toBeGreaterThanOrEqual(4);
      for (const node of design.power.nodes) {
        const block = blocks.find((entry) => entry.id === node.id)!;
        const parent = blocks.find((entry) => entry.id === (node.parent ?? "grid-contracted"))!;
        expect(block.depth).toBe(parent.depth + 1);
        expect(block.startWatts).toBeGreaterThanOrEqual(parent.startWatts - 1e-6);
        expect(block.startWatts + block.watts).toBeLessThanOrEqual(parent.startWatts + parent.watts + 1e-3);
      }
    }
  });
});

describe("site form helpers", () => {
  it("takes a built-in workload without its parallelism, and only the kinds designSite reports", () => {
    expect(siteWorkloadFrom({ kind: "serving", model: "m", parallelism: { tp: 8 } })).toEqual({
      kind: "serving",
      model: "m",
    });
    expect(siteWorkloadFrom({ kind: "rl" })).toBeUndefined();
    expect(siteWorkloadFrom(undefined)).toBeUndefined();
  });

  it("offers quarters, keeping a value outside the range", () => {
    expect(quarterOptions("2027-Q3", 2026, 2)).toEqual([
      "2026-Q1",
      "2026-Q2",
      "2026-Q3",
      "2026-Q4",
      "2027-Q1",
      "2027-Q2",
      "2027-Q3",
      "2027-Q4",
    ]);
    expect(quarterOptions("2040-Q1", 2026, 1).at(-1)).toBe("2040-Q1");
  });

  it("names what a design produces and which design opens first", () => {
    const key = initialDesignKey(result);
    expect(key).toBe(result.paretoKeys[0]);
    const design = result.designs.find((entry) => entry.key === key)!;
    expect(productionOf(design.production)?.unit).toBe("runs/year");
    expect(productionOf(undefined)).toBeUndefined();
    expect(bomFileName(result, "nvidia-dgx-b200@825W")).toBe("site-100mw-nvidia-dgx-b200-825w-bom.csv");
  });

  it("gives every field of the site design input a label without a camelCase key", () => {
    const fields = (schema: JsonSchema, out: Array<[string, JsonSchema]> = []): Array<[string, JsonSchema]> => {
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        out.push([key, child]);
        fields(child, out);
      }
      for (const option of schema.oneOf ?? schema.anyOf ?? []) fields(option, out);
      if (schema.items) fields(schema.items, out);
      return out;
    };
    const root = toJsonSchema(siteDesignInputSchema) as JsonSchema;
    for (const [key, schema] of fields(root)) {
      const { label } = fieldText(key, schema);
      expect(label.replace(/ZeRO|MoE|GPUs|kWh|kW/g, "")).not.toMatch(/[a-z][A-Z]/);
      expect(label.endsWith(".")).toBe(false);
    }
    const site = root.properties?.site?.properties ?? {};
    expect(fieldText("gridPowerMW", site.gridPowerMW!).label).toBe("Grid power contracted at the site's meter (MW)");
  });

  it("takes the site's workload schema from the scenario's variants (the same zod schemas)", () => {
    const site = toJsonSchema(siteDesignInputSchema) as JsonSchema;
    const scenario = toJsonSchema(scenarioSchema) as JsonSchema;
    const kinds = (site.properties?.workload?.oneOf ?? []).map((option) => String(option.properties?.kind?.const));
    expect(kinds).toEqual(["serving", "pretraining"]);
    const kindOf = (option: JsonSchema) => String(option.properties?.kind?.const);
    const byKind = (options: JsonSchema[] = []) =>
      Object.fromEntries(options.map((option) => [kindOf(option), option]));
    expect(byKind(siteWorkloadSchema(scenario, kinds)?.oneOf)).toEqual(byKind(site.properties?.workload?.oneOf));
    expect(siteWorkloadSchema(scenario, ["none"])).toBeUndefined();
  });
});
