import { describe, expect, it } from "vitest";
import { getDefaultScenario } from "./defaults";
import { parseScenarioText } from "./load";
import { plan } from "./plan";
import { scenarioSchema } from "./scenario";
import { SCENARIO_LEGACY_KEYS, upgradeScenarioKeys } from "./scenario-legacy";

describe("scenario fields under their pre-glossary names", () => {
  const base = getDefaultScenario("llama-3.1-70b-pretraining-1024-h100") as Record<string, unknown>;

  it("every legacy key maps to a field the scenario schema has, and no old name is still a field", () => {
    const shapes: Record<string, Set<string>> = {
      economics: new Set(Object.keys(scenarioSchema.shape.economics.unwrap().shape)),
      supply: new Set(Object.keys(scenarioSchema.shape.supply.unwrap().shape)),
      site: new Set(Object.keys(scenarioSchema.shape.site.unwrap().shape)),
      hardware: new Set(Object.keys(scenarioSchema.shape.hardware.shape)),
      workload: new Set(
        scenarioSchema.shape.workload.options.flatMap((option) => Object.keys(option.shape as Record<string, unknown>)),
      ),
    };
    for (const [section, old, current] of SCENARIO_LEGACY_KEYS) {
      expect(shapes[section]?.has(current), `${section}.${current}`).toBe(true);
      expect(shapes[section]?.has(old), `${section}.${old}`).toBe(false);
    }
  });

  it("renames a legacy field without touching the input, and leaves it when the new name is set too", () => {
    const input = { ...base, economics: { cloudUsdPerGpuHour: 2.5, ownership: "cloud" } };
    const { scenario, renamed } = upgradeScenarioKeys(input);
    expect((scenario as { economics: unknown }).economics).toEqual({
      ownership: "cloud",
      onDemandUsdPerAcceleratorHour: 2.5,
    });
    expect(renamed).toEqual([{ from: "economics.cloudUsdPerGpuHour", to: "economics.onDemandUsdPerAcceleratorHour" }]);
    expect(input.economics).toEqual({ cloudUsdPerGpuHour: 2.5, ownership: "cloud" });
    const both = { economics: { cloudUsdPerGpuHour: 2.5, onDemandUsdPerAcceleratorHour: 3 } };
    expect(upgradeScenarioKeys(both)).toEqual({ scenario: both, renamed: [] });
    expect(upgradeScenarioKeys("not a scenario")).toEqual({ scenario: "not a scenario", renamed: [] });
  });

  it("plan() reads an old scenario file and warns once per renamed field; parseScenarioText reads it too", () => {
    const old = { ...base, economics: { annualInterestRate: 0.08 } };
    const current = { ...base, economics: { interestRatioPerYear: 0.08 } };
    const fromOld = plan(old as unknown as Parameters<typeof plan>[0]);
    const fromCurrent = plan(current as unknown as Parameters<typeof plan>[0]);
    expect(fromOld.cost).toEqual(fromCurrent.cost);
    const deprecated = fromOld.warnings.filter((w) => w.area === "scenario");
    expect(deprecated.map((w) => w.text)).toEqual([
      "economics.annualInterestRate is a deprecated name: read as economics.interestRatioPerYear (rename it in the scenario; the old name will stop working)",
    ]);
    expect(fromCurrent.warnings.some((w) => w.area === "scenario")).toBe(false);
    expect(parseScenarioText(JSON.stringify(old), "json").economics.interestRatioPerYear).toBe(0.08);
  });

  it("an RL scenario with the old response-length names plans like the new one", () => {
    const rl = getDefaultScenario("qwen3-32b-grpo-64-h100") as { workload: Record<string, unknown> };
    const { meanOutputTokens, maxOutputTokens, ...rest } = rl.workload;
    const old = { ...rl, workload: { ...rest, oslMean: meanOutputTokens, oslMax: maxOutputTokens } };
    const result = plan(old as unknown as Parameters<typeof plan>[0]);
    expect(result.performance).toEqual(plan(rl as unknown as Parameters<typeof plan>[0]).performance);
    expect(result.warnings.filter((w) => w.area === "scenario").map((w) => w.text.split(" ")[0])).toEqual([
      "workload.oslMean",
      "workload.oslMax",
    ]);
  });
  it("a serving scenario with isl/osl reads as inputTokens/outputTokens; an RL scenario's isl plans like inputTokens", () => {
    const serving = getDefaultScenario("deepseek-v3-serving-h200-slo") as { workload: Record<string, unknown> };
    const { inputTokens, outputTokens, ...servingRest } = serving.workload;
    const oldServing = { ...serving, workload: { ...servingRest, isl: inputTokens, osl: outputTokens } };
    expect(upgradeScenarioKeys(oldServing).renamed).toEqual([
      { from: "workload.isl", to: "workload.inputTokens" },
      { from: "workload.osl", to: "workload.outputTokens" },
    ]);
    expect(parseScenarioText(JSON.stringify(oldServing), "json")).toEqual(
      parseScenarioText(JSON.stringify(serving), "json"),
    );

    const rl = getDefaultScenario("qwen3-32b-grpo-64-h100") as { workload: Record<string, unknown> };
    const { inputTokens: prompt, ...rlRest } = rl.workload;
    const oldRl = { ...rl, workload: { ...rlRest, isl: prompt } };
    const result = plan(oldRl as unknown as Parameters<typeof plan>[0]);
    expect(result.performance).toEqual(plan(rl as unknown as Parameters<typeof plan>[0]).performance);
    expect(result.warnings.filter((w) => w.area === "scenario").map((w) => w.text.split(" ")[0])).toEqual([
      "workload.isl",
    ]);
  });
});
