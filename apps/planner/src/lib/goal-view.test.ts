import { getDefaultScenario, type SolvePoint, type SolveResult, solveRequestSchema } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import {
  costBasisText,
  DEFAULT_MAX_GPUS,
  type GoalForm,
  goalKindFor,
  goalRows,
  parsePositive,
  scenarioWithConfiguration,
  solveRequestOf,
} from "./goal-view";

const FORM: GoalForm = {
  kind: "deadline",
  daysText: "30",
  tokensPerSecondText: "",
  accelerators: ["nvidia-h100-sxm", "nvidia-b200"],
  objective: "cheapest",
  maxGpusText: String(DEFAULT_MAX_GPUS),
};

function point(accelerator: string, count: number, days: number, cost: number): SolvePoint {
  return {
    accelerator,
    count,
    meetsGoal: true,
    wallClockDays: days,
    workloadCostUsd: cost,
    capexUsd: cost * 40,
    opexUsdPerYear: cost,
    gpuHours: count * days * 24,
    costBasis: "owned",
    ownedCostUsd: cost,
    configuration: "TP 8 x PP 4 x DP 32",
    searched: true,
    fits: true,
  };
}

describe("goalKindFor", () => {
  it("gives runs a deadline, serving a throughput and the others none", () => {
    expect(goalKindFor("pretraining")).toBe("deadline");
    expect(goalKindFor("rl")).toBe("deadline");
    expect(goalKindFor("serving")).toBe("throughput");
    expect(goalKindFor("agentic")).toBeUndefined();
    expect(goalKindFor("fleet")).toBeUndefined();
  });
});

describe("solveRequestOf", () => {
  it("builds a request the planner's solveRequestSchema accepts", () => {
    const base = getDefaultScenario("llama-3.1-70b-pretraining-1024-h100");
    const built = solveRequestOf(base, FORM);
    expect("request" in built).toBe(true);
    if ("request" in built) {
      expect(built.request.goal).toEqual({ kind: "deadline", days: 30 });
      expect(built.request.maxCount).toBe(16_384);
      expect(solveRequestSchema.safeParse(built.request).success).toBe(true);
    }
    const serving = solveRequestOf(getDefaultScenario("deepseek-v3-serving-h200-slo"), {
      ...FORM,
      kind: "throughput",
      tokensPerSecondText: "100,000",
    });
    expect("request" in serving && serving.request.goal).toEqual({ kind: "throughput", outputTokensPerSecond: 1e5 });
  });

  it("names the field of each problem", () => {
    const built = solveRequestOf({}, { ...FORM, daysText: "-3", accelerators: [], maxGpusText: "1.5" });
    expect("errors" in built && Object.keys(built.errors).sort()).toEqual(["accelerators", "goal", "maxGpus"]);
    expect(parsePositive("16,384")).toBe(16_384);
    expect(parsePositive("")).toBeUndefined();
    expect(parsePositive("abc")).toBeUndefined();
  });
});

describe("goalRows", () => {
  it("lists each type's cheapest and fastest, marks the best once, and notes a type without an answer", () => {
    const cheapB200 = point("nvidia-b200", 4096, 19.7, 3.94e6);
    const fastB200 = point("nvidia-b200", 16_384, 7.93, 6.3e6);
    const cheapH100 = point("nvidia-h100-sxm", 8192, 19.4, 5.98e6);
    const result = {
      goal: { kind: "deadline", days: 30 },
      objective: "cheapest",
      results: [
        { accelerator: "nvidia-b200", cheapest: cheapB200, fastest: fastB200, chosen: cheapB200, evaluated: [] },
        // One configuration that is both the cheapest and the fastest is listed once.
        { accelerator: "nvidia-h100-sxm", cheapest: cheapH100, fastest: cheapH100, chosen: cheapH100, evaluated: [] },
        { accelerator: "amd-mi300x", cheapest: null, fastest: null, chosen: null, evaluated: [], note: "too slow" },
      ],
      best: cheapB200,
      costBasisMixed: false,
      evaluatedCount: 20,
      elapsedMs: 1000,
      assumptions: [],
      warnings: [],
    } satisfies SolveResult;
    const groups = goalRows(result);
    expect(groups.map((group) => group.rows.map((row) => [row.choice, row.point.count, row.best]))).toEqual([
      [
        ["cheapest", 4096, true],
        ["fastest", 16_384, false],
      ],
      [["cheapest", 8192, false]],
      [],
    ]);
    expect(groups[2]?.note).toBe("too slow");
    expect(costBasisText(cheapB200)).toBe("owned TCO");
    expect(costBasisText({ costBasis: "cloud" })).toBe("cloud price");
  });
});

describe("scenarioWithConfiguration", () => {
  it("sets the accelerator type and count, leaves the parallelism to the search and keeps the input", () => {
    const base = getDefaultScenario("llama-3.1-70b-pretraining-1024-h100");
    const pinned = { ...base, workload: { ...base.workload, parallelism: { tp: 8 } } };
    const before = JSON.stringify(pinned);
    const opened = scenarioWithConfiguration(pinned, { accelerator: "nvidia-b200", count: 4096 }) as typeof base;
    expect(opened.hardware.accelerator).toBe("nvidia-b200");
    expect(opened.hardware.count).toBe(4096);
    expect("parallelism" in opened.workload).toBe(false);
    expect(opened.site).toEqual(base.site);
    expect(JSON.stringify(pinned)).toBe(before);
  });
});
