import startup from "virtual:planner-startup";
import type { Plan, ScenarioInput } from "@aifactory/planner";
import type { PlanTexts } from "./lib/plan-texts";
import type { JsonSchema } from "./lib/schema-form";

/** What the page needs for its first screen, computed at build time by the packages (see vite.config.ts). */
export interface StartupData {
  /** `toJsonSchema(scenarioSchema)`: drives the scenario editor. */
  scenarioJsonSchema: JsonSchema;
  /** `DEFAULT_SCENARIOS`, each as `getDefaultScenario(id)` returns it. */
  defaults: Array<{ id: string; name: string; scenario: ScenarioInput }>;
  /** Catalog ids and names the editor offers for string fields, by property name (`listAccelerators`, ...). */
  suggestions: Record<string, Array<{ value: string; label?: string }>>;
  /**
   * The first built-in scenario's plan and formatted headline figures (its CSV and Markdown are made by the worker
   * when the page offers them: they would weigh on the entry chunk's size).
   */
  prebuilt: { key: string; plan: Plan; texts: PlanTexts };
}

/** The build-time startup data. */
export const STARTUP = startup as StartupData;

/** The built-in scenarios, default first. */
export const DEFAULTS = STARTUP.defaults;

/** The id of the scenario the page opens on. */
export const FIRST_DEFAULT_ID = DEFAULTS[0]?.id ?? "";

/**
 * A built-in scenario by id (a deep copy, safe to edit), as `@aifactory/planner`'s `getDefaultScenario`.
 *
 * @throws Error for an unknown id
 */
export function getDefaultScenario(id: string): ScenarioInput {
  const found = DEFAULTS.find((entry) => entry.id === id);
  if (!found) throw new Error(`no built-in scenario ${id}`);
  return structuredClone(found.scenario);
}
