import { AifError, parseInput } from "@aifactory/core";
import { parse as parseYaml } from "yaml";
import { type Scenario, scenarioSchema } from "./scenario";
import { upgradeScenarioKeys } from "./scenario-legacy";

/**
 * Parses a scenario from JSON or YAML text (no I/O: read the file yourself, or use `aif plan <file>`).
 *
 * @param text - the file's content
 * @param format - `json` or `yaml` (default: YAML, which also reads JSON)
 * @param label - what to call it in errors, e.g. the file name
 * @returns the parsed scenario (defaults applied; fields under a pre-glossary name are read under the new one, see
 *   `upgradeScenarioKeys`)
 * @throws AifError (INVALID_INPUT) for unparsable text; InvalidInputError listing every problem
 * @example
 * ```ts
 * import { parseScenarioText } from "@aifactory/planner";
 * const scenario = parseScenarioText(`
 * id: small-run
 * name: Llama 3.1 8B on 64 H100
 * workload: { kind: pretraining, model: llama-3.1-8b, tokens: 1.0e+12, globalBatchSequences: 512, sequenceTokens: 8192 }
 * hardware: { accelerator: nvidia-h100-sxm, count: 64 }
 * `);
 * ```
 * @since 0.1.0
 * @category Scenario
 */
export function parseScenarioText(text: string, format: "json" | "yaml" = "yaml", label = "scenario"): Scenario {
  let data: unknown;
  try {
    data = format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new AifError("INVALID_INPUT", `${label} is not valid ${format.toUpperCase()}: ${(cause as Error).message}`, {
      hint: "fix the syntax at the position shown",
      cause,
    });
  }
  return parseInput(scenarioSchema, upgradeScenarioKeys(data).scenario, label);
}

/**
 * Replaces every pack a scenario names by file path with the pack's data, read by `readPack` (the caller does the
 * I/O and resolves the path, normally against the scenario file's folder). Inline packs are kept as they are.
 *
 * @param scenario - a scenario as written (its `packs` may hold paths)
 * @param readPack - reads one pack file (JSON or YAML data) by the path as written
 * @returns the scenario with inline packs only (the input is not modified)
 * @example
 * ```ts
 * import { inlineScenarioPacks } from "@aifactory/planner";
 * const files: Record<string, unknown> = { "acme.json": { name: "aifactory-pack-acme", version: "1.0.0" } };
 * const scenario = inlineScenarioPacks({ packs: ["acme.json"] }, (path) => files[path]);
 * scenario.packs; // [{ name: "aifactory-pack-acme", version: "1.0.0" }]
 * ```
 * @since 0.10.0
 * @category Scenario
 */
export function inlineScenarioPacks<T extends { packs?: unknown }>(
  scenario: T,
  readPack: (path: string) => unknown,
): T {
  if (!Array.isArray(scenario.packs) || !scenario.packs.some((pack) => typeof pack === "string")) return scenario;
  return {
    ...scenario,
    packs: scenario.packs.map((pack) => (typeof pack === "string" ? readPack(pack) : pack)),
  };
}
