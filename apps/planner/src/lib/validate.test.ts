import { getDefaultScenario, scenarioSchema } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { validateScenario } from "./validate";

describe("validateScenario", () => {
  it("agrees with scenarioSchema.safeParse", () => {
    const valid = getDefaultScenario("llama-3.1-70b-pretraining-1024-h100");
    expect(validateScenario(valid)).toEqual({ success: true });
    const invalid = { ...valid, hardware: { ...valid.hardware, count: -5 } };
    const result = validateScenario(invalid);
    const expected = scenarioSchema.safeParse(invalid);
    expect(result.success).toBe(false);
    expect(expected.success).toBe(false);
    if (!result.success && !expected.success) {
      expect(result.issues.map((issue) => [issue.path, issue.message])).toEqual(
        expected.error.issues.map((issue) => [issue.path, issue.message]),
      );
      expect(result.issues.some((issue) => issue.path.join(".") === "hardware.count")).toBe(true);
    }
  });

  it("validates each scenario object once (the page never mutates a scenario in place)", () => {
    const scenario = getDefaultScenario("gpt-oss-120b-agentic-fleet-h100");
    const first = validateScenario(scenario);
    expect(validateScenario(scenario)).toBe(first);
    // A new object with the same content is validated again, and gets an equal answer.
    const copy = structuredClone(scenario);
    const second = validateScenario(copy);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(validateScenario("not a scenario").success).toBe(false);
  });
});
