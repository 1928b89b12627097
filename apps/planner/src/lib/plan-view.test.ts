import { getDefaultScenario, listDefaultScenarioIds, plan } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { curveAxes, findBreakdowns, findCurves, firstNumber, isBreakdown, scalarFields } from "./plan-view";

describe("findBreakdowns", () => {
  it("finds every breakdown of each default plan, none from the scenario echo", () => {
    for (const id of listDefaultScenarioIds()) {
      const result = plan(getDefaultScenario(id));
      const found = findBreakdowns(result);
      const paths = found.map((entry) => entry.path);
      expect(paths).toEqual(
        expect.arrayContaining(["memory.breakdown", "energy.breakdown", "cost.breakdown", "timeBreakdown"]),
      );
      expect(paths.some((path) => path.startsWith("scenario"))).toBe(false);
      for (const entry of found) expect(isBreakdown(entry.breakdown)).toBe(true);
    }
  });

  it("rejects look-alikes", () => {
    expect(isBreakdown({ title: "x", unit: "s", items: [{ label: "a", value: "1" }] })).toBe(false);
    expect(isBreakdown({ title: "x", items: [] })).toBe(false);
  });
});

describe("findCurves", () => {
  it("finds a serving-style sweep and picks TPOT against output tokens per second per GPU", () => {
    const fakePlan = {
      scenario: {
        curve: [
          { tpotMs: 1, tokensPerSecond: 2 },
          { tpotMs: 2, tokensPerSecond: 3 },
        ],
      },
      performance: {
        curve: [
          { concurrency: 1, ttftMs: 50, tpotMs: 10, outputTokensPerSecond: 800, outputTokensPerSecondPerGpu: 100 },
          { concurrency: 8, ttftMs: 80, tpotMs: 14, outputTokensPerSecond: 4000, outputTokensPerSecondPerGpu: 500 },
        ],
      },
    };
    const curves = findCurves(fakePlan);
    expect(curves).toHaveLength(1);
    expect(curves[0]).toMatchObject({ path: "performance.curve", xKey: "tpotMs", yKey: "outputTokensPerSecondPerGpu" });
  });

  it("finds the curve of every built-in plan that has one (serving's throughput vs latency)", () => {
    for (const id of listDefaultScenarioIds()) {
      const result = plan(getDefaultScenario(id)) as unknown as Record<string, unknown>;
      const arrays = Object.entries(result).filter(
        ([key, value]) =>
          key !== "scenario" && Array.isArray(value) && value.length >= 2 && typeof value[0] === "object",
      );
      const curves = findCurves(result);
      for (const [key] of arrays.filter(([key]) => !["assumptions", "warnings", "metrics"].includes(key))) {
        expect(curves.map((curve) => curve.path)).toContain(key);
      }
    }
  });

  it("finds none in a pretraining plan", () => {
    const ids = listDefaultScenarioIds();
    const pretraining = ids.map((id) => getDefaultScenario(id)).find((s) => s.workload.kind === "pretraining");
    if (pretraining) expect(findCurves(plan(pretraining))).toEqual([]);
  });

  it("needs both a latency and a throughput key", () => {
    expect(curveAxes(["concurrency", "tpotMs"])).toBeUndefined();
    expect(curveAxes(["latencyMs", "requestsPerSecond"])).toEqual({ xKey: "latencyMs", yKey: "requestsPerSecond" });
  });
});

describe("scalarFields and firstNumber", () => {
  it("flattens one level and skips breakdowns and arrays", () => {
    const rows = scalarFields({
      a: 1,
      b: "x",
      c: { d: true, e: [1] },
      f: [1, 2],
      g: { title: "t", unit: "u", items: [] },
    });
    expect(rows).toEqual([
      { key: "a", value: 1 },
      { key: "b", value: "x" },
      { key: "c.d", value: true },
    ]);
  });

  it("returns the first finite number among keys", () => {
    expect(firstNumber({ a: Number.NaN, b: 2 }, ["a", "b"])).toEqual({ key: "b", value: 2 });
    expect(firstNumber({ a: "1" }, ["a"])).toBeUndefined();
  });
});
