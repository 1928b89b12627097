import { InvalidInputError, parseInput, type TraceRecord } from "@aifactory/core";
import { z } from "zod";
import { lengthDistributionSchema } from "./length-distribution";
import type { LatencyPercentiles, ServingReport } from "./load-generator";
import type { ServingSweepReport } from "./serving-sweep";

/**
 * Version of the measured-serving file format ({@link measuredServingFileSchema}).
 *
 * @example
 * ```ts
 * import { MEASURED_SERVING_SCHEMA_VERSION } from "@aifactory/bench";
 * MEASURED_SERVING_SCHEMA_VERSION; // 1
 * ```
 * @since 0.6.0
 * @category Serving
 */
export const MEASURED_SERVING_SCHEMA_VERSION = 1 as const;

const sloSchema = z.object({
  /** Time-to-first-token bound, ms. */
  ttftMs: z.number().positive().optional(),
  /** Time-per-output-token bound, ms. */
  tpotMs: z.number().positive().optional(),
  /** End-to-end latency bound, ms. */
  e2eMs: z.number().positive().optional(),
});

/**
 * What a serving load test ran: the target, the traffic (Poisson rate, concurrency, or a trace replay with its
 * time scale), multi-turn sessions, the SLO, the seed and when it started. Part of every {@link ServingReport}
 * and of every run in a measured-serving file.
 *
 * @example
 * ```ts
 * import { servingRunSetupSchema } from "@aifactory/bench";
 * servingRunSetupSchema.parse({ baseUrl: "http://127.0.0.1:8000/v1", model: "m", api: "completions",
 *   arrival: { kind: "poisson", ratePerSecond: 4 }, slo: { ttftMs: 500 }, seed: 0,
 *   startedAt: "2025-01-01T00:00:00.000Z" }).arrival.kind; // "poisson"
 * ```
 * @since 0.6.0
 * @category Serving
 */
export const servingRunSetupSchema = z.object({
  /** The endpoint's base URL. */
  baseUrl: z.string(),
  /** The model name sent. */
  model: z.string(),
  /** `completions` or `chat`. */
  api: z.enum(["completions", "chat"]),
  /** Offered traffic: a Poisson rate, a number of clients (closed loop), or a trace replay. */
  arrival: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("poisson"), ratePerSecond: z.number().positive() }),
    z.object({ kind: z.literal("concurrency"), concurrency: z.number().int().positive() }),
    z.object({
      kind: z.literal("trace"),
      /** Replay speed-up: arrival times were divided by it. */
      timeScale: z.number().positive(),
      /** Tokens per `hashIds` block. */
      blockTokens: z.number().int().positive(),
      /** Trace records replayed. */
      recordCount: z.number().int().nonnegative(),
    }),
  ]),
  /** Multi-turn sessions of synthetic traffic, when used. */
  sessions: z
    .object({
      turns: lengthDistributionSchema,
      newInputTokens: lengthDistributionSchema,
      idleSeconds: z.number().nonnegative(),
      idleExponential: z.boolean(),
    })
    .optional(),
  /** SLO bounds that goodput and attainment count. */
  slo: sloSchema,
  /** Seed of arrivals and lengths. */
  seed: z.number().int(),
  /** ISO 8601 time the measured requests started (after warm-up). */
  startedAt: z.string(),
});

/**
 * What a serving load test ran. See {@link servingRunSetupSchema}.
 *
 * @example
 * ```ts
 * import type { ServingRunSetup } from "@aifactory/bench";
 * const label = (setup: ServingRunSetup) => `${setup.model} @ ${setup.arrival.kind}`;
 * ```
 * @since 0.6.0
 * @category Serving
 */
export type ServingRunSetup = z.infer<typeof servingRunSetupSchema>;

/** A latency that may be missing (no successful request measured it): null in JSON. */
const nullableMs = z.number().nonnegative().nullable();
const latencySummarySchema = z.object({ p50: nullableMs, p90: nullableMs, p99: nullableMs, mean: nullableMs });

