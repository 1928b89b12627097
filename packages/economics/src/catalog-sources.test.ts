import { type Source, sourcesSchema } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { listCostDefaults } from "./data/tco-defaults";
import * as economics from "./index";
import { ECONOMICS_SOURCES } from "./sources";
import { billOfMaterialsSchema, listBillsOfMaterials } from "./supply/bill-of-materials";
import {
  COWOS_CAPACITY_POINTS,
  COWOS_VENDOR_SHARE_2025,
  INTERCONNECTION_LEAD_TIME,
  TRANSFORMER_LEAD_TIME,
} from "./supply/supply-defaults";

describe("every default carries valid sources", () => {
  it("cost, supply and lead-time defaults and bills of materials", () => {
    for (const entry of listCostDefaults()) expect(() => sourcesSchema.parse(entry.sources)).not.toThrow();
    for (const point of COWOS_CAPACITY_POINTS) {
      expect(() => sourcesSchema.parse(point.sources)).not.toThrow();
      expect(point.wafersPerMonth.min).toBeLessThanOrEqual(point.wafersPerMonth.max);
    }
    for (const share of Object.values(COWOS_VENDOR_SHARE_2025))
      expect(() => sourcesSchema.parse(share.sources)).not.toThrow();
    expect(() => sourcesSchema.parse(TRANSFORMER_LEAD_TIME.sources)).not.toThrow();
    expect(() => sourcesSchema.parse(INTERCONNECTION_LEAD_TIME.sources)).not.toThrow();
    for (const bom of listBillsOfMaterials()) expect(() => billOfMaterialsSchema.parse(bom)).not.toThrow();
    expect(() => sourcesSchema.parse(Object.values(ECONOMICS_SOURCES))).not.toThrow();
  });
});

/** Every `Source` reachable from the package's exports (constants and zero-argument list functions). */
function shippedSources(): { path: string; source: Source }[] {
  const seen = new Set<unknown>();
  const found: { path: string; source: Source }[] = [];
  const walk = (value: unknown, path: string): void => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (typeof record.title === "string" && typeof record.evidence === "string") {
      found.push({ path, source: record as Source });
      return;
    }
    for (const [key, child] of Object.entries(record)) walk(child, `${path}.${key}`);
  };
  for (const [name, value] of Object.entries(economics)) {
    if (typeof value === "function") {
      if (value.length === 0 && /^list/.test(name)) walk((value as () => unknown)(), `${name}()`);
    } else walk(value, name);
  }
  return found;
}

describe("shipped sources are public (#17)", () => {
  const sources = shippedSources();

  it("finds the package's sources", () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.some(({ path }) => path.startsWith("DEPRECIATION_LIFE_YEARS"))).toBe(true);
    expect(sources.some(({ path }) => path.startsWith("COWOS_VENDOR_SHARE_2025"))).toBe(true);
  });

  it("no source cites an internal research report", () => {
    const internal = sources.filter(({ source }) => /anchors\.md|research report/i.test(source.title));
    expect(internal.map(({ path, source }) => `${path}: ${source.title}`)).toEqual([]);
  });

  it("every non-derived source has a url", () => {
    const missing = sources.filter(({ source }) => source.evidence !== "derived" && !source.url);
    expect(missing.map(({ path, source }) => `${path}: ${source.title}`)).toEqual([]);
  });
});
