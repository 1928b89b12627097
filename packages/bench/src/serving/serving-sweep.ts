import { parseInput } from "@aifactory/core";
import { z } from "zod";
import {
  checkServingTraffic,
  type LatencyPercentiles,
  runServingLoad,
  type ServingProgress,
  type ServingReport,
  servingLoadFields,
} from "./load-generator";

/**
 * Options of a rate sweep: every option of a load test ({@link servingLoadOptionsSchema}) but `arrival`, the
 * request rates (Poisson) or concurrencies (closed loop) to run in order, and the SLO attainment below which the
 * sweep stops (default 0.9). Each point sends `requests` requests; each point's prompts get their own
 * `promptSalt`, so a point does not hit the prefix cache the previous one filled.
 *
 * @example
 * ```ts
 * import { servingSweepOptionsSchema } from "@aifactory/bench";
 * servingSweepOptionsSchema.parse({ baseUrl: "http://127.0.0.1:8000/v1", model: "m", requests: 200,
 *   sweep: { kind: "poisson", ratesPerSecond: [1, 2, 4, 8] }, slo: { ttftMs: 500 } }).minSloAttainmentRatio; // 0.9
 * ```
 * @since 0.6.0
 * @category Serving
 */
export const servingSweepOptionsSchema = z
  .object({
    ...servingLoadFields,
    /** What to sweep, in the order given. */
    sweep: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("poisson"), ratesPerSecond: z.array(z.number().positive()).min(1).max(1000) }),
      z.object({
        kind: z.literal("concurrency"),
        concurrencies: z.array(z.number().int().positive()).min(1).max(1000),
      }),
    ]),
    /** The sweep stops after the first point whose SLO attainment is below this (0..1); default 0.9. */
    minSloAttainmentRatio: z.number().min(0).max(1).default(0.9),
  })
  .superRefine(checkServingTraffic);

/**
 * Rate-sweep options as accepted (defaults optional). See {@link servingSweepOptionsSchema}.
 *
 * @example
 * ```ts
 * import type { ServingSweepOptions } from "@aifactory/bench";
 * const options: ServingSweepOptions = { baseUrl: "http://127.0.0.1:8000/v1", model: "m", requests: 100,
 *   sweep: { kind: "concurrency", concurrencies: [1, 4, 16] } };
 * ```
 * @since 0.6.0
 * @category Serving
 */
export type ServingSweepOptions = z.input<typeof servingSweepOptionsSchema>;

/**
 * One point of a sweep: the offered load, what was achieved, latency percentiles, throughput, goodput and SLO
 * attainment, and the point's full report (with per-request records).
 *
 * @example
 * ```ts
 * import type { ServingSweepPoint } from "@aifactory/bench";
 * const label = (p: ServingSweepPoint) => `${p.offered} -> ${p.goodputRequestsPerSecond} good req/s`;
 * ```
 * @since 0.6.0
 * @category Serving
 */
export interface ServingSweepPoint {
  /** The offered load: requests per second (Poisson) or requests in flight (concurrency). */
  offered: number;
  /** The offered Poisson rate, requests per second (Poisson sweeps). */
  ratePerSecond?: number;
  /** The offered concurrency (concurrency sweeps). */
  concurrency?: number;
  /** Successful requests per second. */
  achievedRequestsPerSecond: number;
  /** Time to first token, ms. */
  ttftMs: LatencyPercentiles;
  /** Time per output token, ms. */
  tpotMs: LatencyPercentiles;
  /** Inter-token latency, ms. */
  itlMs: LatencyPercentiles;
  /** End-to-end latency, ms. */
  e2eMs: LatencyPercentiles;
  /** Output tokens per second. */
  outputTokensPerSecond: number;
  /** Prompt tokens per second. */
  inputTokensPerSecond: number;
  /** Requests per second that met the SLO. */
  goodputRequestsPerSecond: number;
  /** Share of the point's requests that met the SLO (0..1). */
  sloAttainmentRatio: number;
  /** Requests that failed. */
  failed: number;
  /** The point's report. */
  report: ServingReport;
}

/**
 * The outcome of a sweep: the points run (in order), whether it stopped early, and the highest offered load
 * that still met the attainment threshold.
 *
 * @example
 * ```ts
 * import type { ServingSweepReport } from "@aifactory/bench";
 * const knee = (r: ServingSweepReport) => r.highestPassingOffered;
 * ```
 * @since 0.6.0
 * @category Serving
 */
export interface ServingSweepReport {
  /** Poisson rates or concurrencies. */
  kind: "poisson" | "concurrency";
  /** The threshold. */
  minSloAttainmentRatio: number;
  /** The SLO bounds. */
  slo: { ttftMs?: number; tpotMs?: number; e2eMs?: number };
  /** Points run, in order. */
  points: ServingSweepPoint[];
  /** Whether a point fell below the threshold before the list ended. */
  stoppedEarly: boolean;
  /** Offered loads not run because the sweep stopped. */
  notRun: number[];
  /** The highest offered load whose attainment met the threshold (undefined when none did). */
  highestPassingOffered?: number;
}

