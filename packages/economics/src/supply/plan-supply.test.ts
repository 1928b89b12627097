import { assumptionSchema, InvalidInputError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { getBillOfMaterials, grossDiesPerWafer, listBillsOfMaterials } from "./bill-of-materials";
import { planAcceleratorSupply } from "./plan-accelerator-supply";
import { planSupply } from "./plan-supply";
import { quarterFromIndex, quarterIndex } from "./quarter";
import { defaultCowosWafersPerMonth } from "./supply-defaults";

const h100 = getBillOfMaterials("nvidia-h100-sxm");

describe("quarters and capacity", () => {
  it("round-trips quarters", () => {
    expect(quarterFromIndex(quarterIndex("2027-Q4") + 1)).toBe("2028-Q1");
    expect(() => quarterIndex("2027Q1")).toThrow(InvalidInputError);
  });

  it("interpolates the CoWoS schedule between published midpoints", () => {
    expect(defaultCowosWafersPerMonth("2024-Q2")).toBe(37500);
    expect(defaultCowosWafersPerMonth("2025-Q4")).toBe(77500);
    expect(defaultCowosWafersPerMonth("2026-Q2")).toBe(120000);
    expect(defaultCowosWafersPerMonth("2030-Q1")).toBe(120000);
    const mid = defaultCowosWafersPerMonth("2025-Q1");
    expect(mid).toBeGreaterThan(37500);
    expect(mid).toBeLessThan(77500);
  });

  it("counts gross dies per 300 mm wafer", () => {
    expect(grossDiesPerWafer(814)).toBe(63);
  });

  it("has valid bills of materials", () => {
    expect(listBillsOfMaterials().length).toBeGreaterThan(0);
  });

  it("a GB200 GPU takes the B200 package's bill (2 dies, 8 HBM3e stacks, CoWoS-L, 16 per wafer) and gets a date", () => {
    const gb200 = getBillOfMaterials("nvidia-gb200");
    const b200 = getBillOfMaterials("nvidia-b200");
    expect([gb200.logicDieCount, gb200.hbmStacks, gb200.packaging, gb200.packagesPerCowosWafer]).toEqual([
      b200.logicDieCount,
      b200.hbmStacks,
      b200.packaging,
      b200.packagesPerCowosWafer,
    ]);
    const supply = planAcceleratorSupply({
      acceleratorId: "nvidia-gb200",
      acceleratorCount: 72_000,
      startQuarter: "2027-Q3",
      availablePowerMW: 150,
    });
    expect(supply.earliestOnlineQuarter).toMatch(/^\d{4}-Q[1-4]$/);
  });
});

describe("planSupply", () => {
  it("delivers per quarter from CoWoS capacity and allocation share", () => {
    const plan = planSupply({
      bom: h100,
      acceleratorCount: 10_000,
      startQuarter: "2027-Q1",
      vendorShareOfCowosRatio: 0.5,
      allocationShareRatio: 0.01,
      cowosWafersPerMonthByQuarter: { "2027-Q1": 10_000, "2027-Q2": 10_000, "2027-Q3": 10_000 },
    });
    // 10,000 wafers x 3 months x 0.5 x 0.01 x 29 = 4,350 units per quarter -> 3 quarters.
    expect(plan.perQuarter[0]?.deliverableUnits).toBe(4350);
    expect(plan.suppliedQuarter).toBe("2027-Q3");
    expect(plan.earliestOnlineQuarter).toBe("2027-Q3");
    expect(plan.bindingConstraint).toBe("cowos");
  });

  it("names HBM as binding when it is the scarcer component", () => {
    const plan = planSupply({
      bom: h100,
      acceleratorCount: 1000,
      startQuarter: "2027-Q1",
      vendorShareOfCowosRatio: 0.6,
      allocationShareRatio: 0.1,
      hbmStacksPerQuarter: 10_000,
    });
    expect(plan.perQuarter[0]?.capacityUnits.hbm).toBeCloseTo(200, 9);
    expect(plan.bindingConstraint).toBe("hbm");
    expect(plan.earliestOnlineQuarter).toBe("2028-Q1");
  });

  it("waits for interconnection when the site lacks power", () => {
    const plan = planSupply({
      bom: h100,
      acceleratorCount: 100_000,
      startQuarter: "2027-Q1",
      vendorShareOfCowosRatio: 0.615,
      allocationShareRatio: 0.1,
      requiredPowerMW: 150,
      availablePowerMW: 50,
    });
    expect(plan.powerReadyQuarter).toBe("2032-Q1");
    expect(plan.earliestOnlineQuarter).toBe("2032-Q1");
    expect(plan.bindingConstraint).toBe("interconnection");
  });

  it("warns when nothing arrives within the horizon", () => {
    const plan = planSupply({
      bom: h100,
      acceleratorCount: 1_000_000,
      startQuarter: "2027-Q1",
      vendorShareOfCowosRatio: 0.01,
      allocationShareRatio: 0.01,
      horizonQuarters: 4,
    });
    expect(plan.earliestOnlineQuarter).toBeNull();
    expect(plan.warnings.join("\n")).toMatch(/not all/);
  });

  it("fills the catalog inputs for an accelerator", () => {
    const plan = planAcceleratorSupply({
      acceleratorId: "nvidia-h100-sxm",
      acceleratorCount: 100_000,
      startQuarter: "2027-Q1",
      allocationShareRatio: 0.05,
      availablePowerMW: 150,
    });
    const requiredPowerMW = plan.assumptions.find((a) => a.name === "requiredPowerMW")?.value as number;
    expect(requiredPowerMW).toBeCloseTo((100_000 * 1275 * 1.1) / 1e6, 6);
    expect(plan.assumptions[0]?.name).toBe("vendorShareOfCowosRatio");
    for (const assumption of plan.assumptions) assumptionSchema.parse(assumption);
    expect(plan.assumptions.find((a) => a.name === "requiredPowerMW")?.basis).toBe("derived");
    expect(plan.assumptions.find((a) => a.name === "allocationShareRatio")?.basis).toBe("given");
    expect(plan.earliestOnlineQuarter).not.toBeNull();
  });
});

describe("planSupply properties", () => {
  it("never returns NaN or negative deliveries, and cumulative deliveries never exceed the order", async () => {
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(
        fc.record({
          acceleratorCount: fc.integer({ min: 1, max: 2_000_000 }),
          vendorShareOfCowosRatio: fc.double({ min: 0, max: 1, noNaN: true }),
          allocationShareRatio: fc.double({ min: 0, max: 1, noNaN: true }),
          hbmStacksPerQuarter: fc.double({ min: 0, max: 1e8, noNaN: true }),
          requiredPowerMW: fc.double({ min: 0.001, max: 5000, noNaN: true }),
          availablePowerMW: fc.double({ min: 0, max: 5000, noNaN: true }),
          year: fc.integer({ min: 2023, max: 2035 }),
        }),
        ({ year, ...input }) => {
          const plan = planSupply({ ...input, bom: h100, startQuarter: `${year}-Q1`, horizonQuarters: 12 });
          let previous = 0;
          for (const row of plan.perQuarter) {
            expect(Number.isFinite(row.deliverableUnits)).toBe(true);
            expect(row.deliverableUnits).toBeGreaterThanOrEqual(0);
            expect(row.cumulativeUnits).toBeGreaterThanOrEqual(previous);
            expect(row.cumulativeUnits).toBeLessThanOrEqual(input.acceleratorCount);
            previous = row.cumulativeUnits;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
