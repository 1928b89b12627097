import { z } from "zod";
import { createRandom } from "./prng";
import { type BenchmarkResult, type BenchResultSet, resultKey } from "./result-schema";
import { mannWhitneyU, median, quantileSorted } from "./statistics";

/**
 * Options of {@link compareResults}.
 *
 * @example
 * ```ts
 * import type { CompareOptions } from "@aifactory/bench";
 * const strict: CompareOptions = { alpha: 0.01, minRelativeChange: 0.05, seed: 1 };
 * ```
 * @since 0.1.0
 * @category Compare
 */
export interface CompareOptions {
  /** Significance level of the Mann-Whitney U test; default 0.01. */
  alpha?: number;
  /** Smallest relative change of the median time that counts (0.02 = 2 %); default 0.02. */
  minRelativeChange?: number;
  /** Confidence level of the change's bootstrap CI; default 0.95. */
  confidenceLevel?: number;
  /** Bootstrap resamples; default 1000. */
  resamples?: number;
  /** PRNG seed; default 0x5eed. */
  seed?: number;
}

/**
 * One row of a comparison. `relativeChange` is candidate median time / baseline median time - 1, so positive
 * means slower.
 *
 * @example
 * ```ts
 * import { comparisonRowSchema } from "@aifactory/bench";
 * comparisonRowSchema.safeParse({ key: "cpu/matmul{n=64}", verdict: "unchanged" }).success; // true
 * ```
 * @since 0.1.0
 * @category Compare
 */
export const comparisonRowSchema = z.object({
  key: z.string(),
  verdict: z.enum(["regression", "improvement", "unchanged", "missing-baseline", "missing-candidate", "failed"]),
  baselineMedianSeconds: z.number().optional(),
  candidateMedianSeconds: z.number().optional(),
  relativeChange: z.number().optional(),
  relativeChangeCi: z.object({ lower: z.number(), upper: z.number(), level: z.number() }).optional(),
  pValue: z.number().optional(),
  note: z.string().optional(),
});

/**
 * A comparison row; see {@link comparisonRowSchema}.
 *
 * @example
 * ```ts
 * import type { ComparisonRow } from "@aifactory/bench";
 * const describe = (row: ComparisonRow) => `${row.key}: ${row.verdict} (${((row.relativeChange ?? 0) * 100).toFixed(1)}%)`;
 * ```
 * @since 0.1.0
 * @category Compare
 */
export type ComparisonRow = z.infer<typeof comparisonRowSchema>;

/**
 * The comparison of two result sets.
 *
 * @example
 * ```ts
 * import type { Comparison } from "@aifactory/bench";
 * const exitCode = (comparison: Comparison) => (comparison.hasRegression ? 1 : 0);
 * ```
 * @since 0.1.0
 * @category Compare
 */
export interface Comparison {
  rows: ComparisonRow[];
  regressions: number;
  improvements: number;
  /** True when any benchmark regressed or failed in the candidate. */
  hasRegression: boolean;
}

function bootstrapRatioCi(
  baseline: readonly number[],
  candidate: readonly number[],
  level: number,
  resamples: number,
  seed: number,
): { lower: number; upper: number; level: number } {
  const random = createRandom(seed);
  const estimates: number[] = [];
  const a = new Array<number>(baseline.length);
  const b = new Array<number>(candidate.length);
  for (let r = 0; r < resamples; r += 1) {
    for (let i = 0; i < baseline.length; i += 1) a[i] = baseline[Math.floor(random() * baseline.length)] as number;
    for (let i = 0; i < candidate.length; i += 1) b[i] = candidate[Math.floor(random() * candidate.length)] as number;
    estimates.push(median(b) / median(a) - 1);
  }
  estimates.sort((x, y) => x - y);
  return {
    lower: quantileSorted(estimates, (1 - level) / 2),
    upper: quantileSorted(estimates, (1 + level) / 2),
    level,
  };
}

