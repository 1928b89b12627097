import { InvalidInputError, KEBAB_ID_PATTERN } from "@aifactory/core";
import type { BenchDevice, BenchMetric } from "./result-schema";
import type { SampleSummary } from "./statistics";

/**
 * Sampling options: warmup, adaptive stopping, and budgets. Every field has a default.
 *
 * @example
 * ```ts
 * import { DEFAULT_SAMPLING, type SamplingOptions } from "@aifactory/bench";
 * const quick: SamplingOptions = { ...DEFAULT_SAMPLING, timeBudgetSeconds: 0.5, maxSamples: 20 };
 * ```
 * @since 0.1.0
 * @category Harness
 */
export interface SamplingOptions {
  /** Warmup runs before timing; default 5 (plus at least `warmupSeconds`). */
  warmupIterations: number;
  /** Minimum warmup time in seconds; default 0.05. */
  warmupSeconds: number;
  /** Samples taken before the stopping rule is checked; default 10. */
  minSamples: number;
  /** Hard cap on samples; default 1000. */
  maxSamples: number;
  /** Stop when the CI half-width of the median is below this fraction of the median; default 0.01 (±1 %). */
  targetRelativeCiHalfWidth: number;
  /** Stop after this many seconds of sampling even if the target is not met; default 5. */
  timeBudgetSeconds: number;
  /** Batch iterations until one sample lasts at least this long (amortises timer cost); default 0.001. */
  minSampleSeconds: number;
  /** Confidence level of the intervals; default 0.95. */
  confidenceLevel: number;
  /** PRNG seed for the bootstrap; default 0x5eed. */
  seed: number;
}

/**
 * The defaults of {@link SamplingOptions}.
 *
 * @example
 * ```ts
 * import { DEFAULT_SAMPLING } from "@aifactory/bench";
 * DEFAULT_SAMPLING.targetRelativeCiHalfWidth; // 0.01
 * ```
 * @since 0.1.0
 * @category Harness
 */
export const DEFAULT_SAMPLING: Readonly<SamplingOptions> = Object.freeze({
  warmupIterations: 5,
  warmupSeconds: 0.05,
  minSamples: 10,
  maxSamples: 1000,
  targetRelativeCiHalfWidth: 0.01,
  timeBudgetSeconds: 5,
  minSampleSeconds: 0.001,
  confidenceLevel: 0.95,
  seed: 0x5eed,
});

/**
 * What a `run` returns under `timing: "manual"`: the duration it measured itself (GPU timestamps, a tool's
 * report) and its output for verification.
 *
 * @example
 * ```ts
 * import { defineBenchmark, type ManualTiming } from "@aifactory/bench";
 * const timed = defineBenchmark({ id: "device-timed", timing: "manual", run: (): ManualTiming => ({ durationSeconds: 0.001 }) });
 * ```
 * @since 0.1.0
 * @category Harness
 */
export interface ManualTiming<Output = unknown> {
  durationSeconds: number;
  output?: Output;
}

/**
 * Context passed to a benchmark's `metrics` function.
 *
 * @example
 * ```ts
 * import { type MetricsContext, throughputMetric } from "@aifactory/bench";
 * const copyMetrics = ({ summary, state }: MetricsContext<Float32Array>) => [
 *   throughputMetric("copyGBps", "GB/s", (2 * state.byteLength) / 1e9, summary),
 * ];
 * ```
 * @since 0.1.0
 * @category Harness
 */
export interface MetricsContext<State> {
  /** Statistics of seconds per iteration. */
  summary: SampleSummary;
  /** The state returned by `setup`. */
  state: State;
}

/**
 * A benchmark: setup, the timed `run`, verification of its output, teardown, and metrics derived from the
 * timing. A `verify` that throws or returns `false` or a string marks the result failed, with no numbers.
 *
 * @example
 * ```ts
 * import type { BenchmarkDefinition } from "@aifactory/bench";
 * const noop: BenchmarkDefinition<undefined, number> = { id: "noop", parameters: { n: 0 }, run: () => 0 };
 * ```
 * @since 0.1.0
 * @category Harness
 */
