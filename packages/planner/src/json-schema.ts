import { toJsonSchema } from "@aifactory/core";
import { exploreSpaceSchema } from "./explore";
import { factoryPackSchema } from "./pack";
import { scenarioSchema } from "./scenario";

/**
 * The planner's public input schemas as JSON Schema documents (also shipped as files under
 * `@aifactory/planner/schemas/`), so scenario files can be validated in any editor.
 *
 * @returns file name -> JSON Schema
 * @example
 * ```ts
 * import { plannerJsonSchemas } from "@aifactory/planner";
 * Object.keys(plannerJsonSchemas()); // ["scenario.schema.json", "explore-space.schema.json", "factory-pack.schema.json"]
 * ```
 * @since 0.1.0
 * @category Scenario
 */
export function plannerJsonSchemas(): Record<string, Record<string, unknown>> {
  return {
    "scenario.schema.json": toJsonSchema(scenarioSchema, {
      id: "https://aifactory.dev/schemas/scenario.schema.json",
      title: "aifactory scenario",
    }),
    "explore-space.schema.json": toJsonSchema(exploreSpaceSchema, {
      id: "https://aifactory.dev/schemas/explore-space.schema.json",
      title: "aifactory design space",
    }),
    "factory-pack.schema.json": toJsonSchema(factoryPackSchema, {
      id: "https://aifactory.dev/schemas/factory-pack.schema.json",
      title: "aifactory pack: accelerators, systems, fabrics, architectures, grid regions and prices",
    }),
  };
}
