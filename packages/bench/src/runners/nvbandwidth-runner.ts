import type { BenchmarkResult } from "../harness/result-schema";
import { summarize } from "../harness/statistics";
import { type NvbandwidthReport, parseNvbandwidth } from "../parsers/nvbandwidth";
import { type RunCommandOptions, runCommandOrThrow } from "./run-command";

/**
 * Converts a parsed nvbandwidth run into benchmark results: one per test, with the SUM bandwidth and, for
 * matrices with several cells, the per-cell minimum (a weak link shows there).
 *
 * @param report - from {@link parseNvbandwidth}
 * @param suite - suite id; default `nvbandwidth`
 * @returns benchmark results
 * @example
 * ```ts
 * import { nvbandwidthToResults, parseNvbandwidth } from "@aifactory/bench";
 * const stdout = "Running host_to_device_memcpy_sm.\nmemcpy SM CPU(row) -> GPU(column) bandwidth (GB/s)\n           0\n 0     25.13\n";
 * nvbandwidthToResults(parseNvbandwidth(stdout))[0]?.benchmark; // "host-to-device-memcpy-sm"
 * ```
 * @since 0.1.0
 * @category nvbandwidth
 */
export function nvbandwidthToResults(report: NvbandwidthReport, suite = "nvbandwidth"): BenchmarkResult[] {
  return report.tests.map((test) => {
    const cells = test.matrixGBps.flat().filter((v): v is number => v !== null);
    const metrics: BenchmarkResult["metrics"] = [];
    if (test.sumGBps !== undefined)
      metrics.push({ name: "sumBandwidthGBps", unit: "GB/s", value: test.sumGBps, higherIsBetter: true });
    if (cells.length > 0) {
      metrics.push({ name: "minCellBandwidthGBps", unit: "GB/s", value: Math.min(...cells), higherIsBetter: true });
      metrics.push({ name: "maxCellBandwidthGBps", unit: "GB/s", value: Math.max(...cells), higherIsBetter: true });
    }
    const passed = metrics.length > 0 && !report.skipped.includes(test.name);
    return {
      suite,
      benchmark: test.name.replace(/_/g, "-"),
      parameters: {},
      status: passed ? "passed" : "failed",
      ...(passed ? { summary: summarize(cells.length > 0 ? cells : [test.sumGBps ?? 0]) } : {}),
      ...(passed
        ? {}
        : { failure: { code: "EXTERNAL_TOOL_FAILURE", message: `nvbandwidth test ${test.name} produced no result` } }),
      samplesSeconds: [],
      iterationsPerSample: 1,
      warmupIterations: 0,
      stopReason: passed ? "single-shot" : "failed",
      metrics: passed ? metrics : [],
      device: { backend: "external", ...(report.devices[0] ? { name: report.devices[0].name } : {}) },
      notes: ["summary statistics are over matrix cells (GB/s), not over time samples"],
    } satisfies BenchmarkResult;
  });
}

/**
 * Runs `nvbandwidth -t <tests...>` (argument array, timeout) and parses it.
 *
 * @param tests - test names (`device_local_copy`, `host_to_device_memcpy_ce`, ...); empty runs all
 * @param options - program path (default `nvbandwidth`) and command options
 * @returns report and results
 * @throws AifError `UNSUPPORTED` when nvbandwidth is missing; `EXTERNAL_TOOL_FAILURE` when it fails
 * @example
 * ```ts
 * // not run in tests: needs an NVIDIA GPU and the nvbandwidth binary
 * import { runNvbandwidth } from "@aifactory/bench";
 * const { report } = await runNvbandwidth(["device_local_copy"]);
 * ```
 * @since 0.1.0
 * @category nvbandwidth
 */
export async function runNvbandwidth(
  tests: readonly string[] = [],
  options: RunCommandOptions & { program?: string } = {},
): Promise<{ report: NvbandwidthReport; results: BenchmarkResult[] }> {
  const args = tests.length === 0 ? [] : ["-t", ...tests];
  const { stdout } = await runCommandOrThrow(options.program ?? "nvbandwidth", args, options);
  const report = parseNvbandwidth(stdout);
  return { report, results: nvbandwidthToResults(report) };
}
