import { nonFinitePaths } from "@aifactory/core";
import { z } from "zod";

/**
 * One MLPerf logging (mllog) event: a `:::MLLOG {json}` line.
 *
 * @example
 * ```ts
 * import { mllogEventSchema } from "@aifactory/bench";
 * mllogEventSchema.parse({ time_ms: 1, event_type: "POINT_IN_TIME", key: "eval_accuracy", value: 0.7 });
 * ```
 * @since 0.1.0
 * @category MLPerf
 */
export const mllogEventSchema = z.object({
  namespace: z.string().default(""),
  time_ms: z.number(),
  event_type: z.enum(["POINT_IN_TIME", "INTERVAL_START", "INTERVAL_END"]),
  key: z.string(),
  value: z.unknown(),
  metadata: z.record(z.string(), z.unknown()).default({}),
});

/**
 * A parsed mllog event; see {@link mllogEventSchema}.
 *
 * @example
 * ```ts
 * import type { MllogEvent } from "@aifactory/bench";
 * const lastAccuracy = (events: MllogEvent[]) => events.findLast((e) => e.key === "eval_accuracy")?.value;
 * ```
 * @since 0.1.0
 * @category MLPerf
 */
export type MllogEvent = z.infer<typeof mllogEventSchema> & {
  /** Rank prefix from the launcher (`0: ` from Slurm, `[0] ` from mpirun), where present. */
  rank?: number;
  /** 1-based line number in the input. */
  line: number;
};

/**
 * Result of {@link parseMllog}.
 *
 * @example
 * ```ts
 * import { type MllogParseResult, parseMllog } from "@aifactory/bench";
 * const parsed: MllogParseResult = parseMllog(':::MLLOG {"time_ms": 1, "event_type": "POINT_IN_TIME", "key": "seed", "value": 7}\n:::MLLOG {');
 * parsed.malformedLines; // [2]
 * ```
 * @since 0.1.0
 * @category MLPerf
 */
export interface MllogParseResult {
  events: MllogEvent[];
  /** `:::MLLOG` lines whose JSON did not parse or validate (line numbers). */
  malformedLines: number[];
}

/**
 * Parses MLPerf mllog lines from a log that may hold other output and launcher prefixes (`0: `, `[0] `,
 * `container | [0] `). Non-mllog lines are ignored; malformed mllog lines (bad JSON, a field of the wrong type,
 * a number that is not finite such as `1e999`) are reported, not thrown.
 *
 * @param text - the log
 * @returns events and malformed line numbers
 * @example
 * ```ts
 * import { parseMllog } from "@aifactory/bench";
 * parseMllog(':::MLLOG {"namespace": "", "time_ms": 1, "event_type": "POINT_IN_TIME", "key": "eval_accuracy", "value": 0.7, "metadata": {}}').events[0]?.value; // 0.7
 * ```
 * @since 0.1.0
 * @category MLPerf
 */
export function parseMllog(text: string): MllogParseResult {
  const events: MllogEvent[] = [];
  const malformedLines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const at = line.indexOf(":::MLLOG ");
    if (at < 0) return;
    const prefix = line.slice(0, at);
    const rankMatch = /(?:^|\[)\s*(\d+)\s*(?:\]|:)\s*$/.exec(prefix);
    try {
      const parsed = mllogEventSchema.parse(JSON.parse(line.slice(at + 9)));
      // JSON reads 1e999 as Infinity: an event holding a number that is not finite is malformed, not a value.
      if (nonFinitePaths(parsed, 1).length > 0) throw new Error("non-finite number");
      const rank = Number(rankMatch?.[1]);
      events.push({ ...parsed, line: index + 1, ...(Number.isSafeInteger(rank) ? { rank } : {}) });
    } catch {
      malformedLines.push(index + 1);
    }
  });
  return { events, malformedLines };
}

/**
 * The headline facts of an MLPerf run.
 *
 * @example
 * ```ts
 * import { type MllogSummary, summarizeMllog } from "@aifactory/bench";
 * const summary: MllogSummary = summarizeMllog([]);
 * summary.eventCount; // 0
 * ```
 * @since 0.1.0
 * @category MLPerf
 */
export interface MllogSummary {
  benchmark?: string;
  runStartMs?: number;
  runStopMs?: number;
  /** run_stop - run_start, the MLPerf time-to-train. */
  runDurationSeconds?: number;
  /** `success` or `aborted` from run_stop metadata. */
  status?: string;
  /** Last eval_accuracy value. */
  lastEvalAccuracy?: number;
  /** Every `tracked_stats.throughput` value, in order. */
  throughputSamples: number[];
  globalBatchSize?: number;
  trainSamples?: number;
  eventCount: number;
}

/**
 * Summarises mllog events: time to train (run_stop - run_start), status, the last eval accuracy, throughput
 * samples. A run whose status is not `success` has not reached its target: report it, do not score it.
 *
 * @param events - from {@link parseMllog}
 * @returns the summary
 * @example
 * ```ts
 * import { parseMllog, summarizeMllog } from "@aifactory/bench";
 * const log = [
 *   ':::MLLOG {"time_ms": 1000, "event_type": "INTERVAL_START", "key": "run_start", "value": null}',
 *   ':::MLLOG {"time_ms": 61000, "event_type": "INTERVAL_END", "key": "run_stop", "value": null, "metadata": {"status": "success"}}',
 * ].join("\n");
 * summarizeMllog(parseMllog(log).events).status; // "success"
 * ```
 * @since 0.1.0
 * @category MLPerf
 */
export function summarizeMllog(events: readonly MllogEvent[]): MllogSummary {
  const summary: MllogSummary = { throughputSamples: [], eventCount: events.length };
  for (const event of events) {
    switch (event.key) {
      case "submission_benchmark":
        if (typeof event.value === "string") summary.benchmark = event.value;
        break;
      case "run_start":
        summary.runStartMs = event.time_ms;
        break;
      case "run_stop":
        summary.runStopMs = event.time_ms;
        if (typeof event.metadata.status === "string") summary.status = event.metadata.status;
        break;
      case "eval_accuracy":
        if (typeof event.value === "number") summary.lastEvalAccuracy = event.value;
        break;
      case "global_batch_size":
        if (typeof event.value === "number") summary.globalBatchSize = event.value;
        break;
      case "train_samples":
        if (typeof event.value === "number") summary.trainSamples = event.value;
        break;
      case "tracked_stats": {
        const value = event.value as { throughput?: unknown } | null;
        if (value && typeof value.throughput === "number") summary.throughputSamples.push(value.throughput);
        break;
      }
      default:
        break;
    }
  }
  if (summary.runStartMs !== undefined && summary.runStopMs !== undefined) {
    // Two finite times far apart (-1e308 and 1e308) have no finite difference: no duration, not Infinity.
    const seconds = (summary.runStopMs - summary.runStartMs) / 1000;
    if (Number.isFinite(seconds)) summary.runDurationSeconds = seconds;
  }
  return summary;
}