export interface BenchmarkDefinition<State = unknown, Output = unknown> {
  /** kebab-case id, unique in its suite. */
  id: string;
  /** One line for listings. */
  description?: string;
  /** Parameters that identify this variant (`{ n: 1024, dtype: "f32" }`); part of the result key. */
  parameters?: Record<string, string | number | boolean>;
  /** `wall` (default): the harness times `run`. `manual`: `run` returns {@link ManualTiming}. */
  timing?: "wall" | "manual";
  /** Prepares inputs; not timed. */
  setup?: () => State | Promise<State>;
  /** The timed operation. May be sync (lowest overhead) or async. */
  run: (state: State) => Output | ManualTiming<Output> | Promise<Output | ManualTiming<Output>>;
  /** Checks an output of `run` (the first and the last one); throw, or return false or a message, to fail. */
  verify?: (output: Output, state: State) => boolean | string | undefined | Promise<boolean | string | undefined>;
  /** Releases resources; runs even when `run` or `verify` failed. */
  teardown?: (state: State) => void | Promise<void>;
  /** Metrics derived from the timing summary (throughput with units). */
  metrics?: (context: MetricsContext<State>) => BenchMetric[];
  /** Per-benchmark sampling overrides. */
  sampling?: Partial<SamplingOptions>;
  /** Notes copied into the result (e.g. "software adapter"). */
  notes?: string[] | ((state: State) => string[]);
  /** Device this benchmark measures. */
  device?: BenchDevice | ((state: State) => BenchDevice | undefined);
}

/**
 * A named group of benchmarks that run together (`cpu`, `webgpu`, `nccl`).
 *
 * @example
 * ```ts
 * import { type BenchmarkSuite, cpuSuite } from "@aifactory/bench";
 * const benchmarkIds = (suite: BenchmarkSuite) => suite.benchmarks.map((b) => b.id);
 * benchmarkIds(cpuSuite).includes("matmul"); // true
 * ```
 * @since 0.1.0
 * @category Harness
 */
export interface BenchmarkSuite {
  /** kebab-case id. */
  id: string;
  description: string;
  // biome-ignore lint/suspicious/noExplicitAny: a suite holds benchmarks of different state types
  benchmarks: ReadonlyArray<BenchmarkDefinition<any, any>>;
}

function checkId(label: string, id: string): void {
  if (!KEBAB_ID_PATTERN.test(id)) {
    throw new InvalidInputError(label, [
      { path: "id", message: "must be a kebab-case id", received: id, hint: "use lowercase words joined by '-'" },
    ]);
  }
}

/**
 * Defines a benchmark (identity function with validation and full type inference for `state` and `output`).
 *
 * @param definition - the benchmark
 * @returns the same definition
 * @throws InvalidInputError when the id is not kebab-case
 * @example
 * ```ts
 * import { defineBenchmark } from "@aifactory/bench";
 * const sum = defineBenchmark({
 *   id: "array-sum",
 *   setup: () => Float64Array.from({ length: 1e5 }, (_, i) => i),
 *   run: (values) => values.reduce((a, b) => a + b, 0),
 *   verify: (total) => total === (1e5 * (1e5 - 1)) / 2,
 * });
 * ```
 * @since 0.1.0
 * @category Harness
 */
export function defineBenchmark<State = undefined, Output = unknown>(
  definition: BenchmarkDefinition<State, Output>,
): BenchmarkDefinition<State, Output> {
  checkId("benchmark", definition.id);
  return definition;
}

/**
 * Defines a suite of benchmarks.
 *
 * @param suite - id, description and benchmarks
 * @returns the same suite
 * @throws InvalidInputError when an id is not kebab-case or a benchmark id (with parameters) repeats
 * @example
 * ```ts
 * import { defineBenchmark, defineSuite } from "@aifactory/bench";
 * const suite = defineSuite({ id: "demo", description: "demo", benchmarks: [defineBenchmark({ id: "noop", run: () => 0 })] });
 * ```
 * @since 0.1.0
 * @category Harness
 */
export function defineSuite(suite: BenchmarkSuite): BenchmarkSuite {
  checkId("suite", suite.id);
  const seen = new Set<string>();
  for (const benchmark of suite.benchmarks) {
    const key = `${benchmark.id}${JSON.stringify(benchmark.parameters ?? {})}`;
    if (seen.has(key)) {
      throw new InvalidInputError("suite", [
        { path: "benchmarks", message: `benchmark "${key}" appears twice`, hint: "give variants distinct parameters" },
      ]);
    }
    seen.add(key);
  }
  return suite;
}