/**
 * Compares a candidate result set with a baseline, benchmark by benchmark (matched by suite, id and
 * parameters): relative change of the median time, its bootstrap CI (independent resampling of both sides) and
 * a two-sided Mann-Whitney U p-value. A row is a regression when the change exceeds `minRelativeChange`, the
 * p-value is below `alpha`, and the CI excludes zero; a candidate that failed is always flagged.
 *
 * @param baseline - the reference results
 * @param candidate - the new results
 * @param options - thresholds and bootstrap settings
 * @returns rows and counts
 * @example
 * ```ts
 * import { benchmarkResultSchema, captureEnvironment, compareResults, createResultSet, summarize } from "@aifactory/bench";
 * const environment = await captureEnvironment({ nvidiaSmi: false });
 * const run = (samplesSeconds: number[]) =>
 *   createResultSet(environment, [
 *     benchmarkResultSchema.parse({
 *       suite: "cpu", benchmark: "matmul", status: "passed", stopReason: "ci-target", samplesSeconds,
 *       summary: summarize(samplesSeconds),
 *     }),
 *   ]);
 * const baseline = run([1.0, 1.01, 0.99, 1.0, 1.02, 0.98, 1.0, 1.01, 0.99, 1.0]);
 * const candidate = run([1.2, 1.21, 1.19, 1.2, 1.22, 1.18, 1.2, 1.21, 1.19, 1.2]);
 * compareResults(baseline, candidate).hasRegression; // true: 20% slower
 * ```
 * @since 0.1.0
 * @category Compare
 */
export function compareResults(
  baseline: BenchResultSet,
  candidate: BenchResultSet,
  options: CompareOptions = {},
): Comparison {
  const alpha = options.alpha ?? 0.01;
  const minChange = options.minRelativeChange ?? 0.02;
  const level = options.confidenceLevel ?? 0.95;
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 0x5eed;
  const baseMap = new Map<string, BenchmarkResult>(baseline.results.map((r) => [resultKey(r), r]));
  const candMap = new Map<string, BenchmarkResult>(candidate.results.map((r) => [resultKey(r), r]));
  const keys = [...new Set([...baseMap.keys(), ...candMap.keys()])].sort();
  const rows: ComparisonRow[] = keys.map((key) => {
    const a = baseMap.get(key);
    const b = candMap.get(key);
    if (b === undefined) return { key, verdict: "missing-candidate" };
    if (b.status === "failed") return { key, verdict: "failed", note: b.failure?.message ?? "failed" };
    if (a === undefined || a.status !== "passed") {
      return { key, verdict: "missing-baseline", ...(b.summary ? { candidateMedianSeconds: b.summary.median } : {}) };
    }
    if (b.status !== "passed" || a.samplesSeconds.length === 0 || b.samplesSeconds.length === 0) {
      return { key, verdict: "missing-candidate" };
    }
    const baseMedian = median(a.samplesSeconds);
    const candMedian = median(b.samplesSeconds);
    const relativeChange = candMedian / baseMedian - 1;
    const ci = bootstrapRatioCi(a.samplesSeconds, b.samplesSeconds, level, resamples, seed);
    const { pValue } = mannWhitneyU(a.samplesSeconds, b.samplesSeconds);
    const significant = pValue < alpha && Math.abs(relativeChange) >= minChange && (ci.lower > 0 || ci.upper < 0);
    const verdict = !significant ? "unchanged" : relativeChange > 0 ? "regression" : "improvement";
    return {
      key,
      verdict,
      baselineMedianSeconds: baseMedian,
      candidateMedianSeconds: candMedian,
      relativeChange,
      relativeChangeCi: ci,
      pValue,
    };
  });
  const regressions = rows.filter((r) => r.verdict === "regression").length;
  const improvements = rows.filter((r) => r.verdict === "improvement").length;
  return {
    rows,
    regressions,
    improvements,
    hasRegression: regressions > 0 || rows.some((r) => r.verdict === "failed"),
  };
}
