import { AifError, isAifError } from "@aifactory/core";
import {
  type BenchmarkDefinition,
  type BenchmarkSuite,
  DEFAULT_SAMPLING,
  type ManualTiming,
  type SamplingOptions,
} from "./define-benchmark";
import { captureEnvironment } from "./environment";
import {
  BENCH_RESULT_SCHEMA_VERSION,
  type BenchEnvironment,
  type BenchmarkResult,
  type BenchResultSet,
} from "./result-schema";
import { normalCdf, quantileSorted, summarize } from "./statistics";

/**
 * Options of {@link runBenchmark}.
 *
 * @example
 * ```ts
 * import type { RunBenchmarkOptions } from "@aifactory/bench";
 * const options: RunBenchmarkOptions = { suite: "demo", sampling: { timeBudgetSeconds: 0.5 }, signal: AbortSignal.timeout(5000) };
 * ```
 * @since 0.1.0
 * @category Harness
 */
export interface RunBenchmarkOptions {
  /** Suite id written into the result; default `adhoc`. */
  suite?: string;
  /** Sampling overrides (these win over the benchmark's own `sampling`). */
  sampling?: Partial<SamplingOptions>;
  /** Stops sampling early (the result keeps what was measured, stop reason `time-budget`). */
  signal?: AbortSignal;
  /**
   * A running power sampler (e.g. {@link startTelemetrySampler}); when given, the energy over the sampling
   * window is integrated into `result.energy` (joules, average watts).
   */
  telemetry?: {
    energyBetween(
      startMs: number,
      endMs: number,
    ): { energyJoules: number; averagePowerWatts: number; durationSeconds: number };
  };
}