/**
 * One measured request of a measured-serving file: when it was sent (seconds after the run's first send), its
 * lengths, its latencies (null when it failed before producing them) and whether it met the SLO. The fields the
 * fleet simulator's per-request results have, so the two compare request by request.
 *
 * @example
 * ```ts
 * import { measuredServingRequestSchema } from "@aifactory/bench";
 * measuredServingRequestSchema.parse({ index: 0, arrivalSeconds: 0, inputTokens: 128, requestedInputTokens: 128,
 *   outputTokens: 64, requestedOutputTokens: 64, ttftMs: 35.2, tpotMs: 11.8, e2eMs: 778.6, ok: true,
 *   meetsSlo: true }).ok; // true
 * ```
 * @since 0.6.0
 * @category Serving
 */
export const measuredServingRequestSchema = z.object({
  /** Position in the run's plan (trace order for a trace replay). */
  index: z.number().int().nonnegative(),
  /** Send time, seconds after the run's first request was sent. */
  arrivalSeconds: z.number().nonnegative(),
  /** Prompt tokens: the server's `usage.prompt_tokens` when reported, else the generator's count. */
  inputTokens: z.number().int().nonnegative(),
  /** Prompt tokens the generator aimed for (a trace's `inputTokens`). */
  requestedInputTokens: z.number().int().nonnegative(),
  /** Output tokens received (0 for a failed request). */
  outputTokens: z.number().int().nonnegative(),
  /** `max_tokens` sent. */
  requestedOutputTokens: z.number().int().positive(),
  /** Time to first token, ms; null when none arrived. */
  ttftMs: nullableMs,
  /** Time per output token after the first, ms; null with fewer than two tokens or on failure. */
  tpotMs: nullableMs,
  /** End-to-end latency (send to last token), ms; null on failure. */
  e2eMs: nullableMs,
  /** Whether the stream completed with at least one token. */
  ok: z.boolean(),
  /** Whether it succeeded and met every SLO bound. */
  meetsSlo: z.boolean(),
  /** Session (a trace's `sessionId`, `s<n>` for synthetic sessions): 1 to 200 characters, as in a trace. */
  sessionId: z.string().min(1).max(200).optional(),
  /** Turn in the session, from 0. */
  turn: z.number().int().nonnegative().optional(),
  /** Leading prompt tokens shared with the session's previous turn. */
  sharedPrefixTokens: z.number().int().nonnegative().optional(),
  /** Why it failed. */
  error: z.string().optional(),
});

/**
 * One measured request. See {@link measuredServingRequestSchema}.
 *
 * @example
 * ```ts
 * import type { MeasuredServingRequest } from "@aifactory/bench";
 * const missedSlo = (requests: MeasuredServingRequest[]) => requests.filter((r) => r.ok && !r.meetsSlo).length;
 * ```
 * @since 0.6.0
 * @category Serving
 */
export type MeasuredServingRequest = z.infer<typeof measuredServingRequestSchema>;

/**
 * One measured run: its setup, summary (percentiles null when nothing succeeded) and every request.
 *
 * @example
 * ```ts
 * import { measuredServingRunSchema } from "@aifactory/bench";
 * measuredServingRunSchema.shape.requests; // the per-request array schema
 * ```
 * @since 0.6.0
 * @category Serving
 */
export const measuredServingRunSchema = z.object({
  /** What was run. */
  setup: servingRunSetupSchema,
  /** The run's figures, as the load generator's report has them. */
  summary: z.object({
    requests: z.number().int().nonnegative(),
    succeededCount: z.number().int().nonnegative(),
    failedCount: z.number().int().nonnegative(),
    durationSeconds: z.number().nonnegative(),
    /** Successful requests per second (the achieved rate). */
    requestsPerSecond: z.number().nonnegative(),
    inputTokensPerSecond: z.number().nonnegative(),
    outputTokensPerSecond: z.number().nonnegative(),
    /** Requests per second that met the SLO. */
    goodputRequestsPerSecond: z.number().nonnegative(),
    /** Share of requests that met the SLO (0..1). */
    sloAttainmentRatio: z.number().min(0).max(1),
    ttftMs: latencySummarySchema,
    tpotMs: latencySummarySchema,
    itlMs: latencySummarySchema,
    e2eMs: latencySummarySchema,
  }),
  /** Every measured request, in plan order. */
  requests: z.array(measuredServingRequestSchema),
});

