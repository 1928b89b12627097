import { z } from "zod";
import { sampleSummarySchema } from "./statistics";

/**
 * The version of the result-file format written by this package. A breaking change gets a new number and a
 * new schema beside this one.
 *
 * @example
 * ```ts
 * import { BENCH_RESULT_SCHEMA_VERSION } from "@aifactory/bench";
 * BENCH_RESULT_SCHEMA_VERSION; // 1
 * ```
 * @since 0.1.0
 * @category Results
 */
export const BENCH_RESULT_SCHEMA_VERSION = 1;

/**
 * One named measurement with its unit, e.g. `{ name: "matmulTflops", unit: "TFLOP/s", value: 12.3 }`.
 * `lower`/`upper` carry its confidence interval where the harness could compute one.
 *
 * @example
 * ```ts
 * import { benchMetricSchema } from "@aifactory/bench";
 * benchMetricSchema.parse({ name: "copyGBps", unit: "GB/s", value: 812, higherIsBetter: true });
 * ```
 * @since 0.1.0
 * @category Results
 */
export const benchMetricSchema = z.object({
  /** camelCase name with the unit in it where it fits (`busBandwidthGBps`). */
  name: z.string().min(1),
  /** Unit symbol as printed: `s`, `ms`, `TFLOP/s`, `GB/s`, `J`, `W`, `tokens/s`, `ratio`. */
  unit: z.string().min(1),
  value: z.number().finite(),
  lower: z.number().finite().optional(),
  upper: z.number().finite().optional(),
  /** Whether a larger value is better (throughput) or worse (latency). */
  higherIsBetter: z.boolean(),
});

/**
 * A metric; see {@link benchMetricSchema}.
 *
 * @example
 * ```ts
 * import type { BenchMetric } from "@aifactory/bench";
 * const copy: BenchMetric = { name: "copyGBps", unit: "GB/s", value: 812, higherIsBetter: true };
 * ```
 * @since 0.1.0
 * @category Results
 */
export type BenchMetric = z.infer<typeof benchMetricSchema>;

/**
 * The device a result was measured on (for peer comparison and achieved/peak).
 *
 * @example
 * ```ts
 * import { benchDeviceSchema } from "@aifactory/bench";
 * benchDeviceSchema.parse({ backend: "webgpu", name: "NVIDIA H100 80GB HBM3" });
 * ```
 * @since 0.1.0
 * @category Results
 */
export const benchDeviceSchema = z.object({
  /** Catalog id of the accelerator where known (`nvidia-h100-sxm`). */
  acceleratorId: z.string().optional(),
  /** Name as the tool reported it (`NVIDIA A100-SXM4-80GB`, `llvmpipe`). */
  name: z.string().optional(),
  /** Device index on its node. */
  index: z.number().int().nonnegative().optional(),
  /** Host name of the node. */
  node: z.string().optional(),
  /** Backend that ran it: `cpu`, `webgpu`, `cuda`, `external`. */
  backend: z.string().optional(),
});

/**
 * A device description; see {@link benchDeviceSchema}.
 *
 * @example
 * ```ts
 * import type { BenchDevice } from "@aifactory/bench";
 * const device: BenchDevice = { acceleratorId: "nvidia-h100-sxm", name: "NVIDIA H100 80GB HBM3", index: 0, backend: "cuda" };
 * ```
 * @since 0.1.0
 * @category Results
 */
export type BenchDevice = z.infer<typeof benchDeviceSchema>;

/**
 * Why sampling stopped.
 *
 * @example
 * ```ts
 * import { stopReasonSchema } from "@aifactory/bench";
 * stopReasonSchema.parse("ci-target");
 * ```
 * @since 0.1.0
 * @category Results
 */
export const stopReasonSchema = z.enum(["ci-target", "time-budget", "max-samples", "single-shot", "failed"]);

/**
 * The outcome of one benchmark. A `failed` result (kernel error, wrong output, tool exit code) carries the
 * failure and **no** summary or metrics: a wrong result is never a number.
 *
 * @example
 * ```ts
 * import { benchmarkResultSchema } from "@aifactory/bench";
 * benchmarkResultSchema.parse({ suite: "cpu", benchmark: "matmul", status: "skipped", stopReason: "single-shot" }).metrics; // []
 * ```
 * @since 0.1.0
 * @category Results
 */
