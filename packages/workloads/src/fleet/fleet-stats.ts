/**
 * A percentile summary of a per-request metric with 95% confidence intervals of the median and the P99
 * (distribution-free: order statistics whose ranks bracket the quantile by a binomial normal approximation).
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface PercentileSummary {
  /** Samples summarised. */
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  /** 95% confidence interval of the median, [low, high]. */
  p50Interval: [number, number];
  /** 95% confidence interval of the P99, [low, high] (wide when fewer than a few thousand samples). */
  p99Interval: [number, number];
}

/**
 * Summarises samples: mean, percentiles (nearest-rank on the sorted samples, linear between ranks) and 95%
 * confidence intervals of P50 and P99 from order statistics (ranks `n q +- 1.96 sqrt(n q (1 - q))`). NaN samples
 * are ignored; an empty input gives zeros.
 *
 * @param samples - values (any order; not modified)
 * @returns the summary
 * @example
 * ```ts
 * import { summarizePercentiles } from "@aifactory/workloads";
 * summarizePercentiles([1, 2, 3, 4, 5]).p50; // 3
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function summarizePercentiles(samples: ArrayLike<number>): PercentileSummary {
  const buffer = new Float64Array(samples.length);
  let n = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] as number;
    if (!Number.isNaN(v)) buffer[n++] = v;
  }
  const sorted = buffer.subarray(0, n).sort();
  if (n === 0) {
    return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0, p50Interval: [0, 0], p99Interval: [0, 0] };
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  return {
    count: n,
    mean: sum / n,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[n - 1] as number,
    p50Interval: quantileInterval(sorted, 0.5),
    p99Interval: quantileInterval(sorted, 0.99),
  };
}

/**
 * The q-quantile of sorted samples, interpolating linearly between ranks (numpy's default).
 *
 * @param sorted - ascending samples (non-empty)
 * @param q - the quantile (0..1)
 * @returns the quantile
 * @example
 * ```ts
 * import { quantileSorted } from "@aifactory/workloads";
 * quantileSorted(Float64Array.from([10, 20, 30, 40]), 0.5); // 25
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const position = Math.min(n - 1, Math.max(0, q * (n - 1)));
  const lo = Math.floor(position);
  const hi = Math.min(n - 1, lo + 1);
  const frac = position - lo;
  return (sorted[lo] as number) * (1 - frac) + (sorted[hi] as number) * frac;
}

function quantileInterval(sorted: Float64Array, q: number): [number, number] {
  const n = sorted.length;
  const half = 1.96 * Math.sqrt(n * q * (1 - q));
  const lo = Math.max(0, Math.floor(n * q - half) - 1);
  const hi = Math.min(n - 1, Math.ceil(n * q + half) - 1);
  return [sorted[lo] as number, sorted[Math.max(lo, hi)] as number];
}

/**
 * A log-bucketed histogram of weighted values (inter-token latencies weighted by the sequences that saw them):
 * 1% wide buckets, constant memory however many steps a simulation runs.
 *
 * @internal
 */
export class WeightedLogHistogram {
  private readonly weights = new Float64Array(4096);
  private total = 0;
  private weightedSum = 0;
  private maxValue = 0;
  private lastValue = Number.NaN;
  private lastBucket = 0;
  // Bucket b holds values in [1e-7 x 1.01^b, 1e-7 x 1.01^(b+1)).
  add(value: number, weight: number): void {
    if (!(value > 0) || !(weight > 0)) return;
    // Consecutive decode iterations mostly take the same time: a repeated value skips the logarithms.
    let b = this.lastBucket;
    if (value !== this.lastValue) {
      b = Math.min(4095, Math.max(0, Math.floor(Math.log(value / 1e-7) / Math.log(1.01))));
      this.lastValue = value;
      this.lastBucket = b;
    }
    this.weights[b] = (this.weights[b] as number) + weight;
    this.total += weight;
    this.weightedSum += value * weight;
    if (value > this.maxValue) this.maxValue = value;
  }

  /** `add(value, weight)` `times` times over, with the same sums in the same order. */
  addRepeated(value: number, weight: number, times: number): void {
    if (times === 1) {
      this.add(value, weight);
      return;
    }
    if (!(value > 0) || !(weight > 0) || times <= 0) return;
    this.add(value, weight);
    const b = this.lastBucket;
    const term = value * weight;
    let bucket = this.weights[b] as number;
    let total = this.total;
    let weightedSum = this.weightedSum;
    for (let i = 1; i < times; i++) {
      bucket += weight;
      total += weight;
      weightedSum += term;
    }
    this.weights[b] = bucket;
    this.total = total;
    this.weightedSum = weightedSum;
  }

  mean(): number {
    return this.total > 0 ? this.weightedSum / this.total : 0;
  }

  max(): number {
    return this.maxValue;
  }

  quantile(q: number): number {
    if (this.total === 0) return 0;
    const target = q * this.total;
    let acc = 0;
    for (let b = 0; b < 4096; b++) {
      acc += this.weights[b] as number;
      if (acc >= target) return Math.min(this.maxValue, 1e-7 * 1.01 ** (b + 0.5));
    }
    return this.maxValue;
  }
}