/**
 * One measured run. See {@link measuredServingRunSchema}.
 *
 * @example
 * ```ts
 * import type { MeasuredServingRun } from "@aifactory/bench";
 * const ttftP99Ms = (run: MeasuredServingRun) => run.summary.ttftMs.p99;
 * ```
 * @since 0.6.0
 * @category Serving
 */
export type MeasuredServingRun = z.infer<typeof measuredServingRunSchema>;

/**
 * The file `aif bench serve --out` writes and `aif fleet compare` reads: one run, or the points of a rate sweep,
 * each with its per-request records.
 *
 * ```json
 * { "schemaVersion": 1, "kind": "aifactory-measured-serving", "createdAt": "2025-...Z",
 *   "sweep": { "kind": "poisson", "minSloAttainmentRatio": 0.9, "stoppedEarly": true },   // sweeps only
 *   "runs": [ { "setup": { "baseUrl", "model", "api", "arrival": { "kind": "poisson", "ratePerSecond": 4 },
 *                          "slo": { "ttftMs": 500 }, "seed": 0, "startedAt" },
 *               "summary": { "requests", "succeededCount", ..., "sloAttainmentRatio", "ttftMs": { "p50", "p90", "p99", "mean" }, ... },
 *               "requests": [ { "index": 0, "arrivalSeconds": 0, "inputTokens": 128, "outputTokens": 64,
 *                               "ttftMs": 35.2, "tpotMs": 11.8, "e2eMs": 778.6, "ok": true, "meetsSlo": true, ... } ] } ] }
 * ```
 *
 * @example
 * ```ts
 * import { measuredServingFileSchema } from "@aifactory/bench";
 * measuredServingFileSchema.shape.kind.value; // "aifactory-measured-serving"
 * ```
 * @since 0.6.0
 * @category Serving
 */
export const measuredServingFileSchema = z.object({
  schemaVersion: z.literal(MEASURED_SERVING_SCHEMA_VERSION),
  kind: z.literal("aifactory-measured-serving"),
  /** ISO 8601 time the file was written. */
  createdAt: z.string(),
  /** Present when the runs are the points of a rate or concurrency sweep, in the order they ran. */
  sweep: z
    .object({
      kind: z.enum(["poisson", "concurrency"]),
      /** The SLO attainment below which the sweep stopped. */
      minSloAttainmentRatio: z.number().min(0).max(1),
      /** Whether a point fell below it, leaving later points unrun. */
      stoppedEarly: z.boolean(),
    })
    .optional(),
  /** The runs (one for a single load test). */
  runs: z.array(measuredServingRunSchema).min(1),
});

/**
 * A measured-serving file. See {@link measuredServingFileSchema}.
 *
 * @example
 * ```ts
 * import type { MeasuredServingFile } from "@aifactory/bench";
 * const models = (file: MeasuredServingFile) => file.runs.map((run) => run.setup.model);
 * ```
 * @since 0.6.0
 * @category Serving
 */
export type MeasuredServingFile = z.infer<typeof measuredServingFileSchema>;

function orNull(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : value;
}

function latencySummary(p: LatencyPercentiles): z.infer<typeof latencySummarySchema> {
  return { p50: orNull(p.p50), p90: orNull(p.p90), p99: orNull(p.p99), mean: orNull(p.mean) };
}

/**
 * A load test's report as a measured run: per-request records with send times relative to the first send
 * (seconds), lengths and latencies, and the summary, in the documented JSON shape ({@link measuredServingRunSchema}).
 *
 * @param report - what {@link runServingLoad} returned
 * @returns the measured run
 * @example
 * ```ts
 * import { runServingLoad, startBatchingTestServer, toMeasuredServingRun } from "@aifactory/bench";
 * const server = await startBatchingTestServer();
 * const report = await runServingLoad({ baseUrl: server.baseUrl, model: "m", requests: 4,
 *   arrival: { kind: "poisson", ratePerSecond: 20 }, outputTokens: { kind: "fixed", tokens: 4 } });
 * toMeasuredServingRun(report).requests[0]?.arrivalSeconds; // 0
 * await server.close();
 * ```
 * @since 0.6.0
 * @category Serving
 */
