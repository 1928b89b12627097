import { formatMetric, getDefaultScenario, listDefaultScenarioIds, plan } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { planTexts } from "./plan-texts";

describe("planTexts", () => {
  it.each(listDefaultScenarioIds())("formats %s's headline figures with the planner's formatMetric", (id) => {
    const result = plan(getDefaultScenario(id));
    const texts = planTexts(result, formatMetric);
    expect(texts.metrics).toEqual(result.metrics.map((metric) => formatMetric(metric)));
    expect(texts.memoryRequired).toBe(
      formatMetric({ id: "", label: "", value: result.memory.requiredBytesPerGpu, unit: "bytes" }),
    );
    expect(texts.memoryCapacity).toBe(
      formatMetric({ id: "", label: "", value: result.memory.capacityBytesPerGpu, unit: "bytes" }),
    );
    // Structured-clone safe: it crosses the worker boundary and is embedded in the build as JSON.
    expect(JSON.parse(JSON.stringify(texts))).toEqual(texts);
  });
});
