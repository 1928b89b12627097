import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidInputError, NotFoundError } from "@aifactory/core";
import { computeAcceleratorTco } from "@aifactory/economics";
import { estimateAcceleratorEnergy } from "@aifactory/energy";
import { estimateTrainingRun, searchTrainingConfigs } from "@aifactory/workloads";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compare } from "./compare";
import { DEFAULT_SCENARIOS, getDefaultScenario, listDefaultScenarioIds } from "./defaults";
import { explore } from "./explore";
import { formatMetric, planToCsv, planToMarkdown } from "./export";
import { plannerJsonSchemas } from "./json-schema";
import { parseScenarioText } from "./load";
import { paretoFront } from "./pareto";
import { plan } from "./plan";
import type { Plan } from "./plan-types";
import type { ScenarioInput } from "./scenario";

const DEFAULT_ID = "llama-3.1-70b-pretraining-1024-h100";

function finiteEverywhere(value: unknown, path = "plan"): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => finiteEverywhere(item, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => finiteEverywhere(item, `${path}.${key}`));
  }
  return [];
}

describe("plan: MoE pretraining with the MoE training options", () => {
  it("passes dispatcher, DualPipe, EP overlap, MTP and recompute modules to the training model", () => {
    const scenario = getDefaultScenario(DEFAULT_ID);
    const workload = scenario.workload as Extract<ScenarioInput["workload"], { kind: "pretraining" }>;
    const moeScenario: ScenarioInput = {
      ...scenario,
      hardware: { ...scenario.hardware, accelerator: "nvidia-h100-sxm", count: 2048 },
      workload: {
        ...workload,
        model: "deepseek-v3",
        globalBatchSequences: 15360,
        sequenceTokens: 4096,
        precision: "fp8",
        parallelism: {
          tp: 1,
          pp: 16,
          ep: 64,
          recompute: "selective",
          recomputeModules: ["layernorm", "mla_up_proj", "moe_act"],
          pipelineSchedule: "dualpipe",
          mtpLayers: 1,
          moe: { dispatcher: "deepep", maxNodesPerToken: 4 },
        },
      },
    };
    const withOptions = plan(moeScenario);
    const plainWorkload = moeScenario.workload as Extract<ScenarioInput["workload"], { kind: "pretraining" }>;
    const plain = plan({
      ...moeScenario,
      workload: { ...plainWorkload, parallelism: { tp: 1, pp: 16, ep: 64, recompute: "selective" } },
    });
    if (withOptions.performance.kind !== "pretraining" || plain.performance.kind !== "pretraining") {
      throw new Error("expected pretraining plans");
    }
    expect(withOptions.performance.tokensPerSecond).toBeGreaterThan(plain.performance.tokensPerSecond);
    expect(finiteEverywhere(withOptions)).toEqual([]);
  });
});

