import { getDefaultScenario, listDefaultScenarioIds, plan } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { planTexts } from "./plan-texts";
import { formatQuantity } from "./units";

describe("planTexts", () => {
  it.each(listDefaultScenarioIds())("formats %s's headline figures with core's unit formatters", (id) => {
    const result = plan(getDefaultScenario(id));
    const texts = planTexts(result);
    expect(texts.metrics).toEqual(result.metrics.map((metric) => formatQuantity(metric.value, metric.unit)));
    expect(texts.memoryRequired).toBe(formatQuantity(result.memory.requiredBytesPerGpu, "bytes"));
    expect(texts.cost.capex).toMatch(/^\$/);
    expect(texts.cost.opexPerYear).toMatch(/\/year$/);
    // Three significant figures at most: no long digit runs, no float noise.
    for (const text of [...texts.metrics, ...Object.values(texts.cost)]) expect(text).not.toMatch(/\d{4,}|\d\.\d{4,}/);
    // Structured-clone safe: it crosses the worker boundary and is embedded in the build as JSON.
    expect(JSON.parse(JSON.stringify(texts))).toEqual(texts);
  });
});
