import type { BenchMetric } from "./result-schema";
import type { SampleSummary } from "./statistics";

/**
 * A throughput metric from a per-iteration amount of work and the timing summary: value = amount / median
 * seconds, with the interval from the median's CI (a shorter time gives the upper bound).
 *
 * @param name - metric name with its unit (`matmulTflops`)
 * @param unit - unit symbol (`TFLOP/s`)
 * @param amountPerIteration - work per iteration in the metric's unit-seconds (TFLOP for TFLOP/s)
 * @param summary - the timing summary
 * @returns the metric, higher is better
 * @example
 * ```ts
 * import { summarize, throughputMetric } from "@aifactory/bench";
 * throughputMetric("copyGBps", "GB/s", 0.5, summarize([0.01, 0.011, 0.0105])).value; // about 48
 * ```
 * @since 0.1.0
 * @category Harness
 */
export function throughputMetric(
  name: string,
  unit: string,
  amountPerIteration: number,
  summary: SampleSummary,
): BenchMetric {
  const metric: BenchMetric = { name, unit, value: amountPerIteration / summary.median, higherIsBetter: true };
  if (summary.medianCi.upper > 0 && summary.medianCi.lower > 0) {
    metric.lower = amountPerIteration / summary.medianCi.upper;
    metric.upper = amountPerIteration / summary.medianCi.lower;
  }
  return metric;
}

/**
 * A latency metric (median seconds per iteration, converted by `scale`) with its CI; lower is better.
 *
 * @param name - metric name (`iterationMs`)
 * @param unit - unit symbol (`ms`)
 * @param summary - the timing summary
 * @param scale - factor from seconds to the unit; default 1000 (ms)
 * @returns the metric
 * @example
 * ```ts
 * import { latencyMetric, summarize } from "@aifactory/bench";
 * latencyMetric("iterationMs", "ms", summarize([0.001, 0.001])).value; // 1
 * ```
 * @since 0.1.0
 * @category Harness
 */
export function latencyMetric(name: string, unit: string, summary: SampleSummary, scale = 1000): BenchMetric {
  return {
    name,
    unit,
    value: summary.median * scale,
    lower: summary.medianCi.lower * scale,
    upper: summary.medianCi.upper * scale,
    higherIsBetter: false,
  };
}
