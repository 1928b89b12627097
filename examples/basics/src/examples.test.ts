import { describe, expect, it } from "vitest";
import { main as energyAndCost } from "./energy-and-cost";
import { main as hardwareCatalog } from "./hardware-catalog";
import { main as planAScenario } from "./plan-a-scenario";
import { main as trainAModel } from "./train-a-model";

describe("examples run and return sane figures", () => {
  it("hardware-catalog: H100 SXM datasheet figures and the bf16 ridge point", () => {
    const result = hardwareCatalog();
    expect(result.h100.bf16DenseTflops).toBe(989);
    expect(result.h100.memoryBandwidthGBps).toBe(3350);
    expect(result.h100.ridgeFlopsPerByte).toBeCloseTo(989e12 / 3350e9, 3);
    expect(result.h100.firstSource).toBeTruthy();
    expect(result.mi300x.memoryGB).toBe(192);
  });

  it("train-a-model: Llama 3.1 8B on 64 H100 fits and runs at a plausible MFU", () => {
    const result = trainAModel();
    expect(result.memoryFits).toBe(true);
    expect(result.mfuRatio).toBeGreaterThan(0.2);
    expect(result.mfuRatio).toBeLessThan(0.8);
    expect(result.goodputRatio).toBeGreaterThan(0.5);
    expect(result.goodputRatio).toBeLessThanOrEqual(1);
  });

  it("energy-and-cost: a month on 1,024 H100 is on the order of 1 GWh", () => {
    const result = energyAndCost();
    expect(result.facilityMWh).toBeGreaterThan(300);
    expect(result.facilityMWh).toBeLessThan(3000);
    expect(result.costPerGpuHourUsd).toBeGreaterThan(0.5);
    expect(result.usdPerMillionTokens).toBeGreaterThan(0);
  });

  it("plan-a-scenario: a full plan and its Markdown report", () => {
    const result = planAScenario();
    expect(result.fits).toBe(true);
    expect(result.markdown).toContain("## Assumptions");
    expect(result.markdown).not.toMatch(/NaN/);
  });
});