/**
 * Where a sweep stands: the point (its index, count and offered load) and that point's progress.
 *
 * @example
 * ```ts
 * import type { ServingSweepProgress } from "@aifactory/bench";
 * const show = (p: ServingSweepProgress) => `point ${p.point + 1}/${p.points}: ${p.finished}/${p.total}`;
 * ```
 * @since 0.6.0
 * @category Serving
 */
export interface ServingSweepProgress extends ServingProgress {
  /** Index of the running point, from 0. */
  point: number;
  /** Points in the sweep. */
  points: number;
  /** The running point's offered load. */
  offered: number;
  /** Poisson rates or concurrencies. */
  kind: "poisson" | "concurrency";
}

/**
 * Runs a load test at each offered load of a list, in order (Poisson request rates or closed-loop
 * concurrencies), and stops after the first point whose SLO attainment falls below the threshold (the knee:
 * higher loads would only queue more). Each point reports the achieved rate, P50/P90/P99 TTFT, TPOT, ITL and E2E,
 * throughput, goodput and attainment; {@link servingSweepMarkdown} and {@link servingSweepHtml} render it, and
 * {@link formatMeasuredServing} writes every point's requests.
 *
 * @param input - options (validated with {@link servingSweepOptionsSchema})
 * @param onProgress - called after each finished request of each point
 * @returns the sweep's report
 * @throws InvalidInputError naming the field for invalid options; AifError `EXTERNAL_TOOL_FAILURE` when a point's
 *   warm-up request fails
 * @example
 * ```ts
 * import { runServingSweep, startBatchingTestServer } from "@aifactory/bench";
 * const server = await startBatchingTestServer({ maxBatchSize: 2 });
 * const sweep = await runServingSweep({ baseUrl: server.baseUrl, model: "test", requests: 6,
 *   inputTokens: { kind: "fixed", tokens: 16 }, outputTokens: { kind: "fixed", tokens: 4 },
 *   sweep: { kind: "poisson", ratesPerSecond: [5, 500] }, slo: { ttftMs: 100 } });
 * sweep.points.map((p) => p.sloAttainmentRatio);
 * await server.close();
 * ```
 * @since 0.6.0
 * @category Serving
 */
export async function runServingSweep(
  input: ServingSweepOptions,
  onProgress?: (progress: ServingSweepProgress) => void,
): Promise<ServingSweepReport> {
  const options = parseInput(servingSweepOptionsSchema, input, "serving sweep options");
  const { sweep, minSloAttainmentRatio, ...load } = options;
  const offeredLoads = sweep.kind === "poisson" ? sweep.ratesPerSecond : sweep.concurrencies;
  const points: ServingSweepPoint[] = [];
  let stoppedEarly = false;
  for (const [index, offered] of offeredLoads.entries()) {
    const arrival =
      sweep.kind === "poisson"
        ? { kind: "poisson" as const, ratePerSecond: offered }
        : { kind: "concurrency" as const, concurrency: offered };
    const report = await runServingLoad(
      { ...load, arrival, promptSalt: `${load.promptSalt}p${index}-` },
      (_finished, _total, progress) =>
        onProgress?.({ ...progress, point: index, points: offeredLoads.length, offered, kind: sweep.kind }),
    );
    points.push({
      offered,
      ...(sweep.kind === "poisson" ? { ratePerSecond: offered } : { concurrency: offered }),
      achievedRequestsPerSecond: report.requestsPerSecond,
      ttftMs: report.ttftMs,
      tpotMs: report.tpotMs,
      itlMs: report.itlMs,
      e2eMs: report.e2eMs,
      outputTokensPerSecond: report.outputTokensPerSecond,
      inputTokensPerSecond: report.inputTokensPerSecond,
      goodputRequestsPerSecond: report.goodputRequestsPerSecond,
      sloAttainmentRatio: report.goodputRatio,
      failed: report.failed,
      report,
    });
    if (report.goodputRatio < minSloAttainmentRatio) {
      stoppedEarly = index + 1 < offeredLoads.length;
      break;
    }
  }
  const passing = points.filter((p) => p.sloAttainmentRatio >= minSloAttainmentRatio).map((p) => p.offered);
  return {
    kind: sweep.kind,
    minSloAttainmentRatio,
    slo: load.slo,
    points,
    stoppedEarly,
    notRun: offeredLoads.slice(points.length),
    ...(passing.length === 0 ? {} : { highestPassingOffered: Math.max(...passing) }),
  };
}
