import { AifError, parseInput, traceRecordSchema } from "@aifactory/core";
import { z } from "zod";
import { createRandom, exponentialSample, type Random } from "../harness/prng";
import { mean, percentile } from "../harness/statistics";
import { lengthDistributionSchema, sampleLength } from "./length-distribution";
import type { ServingRunSetup } from "./measured-serving";
import {
  answerSegment,
  type BuiltPrompt,
  blockSegments,
  buildPrompt,
  cutSegments,
  type PromptSegment,
  segmentTokens,
  standInAnswer,
  userSegment,
} from "./session-prompts";
import { readSseData } from "./sse";

/**
 * The fields of {@link servingLoadOptionsSchema} other than `arrival` (shared with the rate sweep's options).
 * Internal: not exported from the package.
 */
export const servingLoadFields = {
  /** Base URL including `/v1` where the server needs it, e.g. `http://127.0.0.1:8000/v1`. */
  baseUrl: z.string().url(),
  model: z.string().min(1),
  /** `completions` (`POST /completions` with `prompt`) or `chat` (`POST /chat/completions` with `messages`). */
  api: z.enum(["completions", "chat"]).default("completions"),
  /**
   * Requests to send (each turn of a session counts one). Required for `poisson` and `concurrency` arrivals;
   * with a `trace` it replays the first `requests` records (default: all of them).
   */
  requests: z.number().int().positive().optional(),
  inputTokens: lengthDistributionSchema.default({ kind: "fixed", tokens: 128 }),
  outputTokens: lengthDistributionSchema.default({ kind: "fixed", tokens: 128 }),
  /** Prompts (and optional output lengths) from a dataset, used round-robin instead of synthetic prompts. */
  dataset: z.array(z.object({ prompt: z.string(), outputTokens: z.number().int().positive().optional() })).optional(),
  /**
   * Multi-turn sessions of synthetic traffic (chat or agent loops). The arrival process gives each session's
   * first turn (`poisson`: sessions start at that rate; `concurrency`: that many sessions at a time); turn
   * `k + 1` is sent `idleSeconds` after turn `k` finished, and its prompt is turn `k`'s prompt, turn `k`'s answer
   * and `newInputTokens` new tokens, so consecutive turns share a real, growing prefix that a server's prefix
   * cache can serve. `inputTokens` is the first turn's prompt. The same shape as the fleet simulator's sessions.
   */
  sessions: z
    .object({
      /** Turns per session (a length distribution read as a count). */
      turns: lengthDistributionSchema,
      /** Tokens each later turn adds (the user's next message or a tool result). */
      newInputTokens: lengthDistributionSchema,
      /** Mean idle time between a turn's last token and the next turn, seconds; default 0. */
      idleSeconds: z.number().nonnegative().default(0),
      /** Draw idle times from an exponential distribution (true, default) or use the mean as is (false). */
      idleExponential: z.boolean().default(true),
    })
    .optional(),
  /**
   * What stands for a previous answer in a session's next prompt: `response` (default) the text the server
   * streamed, when that turn finished before this one is sent (a trace may send the next turn earlier; a stand-in
   * of the answer's length is used then), or `stand-in` always: deterministic words of the answer's length, the
   * same prompts on every run.
   */
  sessionAnswers: z.enum(["response", "stand-in"]).default("response"),
  /**
   * Text put in front of every synthetic prompt's first word (default none), so that two runs against the same
   * server do not hit each other's prefix cache (the rate sweep gives each point its own).
   */
  promptSalt: z.string().max(64).default(""),
  /** Service-level objectives for goodput; a request meets the SLO when every given bound holds. */
  slo: z
    .object({
      ttftMs: z.number().positive().optional(),
      tpotMs: z.number().positive().optional(),
      e2eMs: z.number().positive().optional(),
    })
    .default({}),
  /** Sends `ignore_eos: true` (vLLM, SGLang) so that outputs reach the requested length; default true. */
  ignoreEos: z.boolean().default(true),
  apiKey: z.string().optional(),
  /** Per-request timeout in seconds; default 600. */
  requestTimeoutSeconds: z.number().positive().default(600),
  seed: z.number().int().default(0),
  /** Requests sent and discarded before measuring (connection set-up, client and server warm-up); default 1. */
  warmupRequests: z.number().int().nonnegative().default(1),
};

