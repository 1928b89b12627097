import { isAifError } from "@aifactory/core";
import { type PlanOptions, plan } from "./plan";
import type { Plan } from "./plan-types";
import type { ScenarioInput } from "./scenario";

/**
 * One scenario's outcome in a comparison: its plan, or the error that stopped it.
 *
 * @since 0.1.0
 * @category Compare
 */
export interface ComparedScenario {
  id: string;
  name: string;
  plan?: Plan;
  error?: { code: string; message: string; hint?: string };
}

/**
 * Plans several scenarios side by side. A scenario that fails (nothing fits, unknown id) is reported with its
 * error instead of stopping the comparison.
 *
 * @param scenarios - the scenarios
 * @param options - `catalog`: the catalog ids are looked up in (default: built-in; each scenario's `packs` extend it)
 * @returns one entry per scenario, in order
 * @example
 * ```ts
 * import { compare, getDefaultScenario } from "@aifactory/planner";
 * const base = getDefaultScenario("llama-3.1-70b-pretraining-1024-h100");
 * const h200 = { ...base, id: "h200", name: "on H200", hardware: { ...base.hardware, accelerator: "nvidia-h200-sxm", system: undefined } };
 * compare([base, h200]).map((entry) => entry.plan?.timeline.wallClockHours);
 * ```
 * @since 0.1.0
 * @category Compare
 */
export function compare(scenarios: readonly ScenarioInput[], options: PlanOptions = {}): ComparedScenario[] {
  return scenarios.map((scenario, index) => {
    const id = typeof scenario?.id === "string" ? scenario.id : `scenario-${index + 1}`;
    const name = typeof scenario?.name === "string" ? scenario.name : id;
    try {
      return { id, name, plan: plan(scenario, options) };
    } catch (error) {
      if (!isAifError(error)) throw error;
      return {
        id,
        name,
        error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
      };
    }
  });
}