describe("plan (composition)", () => {
  const scenario = getDefaultScenario(DEFAULT_ID);
  const result = plan(scenario);

  it("takes its performance from @aifactory/workloads unchanged", () => {
    if (result.performance.kind !== "pretraining") throw new Error("expected a pretraining plan");
    const workload = scenario.workload as Extract<ScenarioInput["workload"], { kind: "pretraining" }>;
    // The default scenario leaves the parallelism to the search: the same search, then the same estimate.
    expect(workload.parallelism).toBeUndefined();
    const best = searchTrainingConfigs({
      architecture: workload.model as string,
      accelerator: scenario.hardware.accelerator,
      acceleratorCount: scenario.hardware.count,
      globalBatch: workload.globalBatchSequences,
      sequenceTokens: workload.sequenceTokens,
      top: 1,
      space: { precision: workload.precision },
    }).results[0];
    if (!best) throw new Error("the search found nothing");
    const run = estimateTrainingRun({
      architecture: workload.model as string,
      accelerator: scenario.hardware.accelerator,
      config: best.config,
      tokens: workload.tokens,
    });
    expect(result.performance.searched).toBe(true);
    expect(result.performance.parallelism.tp).toBe(run.config.tp);
    expect(result.performance.stepTimeSeconds).toBe(run.stepTimeSeconds);
    expect(result.performance.mfuRatio).toBe(run.mfuRatio);
    expect(result.timeline.gpuHours).toBe(run.gpuHours);
    expect(result.memory.requiredBytesPerGpu).toBe(run.memory.totalBytes);
  });

  it("takes energy, carbon and water from @aifactory/energy for the workload's usage", () => {
    if (result.performance.kind !== "pretraining") throw new Error("expected a pretraining plan");
    const energy = estimateAcceleratorEnergy({
      acceleratorId: "nvidia-h100-sxm",
      systemId: "nvidia-dgx-h100",
      acceleratorCount: 1024,
      hours: result.timeline.wallClockHours,
      utilizationRatio: Math.min(1, result.performance.goodputRatio),
      includeHost: true,
      averagePowerIncludesHost: false,
      cooling: "air",
      grid: { regionId: "us-va", basis: "location" },
      embodied: { include: true, serviceLifeYears: 5 },
    });
    expect(result.energy.facilityMWh).toBe(energy.energyMWh);
    expect(result.carbon.totalTonnes).toBe(energy.co2eTonnes.total);
    expect(result.water.liters).toBe(energy.waterLiters);
  });

  it("takes the owned cost per GPU-hour from @aifactory/economics and multiplies by GPU-hours", () => {
    const tco = computeAcceleratorTco({
      acceleratorId: "nvidia-h100-sxm",
      acceleratorCount: 1024,
      regionId: "us-va",
      pue: result.energy.pue,
      depreciationYears: 5,
      utilizationRatio: 0.8,
      averagePowerWattsPerAccelerator: (result.energy.itMWh * 1e6) / (1024 * result.timeline.wallClockHours),
    });
    expect(result.cost.ownedCostPerGpuHourUsd).toBeCloseTo(tco.costPerGpuHourUsd, 6);
    expect(result.cost.workloadCostUsd).toBeCloseTo(result.timeline.gpuHours * result.cost.costPerGpuHourUsd, 3);
  });

  it("never contains NaN or Infinity, and carries assumptions from every area", () => {
    expect(finiteEverywhere(result)).toEqual([]);
    const areas = new Set(result.assumptions.map((a) => a.area));
    for (const area of ["performance", "energy", "cost", "supply"]) expect(areas.has(area)).toBe(true);
  });

  it("matches the snapshot of the default plan's headline figures", () => {
    expect(
      Object.fromEntries(result.metrics.map((metric) => [metric.id, Number(metric.value.toPrecision(6))])),
    ).toMatchSnapshot();
    expect({
      supply: result.supply,
      fits: result.memory.fits,
      parallelism: result.performance.kind === "pretraining" ? result.performance.parallelism : undefined,
    }).toMatchSnapshot();
  });

  it("rejects an invalid scenario naming every field", () => {
    const bad = {
      ...scenario,
      hardware: { accelerator: "nvidia-h100-sxm", count: -3 },
      site: { region: "us", pue: 0.5 },
    };
    expect(() => plan(bad)).toThrowError(InvalidInputError);
    try {
      plan(bad);
    } catch (error) {
      const paths = (error as InvalidInputError).problems.map((p) => p.path);
      expect(paths).toContain("hardware.count");
      expect(paths).toContain("site.pue");
    }
  });

  it("suggests ids for unknown accelerators and default scenarios", () => {
    expect(() => plan({ ...scenario, hardware: { accelerator: "nvidia-h100-sx", count: 1024 } })).toThrowError(
      NotFoundError,
    );
    try {
      plan({ ...scenario, hardware: { accelerator: "nvidia-h100-sx", count: 1024 } });
    } catch (error) {
      expect((error as NotFoundError).hint).toContain("nvidia-h100-sxm");
    }
    expect(() => getDefaultScenario("llama-3.1-70b-pretraining")).toThrowError(NotFoundError);
  });
});

describe("plan properties", () => {
  const base = getDefaultScenario(DEFAULT_ID);
  it("carbon grows with the grid intensity region ordering and energy is independent of the region", () => {
    const clean = plan({ ...base, site: { ...base.site, region: "fr", electricityUsdPerKWh: 0.08 } });
    const dirty = plan({ ...base, site: { ...base.site, region: "us-va", electricityUsdPerKWh: 0.08 } });
    expect(clean.energy.facilityMWh).toBeCloseTo(dirty.energy.facilityMWh, 6);
    expect(clean.carbon.gridKgCo2ePerKWh < dirty.carbon.gridKgCo2ePerKWh).toBe(
      clean.carbon.operationalTonnes < dirty.carbon.operationalTonnes,
    );
  });

  it("more training tokens never shorten the run or lower its cost, energy or carbon", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e11, max: 2e13, noNaN: true }),
        fc.double({ min: 1.01, max: 4, noNaN: true }),
        (tokens, factor) => {
          const workload = base.workload as Extract<ScenarioInput["workload"], { kind: "pretraining" }>;
          const a = plan({ ...base, workload: { ...workload, tokens } });
          const b = plan({ ...base, workload: { ...workload, tokens: tokens * factor } });
          expect(b.timeline.wallClockHours).toBeGreaterThanOrEqual(a.timeline.wallClockHours);
          expect(b.cost.workloadCostUsd).toBeGreaterThanOrEqual(a.cost.workloadCostUsd);
          expect(b.energy.facilityMWh).toBeGreaterThanOrEqual(a.energy.facilityMWh);
          expect(b.carbon.operationalTonnes).toBeGreaterThanOrEqual(a.carbon.operationalTonnes);
          expect(finiteEverywhere(b)).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("a higher accelerator price never lowers the owned cost", () => {
    const cheap = plan({ ...base, economics: { ...base.economics, acceleratorPriceUsd: 20_000 } });
    const dear = plan({ ...base, economics: { ...base.economics, acceleratorPriceUsd: 40_000 } });
    expect(dear.cost.workloadCostUsd).toBeGreaterThan(cheap.cost.workloadCostUsd);
  });
});

