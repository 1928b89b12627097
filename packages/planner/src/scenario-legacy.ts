/**
 * Scenario fields renamed to the glossary's names (unit last, one name per quantity), as
 * `[section, old name, new name]`: saved scenario files and share links written before a rename still load.
 *
 * @example
 * ```ts
 * import { SCENARIO_LEGACY_KEYS } from "@aifactory/planner";
 * SCENARIO_LEGACY_KEYS.some(([section, old]) => section === "economics" && old === "cloudUsdPerGpuHour"); // true
 * ```
 * @since 0.11.0
 * @category Scenario
 */
export const SCENARIO_LEGACY_KEYS: readonly (readonly [
  section: "workload" | "hardware" | "site" | "economics" | "supply",
  old: string,
  current: string,
])[] = [
  ["economics", "cloudUsdPerGpuHour", "onDemandUsdPerAcceleratorHour"],
  ["economics", "annualInterestRate", "interestRatioPerYear"],
  ["workload", "sequenceLength", "sequenceTokens"],
  ["workload", "oslMean", "meanOutputTokens"],
  ["workload", "oslMax", "maxOutputTokens"],
  ["workload", "isl", "inputTokens"],
  ["workload", "osl", "outputTokens"],
];

/** A legacy field found in a scenario and the name it was read as. */
export interface RenamedScenarioKey {
  /** The old path, e.g. `economics.cloudUsdPerGpuHour`. */
  from: string;
  /** The new path, e.g. `economics.onDemandUsdPerAcceleratorHour`. */
  to: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Renames the legacy fields of a scenario as written (before validation) to their current names, without modifying
 * the input. A legacy field whose new name is also set is left as it is, so validation reports it as unknown rather
 * than silently choosing one. `plan()` and `parseScenarioText` call it; `plan()` lists each rename in its warnings.
 *
 * @param input - a scenario as written (any value: non-objects are returned as they are)
 * @returns the scenario with current field names, and the renames made
 * @example
 * ```ts
 * import { upgradeScenarioKeys } from "@aifactory/planner";
 * const { scenario, renamed } = upgradeScenarioKeys({ economics: { cloudUsdPerGpuHour: 2.5 } });
 * (scenario as { economics: Record<string, number> }).economics.onDemandUsdPerAcceleratorHour; // 2.5
 * renamed[0]?.from; // "economics.cloudUsdPerGpuHour"
 * ```
 * @since 0.11.0
 * @category Scenario
 */
export function upgradeScenarioKeys(input: unknown): { scenario: unknown; renamed: readonly RenamedScenarioKey[] } {
  if (!isRecord(input)) return { scenario: input, renamed: [] };
  const renamed: RenamedScenarioKey[] = [];
  const scenario: Record<string, unknown> = { ...input };
  for (const [section, old, current] of SCENARIO_LEGACY_KEYS) {
    const fields = scenario[section];
    if (!isRecord(fields) || !(old in fields) || current in fields) continue;
    const { [old]: value, ...rest } = fields;
    scenario[section] = { ...rest, [current]: value };
    renamed.push({ from: `${section}.${old}`, to: `${section}.${current}` });
  }
  return { scenario, renamed };
}