function normalQuantile(p: number): number {
  let low = -10;
  let high = 10;
  for (let i = 0; i < 80; i += 1) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * Relative half-width of the distribution-free confidence interval of the median from order statistics
 * (binomial normal approximation: ranks n/2 ± z·√n/2). Cheap enough to evaluate during sampling; the result's
 * reported CI is a seeded bootstrap.
 *
 * @param sortedValues - ascending samples
 * @param z - standard normal quantile of the confidence level (1.96 for 95 %)
 * @returns half-width / median (Infinity when undefined)
 * @example
 * ```ts
 * import { medianCiRelativeHalfWidth } from "@aifactory/bench";
 * medianCiRelativeHalfWidth([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 1.96); // 0
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function medianCiRelativeHalfWidth(sortedValues: readonly number[], z: number): number {
  const n = sortedValues.length;
  if (n < 2) return Number.POSITIVE_INFINITY;
  const lowRank = Math.max(0, Math.floor(n / 2 - (z * Math.sqrt(n)) / 2));
  const highRank = Math.min(n - 1, Math.ceil(n / 2 + (z * Math.sqrt(n)) / 2) - 1);
  const med = quantileSorted(sortedValues, 0.5);
  if (med === 0) return 0;
  return Math.abs(((sortedValues[highRank] as number) - (sortedValues[lowRank] as number)) / 2 / med);
}

type BatchLoop = (run: (state: unknown) => unknown, state: unknown, iterations: number) => unknown;

/**
 * A fresh copy of the timed loop for each benchmark: code generated per benchmark gets its own type feedback,
 * so V8 can inline that benchmark's `run` (mitata does the same). A shared loop would turn megamorphic after a
 * few benchmarks and add a call's cost to every iteration.
 */
function createBatchLoop(): BatchLoop {
  return new Function(
    "run",
    "state",
    "iterations",
    // Unrolled by 8, so the loop counter costs an eighth per iteration (mitata unrolls by 4). Every result is stored
    // in an array that escapes (it is returned), so the optimiser cannot drop a call whose value is unused: a no-op
    // measures the loop and one store per iteration, not an empty loop. The caller reads the last result at
    // index (iterations - 1) & 7.
    "const sink = new Array(8); let i = 0; for (; i + 8 <= iterations; i += 8) { sink[0] = run(state); sink[1] = run(state); sink[2] = run(state); sink[3] = run(state); sink[4] = run(state); sink[5] = run(state); sink[6] = run(state); sink[7] = run(state); } for (; i < iterations; i++) sink[i & 7] = run(state); return sink;",
  ) as BatchLoop;
}

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function failure(error: unknown): NonNullable<BenchmarkResult["failure"]> {
  if (isAifError(error)) {
    return { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  }
  return { code: "BENCHMARK_ERROR", message: error instanceof Error ? error.message : String(error) };
}

async function checkOutput<State, Output>(
  definition: BenchmarkDefinition<State, Output>,
  output: Output,
  state: State,
): Promise<void> {
  if (definition.verify === undefined) return;
  const verdict = await definition.verify(output, state);
  if (verdict === false || typeof verdict === "string") {
    throw new AifError(
      "VERIFICATION_FAILED",
      `benchmark "${definition.id}" produced a wrong result${typeof verdict === "string" ? `: ${verdict}` : ""}`,
      { hint: "a benchmark whose output is wrong measured nothing; fix the kernel or its inputs" },
    );
  }
}

/**
 * Runs one benchmark: setup, a verified first run, warmup, batch-size calibration, adaptive sampling until the
 * median's CI half-width reaches the target or the time budget runs out, a verified last run, teardown, then
 * statistics (median, MAD, percentiles, bootstrap CI, CV, outliers) and metrics. Any thrown error or failed
 * verification gives a `failed` result without numbers; it never throws for a failing benchmark.
 *
 * @param definition - from {@link defineBenchmark}
 * @param options - suite id, sampling overrides, abort signal
 * @returns a result ready for a result set
 * @example
 * ```ts
 * import { defineBenchmark, runBenchmark } from "@aifactory/bench";
 * const result = await runBenchmark(defineBenchmark({ id: "noop", run: () => 0 }), { sampling: { timeBudgetSeconds: 0.2 } });
 * result.summary?.median; // seconds per iteration
 * ```
 * @since 0.1.0
 * @category Harness
 */
export async function runBenchmark<State, Output>(
  definition: BenchmarkDefinition<State, Output>,
  options: RunBenchmarkOptions = {},
): Promise<BenchmarkResult> {
  const sampling: SamplingOptions = { ...DEFAULT_SAMPLING, ...definition.sampling, ...options.sampling };
  const manual = definition.timing === "manual";
  const base = {
    suite: options.suite ?? "adhoc",
    benchmark: definition.id,
    parameters: { ...(definition.parameters ?? {}) },
    notes: [] as string[],
  };
  let state: State | undefined;
  let setupDone = false;
  const samples: number[] = [];
  let iterationsPerSample = 1;
  let warmupIterations = 0;
  let stopReason: BenchmarkResult["stopReason"] = "max-samples";
  try {
    state = definition.setup === undefined ? (undefined as State) : await definition.setup();
    setupDone = true;
    const s = state as State;
    const run = definition.run;
    const unwrap = (value: unknown): { output: Output; seconds?: number } => {
      if (!manual) return { output: value as Output };
      const timing = value as ManualTiming<Output>;
      if (
        typeof timing !== "object" ||
        timing === null ||
        !Number.isFinite(timing.durationSeconds) ||
        timing.durationSeconds < 0
      ) {
        throw new AifError("VERIFICATION_FAILED", `benchmark "${definition.id}" returned no valid durationSeconds`, {
          hint: 'with timing: "manual", run must return { durationSeconds, output }',
        });
      }
      return { output: timing.output as Output, seconds: timing.durationSeconds };
    };

    // First run: detect async, verify the output before trusting any timing.
    const firstStart = performance.now();
    let first = run(s);
    const isAsync = isThenable(first);
    if (isAsync) first = await first;
    const firstSeconds = (performance.now() - firstStart) / 1000;
    const firstUnwrapped = unwrap(first);
    await checkOutput(definition, firstUnwrapped.output, s);

    // Warmup.
    const warmupStart = performance.now();
    const warmupCapSeconds = Math.max(sampling.warmupSeconds, sampling.timeBudgetSeconds * 0.25);
    let warmupTimeSeconds = 0;
    while (
      (warmupIterations < sampling.warmupIterations ||
        (performance.now() - warmupStart) / 1000 < sampling.warmupSeconds) &&
      (performance.now() - warmupStart) / 1000 < warmupCapSeconds
    ) {
      const t0 = performance.now();
      const value = isAsync ? await run(s) : run(s);
      warmupTimeSeconds += unwrap(value).seconds ?? (performance.now() - t0) / 1000;
      warmupIterations += 1;
    }
    const perIteration = warmupIterations > 0 ? warmupTimeSeconds / warmupIterations : firstSeconds;
    if (!manual && perIteration > 0) {
      iterationsPerSample = Math.max(1, Math.min(1e7, Math.ceil(sampling.minSampleSeconds / perIteration)));
    } else if (!manual) {
      iterationsPerSample = 1e4;
    }

    // Adaptive sampling.
    const z = normalQuantile((1 + sampling.confidenceLevel) / 2);
    const batch = createBatchLoop();
    if (!manual && !isAsync) {
      // Size the batch with the generated loop itself (which also warms it up): double until one batch lasts
      // minSampleSeconds, so timer cost and loop start-up are amortised.
      let n = 1;
      const calibrationStart = performance.now();
      for (;;) {
        const t0 = performance.now();
        batch(run as (state: unknown) => unknown, s, n);
        const seconds = (performance.now() - t0) / 1000;
        if (
          seconds >= sampling.minSampleSeconds ||
          n >= 1e8 ||
          (performance.now() - calibrationStart) / 1000 > warmupCapSeconds
        )
          break;
        n *= 2;
      }
      iterationsPerSample = n;
    }
    const samplingStart = performance.now();
    const windowStartMs = Date.now();
    let nextCheck = sampling.minSamples;
    let last: unknown = firstUnwrapped.output;
    for (;;) {
      if (manual) {
        const value = isAsync ? await run(s) : run(s);
        const unwrapped = unwrap(value);
        last = unwrapped.output;
        samples.push(unwrapped.seconds as number);
      } else if (isAsync) {
        const n = iterationsPerSample;
        const t0 = performance.now();
        for (let i = 0; i < n; i += 1) last = await run(s);
        samples.push((performance.now() - t0) / 1000 / n);
      } else {
        const n = iterationsPerSample;
        const t0 = performance.now();
        last = (batch(run as (state: unknown) => unknown, s, n) as unknown[])[(n - 1) & 7];
        samples.push((performance.now() - t0) / 1000 / n);
      }
      const elapsed = (performance.now() - samplingStart) / 1000;
      if (samples.length >= sampling.maxSamples) {
        stopReason = "max-samples";
        break;
      }
      if (options.signal?.aborted === true || elapsed >= sampling.timeBudgetSeconds) {
        stopReason = "time-budget";
        break;
      }
      if (samples.length >= nextCheck) {
        const sortedSamples = [...samples].sort((a, b) => a - b);
        if (medianCiRelativeHalfWidth(sortedSamples, z) <= sampling.targetRelativeCiHalfWidth) {
          stopReason = "ci-target";
          break;
        }
        nextCheck = samples.length + Math.max(5, Math.floor(samples.length * 0.1));
      }
    }
    const windowEndMs = Date.now();
    await checkOutput(definition, last as Output, s);

    let energy: BenchmarkResult["energy"];
    if (options.telemetry !== undefined) {
      try {
        const estimate = options.telemetry.energyBetween(windowStartMs, windowEndMs);
        energy = {
          energyJoules: estimate.energyJoules,
          averagePowerWatts: estimate.averagePowerWatts,
          durationSeconds: estimate.durationSeconds,
          source: "nvidia-smi power.draw",
        };
      } catch (error) {
        base.notes.push(`no energy: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const summary = summarize(samples, { level: sampling.confidenceLevel, seed: sampling.seed });
    const metrics = definition.metrics?.({ summary, state: s }) ?? [];
    for (const metric of metrics) {
      if (!Number.isFinite(metric.value)) {
        throw new AifError("VERIFICATION_FAILED", `metric "${metric.name}" of "${definition.id}" is not finite`, {
          hint: "a metric must come from a verified, non-zero timing",
        });
      }
    }
    const device = typeof definition.device === "function" ? definition.device(s) : definition.device;
    const extraNotes = typeof definition.notes === "function" ? definition.notes(s) : (definition.notes ?? []);
    base.notes.push(...extraNotes);
    if (!manual && !isAsync) {
      base.notes.push(
        "every iteration's result is kept alive (stored in an escaping array), so no call is optimised away",
      );
    }
    if (summary.coefficientOfVariation > 0.1) {
      base.notes.push(`high variation: CV ${(summary.coefficientOfVariation * 100).toFixed(1)} %`);
    }
    if (summary.outlierIndices.length > 0)
      base.notes.push(`${summary.outlierIndices.length} outlier sample(s) flagged (kept)`);
    return {
      ...base,
      status: "passed",
      samplesSeconds: samples,
      iterationsPerSample,
      warmupIterations,
      stopReason,
      summary,
      metrics,
      ...(device === undefined ? {} : { device }),
      ...(energy === undefined ? {} : { energy }),
    };
  } catch (error) {
    return {
      ...base,
      // A missing optional capability (no adapter, no shader-f16) is a skip, never a number nor a failure.
      status: isAifError(error) && error.code === "UNSUPPORTED" ? "skipped" : "failed",
      failure: failure(error),
      samplesSeconds: [],
      iterationsPerSample,
      warmupIterations,
      stopReason: "failed",
      metrics: [],
    };
  } finally {
    if (setupDone && definition.teardown !== undefined) {
      try {
        await definition.teardown(state as State);
      } catch {
        // Teardown failures must not hide the result; resources are the benchmark's to report.
      }
    }
  }
}

