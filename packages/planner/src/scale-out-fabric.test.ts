import { describe, expect, it } from "vitest";
import { builtInFactoryCatalog } from "./pack";
import { plan } from "./plan";
import { scenarioAcceleratorForWorkloads } from "./scale-out-fabric";
import { scenarioSchema } from "./scenario";

const moe = (fabric?: { leafGroupAccelerators: number; leafOversubscriptionRatio: number }) =>
  scenarioSchema.parse({
    id: "moe-fabric",
    name: "DeepSeek-V3 on 2,048 H100 with EP 64 across nodes",
    workload: {
      kind: "pretraining",
      model: "deepseek-v3",
      tokens: 1e12,
      globalBatchSequences: 2048,
      sequenceTokens: 4096,
      precision: "fp8",
      parallelism: { tp: 1, pp: 1, ep: 64, cp: 1 },
    },
    hardware: { accelerator: "nvidia-h100-sxm", count: 2048, ...(fabric ? { scaleOutFabric: fabric } : {}) },
    kernels: "none",
  });

describe("hardware.scaleOutFabric reaches the workload models", () => {
  it("without a fabric the accelerator stays a built-in id; with one, the figures carry it", () => {
    const catalog = builtInFactoryCatalog();
    expect(scenarioAcceleratorForWorkloads(catalog, moe())).toBe("nvidia-h100-sxm");
    const spec = scenarioAcceleratorForWorkloads(
      catalog,
      moe({ leafGroupAccelerators: 32, leafOversubscriptionRatio: 4 }),
    );
    expect(typeof spec === "string" ? undefined : spec.scaleOutFabric).toEqual({
      leafGroupAccelerators: 32,
      leafOversubscriptionRatio: 4,
    });
  });

  it("an oversubscribed leaf slows expert-parallel pretraining; a non-blocking fabric changes nothing", () => {
    const base = plan(moe());
    const nonBlocking = plan(moe({ leafGroupAccelerators: 32, leafOversubscriptionRatio: 1 }));
    const oversubscribed = plan(moe({ leafGroupAccelerators: 32, leafOversubscriptionRatio: 4 }));
    const days = (p: ReturnType<typeof plan>) => p.timeline.wallClockHours;
    expect(days(nonBlocking)).toBeCloseTo(days(base), 9);
    expect(days(oversubscribed)).toBeGreaterThan(days(base));
  });
});
