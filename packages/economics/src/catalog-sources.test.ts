import { sourcesSchema } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { listCostDefaults } from "./data/tco-defaults";
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
