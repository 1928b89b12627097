// Runs in the planner worker (which has zod and the planner already): the page's main thread loads neither. The
// worker reports an invalid scenario's issues with its plan answer (see plan.worker.ts).
import "../zod-config";
import { scenarioSchema } from "@aifactory/planner";

/** An issue of a scenario, as zod reports it (its path and message: what crosses the worker boundary). */
export interface ScenarioIssue {
  path: Array<string | number>;
  message: string;
}

/** The outcome of validating a scenario with `@aifactory/planner`'s `scenarioSchema`. */
export type ScenarioValidation = { success: true } | { success: false; issues: ScenarioIssue[] };

// The page treats scenarios as immutable values (an edit makes a new object), so a validation can be kept per
// object: an edit is validated when it is made and again when it is rendered.
const validated = new WeakMap<object, ScenarioValidation>();

/**
 * Validates a scenario with the planner's own schema (`scenarioSchema.safeParse`), once per scenario object.
 *
 * @param value - the scenario being edited
 * @returns success, or the issues by path
 */
export function validateScenario(value: unknown): ScenarioValidation {
  const cacheable = typeof value === "object" && value !== null;
  const cached = cacheable ? validated.get(value) : undefined;
  if (cached) return cached;
  const result = scenarioSchema.safeParse(value);
  const validation: ScenarioValidation = result.success
    ? { success: true }
    : {
        success: false,
        issues: result.error.issues.map((issue) => ({
          path: issue.path.map((key) => (typeof key === "number" ? key : String(key))),
          message: issue.message,
        })),
      };
  if (cacheable) validated.set(value, validation);
  return validation;
}
