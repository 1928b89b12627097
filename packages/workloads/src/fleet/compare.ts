import { quantileSorted } from "./fleet-stats";

/**
 * Per-request latencies of one run (measured by a load generator or simulated), milliseconds; NaN or null for a
 * value a request does not have (TPOT of a one-token answer, a failed request).
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface LatencySamples {
  ttftMs: ArrayLike<number | null>;
  tpotMs: ArrayLike<number | null>;
  e2eMs: ArrayLike<number | null>;
}

/**
 * One compared figure: a quantile of a metric in both runs and the simulated one's relative error.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface LatencyComparisonRow {
  metric: "ttftMs" | "tpotMs" | "e2eMs";
  quantile: number;
  measured: number;
  simulated: number;
  /** (simulated - measured) / measured. */
  errorRatio: number;
  withinTolerance: boolean;
}

/**
 * The result of {@link compareLatencySamples}.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface LatencyComparison {
  rows: LatencyComparisonRow[];
  toleranceRatio: number;
  /** Whether every row is within the tolerance. */
  agrees: boolean;
  measuredRequests: number;
  simulatedRequests: number;
}

function sortedFinite(values: ArrayLike<number | null>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && Number.isFinite(v)) out.push(v);
  }
  return Float64Array.from(out).sort();
}

/**
 * Compares a measured run with a simulated one, quantile by quantile (P50 and P99 by default) for TTFT, TPOT and
 * end-to-end latency: what `aif fleet compare` prints, and how the simulator is validated against a real server.
 *
 * @param measured - the measured run's per-request latencies
 * @param simulated - the simulated run's
 * @param options - quantiles and the tolerance on the relative error (default 0.1)
 * @returns one row per metric and quantile, and whether all agree
 * @example
 * ```ts
 * import { compareLatencySamples } from "@aifactory/workloads";
 * const run = { ttftMs: [10, 20, 30], tpotMs: [5, 5, 6], e2eMs: [100, 120, 140] };
 * compareLatencySamples(run, run).agrees; // true
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function compareLatencySamples(
  measured: LatencySamples,
  simulated: LatencySamples,
  options: { quantiles?: readonly number[]; toleranceRatio?: number } = {},
): LatencyComparison {
  const quantiles = options.quantiles ?? [0.5, 0.99];
  const tolerance = options.toleranceRatio ?? 0.1;
  const rows: LatencyComparisonRow[] = [];
  for (const metric of ["ttftMs", "tpotMs", "e2eMs"] as const) {
    const m = sortedFinite(measured[metric]);
    const s = sortedFinite(simulated[metric]);
    if (m.length === 0 || s.length === 0) continue;
    for (const q of quantiles) {
      const a = quantileSorted(m, q);
      const b = quantileSorted(s, q);
      const errorRatio = a > 0 ? (b - a) / a : b === 0 ? 0 : Number.POSITIVE_INFINITY;
      rows.push({
        metric,
        quantile: q,
        measured: a,
        simulated: b,
        errorRatio,
        withinTolerance: Math.abs(errorRatio) <= tolerance,
      });
    }
  }
  return {
    rows,
    toleranceRatio: tolerance,
    agrees: rows.length > 0 && rows.every((r) => r.withinTolerance),
    measuredRequests: sortedFinite(measured.e2eMs).length,
    simulatedRequests: sortedFinite(simulated.e2eMs).length,
  };
}