/**
 * Options of {@link runSuite}.
 *
 * @example
 * ```ts
 * import type { RunSuiteOptions } from "@aifactory/bench";
 * const options: RunSuiteOptions = { filter: "matmul", onProgress: ({ benchmark, index, total }) => console.log(`${index}/${total} ${benchmark}`) };
 * ```
 * @since 0.1.0
 * @category Harness
 */
export interface RunSuiteOptions extends Omit<RunBenchmarkOptions, "suite"> {
  /** Only benchmarks whose id contains this text. */
  filter?: string;
  /** A pre-captured environment (skips {@link captureEnvironment}). */
  environment?: BenchEnvironment;
  /** Called before and after each benchmark. */
  onProgress?: (event: { benchmark: string; index: number; total: number; result?: BenchmarkResult }) => void;
}

/**
 * Runs every benchmark of a suite in order and returns a versioned result set with the environment.
 *
 * @param suite - from {@link defineSuite}
 * @param options - filter, sampling, progress callback
 * @returns the result set (failed benchmarks included, with their failure)
 * @example
 * ```ts
 * import { cpuSuite, runSuite } from "@aifactory/bench";
 * const set = await runSuite(cpuSuite, { filter: "triad", sampling: { timeBudgetSeconds: 0.2 } });
 * set.results.every((r) => r.benchmark.includes("triad")); // true
 * ```
 * @since 0.1.0
 * @category Harness
 */