/** Cross-field rules shared with the sweep's options; every problem names its field. */
export function checkServingTraffic(
  value: { requests?: number | undefined; dataset?: unknown; sessions?: unknown; arrival?: { kind: string } },
  context: z.RefinementCtx,
): void {
  const trace = value.arrival?.kind === "trace";
  if (value.requests === undefined && !trace) {
    context.addIssue({
      code: "custom",
      path: ["requests"],
      message: "is required for poisson and concurrency arrivals (only a trace replay defaults to its length)",
    });
  }
  if (value.sessions !== undefined && value.dataset !== undefined) {
    context.addIssue({
      code: "custom",
      path: ["sessions"],
      message: "cannot be combined with dataset prompts (sessions build synthetic prompts)",
    });
  }
  if (trace && value.sessions !== undefined) {
    context.addIssue({
      code: "custom",
      path: ["sessions"],
      message: "cannot be combined with a trace (a trace's sessions come from its records' sessionId)",
    });
  }
  if (trace && value.dataset !== undefined) {
    context.addIssue({
      code: "custom",
      path: ["dataset"],
      message: "cannot be combined with a trace (a trace gives every request's lengths)",
    });
  }
}

/**
 * Options of a serving load test against an OpenAI-compatible endpoint: the target, the traffic (Poisson
 * arrivals, a fixed number of requests in flight, or a request trace replayed at its recorded times; synthetic,
 * dataset or multi-turn session prompts), SLOs for goodput, and client settings.
 *
 * @example
 * ```ts
 * import { servingLoadOptionsSchema } from "@aifactory/bench";
 * servingLoadOptionsSchema.parse({ baseUrl: "http://127.0.0.1:8000/v1", model: "m", requests: 10, arrival: { kind: "concurrency", concurrency: 2 } });
 * servingLoadOptionsSchema.parse({ baseUrl: "http://127.0.0.1:8000/v1", model: "m",
 *   arrival: { kind: "trace", trace: [{ arrivalSeconds: 0, inputTokens: 100, outputTokens: 10 }], timeScale: 2 } });
 * ```
 * @since 0.1.0
 * @category Serving
 */
export const servingLoadOptionsSchema = z
  .object({
    ...servingLoadFields,
    /**
     * Poisson arrivals at a rate, a fixed number of requests in flight, or a trace replayed at its records'
     * `arrivalSeconds` (less the first one) divided by `timeScale` (2 replays twice as fast), each request with the
     * record's input and output tokens. Records with the same `sessionId` share real prefixes (a turn's prompt
     * starts with the previous turn's prompt and answer); records with `hashIds` (Mooncake) are made of blocks of
     * `blockTokens` tokens, the same text for the same id.
     */
    arrival: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("poisson"), ratePerSecond: z.number().positive() }),
      z.object({ kind: z.literal("concurrency"), concurrency: z.number().int().positive() }),
      z.object({
        kind: z.literal("trace"),
        trace: z.array(traceRecordSchema).min(1).max(5_000_000),
        timeScale: z.number().positive().default(1),
        blockTokens: z.number().int().positive().default(512),
      }),
    ]),
  })
  .superRefine(checkServingTraffic);

/**
 * Serving load options as accepted (defaults optional); see {@link servingLoadOptionsSchema}.
 *
 * @example
 * ```ts
 * import type { ServingLoadOptions } from "@aifactory/bench";
 * const options: ServingLoadOptions = { baseUrl: "http://127.0.0.1:8000/v1", model: "m", requests: 100,
 *   arrival: { kind: "poisson", ratePerSecond: 8 }, outputTokens: { kind: "fixed", tokens: 128 } };
 * ```
 * @since 0.1.0
 * @category Serving
 */