describe("defaults, loading, export", () => {
  it("every default scenario plans", () => {
    expect(listDefaultScenarioIds()[0]).toBe(DEFAULT_ID);
    for (const scenario of DEFAULT_SCENARIOS) expect(plan(scenario).metrics.length).toBeGreaterThan(0);
  });

  it("parses YAML and JSON scenarios and reports syntax errors", () => {
    const yaml = `
id: small-run
name: Llama 3.1 8B on 64 H100
workload: { kind: pretraining, model: llama-3.1-8b, tokens: 1.0e+12, globalBatchSequences: 512, sequenceTokens: 8192 }
hardware: { accelerator: nvidia-h100-sxm, count: 64 }
`;
    expect(parseScenarioText(yaml).hardware.count).toBe(64);
    expect(parseScenarioText(JSON.stringify(getDefaultScenario(DEFAULT_ID)), "json").id).toBe(DEFAULT_ID);
    expect(() => parseScenarioText("{ nope", "json")).toThrowError(/not valid JSON/);
  });

  it("exports Markdown and CSV", () => {
    const result: Plan = plan(getDefaultScenario(DEFAULT_ID));
    const markdown = planToMarkdown(result);
    expect(markdown).toContain("# Llama 3.1 70B pretraining on 1,024 H100");
    expect(markdown).toContain("## Assumptions");
    expect(markdown).not.toMatch(/NaN|Infinity/);
    const csv = planToCsv(result).split("\n");
    expect(csv[0]).toBe("section,name,value,unit");
    expect(csv.some((line) => line.startsWith("metric,timeToTrainDays,"))).toBe(true);
    expect(formatMetric({ id: "x", label: "x", value: 0.421, unit: "ratio" })).toBe("42.1%");
  });

  it("ships JSON Schema files identical to the zod schemas", () => {
    for (const [file, schema] of Object.entries(plannerJsonSchemas())) {
      const shipped = JSON.parse(readFileSync(join(import.meta.dirname, "..", "schemas", file), "utf8"));
      expect(shipped, `schemas/${file} is stale: run pnpm --filter @aifactory/planner generate:schemas`).toEqual(
        schema,
      );
    }
  });
});

describe("compare and explore", () => {
  const base = getDefaultScenario(DEFAULT_ID);
  it("compare reports failures per scenario without stopping", () => {
    const entries = compare([base, { ...base, id: "bad", hardware: { accelerator: "nope", count: 8 } }]);
    expect(entries[0]!.plan).toBeDefined();
    expect(entries[1]!.error?.code).toBe("NOT_FOUND");
  });

  it("explore returns a non-dominated front", () => {
    const result = explore({
      base: { ...base, site: { ...base.site, electricityUsdPerKWh: 0.08 } },
      counts: [512, 1024],
      regions: ["us-va", "fr"],
    });
    expect(result.evaluatedCount).toBe(4);
    expect(result.front.length).toBeGreaterThan(0);
    for (const a of result.front) {
      for (const b of result.points) {
        if (b.error || !b.fits) continue;
        const dominates =
          b.wallClockHours! <= a.wallClockHours! &&
          b.workloadCostUsd! <= a.workloadCostUsd! &&
          b.co2eTonnes! <= a.co2eTonnes! &&
          (b.wallClockHours! < a.wallClockHours! ||
            b.workloadCostUsd! < a.workloadCostUsd! ||
            b.co2eTonnes! < a.co2eTonnes!);
        expect(dominates).toBe(false);
      }
    }
  });

  it("paretoFront keeps exactly the non-dominated points", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { maxLength: 30 }),
        (points) => {
          const front = paretoFront(points, [(p) => p[0], (p) => p[1]]);
          for (const p of points) {
            const dominated = points.some((q) => q[0] <= p[0] && q[1] <= p[1] && (q[0] < p[0] || q[1] < p[1]));
            expect(front.includes(p)).toBe(!dominated);
          }
        },
      ),
    );
  });
});

describe("scenario economics reach the TCO", () => {
  it("financing, maintenance and storage change the cost, and warnings name the scenario's fields", () => {
    const base = getDefaultScenario("llama-3.1-70b-pretraining-1024-h100");
    const plain = plan(base);
    const costs = plain.warnings.filter((w) => w.area === "cost").map((w) => w.text);
    expect(costs).toContain("no cost of capital: set economics.interestRatioPerYear to include financing");
    expect(costs.join(" ")).not.toMatch(/set (interestRatioPerYear|maintenanceRatioPerYear|storageUsd)\b/);
    const financed = plan({
      ...base,
      economics: { ...base.economics, interestRatioPerYear: 0.08, maintenanceRatioPerYear: 0.03, storageUsd: 5e6 },
    });
    expect(financed.cost.capexUsd).toBeCloseTo(plain.cost.capexUsd + 5e6, 0);
    expect(financed.cost.workloadCostUsd).toBeGreaterThan(plain.cost.workloadCostUsd);
    expect(financed.warnings.map((w) => w.text).join(" ")).not.toMatch(/interestRatioPerYear|storageUsd/);
  });
});