export async function runSuite(suite: BenchmarkSuite, options: RunSuiteOptions = {}): Promise<BenchResultSet> {
  const environment = options.environment ?? (await captureEnvironment());
  const selected = suite.benchmarks.filter((b) => options.filter === undefined || b.id.includes(options.filter));
  const results: BenchmarkResult[] = [];
  for (const [index, benchmark] of selected.entries()) {
    options.onProgress?.({ benchmark: benchmark.id, index, total: selected.length });
    const result = await runBenchmark(benchmark, {
      suite: suite.id,
      ...(options.sampling === undefined ? {} : { sampling: options.sampling }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }),
    });
    results.push(result);
    options.onProgress?.({ benchmark: benchmark.id, index: index + 1, total: selected.length, result });
  }
  return createResultSet(environment, results);
}

/**
 * Wraps results and an environment into a versioned result set.
 *
 * @param environment - from {@link captureEnvironment}
 * @param results - benchmark results
 * @returns a result set stamped with the current time
 * @example
 * ```ts
 * import { captureEnvironment, createResultSet } from "@aifactory/bench";
 * const set = createResultSet(await captureEnvironment({ nvidiaSmi: false }), []);
 * set.schemaVersion; // 1
 * ```
 * @since 0.1.0
 * @category Results
 */
export function createResultSet(environment: BenchEnvironment, results: BenchmarkResult[]): BenchResultSet {
  return {
    schemaVersion: BENCH_RESULT_SCHEMA_VERSION,
    kind: "aifactory-bench-results",
    createdAt: new Date().toISOString(),
    environment,
    results,
  };
}