export function toMeasuredServingRun(report: ServingReport): MeasuredServingRun {
  const firstStartMs = report.records.reduce((min, r) => Math.min(min, r.startMs), Number.POSITIVE_INFINITY);
  return {
    setup: report.setup,
    summary: {
      requests: report.requests,
      succeededCount: report.succeeded,
      failedCount: report.failed,
      durationSeconds: report.durationSeconds,
      requestsPerSecond: report.requestsPerSecond,
      inputTokensPerSecond: report.inputTokensPerSecond,
      outputTokensPerSecond: report.outputTokensPerSecond,
      goodputRequestsPerSecond: report.goodputRequestsPerSecond,
      sloAttainmentRatio: report.goodputRatio,
      ttftMs: latencySummary(report.ttftMs),
      tpotMs: latencySummary(report.tpotMs),
      itlMs: latencySummary(report.itlMs),
      e2eMs: latencySummary(report.e2eMs),
    },
    requests: report.records.map((r) => ({
      index: r.index,
      arrivalSeconds: Math.max(0, (r.startMs - firstStartMs) / 1000),
      inputTokens: r.promptTokens,
      requestedInputTokens: r.requestedInputTokens,
      outputTokens: r.outputTokens,
      requestedOutputTokens: r.requestedOutputTokens,
      ttftMs: orNull(r.ttftMs),
      tpotMs: orNull(r.tpotMs),
      e2eMs: orNull(r.e2eMs),
      ok: r.ok,
      meetsSlo: r.meetsSlo,
      ...(r.sessionId === undefined ? {} : { sessionId: r.sessionId }),
      ...(r.turn === undefined ? {} : { turn: r.turn }),
      ...(r.sharedPrefixTokens === undefined ? {} : { sharedPrefixTokens: r.sharedPrefixTokens }),
      ...(r.error === undefined ? {} : { error: r.error }),
    })),
  };
}

/**
 * A load test or a sweep as a measured-serving file ({@link measuredServingFileSchema}): the object that
 * {@link formatMeasuredServing} writes.
 *
 * @param source - a load test's report or a sweep's report
 * @param createdAt - the file's time (default now)
 * @returns the file's content
 * @example
 * ```ts
 * import { runServingLoad, startBatchingTestServer, toMeasuredServingFile } from "@aifactory/bench";
 * const server = await startBatchingTestServer();
 * const report = await runServingLoad({ baseUrl: server.baseUrl, model: "m", requests: 2,
 *   arrival: { kind: "concurrency", concurrency: 1 }, outputTokens: { kind: "fixed", tokens: 2 } });
 * toMeasuredServingFile(report).runs.length; // 1
 * await server.close();
 * ```
 * @since 0.6.0
 * @category Serving
 */
export function toMeasuredServingFile(
  source: ServingReport | ServingSweepReport,
  createdAt: Date = new Date(),
): MeasuredServingFile {
  const base = {
    schemaVersion: MEASURED_SERVING_SCHEMA_VERSION,
    kind: "aifactory-measured-serving" as const,
    createdAt: createdAt.toISOString(),
  };
  if ("points" in source) {
    return {
      ...base,
      sweep: {
        kind: source.kind,
        minSloAttainmentRatio: source.minSloAttainmentRatio,
        stoppedEarly: source.stoppedEarly,
      },
      runs: source.points.map((p) => toMeasuredServingRun(p.report)),
    };
  }
  return { ...base, runs: [toMeasuredServingRun(source)] };
}

/**
 * Writes a load test's or a sweep's per-request records and summaries as JSON text (a measured-serving file,
 * {@link measuredServingFileSchema}), for `aif fleet compare` and other tools.
 *
 * @param source - a load test's report or a sweep's report
 * @param createdAt - the file's time (default now)
 * @returns JSON text ending in a newline
 * @example
 * ```ts
 * import { formatMeasuredServing, runServingLoad, startBatchingTestServer } from "@aifactory/bench";
 * const server = await startBatchingTestServer();
 * const report = await runServingLoad({ baseUrl: server.baseUrl, model: "m", requests: 2,
 *   arrival: { kind: "concurrency", concurrency: 1 }, outputTokens: { kind: "fixed", tokens: 2 } });
 * const json = formatMeasuredServing(report); // writeFileSync("measured.json", json)
 * await server.close();
 * ```
 * @since 0.6.0
 * @category Serving
 */
