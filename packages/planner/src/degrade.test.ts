import { listGridRegions } from "@aifactory/energy";
import { listAccelerators } from "@aifactory/hardware";
import { describe, expect, it } from "vitest";
import { getDefaultScenario } from "./defaults";
import { plan } from "./plan";
import type { ScenarioInput } from "./scenario";

function scenario(accelerator: string, ownership: "owned" | "cloud", region = "us"): ScenarioInput {
  const base = getDefaultScenario("llama-3.1-70b-pretraining-1024-h100");
  return {
    ...base,
    workload: {
      kind: "pretraining",
      model: "llama-3.1-8b",
      tokens: 1e10,
      globalBatchSequences: 256,
      sequenceTokens: 4096,
    },
    hardware: { accelerator, count: 64 },
    site: { region },
    economics: { ownership },
  };
}

describe("plans degrade gracefully where a catalog lacks a figure", () => {
  it("plans every accelerator, owned and rented, naming what is missing instead of failing", () => {
    for (const { id } of listAccelerators()) {
      for (const ownership of ["owned", "cloud"] as const) {
        let result: ReturnType<typeof plan> | undefined;
        try {
          result = plan(scenario(id, ownership));
        } catch (error) {
          // What may still fail is the workload itself (nothing fits), never a missing catalog figure.
          const message = error instanceof Error ? error.message : String(error);
          expect(message, `${id} ${ownership}`).not.toMatch(/price|bill of materials|TDP|electricity/i);
          continue;
        }
        const text = result.warnings.map((w) => w.text).join("\n");
        if (result.cost.capexUsd === 0 && ownership === "owned") expect(text).toMatch(/acceleratorPriceUsd/);
        if (result.supply.earliestOnlineQuarter === null && /bill of materials/.test(result.supply.bindingConstraint)) {
          expect(text).toMatch(/bill of materials/);
        }
        if (result.energy.facilityMWh === 0) expect(text).toMatch(/averagePowerWatts/);
        for (const metric of result.metrics) expect(Number.isFinite(metric.value), `${id} ${metric.id}`).toBe(true);
      }
    }
  });

  it("plans every grid region, leaving out an electricity price the catalog lacks", () => {
    for (const region of listGridRegions()) {
      const id = typeof region === "string" ? region : (region as { id: string }).id;
      const result = plan(scenario("nvidia-h100-sxm", "owned", id));
      expect(result.cost.workloadCostUsd, id).toBeGreaterThan(0);
      if (result.warnings.some((w) => /electricity price/.test(w.text))) {
        expect(result.warnings.map((w) => w.text).join("\n")).toMatch(/site.electricityUsdPerKWh/);
      }
    }
  });

  it("uses a measured average power where the catalog has no TDP", () => {
    const input = scenario("google-tpu-v5p", "cloud");
    const without = plan(input);
    expect(without.energy.facilityMWh).toBe(0);
    const measured = plan({ ...input, hardware: { ...input.hardware, averagePowerWatts: 400 } });
    expect(measured.energy.facilityMWh).toBeGreaterThan(0);
    expect(measured.warnings.map((w) => w.text).join("\n")).not.toMatch(/no TDP/);
  });
});

describe("explore without a cloud price", () => {
  it("leaves a rented point without a price out of the comparison and says why", async () => {
    const { explore } = await import("./explore");
    const result = explore({
      base: scenario("nvidia-h100-sxm", "owned"),
      accelerators: ["nvidia-h100-sxm", "nvidia-b200"],
      ownership: ["owned", "cloud"],
    });
    const b200Cloud = result.points.find((p) => p.accelerator === "nvidia-b200" && p.ownership === "cloud");
    const h100Cloud = result.points.find((p) => p.accelerator === "nvidia-h100-sxm" && p.ownership === "cloud");
    expect(h100Cloud?.workloadCostUsd).toBeGreaterThan(0);
    // The catalog lists no on-demand B200 rental price.
    expect(b200Cloud?.error).toMatch(/onDemandUsdPerAcceleratorHour/);
    expect(b200Cloud?.workloadCostUsd).toBeNull();
    expect(b200Cloud?.pareto).toBe(false);
  });
});
