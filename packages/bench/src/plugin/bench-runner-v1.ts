import { defineExtensionKind, KEBAB_ID_PATTERN } from "@aifactory/core";
import { z } from "zod";
import type { BenchmarkResult } from "../harness/result-schema";

/**
 * What a runner is asked to run.
 *
 * @example
 * ```ts
 * import type { BenchRunRequestV1 } from "@aifactory/bench";
 * const request: BenchRunRequestV1 = { suite: "cpu", filter: "matmul", timeBudgetSeconds: 2 };
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export interface BenchRunRequestV1 {
  /** Suite id, one of `suites()`. */
  suite: string;
  /** Only benchmarks whose id contains this text. */
  filter?: string;
  /** Sampling time budget per benchmark, seconds. */
  timeBudgetSeconds?: number;
  /** Cancels the run. */
  signal?: AbortSignal;
  /** Progress callback: benchmarks done out of total. */
  onProgress?: (done: number, total: number) => void;
  /** A running power sampler; runners that support it fill `result.energy`. */
  telemetry?: {
    energyBetween(
      startMs: number,
      endMs: number,
    ): { energyJoules: number; averagePowerWatts: number; durationSeconds: number };
  };
}

/**
 * A suite a runner offers.
 *
 * @example
 * ```ts
 * import { type BenchSuiteInfoV1, cpuRunner } from "@aifactory/bench";
 * const suites: BenchSuiteInfoV1[] = await cpuRunner.suites();
 * suites[0]?.id; // "cpu"
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export interface BenchSuiteInfoV1 {
  id: string;
  description: string;
  /** Benchmark ids in the suite. */
  benchmarks: string[];
}

/**
 * Version 1 of the benchmark-runner extension point: something that can run named suites and return
 * {@link BenchmarkResult}s (the harness's own suites, a wrapper around an external tool, a vendor library).
 *
 * Rules every implementation follows (checked by {@link runBenchRunnerContract}):
 * - `specificationVersion` is `"v1"`; `id` is kebab-case; `suites()` lists at least one suite.
 * - `isAvailable()` never throws; it says why a runner cannot run here (no GPU, tool missing).
 * - `run()` of an unknown suite rejects with a `NOT_FOUND` AifError.
 * - `run()` returns results valid against `benchmarkResultSchema`, with `suite` equal to the requested suite.
 * - A benchmark whose kernel failed or whose output was wrong is `status: "failed"` with a `failure` and **no**
 *   metrics or summary; a missing optional capability is `skipped`.
 *
 * @example
 * ```ts
 * import { type BenchRunnerV1, cpuSuite, runSuite } from "@aifactory/bench";
 * const myRunner: BenchRunnerV1 = {
 *   specificationVersion: "v1",
 *   id: "my-cpu",
 *   description: "CPU kernels",
 *   isAvailable: async () => ({ available: true }),
 *   suites: () => [{ id: "cpu", description: cpuSuite.description, benchmarks: cpuSuite.benchmarks.map((b) => b.id) }],
 *   run: async (request) => (await runSuite(cpuSuite, { sampling: { timeBudgetSeconds: request.timeBudgetSeconds ?? 1 } })).results,
 * };
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export interface BenchRunnerV1 {
  readonly specificationVersion: "v1";
  /** kebab-case id, unique in a registry. */
  readonly id: string;
  readonly description: string;
  /** Whether this runner can run on this machine, and if not why. Never throws. */
  isAvailable(): Promise<{ available: boolean; reason?: string }>;
  /** The suites it offers. */
  suites(): BenchSuiteInfoV1[];
  /** Runs one suite. */
  run(request: BenchRunRequestV1): Promise<BenchmarkResult[]>;
}

/**
 * The zod schema plugins are validated with when registered (shape only; behaviour is checked by
 * {@link runBenchRunnerContract}).
 *
 * @example
 * ```ts
 * import { benchRunnerV1Schema, cpuRunner } from "@aifactory/bench";
 * benchRunnerV1Schema.safeParse(cpuRunner).success; // true
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const benchRunnerV1Schema = z.custom<BenchRunnerV1>(
  (value) => {
    const runner = value as Partial<BenchRunnerV1> | null;
    return (
      typeof runner === "object" &&
      runner !== null &&
      runner.specificationVersion === "v1" &&
      typeof runner.id === "string" &&
      KEBAB_ID_PATTERN.test(runner.id) &&
      typeof runner.description === "string" &&
      typeof runner.isAvailable === "function" &&
      typeof runner.suites === "function" &&
      typeof runner.run === "function"
    );
  },
  {
    message:
      'must be a BenchRunnerV1: { specificationVersion: "v1", id (kebab-case), description, isAvailable(), suites(), run() }',
  },
);

/**
 * The `benchRunners` plugin extension kind: `definePlugin({ name, version, benchRunners: [runner] })`, then
 * `createRegistry({ kinds: [benchRunnerKind] }).use(plugin)`.
 *
 * @example
 * ```ts
 * import { createRegistry, definePlugin } from "@aifactory/core";
 * import { benchRunnerKind, cpuRunner } from "@aifactory/bench";
 * const registry = createRegistry({ kinds: [benchRunnerKind] }).use(definePlugin({ name: "p", version: "1.0.0", benchRunners: [cpuRunner] }));
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const benchRunnerKind = defineExtensionKind({
  key: "benchRunners",
  label: "bench runner",
  schema: benchRunnerV1Schema,
  idOf: (runner: BenchRunnerV1) => runner.id,
});