export type ServingLoadOptions = z.input<typeof servingLoadOptionsSchema>;

/**
 * What one request measured. Times in milliseconds from its send.
 *
 * @example
 * ```ts
 * import type { RequestRecord } from "@aifactory/bench";
 * const queuedMs = (record: RequestRecord) => (record.ok ? record.ttftMs : undefined);
 * ```
 * @since 0.1.0
 * @category Serving
 */
export interface RequestRecord {
  /** Position in the plan (send order of open-loop traffic; trace order for a trace). */
  index: number;
  /** Whether the stream completed with at least one token. */
  ok: boolean;
  /** Why it failed. */
  error?: string;
  /** Prompt tokens: the server's `usage.prompt_tokens` when it reports it, else the generator's count. */
  promptTokens: number;
  /** Prompt tokens the generator aimed for (the trace's `inputTokens`; one synthetic word counts one token). */
  requestedInputTokens: number;
  /** `max_tokens` sent. */
  requestedOutputTokens: number;
  /** Output tokens received (`usage.completion_tokens`, else the streamed chunks). */
  outputTokens: number;
  /** Send time relative to the test start. */
  startMs: number;
  /** Time to the first streamed token. */
  ttftMs?: number;
  /** Time to the last streamed token. */
  e2eMs?: number;
  /** (e2e - ttft) / (outputTokens - 1). */
  tpotMs?: number;
  /** Gaps between successive streamed chunks that carried text. */
  itlMs: number[];
  /** Whether it succeeded and met every SLO bound. */
  meetsSlo: boolean;
  /** The session it belongs to (a trace's `sessionId`, or `s<n>` for synthetic sessions). */
  sessionId?: string;
  /** Its turn in the session, from 0. */
  turn?: number;
  /** Leading prompt tokens shared with the session's previous turn (its prompt and answer). */
  sharedPrefixTokens?: number;
}

/**
 * Where a running load test stands, passed to the progress callback after each finished request.
 *
 * @example
 * ```ts
 * import type { ServingProgress } from "@aifactory/bench";
 * const show = (p: ServingProgress) => `${p.finished}/${p.total} at ${p.requestsPerSecond.toFixed(1)} req/s`;
 * ```
 * @since 0.6.0
 * @category Serving
 */
export interface ServingProgress {
  /** Requests finished (succeeded or failed). */
  finished: number;
  /** Requests in the test. */
  total: number;
  /** Requests sent so far. */
  sent: number;
  /** Requests failed so far. */
  failed: number;
  /** Seconds since the test started (after warm-up). */
  elapsedSeconds: number;
  /** Finished requests per second so far (the achieved rate). */
  requestsPerSecond: number;
}

/**
 * p50/p90/p99 and mean of a latency, in ms.
 *
 * @example
 * ```ts
 * import type { LatencyPercentiles } from "@aifactory/bench";
 * const tail = (latency: LatencyPercentiles) => latency.p99 / latency.p50;
 * ```
 * @since 0.1.0
 * @category Serving
 */
export interface LatencyPercentiles {
  /** Median. */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 99th percentile. */
  p99: number;
  /** Arithmetic mean. */
  mean: number;
}

/**
 * The outcome of a serving load test.
 *
 * @example
 * ```ts
 * import type { ServingReport } from "@aifactory/bench";
 * const headline = (report: ServingReport) =>
 *   `${report.requestsPerSecond.toFixed(1)} req/s, TTFT p99 ${report.ttftMs.p99.toFixed(0)} ms, ${report.failed} failed`;
 * ```
 * @since 0.1.0
 * @category Serving
 */
