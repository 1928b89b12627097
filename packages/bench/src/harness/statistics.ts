import { z } from "zod";
import { createRandom } from "./prng";

/**
 * Robust summary statistics of a sample.
 *
 * @example
 * ```ts
 * import { sampleSummarySchema, summarize } from "@aifactory/bench";
 * sampleSummarySchema.safeParse(JSON.parse(JSON.stringify(summarize([1.01, 0.99, 1.0])))).success; // true
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export const sampleSummarySchema = z.object({
  /** Number of samples. */
  count: z.number().int().nonnegative(),
  mean: z.number(),
  median: z.number(),
  /** Sample standard deviation (n - 1). */
  standardDeviation: z.number().nonnegative(),
  /** Median absolute deviation (unscaled). */
  medianAbsoluteDeviation: z.number().nonnegative(),
  min: z.number(),
  max: z.number(),
  p1: z.number(),
  p5: z.number(),
  p25: z.number(),
  p75: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  /** Coefficient of variation: standard deviation / mean (0 when the mean is 0). */
  coefficientOfVariation: z.number().nonnegative(),
  /** Bootstrap confidence interval of the median. */
  medianCi: z.object({ lower: z.number(), upper: z.number(), level: z.number().gt(0).lt(1) }),
  /** Half-width of the median CI relative to the median (0.01 = ±1 %). */
  relativeCiHalfWidth: z.number().nonnegative(),
  /** Indices of samples outside the Tukey fences (1.5 x IQR beyond the quartiles). */
  outlierIndices: z.array(z.number().int().nonnegative()),
});

/**
 * Summary statistics of a sample; see {@link sampleSummarySchema}.
 *
 * @example
 * ```ts
 * import { type SampleSummary, summarize } from "@aifactory/bench";
 * const summary: SampleSummary = summarize([1.01, 0.99, 1.0]);
 * summary.median; // 1
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export type SampleSummary = z.infer<typeof sampleSummarySchema>;

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * The q-quantile of an ascending-sorted sample by linear interpolation between closest ranks (type 7, the
 * default of R and NumPy).
 *
 * @param sortedValues - ascending values, at least one
 * @param q - quantile in [0, 1]
 * @returns the interpolated quantile (NaN for an empty sample)
 * @example
 * ```ts
 * import { quantileSorted } from "@aifactory/bench";
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function quantileSorted(sortedValues: readonly number[], q: number): number {
  const n = sortedValues.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const lowerValue = sortedValues[lower] as number;
  const upperValue = sortedValues[upper] as number;
  return lowerValue + (upperValue - lowerValue) * (position - lower);
}

/**
 * The q-quantile of an unsorted sample (see {@link quantileSorted}).
 *
 * @param values - the sample
 * @param q - quantile in [0, 1] (0.99 for p99)
 * @returns the quantile, NaN for an empty sample
 * @example
 * ```ts
 * import { percentile } from "@aifactory/bench";
 * percentile([5, 1, 3], 0.5); // 3
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function percentile(values: readonly number[], q: number): number {
  return quantileSorted(sorted(values), q);
}

/**
 * The median of a sample.
 *
 * @param values - the sample
 * @returns the median, NaN for an empty sample
 * @example
 * ```ts
 * import { median } from "@aifactory/bench";
 * median([3, 1, 2]); // 2
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/**
 * The arithmetic mean of a sample.
 *
 * @param values - the sample
 * @returns the mean, NaN for an empty sample
 * @example
 * ```ts
 * import { mean } from "@aifactory/bench";
 * mean([1, 2, 3]); // 2
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let total = 0;
  for (const value of values) total += value;
  return total / values.length;
}

/**
 * The sample standard deviation (Bessel-corrected, n - 1); 0 for fewer than two samples.
 *
 * @param values - the sample
 * @returns the standard deviation
 * @example
 * ```ts
 * import { standardDeviation } from "@aifactory/bench";
 * standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]); // 2.138...
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - m) ** 2;
  return Math.sqrt(sum / (values.length - 1));
}

/**
 * The median absolute deviation from the median (unscaled; multiply by 1.4826 for a normal-consistent sigma).
 *
 * @param values - the sample
 * @returns the MAD, NaN for an empty sample
 * @example
 * ```ts
 * import { medianAbsoluteDeviation } from "@aifactory/bench";
 * medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9]); // 1
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const m = median(values);
  return median(values.map((value) => Math.abs(value - m)));
}

/**
 * The coefficient of variation (standard deviation / mean); 0 when the mean is 0.
 *
 * @param values - the sample
 * @returns the CV as a ratio (0.02 = 2 %)
 * @example
 * ```ts
 * import { coefficientOfVariation } from "@aifactory/bench";
 * coefficientOfVariation([10, 10, 10]); // 0
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function coefficientOfVariation(values: readonly number[]): number {
  const m = mean(values);
  if (!Number.isFinite(m) || m === 0) return 0;
  return standardDeviation(values) / Math.abs(m);
}

/**
 * Options of {@link bootstrapCi}.
 *
 * @example
 * ```ts
 * import type { BootstrapOptions } from "@aifactory/bench";
 * const options: BootstrapOptions = { level: 0.9, resamples: 2000, seed: 1 };
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export interface BootstrapOptions {
  /** Confidence level in (0, 1); default 0.95. */
  level?: number;
  /** Bootstrap resamples; default 1000. */
  resamples?: number;
  /** PRNG seed, so that intervals are reproducible; default 0x5eed. */
  seed?: number;
}