export function formatMeasuredServing(source: ServingReport | ServingSweepReport, createdAt?: Date): string {
  return `${JSON.stringify(toMeasuredServingFile(source, createdAt), null, 2)}\n`;
}

/**
 * Reads a measured-serving file back: parses the JSON (a string) or takes an already parsed value, and validates
 * it with {@link measuredServingFileSchema}.
 *
 * @param input - the file's text or its parsed JSON
 * @param label - what to call it in errors (e.g. the file name)
 * @returns the validated file
 * @throws InvalidInputError naming each bad field (or the JSON syntax error)
 * @example
 * ```ts
 * import { parseMeasuredServing } from "@aifactory/bench";
 * try { parseMeasuredServing("{}"); } catch (error) { (error as Error).message; } // names schemaVersion, kind, ...
 * ```
 * @since 0.6.0
 * @category Serving
 */
export function parseMeasuredServing(input: unknown, label = "measured-serving file"): MeasuredServingFile {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new InvalidInputError(label, [
        {
          path: "",
          message: `is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`,
          hint: "give the file `aif bench serve --out` wrote",
        },
      ]);
    }
  }
  return parseInput(measuredServingFileSchema, value, label);
}

/**
 * A measured run as trace records (send times, measured prompt lengths, requested output lengths, sessions), for
 * replaying the very same traffic in the fleet simulator (`aif fleet simulate --trace`, after
 * `formatRequestTrace` from `@aifactory/core`).
 *
 * @param run - a measured run
 * @returns trace records in send order
 * @example
 * ```ts
 * import { formatRequestTrace } from "@aifactory/core";
 * import { measuredRunToTrace, parseMeasuredServing } from "@aifactory/bench";
 * const file = parseMeasuredServing(JSON.stringify({ schemaVersion: 1, kind: "aifactory-measured-serving",
 *   createdAt: "2025-01-01T00:00:00.000Z", runs: [{ setup: { baseUrl: "http://127.0.0.1:8000/v1", model: "m",
 *   api: "completions", arrival: { kind: "concurrency", concurrency: 1 }, slo: {}, seed: 0,
 *   startedAt: "2025-01-01T00:00:00.000Z" }, summary: { requests: 1, succeededCount: 1, failedCount: 0, durationSeconds: 1,
 *   requestsPerSecond: 1, inputTokensPerSecond: 128, outputTokensPerSecond: 16, goodputRequestsPerSecond: 1,
 *   sloAttainmentRatio: 1, ttftMs: { p50: 40, p90: 40, p99: 40, mean: 40 }, tpotMs: { p50: 10, p90: 10, p99: 10, mean: 10 },
 *   itlMs: { p50: 10, p90: 10, p99: 10, mean: 10 }, e2eMs: { p50: 190, p90: 190, p99: 190, mean: 190 } },
 *   requests: [{ index: 0, arrivalSeconds: 0, inputTokens: 128, requestedInputTokens: 128, outputTokens: 16,
 *   requestedOutputTokens: 16, ttftMs: 40, tpotMs: 10, e2eMs: 190, ok: true, meetsSlo: true }] }] }));
 * formatRequestTrace(measuredRunToTrace(file.runs[0]!)); // '{"arrivalSeconds":0,"inputTokens":128,"outputTokens":16}\n'
 * ```
 * @since 0.6.0
 * @category Serving
 */
export function measuredRunToTrace(run: MeasuredServingRun): TraceRecord[] {
  return [...run.requests]
    .sort((a, b) => a.arrivalSeconds - b.arrivalSeconds || a.index - b.index)
    .map((r) => ({
      arrivalSeconds: r.arrivalSeconds,
      inputTokens: Math.max(1, r.inputTokens),
      outputTokens: r.ok ? Math.max(1, r.outputTokens) : r.requestedOutputTokens,
      ...(r.sessionId === undefined ? {} : { sessionId: r.sessionId }),
    }));
}