export interface ServingReport {
  /** What was run: target, traffic, SLO, seed and start time. */
  setup: ServingRunSetup;
  /** Requests measured (warm-up excluded). */
  requests: number;
  /** Requests that completed. */
  succeeded: number;
  /** Requests that failed. */
  failed: number;
  /** From the first send to the last finish. */
  durationSeconds: number;
  /** Time to first token of successful requests. */
  ttftMs: LatencyPercentiles;
  /** Time per output token after the first. */
  tpotMs: LatencyPercentiles;
  /** Inter-token latency (gaps between streamed chunks). */
  itlMs: LatencyPercentiles;
  /** End-to-end latency. */
  e2eMs: LatencyPercentiles;
  /** Output tokens of successful requests per second. */
  outputTokensPerSecond: number;
  /** Prompt tokens of successful requests per second. */
  inputTokensPerSecond: number;
  /** Successful requests per second (the achieved rate). */
  requestsPerSecond: number;
  /** Share of all requests that succeeded and met every SLO bound (1 when no SLO is given and all succeeded). */
  goodputRatio: number;
  /** Requests per second that met the SLO. */
  goodputRequestsPerSecond: number;
  /** Distinct failure reasons. */
  errors: string[];
  /** Every request, in plan order. */
  records: RequestRecord[];
}

type ParsedOptions = z.infer<typeof servingLoadOptionsSchema>;

function percentiles(values: readonly number[]): LatencyPercentiles {
  if (values.length === 0) return { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, mean: Number.NaN };
  return {
    p50: percentile(values, 0.5),
    p90: percentile(values, 0.9),
    p99: percentile(values, 0.99),
    mean: mean(values),
  };
}

function syntheticPrompt(tokens: number, tag: string): string {
  // One short common word is about one token for BPE tokenizers; a per-request first word defeats prefix caching.
  return `${tag} ${"hello ".repeat(Math.max(0, tokens - 1))}`.trim();
}

function textOf(chunk: unknown, api: "completions" | "chat"): string {
  const choice = (chunk as { choices?: Array<{ text?: string; delta?: { content?: string } }> }).choices?.[0];
  if (choice === undefined) return "";
  return (api === "chat" ? choice.delta?.content : choice.text) ?? "";
}

/** One planned request: lengths, its session and turn, when it is sent. */
interface PlannedRequest {
  index: number;
  /** Session number (-1: a request of its own). */
  session: number;
  sessionId?: string;
  turn: number;
  /** Prompt tokens: the whole prompt, or (a later turn of a synthetic session) the new tokens it adds. */
  inputTokens: number;
  outputTokens: number;
  /** Idle time after this turn finishes, before the session's next turn. */
  idleAfterSeconds: number;
  datasetPrompt?: string;
  hashIds?: number[];
}

/** Requests sent one after the other (a session), from a start time (open loop) or when a client is free. */
interface PlannedUnit {
  startSeconds?: number;
  turns: PlannedRequest[];
}

