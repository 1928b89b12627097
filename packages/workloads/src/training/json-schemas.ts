import { toJsonSchema } from "@aifactory/core";
import { architectureSchema } from "../architecture/architecture";
import { acceleratorSpecSchema } from "./accelerator-spec";
import { trainingEfficiencySchema } from "./efficiency";
import { trainingConfigSchema } from "./training-config";
import { reliabilitySchema } from "./training-run";

const BASE_URL = "https://raw.githubusercontent.com/aifactory-dev/aifactory/main/packages/workloads/schemas/";

/**
 * JSON Schemas of the files users write for the training model: an architecture, a training configuration,
 * efficiency factors (a calibration file), reliability inputs and an accelerator's figures. Editors use them
 * for completion and validation; they are generated from the zod schemas, which stay the source of truth.
 *
 * @returns file name -> JSON Schema (draft 2020-12, input shape: optional fields with defaults)
 * @example
 * ```ts
 * import { trainingJsonSchemas } from "@aifactory/workloads";
 * Object.keys(trainingJsonSchemas()).includes("architecture.schema.json"); // true
 * ```
 * @since 0.1.0
 * @category Training
 */
export function trainingJsonSchemas(): Record<string, Record<string, unknown>> {
  const entries: Array<[string, Parameters<typeof toJsonSchema>[0], string]> = [
    ["architecture.schema.json", architectureSchema, "aifactory model architecture"],
    ["training-config.schema.json", trainingConfigSchema, "aifactory training configuration"],
    ["training-efficiency.schema.json", trainingEfficiencySchema, "aifactory training efficiency factors"],
    ["reliability.schema.json", reliabilitySchema, "aifactory training reliability inputs"],
    ["accelerator-spec.schema.json", acceleratorSpecSchema, "aifactory accelerator figures for workload models"],
  ];
  const out: Record<string, Record<string, unknown>> = {};
  for (const [file, schema, title] of entries) out[file] = toJsonSchema(schema, { id: `${BASE_URL}${file}`, title });
  return out;
}
