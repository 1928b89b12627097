import { toJsonSchema } from "@aifactory/core";
import { calibrationFileSchema } from "./calibrate/calibration-schema";
import { clusterLaunchOptionsSchema } from "./cluster/cluster-launch";
import { benchResultSetSchema } from "./harness/result-schema";
import { servingLoadOptionsSchema } from "./serving/load-generator";

const BASE_URL = "https://raw.githubusercontent.com/aifactory-dev/aifactory/main/packages/bench/schemas/";

/**
 * JSON Schemas of the files and options this package reads and writes (result sets, calibration files,
 * serving-load and cluster-launch options), generated from the zod schemas, keyed by file name.
 *
 * @returns file name -> JSON Schema
 * @example
 * ```ts
 * import { benchJsonSchemas } from "@aifactory/bench";
 * Object.keys(benchJsonSchemas()); // ["bench-results.schema.json", "calibration.schema.json", ...]
 * ```
 * @since 0.1.0
 * @category Results
 */
export function benchJsonSchemas(): Record<string, Record<string, unknown>> {
  const entries: Array<[string, Parameters<typeof toJsonSchema>[0], string]> = [
    ["bench-results.schema.json", benchResultSetSchema, "aifactory bench result set"],
    ["calibration.schema.json", calibrationFileSchema, "aifactory calibration file"],
    ["serving-load-options.schema.json", servingLoadOptionsSchema, "aifactory serving load options"],
    ["cluster-launch-options.schema.json", clusterLaunchOptionsSchema, "aifactory cluster launch options"],
  ];
  const out: Record<string, Record<string, unknown>> = {};
  for (const [file, schema, title] of entries) out[file] = toJsonSchema(schema, { id: `${BASE_URL}${file}`, title });
  return out;
}