function planUnits(options: ParsedOptions, random: Random): PlannedUnit[] {
  const arrival = options.arrival;
  if (arrival.kind === "trace") {
    const records = arrival.trace
      .map((record, order) => ({ record, order }))
      .sort((a, b) => a.record.arrivalSeconds - b.record.arrivalSeconds || a.order - b.order)
      .slice(0, options.requests ?? arrival.trace.length);
    const origin = records[0]?.record.arrivalSeconds ?? 0;
    const sessions = new Map<string, { session: number; turns: number }>();
    return records.map(({ record }, index) => {
      let session = -1;
      let turn = 0;
      if (record.sessionId !== undefined) {
        const known = sessions.get(record.sessionId) ?? { session: sessions.size, turns: 0 };
        session = known.session;
        turn = known.turns;
        known.turns += 1;
        sessions.set(record.sessionId, known);
      }
      return {
        startSeconds: (record.arrivalSeconds - origin) / arrival.timeScale,
        turns: [
          {
            index,
            session,
            ...(record.sessionId === undefined ? {} : { sessionId: record.sessionId }),
            turn,
            inputTokens: record.inputTokens,
            outputTokens: record.outputTokens,
            idleAfterSeconds: 0,
            ...(record.hashIds === undefined ? {} : { hashIds: record.hashIds }),
          },
        ],
      };
    });
  }
  const total = options.requests ?? 0;
  const units: PlannedUnit[] = [];
  const sessions = options.sessions;
  let index = 0;
  while (index < total) {
    if (sessions === undefined) {
      const entry = options.dataset?.[index % options.dataset.length];
      const inputTokens = entry === undefined ? sampleLength(options.inputTokens, random) : 0;
      const outputTokens = entry?.outputTokens ?? sampleLength(options.outputTokens, random);
      units.push({
        turns: [
          {
            index,
            session: -1,
            turn: 0,
            inputTokens: entry === undefined ? inputTokens : entry.prompt.split(/\s+/).filter(Boolean).length,
            outputTokens,
            idleAfterSeconds: 0,
            ...(entry === undefined ? {} : { datasetPrompt: entry.prompt }),
          },
        ],
      });
      index += 1;
      continue;
    }
    const session = units.length;
    const turns = Math.max(1, sampleLength(sessions.turns, random));
    const unit: PlannedUnit = { turns: [] };
    for (let turn = 0; turn < turns && index < total; turn += 1) {
      const inputTokens = sampleLength(turn === 0 ? options.inputTokens : sessions.newInputTokens, random);
      const outputTokens = sampleLength(options.outputTokens, random);
      const idleAfterSeconds = sessions.idleExponential
        ? exponentialSample(random, 1 / Math.max(sessions.idleSeconds, Number.MIN_VALUE))
        : sessions.idleSeconds;
      unit.turns.push({
        index,
        session,
        sessionId: `s${session}`,
        turn,
        inputTokens,
        outputTokens,
        idleAfterSeconds: sessions.idleSeconds === 0 ? 0 : idleAfterSeconds,
      });
      index += 1;
    }
    units.push(unit);
  }
  if (arrival.kind === "poisson") {
    // Open loop: units (requests, or sessions' first turns) start at Poisson times, the first at 0.
    let at = 0;
    for (const unit of units) {
      unit.startSeconds = at;
      at += exponentialSample(random, arrival.ratePerSecond);
    }
  }
  return units;
}

/** A session's last sent turn: its prompt, and its answer once it finished. */
interface SessionTurnState {
  segments: PromptSegment[];
  requestedOutputTokens: number;
  answer?: PromptSegment;
}

function planPrompt(
  options: ParsedOptions,
  item: PlannedRequest,
  previous: SessionTurnState | undefined,
): { segments: PromptSegment[]; sharedPrefixTokens?: number } {
  const arrival = options.arrival;
  if (item.hashIds !== undefined && arrival.kind === "trace") {
    return {
      segments: blockSegments(item.hashIds, item.inputTokens, arrival.blockTokens, options.promptSalt, item.index),
    };
  }
  if (item.session < 0) {
    return { segments: [userSegment(item.inputTokens, `${options.promptSalt}${item.index}`)] };
  }
  if (previous === undefined) {
    return { segments: [userSegment(item.inputTokens, `${options.promptSalt}s${item.session}`)] };
  }
  const answer =
    options.sessionAnswers === "response" && previous.answer !== undefined
      ? previous.answer
      : standInAnswer(previous.requestedOutputTokens);
  let context = [...previous.segments, answer];
  let newTokens = item.inputTokens;
  if (arrival.kind === "trace") {
    // A trace gives the whole prompt: the context fills it, at least one new token follows.
    newTokens = Math.max(1, item.inputTokens - segmentTokens(context));
    context = cutSegments(context, item.inputTokens - newTokens);
  }
  return { segments: [...context, userSegment(newTokens)], sharedPrefixTokens: segmentTokens(context) };
}