export const benchmarkResultSchema = z.object({
  suite: z.string().min(1),
  benchmark: z.string().min(1),
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  status: z.enum(["passed", "failed", "skipped"]),
  failure: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).optional(),
  /** Seconds per iteration, one entry per sample (each sample may batch several iterations). */
  samplesSeconds: z.array(z.number().finite().nonnegative()).default([]),
  iterationsPerSample: z.number().int().positive().default(1),
  warmupIterations: z.number().int().nonnegative().default(0),
  stopReason: stopReasonSchema,
  /** Statistics of `samplesSeconds`; absent unless passed. */
  summary: sampleSummarySchema.optional(),
  metrics: z.array(benchMetricSchema).default([]),
  device: benchDeviceSchema.optional(),
  /** Energy and power over the measured window, from a telemetry sampler where one ran. */
  energy: z
    .object({
      energyJoules: z.number().nonnegative(),
      averagePowerWatts: z.number().nonnegative(),
      durationSeconds: z.number().nonnegative(),
      source: z.string(),
    })
    .optional(),
  notes: z.array(z.string()).default([]),
});

/**
 * One benchmark outcome; see {@link benchmarkResultSchema}.
 *
 * @example
 * ```ts
 * import type { BenchmarkResult } from "@aifactory/bench";
 * const medianSeconds = (result: BenchmarkResult) => (result.status === "passed" ? result.summary?.median : undefined);
 * ```
 * @since 0.1.0
 * @category Results
 */
export type BenchmarkResult = z.infer<typeof benchmarkResultSchema>;

/**
 * Where a result set was measured: CPU, memory, Node, and GPUs where nvidia-smi or WebGPU reported them.
 *
 * @example
 * ```ts
 * import { benchEnvironmentSchema, captureEnvironment } from "@aifactory/bench";
 * benchEnvironmentSchema.safeParse(await captureEnvironment({ nvidiaSmi: false })).success; // true
 * ```
 * @since 0.1.0
 * @category Results
 */
export const benchEnvironmentSchema = z.object({
  hostname: z.string(),
  platform: z.string(),
  arch: z.string(),
  osRelease: z.string(),
  cpuModel: z.string(),
  cpuCount: z.number().int().nonnegative(),
  memoryBytes: z.number().nonnegative(),
  nodeVersion: z.string(),
  gpus: z
    .array(
      z.object({
        index: z.number().int().nonnegative().optional(),
        name: z.string(),
        driverVersion: z.string().optional(),
        memoryTotalMiB: z.number().nonnegative().optional(),
        smClockMaxMHz: z.number().nonnegative().optional(),
        memoryClockMaxMHz: z.number().nonnegative().optional(),
        powerLimitWatts: z.number().nonnegative().optional(),
        pciBusId: z.string().optional(),
        source: z.string(),
      }),
    )
    .default([]),
});

/**
 * The captured environment; see {@link benchEnvironmentSchema}.
 *
 * @example
 * ```ts
 * import type { BenchEnvironment } from "@aifactory/bench";
 * const gpuNames = (environment: BenchEnvironment) => environment.gpus.map((gpu) => gpu.name);
 * ```
 * @since 0.1.0
 * @category Results
 */
export type BenchEnvironment = z.infer<typeof benchEnvironmentSchema>;

/**
 * A result file: versioned, with its environment and every benchmark outcome.
 *
 * @example
 * ```ts
 * import { benchResultSetSchema, captureEnvironment, createResultSet } from "@aifactory/bench";
 * // from a file: benchResultSetSchema.parse(JSON.parse(readFileSync("results.json", "utf8")))
 * const written = JSON.stringify(createResultSet(await captureEnvironment({ nvidiaSmi: false }), []));
 * benchResultSetSchema.parse(JSON.parse(written)).kind; // "aifactory-bench-results"
 * ```
 * @since 0.1.0
 * @category Results
 */
export const benchResultSetSchema = z.object({
  schemaVersion: z.literal(BENCH_RESULT_SCHEMA_VERSION),
  kind: z.literal("aifactory-bench-results"),
  createdAt: z.string(),
  environment: benchEnvironmentSchema,
  results: z.array(benchmarkResultSchema),
});

/**
 * A result set; see {@link benchResultSetSchema}.
 *
 * @example
 * ```ts
 * import type { BenchResultSet } from "@aifactory/bench";
 * const passedCount = (set: BenchResultSet) => set.results.filter((r) => r.status === "passed").length;
 * ```
 * @since 0.1.0
 * @category Results
 */
export type BenchResultSet = z.infer<typeof benchResultSetSchema>;

/**
 * A stable key of a result for matching across runs: suite, benchmark and sorted parameters.
 *
 * @param result - a result
 * @returns `suite/benchmark{k=v,...}`
 * @example
 * ```ts
 * import { resultKey } from "@aifactory/bench";
 * resultKey({ suite: "cpu", benchmark: "matmul", parameters: { n: 64 } }); // "cpu/matmul{n=64}"
 * ```
 * @since 0.1.0
 * @category Results
 */
export function resultKey(result: Pick<BenchmarkResult, "suite" | "benchmark" | "parameters">): string {
  const parameters = Object.entries(result.parameters ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(",");
  return `${result.suite}/${result.benchmark}{${parameters}}`;
}
