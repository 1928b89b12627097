import { AifError } from "@aifactory/core";
import { BENCH_RESULT_SCHEMA_VERSION, type BenchResultSet } from "../harness/result-schema";

/**
 * Merges per-node result sets into one: results are concatenated with `device.node` set from each file's
 * hostname (so {@link comparePeersInResults} can compare nodes), GPUs of every node are listed, and the
 * environment keeps the first file's CPU/Node facts with the host names joined.
 *
 * @param sets - result sets from the nodes (at least one)
 * @returns the merged result set
 * @throws AifError `INVALID_INPUT` for an empty list
 * @example
 * ```ts
 * import { benchmarkResultSchema, captureEnvironment, createResultSet, mergeResultSets } from "@aifactory/bench";
 * // from files: mergeResultSets(files.map((f) => benchResultSetSchema.parse(JSON.parse(readFileSync(f, "utf8")))))
 * const environment = await captureEnvironment({ nvidiaSmi: false });
 * const node = (hostname: string) =>
 *   createResultSet({ ...environment, hostname }, [
 *     benchmarkResultSchema.parse({ suite: "cpu", benchmark: "matmul", status: "passed", stopReason: "ci-target" }),
 *   ]);
 * mergeResultSets([node("node-a"), node("node-b")]).results.map((r) => r.device?.node); // ["node-a", "node-b"]
 * ```
 * @since 0.1.0
 * @category Cluster
 */
export function mergeResultSets(sets: readonly BenchResultSet[]): BenchResultSet {
  const first = sets[0];
  if (first === undefined) {
    throw new AifError("INVALID_INPUT", "no result sets to merge", { hint: "pass the per-node result files" });
  }
  const hostnames = [...new Set(sets.map((s) => s.environment.hostname))];
  return {
    schemaVersion: BENCH_RESULT_SCHEMA_VERSION,
    kind: "aifactory-bench-results",
    createdAt: sets.map((s) => s.createdAt).sort()[0] ?? first.createdAt,
    environment: {
      ...first.environment,
      hostname: hostnames.join(","),
      gpus: sets.flatMap((s) =>
        s.environment.gpus.map((gpu) => ({ ...gpu, source: `${gpu.source}@${s.environment.hostname}` })),
      ),
    },
    results: sets.flatMap((s) =>
      s.results.map((result) => ({
        ...result,
        device: { ...result.device, node: result.device?.node ?? s.environment.hostname },
      })),
    ),
  };
}