async function sendOne(
  options: ParsedOptions,
  index: number,
  payload: BuiltPrompt,
  maxTokens: number,
  testStart: number,
): Promise<{ record: RequestRecord; text: string }> {
  const record: RequestRecord = {
    index,
    ok: false,
    promptTokens: payload.tokens,
    requestedInputTokens: payload.tokens,
    requestedOutputTokens: maxTokens,
    outputTokens: 0,
    startMs: performance.now() - testStart,
    itlMs: [],
    meetsSlo: false,
  };
  let text = "";
  const url = `${options.baseUrl.replace(/\/$/, "")}/${options.api === "chat" ? "chat/completions" : "completions"}`;
  const body: Record<string, unknown> = {
    model: options.model,
    max_tokens: maxTokens,
    stream: true,
    stream_options: { include_usage: true },
    ...(options.ignoreEos ? { ignore_eos: true } : {}),
    ...(options.api === "chat" ? { messages: payload.messages } : { prompt: payload.prompt }),
  };
  const sent = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.requestTimeoutSeconds * 1000);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }),
      },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    if (!response.ok || response.body === null) {
      record.error = `HTTP ${response.status} ${(await response.text()).slice(0, 200)}`;
      return { record, text };
    }
    let last = sent;
    let chunks = 0;
    let usageTokens: number | undefined;
    let done = false;
    for await (const data of readSseData(response.body)) {
      if (data === "[DONE]") {
        done = true;
        break;
      }
      const now = performance.now();
      const chunk = JSON.parse(data) as { usage?: { completion_tokens?: unknown; prompt_tokens?: unknown } | null };
      if (chunk.usage?.completion_tokens !== undefined) {
        const reported = chunk.usage.completion_tokens;
        // A count the request cannot have produced is not trusted: it would make any throughput.
        if (typeof reported !== "number" || !Number.isInteger(reported) || reported < 1 || reported > maxTokens) {
          record.error = `implausible usage.completion_tokens ${String(reported)} for max_tokens ${maxTokens}`;
          controller.abort();
          return { record, text };
        }
        usageTokens = reported;
      }
      if (typeof chunk.usage?.prompt_tokens === "number" && Number.isInteger(chunk.usage.prompt_tokens)) {
        if (chunk.usage.prompt_tokens >= 0) record.promptTokens = chunk.usage.prompt_tokens;
      }
      const piece = textOf(chunk, options.api);
      if (piece === "") continue;
      text += piece;
      if (chunks === 0) record.ttftMs = now - sent;
      else record.itlMs.push(now - last);
      last = now;
      chunks += 1;
      if (chunks > maxTokens + 16) {
        // The server ignores max_tokens: stop reading (memory stays bounded) and fail the request.
        record.error = `the server streamed more than max_tokens (${maxTokens}) chunks`;
        controller.abort();
        return { record, text };
      }
    }
    if (!done) {
      record.error = "stream ended without [DONE]";
      return { record, text };
    }
    if (chunks === 0) {
      record.error = "no tokens were streamed";
      return { record, text };
    }
    record.e2eMs = last - sent;
    record.outputTokens = usageTokens ?? chunks;
    if (record.outputTokens > 1 && record.ttftMs !== undefined) {
      record.tpotMs = (record.e2eMs - record.ttftMs) / (record.outputTokens - 1);
    }
    record.ok = true;
    const slo = options.slo;
    record.meetsSlo =
      (slo.ttftMs === undefined || (record.ttftMs ?? Number.POSITIVE_INFINITY) <= slo.ttftMs) &&
      (slo.tpotMs === undefined || (record.tpotMs ?? 0) <= slo.tpotMs) &&
      (slo.e2eMs === undefined || record.e2eMs <= slo.e2eMs);
    return { record, text };
  } catch (error) {
    record.error = controller.signal.aborted
      ? `timed out after ${options.requestTimeoutSeconds} s`
      : error instanceof Error
        ? error.message
        : String(error);
    return { record, text };
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function runSetup(options: ParsedOptions, requests: number, startedAt: Date): ServingRunSetup {
  const arrival = options.arrival;
  return {
    baseUrl: options.baseUrl,
    model: options.model,
    api: options.api,
    arrival:
      arrival.kind === "trace"
        ? { kind: "trace", timeScale: arrival.timeScale, blockTokens: arrival.blockTokens, recordCount: requests }
        : arrival,
    ...(options.sessions === undefined ? {} : { sessions: options.sessions }),
    slo: options.slo,
    seed: options.seed,
    startedAt: startedAt.toISOString(),
  };
}

/**
 * Runs a serving load test against any OpenAI-compatible endpoint (vLLM, SGLang, TGI, TensorRT-LLM serve):
 * streaming completions, Poisson arrivals, fixed concurrency or a replayed request trace; synthetic, dataset or
 * multi-turn session prompts (consecutive turns share real prefixes, so a prefix cache can hit). Measures TTFT,
 * inter-token latency, TPOT, end-to-end latency, throughput and goodput under an SLO, following vLLM's
 * `benchmark_serving` definitions (TPOT excludes the first token; ITL is the gap between streamed chunks).
 * Failed requests are counted and listed, never averaged into latencies.
 *
 * @param input - options (validated with {@link servingLoadOptionsSchema})
 * @param onProgress - called after each finished request with (finished, total, details including the achieved
 *   rate so far)
 * @returns the report
 * @throws InvalidInputError for invalid options (naming the field); AifError `EXTERNAL_TOOL_FAILURE` when the
 *   warm-up request fails
 * @example
 * ```ts
 * import { runServingLoad, startBatchingTestServer } from "@aifactory/bench";
 * // against vLLM: baseUrl "http://127.0.0.1:8000/v1", model "meta-llama/Llama-3.1-8B-Instruct"; here the test server
 * const server = await startBatchingTestServer();
 * const report = await runServingLoad({
 *   baseUrl: server.baseUrl, model: "m", requests: 4,
 *   arrival: { kind: "poisson", ratePerSecond: 20 }, inputTokens: { kind: "fixed", tokens: 64 },
 *   outputTokens: { kind: "fixed", tokens: 4 }, slo: { ttftMs: 500, tpotMs: 50 },
 *   sessions: { turns: { kind: "fixed", tokens: 2 }, newInputTokens: { kind: "fixed", tokens: 16 }, idleSeconds: 0.01 },
 * });
 * report.succeeded; // 4
 * await server.close();
 * ```
 * @since 0.1.0
 * @category Serving
 */
export async function runServingLoad(
  input: ServingLoadOptions,
  onProgress?: (finished: number, total: number, progress: ServingProgress) => void,
): Promise<ServingReport> {
  const options = parseInput(servingLoadOptionsSchema, input, "serving load options");
  const random = createRandom(options.seed);
  const units = planUnits(options, random);
  const total = units.reduce((sum, unit) => sum + unit.turns.length, 0);
  const first = units[0]?.turns[0];
  for (let w = 0; w < options.warmupRequests && first !== undefined; w += 1) {
    // The warm-up prompt shares no prefix with the measured ones (the dataset's first prompt for dataset runs).
    const prompt = first.datasetPrompt ?? syntheticPrompt(first.inputTokens, `${options.promptSalt}warmup${w}`);
    const payload = buildPrompt([{ role: "user", text: prompt, tokens: first.inputTokens, synthetic: true }]);
    const warm = await sendOne(options, -1, payload, Math.min(first.outputTokens, 4), performance.now());
    if (!warm.record.ok) {
      throw new AifError(
        "EXTERNAL_TOOL_FAILURE",
        `the warm-up request to ${options.baseUrl} failed: ${warm.record.error}`,
        { hint: "check --url (include /v1 where the server needs it), --model and that the server is up" },
      );
    }
  }
  const startedAt = new Date();
  const testStart = performance.now();
  const records: RequestRecord[] = [];
  const sessions = new Map<number, SessionTurnState>();
  let sent = 0;
  let failed = 0;
  const finish = (record: RequestRecord) => {
    records.push(record);
    if (!record.ok) failed += 1;
    const elapsedSeconds = (performance.now() - testStart) / 1000;
    onProgress?.(records.length, total, {
      finished: records.length,
      total,
      sent,
      failed,
      elapsedSeconds,
      requestsPerSecond: elapsedSeconds > 0 ? records.length / elapsedSeconds : 0,
    });
  };
  const runTurn = async (item: PlannedRequest): Promise<void> => {
    const previous = item.session < 0 ? undefined : sessions.get(item.session);
    const planned = planPrompt(options, item, previous);
    const payload =
      item.datasetPrompt === undefined
        ? buildPrompt(planned.segments)
        : buildPrompt([{ role: "user", text: item.datasetPrompt, tokens: item.inputTokens, synthetic: false }]);
    const state: SessionTurnState = { segments: planned.segments, requestedOutputTokens: item.outputTokens };
    if (item.session >= 0) sessions.set(item.session, state);
    sent += 1;
    const { record, text } = await sendOne(options, item.index, payload, item.outputTokens, testStart);
    if (item.sessionId !== undefined) {
      record.sessionId = item.sessionId;
      record.turn = item.turn;
    }
    if (planned.sharedPrefixTokens !== undefined) record.sharedPrefixTokens = planned.sharedPrefixTokens;
    // The answer joins the session's context only while this is still its last sent turn.
    if (record.ok && text !== "" && sessions.get(item.session) === state) {
      state.answer = answerSegment(text, record.outputTokens);
    }
    finish(record);
  };
  const runUnit = async (unit: PlannedUnit): Promise<void> => {
    for (const [position, item] of unit.turns.entries()) {
      await runTurn(item);
      if (position + 1 < unit.turns.length) await sleep(item.idleAfterSeconds * 1000);
    }
  };
  if (options.arrival.kind === "concurrency") {
    let next = 0;
    const worker = async () => {
      while (next < units.length) {
        const unit = units[next] as PlannedUnit;
        next += 1;
        await runUnit(unit);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.arrival.concurrency, units.length) }, worker));
  } else {
    const pending: Promise<void>[] = [];
    for (const unit of units) {
      await sleep((unit.startSeconds ?? 0) * 1000 - (performance.now() - testStart));
      pending.push(runUnit(unit));
    }
    await Promise.all(pending);
  }
  const durationSeconds = (performance.now() - testStart) / 1000;
  records.sort((a, b) => a.index - b.index);
  const ok = records.filter((r) => r.ok);
  const good = ok.filter((r) => r.meetsSlo).length;
  const outputTokens = ok.reduce((sum, r) => sum + r.outputTokens, 0);
  const inputTokens = ok.reduce((sum, r) => sum + r.promptTokens, 0);
  return {
    setup: runSetup(options, total, startedAt),
    requests: records.length,
    succeeded: ok.length,
    failed: records.length - ok.length,
    durationSeconds,
    ttftMs: percentiles(ok.flatMap((r) => (r.ttftMs === undefined ? [] : [r.ttftMs]))),
    tpotMs: percentiles(ok.flatMap((r) => (r.tpotMs === undefined ? [] : [r.tpotMs]))),
    itlMs: percentiles(ok.flatMap((r) => r.itlMs)),
    e2eMs: percentiles(ok.flatMap((r) => (r.e2eMs === undefined ? [] : [r.e2eMs]))),
    outputTokensPerSecond: outputTokens / durationSeconds,
    inputTokensPerSecond: inputTokens / durationSeconds,
    requestsPerSecond: ok.length / durationSeconds,
    goodputRatio: records.length === 0 ? 0 : good / records.length,
    goodputRequestsPerSecond: good / durationSeconds,
    errors: [...new Set(records.flatMap((r) => (r.error === undefined ? [] : [r.error])))],
    records,
  };
}
