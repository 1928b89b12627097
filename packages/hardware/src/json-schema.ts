import { toJsonSchema } from "@aifactory/core";
import { acceleratorSchema } from "./accelerator";
import { fabricSchema } from "./fabric";
import { hardwarePackSchema } from "./hardware-pack";
import { storageTierSchema } from "./storage-tier";
import { systemSchema } from "./system";

const BASE_URL = "https://raw.githubusercontent.com/aifactory-dev/aifactory/main/packages/hardware/schemas/";

/**
 * The JSON Schema documents this package publishes under `schemas/` (draft 2020-12), keyed by file name. A
 * script writes them (`pnpm --filter @aifactory/hardware generate:schemas`) and a test fails when the files
 * drift from the zod schemas.
 *
 * @returns file name -> JSON Schema object
 * @example
 * ```ts
 * import { hardwareJsonSchemas } from "@aifactory/hardware";
 * Object.keys(hardwareJsonSchemas()); // ["accelerator.schema.json", "system.schema.json", ...]
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function hardwareJsonSchemas(): Record<string, Record<string, unknown>> {
  const entries: Array<[string, Parameters<typeof toJsonSchema>[0], string]> = [
    ["accelerator.schema.json", acceleratorSchema, "aifactory accelerator"],
    ["system.schema.json", systemSchema, "aifactory system"],
    ["fabric.schema.json", fabricSchema, "aifactory fabric"],
    ["storage-tier.schema.json", storageTierSchema, "aifactory storage tier"],
    ["hardware-pack.schema.json", hardwarePackSchema, "aifactory hardware pack"],
  ];
  const out: Record<string, Record<string, unknown>> = {};
  for (const [file, schema, title] of entries) out[file] = toJsonSchema(schema, { id: `${BASE_URL}${file}`, title });
  return out;
}
