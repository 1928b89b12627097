import { parseKvTierList } from "@aifactory/memory";
import { describe, expect, it } from "vitest";
import { getDefaultScenario } from "./defaults";
import { sizeAndPriceFleet } from "./fleet";
import { plan } from "./plan";
import type { FleetPerformance } from "./plan-types";
import { type ScenarioInput, scenarioSchema } from "./scenario";

function fleetScenario(): ScenarioInput {
  const scenario = getDefaultScenario("llama-3.1-8b-fleet-h100-poisson");
  const workload = scenario.workload as Extract<ScenarioInput["workload"], { kind: "fleet" }>;
  return { ...scenario, workload: { ...workload, traffic: { ...workload.traffic, requests: 800 } } };
}

describe("fleet plans", () => {
  it("simulates the scenario's fleet and sizes each accelerator, priced and powered", () => {
    const result = plan(fleetScenario());
    const performance = result.performance as FleetPerformance;
    expect(performance.kind).toBe("fleet");
    expect(performance.replicas).toBe(2);
    expect(performance.designs.map((d) => d.acceleratorId)).toEqual([
      "nvidia-h100-sxm",
      "nvidia-b200",
      "nvidia-a100-sxm-80gb",
    ]);
    for (const d of performance.designs) {
      expect(d.meetsSlo).toBe(true);
      expect(d.usdPerMillionTokens).toBeGreaterThan(0);
      expect(d.facilityPowerKW).toBeGreaterThan(0);
      expect(d.headroom.length).toBe(5);
    }
    expect(result.memory.capacityBytesPerGpu).toBeGreaterThan(result.memory.requiredBytesPerGpu * 0.5);
    expect(result.cost.usdPerMillionTokens).toBeGreaterThan(0);
    expect(result.energy.facilityMWh).toBeGreaterThan(0);
  });

  it("reports a fleet too small for the SLOs with the size that would meet them", () => {
    const scenario = fleetScenario();
    const small = plan({ ...scenario, hardware: { ...scenario.hardware, count: 1 } });
    const performance = small.performance as FleetPerformance;
    expect(performance.meetsSlo).toBe(false);
    expect(performance.smallestMeetingSloGpus).toBeGreaterThan(1);
    expect(small.warnings.map((w) => w.text).join("\n")).toMatch(/miss the SLOs.*would meet them/);
  });

  it("takes @aifactory/memory's KV tiers as the engine's tiers below HBM", () => {
    const scenario = fleetScenario();
    const workload = scenario.workload as Extract<ScenarioInput["workload"], { kind: "fleet" }>;
    const tiers = parseKvTierList("dram:512GB@64,ssd:4TB@6");
    const result = plan({
      ...scenario,
      workload: { ...workload, size: false, engine: { ...workload.engine, kvTiers: tiers } },
    });
    expect((result.performance as FleetPerformance).designs).toEqual([]);
    expect((result.performance as FleetPerformance).ttftP99Ms).toBeGreaterThan(0);
  });

  it("sizes mixed and disaggregated designs, each pool priced as its accelerator", () => {
    const scenario = scenarioSchema.parse(fleetScenario());
    const designs = sizeAndPriceFleet(scenario, [
      {
        pools: [
          { accelerator: "nvidia-h100-sxm", role: "prefill" },
          { accelerator: "nvidia-h200-sxm", role: "decode" },
        ],
      },
    ]);
    expect(designs[0]?.acceleratorId).toBe("nvidia-h100-sxm + nvidia-h200-sxm");
    expect(designs[0]?.meetsSlo).toBe(true);
    expect(designs[0]?.costPerGpuHourUsd).toBeGreaterThan(0);
  });
});