/**
 * A percentile-bootstrap confidence interval of a statistic (Efron 1979): resample with replacement, compute
 * the statistic on each resample, take the (1-level)/2 and (1+level)/2 quantiles. Seeded, so reproducible.
 *
 * @param values - the sample (at least one value)
 * @param statistic - the statistic; default the median
 * @param options - level, resamples, seed
 * @returns `{ lower, upper, level }`
 * @example
 * ```ts
 * import { bootstrapCi } from "@aifactory/bench";
 * bootstrapCi([10, 11, 9, 10, 12], undefined, { level: 0.95, seed: 1 });
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function bootstrapCi(
  values: readonly number[],
  statistic: (sample: readonly number[]) => number = median,
  options: BootstrapOptions = {},
): { lower: number; upper: number; level: number } {
  const level = options.level ?? 0.95;
  const resamples = options.resamples ?? 1000;
  const random = createRandom(options.seed ?? 0x5eed);
  const n = values.length;
  if (n === 0) return { lower: Number.NaN, upper: Number.NaN, level };
  if (n === 1) return { lower: values[0] as number, upper: values[0] as number, level };
  const estimates = new Array<number>(resamples);
  const resample = new Array<number>(n);
  for (let r = 0; r < resamples; r += 1) {
    for (let i = 0; i < n; i += 1) resample[i] = values[Math.floor(random() * n)] as number;
    estimates[r] = statistic(resample);
  }
  estimates.sort((a, b) => a - b);
  return {
    lower: quantileSorted(estimates, (1 - level) / 2),
    upper: quantileSorted(estimates, (1 + level) / 2),
    level,
  };
}

/**
 * Indices of outliers by Tukey's fences: values below Q1 - k·IQR or above Q3 + k·IQR (k = 1.5 by default).
 * Outliers are flagged, never dropped: a benchmark should show them, not hide them.
 *
 * @param values - the sample
 * @param k - fence multiplier; default 1.5
 * @returns indices into `values`
 * @example
 * ```ts
 * import { tukeyOutliers } from "@aifactory/bench";
 * tukeyOutliers([1, 1, 1, 1, 50]); // [4]
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function tukeyOutliers(values: readonly number[], k = 1.5): number[] {
  const s = sorted(values);
  const q1 = quantileSorted(s, 0.25);
  const q3 = quantileSorted(s, 0.75);
  const iqr = q3 - q1;
  const low = q1 - k * iqr;
  const high = q3 + k * iqr;
  const indices: number[] = [];
  values.forEach((value, index) => {
    if (value < low || value > high) indices.push(index);
  });
  return indices;
}

/**
 * Summarises a sample: central tendency, spread, percentiles, bootstrap CI of the median, CV and outliers.
 *
 * @param values - the sample (at least one finite value)
 * @param options - bootstrap options
 * @returns a {@link SampleSummary}
 * @example
 * ```ts
 * import { summarize } from "@aifactory/bench";
 * summarize([1.01, 0.99, 1.0, 1.02, 0.98]).median; // 1
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function summarize(values: readonly number[], options: BootstrapOptions = {}): SampleSummary {
  const s = sorted(values);
  const med = quantileSorted(s, 0.5);
  const ci = bootstrapCi(values, median, options);
  const halfWidth = (ci.upper - ci.lower) / 2;
  return {
    count: values.length,
    mean: mean(values),
    median: med,
    standardDeviation: standardDeviation(values),
    medianAbsoluteDeviation: medianAbsoluteDeviation(values),
    min: s[0] ?? Number.NaN,
    max: s[s.length - 1] ?? Number.NaN,
    p1: quantileSorted(s, 0.01),
    p5: quantileSorted(s, 0.05),
    p25: quantileSorted(s, 0.25),
    p75: quantileSorted(s, 0.75),
    p90: quantileSorted(s, 0.9),
    p95: quantileSorted(s, 0.95),
    p99: quantileSorted(s, 0.99),
    coefficientOfVariation: coefficientOfVariation(values),
    medianCi: ci,
    relativeCiHalfWidth: med === 0 ? 0 : Math.abs(halfWidth / med),
    outlierIndices: tukeyOutliers(values),
  };
}

/**
 * The standard normal cumulative distribution function (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8).
 *
 * @param z - the standard score
 * @returns P(Z <= z)
 * @example
 * ```ts
 * import { normalCdf } from "@aifactory/bench";
 * normalCdf(1.96); // 0.975
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - p : p;
}

/**
 * Result of {@link mannWhitneyU}.
 *
 * @example
 * ```ts
 * import { type MannWhitneyResult, mannWhitneyU } from "@aifactory/bench";
 * const result: MannWhitneyResult = mannWhitneyU([1, 2, 3], [4, 5, 6]);
 * result.u; // 0
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export interface MannWhitneyResult {
  /** U statistic of the first sample. */
  u: number;
  /** Normal-approximation z score with tie correction and continuity correction. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
}

/**
 * The Mann-Whitney U test (Wilcoxon rank-sum), two-sided, normal approximation with tie and continuity
 * corrections: does one sample tend to be larger than the other? Distribution-free, so suited to skewed
 * timing samples. Adequate for n >= 8 per side; smaller samples get a conservative p-value.
 *
 * @param a - first sample
 * @param b - second sample
 * @returns U, z and the two-sided p-value (1 when either sample is empty)
 * @example
 * ```ts
 * import { mannWhitneyU } from "@aifactory/bench";
 * mannWhitneyU([1, 2, 3, 4, 5, 6, 7, 8], [11, 12, 13, 14, 15, 16, 17, 18]).pValue; // < 0.001
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, pValue: 1 };
  const all = [...a.map((value) => ({ value, group: 0 })), ...b.map((value) => ({ value, group: 1 }))].sort(
    (x, y) => x.value - y.value,
  );
  const n = all.length;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && (all[j + 1] as { value: number }).value === (all[i] as { value: number }).value) j += 1;
    const averageRank = (i + j) / 2 + 1;
    const ties = j - i + 1;
    tieTerm += ties ** 3 - ties;
    for (let k = i; k <= j; k += 1) if ((all[k] as { group: number }).group === 0) rankSumA += averageRank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const meanU = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, pValue: 1 };
  const diff = Math.abs(u - meanU) - 0.5;
  const z = Math.max(0, diff) / Math.sqrt(variance);
  const pValue = Math.min(1, 2 * (1 - normalCdf(z)));
  return { u, z: u >= meanU ? z : -z, pValue };
}
