import { AifError, parseInput } from "@aifactory/core";
import { z } from "zod";
import { createRandom, exponentialSample } from "../harness/prng";
import { mean, percentile } from "../harness/statistics";
import { lengthDistributionSchema, sampleLength } from "./length-distribution";
import { readSseData } from "./sse";

/**
 * Options of a serving load test against an OpenAI-compatible endpoint.
 *
 * @example
 * ```ts
 * import { servingLoadOptionsSchema } from "@aifactory/bench";
 * servingLoadOptionsSchema.parse({ baseUrl: "http://127.0.0.1:8000/v1", model: "m", requests: 10, arrival: { kind: "concurrency", concurrency: 2 } });
 * ```
 * @since 0.1.0
 * @category Serving
 */
export const servingLoadOptionsSchema = z.object({
  /** Base URL including `/v1` where the server needs it, e.g. `http://127.0.0.1:8000/v1`. */
  baseUrl: z.string().url(),
  model: z.string().min(1),
  /** `completions` (`POST /completions` with `prompt`) or `chat` (`POST /chat/completions` with `messages`). */
  api: z.enum(["completions", "chat"]).default("completions"),
  requests: z.number().int().positive(),
  /** Poisson arrivals at a rate, or a fixed number of requests in flight. */
  arrival: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("poisson"), ratePerSecond: z.number().positive() }),
    z.object({ kind: z.literal("concurrency"), concurrency: z.number().int().positive() }),
  ]),
  inputTokens: lengthDistributionSchema.default({ kind: "fixed", tokens: 128 }),
  outputTokens: lengthDistributionSchema.default({ kind: "fixed", tokens: 128 }),
  /** Prompts (and optional output lengths) from a dataset, used round-robin instead of synthetic prompts. */
  dataset: z.array(z.object({ prompt: z.string(), outputTokens: z.number().int().positive().optional() })).optional(),
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
});

/**
 * Serving load options as accepted (defaults optional); see {@link servingLoadOptionsSchema}.
 *
 * @example
 * ```ts
 * import type { ServingLoadOptions } from "@aifactory/bench";
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
 * ```
 * @since 0.1.0
 * @category Serving
 */
export interface RequestRecord {
  index: number;
  ok: boolean;
  error?: string;
  promptTokens: number;
  requestedOutputTokens: number;
  outputTokens: number;
  /** Send time relative to the test start. */
  startMs: number;
  ttftMs?: number;
  e2eMs?: number;
  /** (e2e - ttft) / (outputTokens - 1). */
  tpotMs?: number;
  /** Gaps between successive streamed chunks that carried text. */
  itlMs: number[];
  meetsSlo: boolean;
}

/**
 * p50/p90/p99 and mean of a latency, in ms.
 *
 * @example
 * ```ts
 * import type { LatencyPercentiles } from "@aifactory/bench";
 * ```
 * @since 0.1.0
 * @category Serving
 */
export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

/**
 * The outcome of a serving load test.
 *
 * @example
 * ```ts
 * import type { ServingReport } from "@aifactory/bench";
 * ```
 * @since 0.1.0
 * @category Serving
 */
export interface ServingReport {
  requests: number;
  succeeded: number;
  failed: number;
  durationSeconds: number;
  ttftMs: LatencyPercentiles;
  tpotMs: LatencyPercentiles;
  itlMs: LatencyPercentiles;
  e2eMs: LatencyPercentiles;
  outputTokensPerSecond: number;
  inputTokensPerSecond: number;
  requestsPerSecond: number;
  /** Share of all requests that succeeded and met every SLO bound (1 when no SLO is given and all succeeded). */
  goodputRatio: number;
  /** Requests per second that met the SLO. */
  goodputRequestsPerSecond: number;
  errors: string[];
  records: RequestRecord[];
}

function percentiles(values: readonly number[]): LatencyPercentiles {
  if (values.length === 0) return { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, mean: Number.NaN };
  return {
    p50: percentile(values, 0.5),
    p90: percentile(values, 0.9),
    p99: percentile(values, 0.99),
    mean: mean(values),
  };
}

function syntheticPrompt(tokens: number, index: number): string {
  // One short common word is about one token for BPE tokenizers; a per-request prefix defeats prefix caching.
  return `${index} ${"hello ".repeat(Math.max(0, tokens - 1))}`.trim();
}

function textOf(chunk: unknown, api: "completions" | "chat"): string {
  const choice = (chunk as { choices?: Array<{ text?: string; delta?: { content?: string } }> }).choices?.[0];
  if (choice === undefined) return "";
  return (api === "chat" ? choice.delta?.content : choice.text) ?? "";
}

async function sendOne(
  options: z.infer<typeof servingLoadOptionsSchema>,
  index: number,
  prompt: string,
  promptTokens: number,
  maxTokens: number,
  testStart: number,
): Promise<RequestRecord> {
  const record: RequestRecord = {
    index,
    ok: false,
    promptTokens,
    requestedOutputTokens: maxTokens,
    outputTokens: 0,
    startMs: performance.now() - testStart,
    itlMs: [],
    meetsSlo: false,
  };
  const url = `${options.baseUrl.replace(/\/$/, "")}/${options.api === "chat" ? "chat/completions" : "completions"}`;
  const body: Record<string, unknown> = {
    model: options.model,
    max_tokens: maxTokens,
    stream: true,
    stream_options: { include_usage: true },
    ...(options.ignoreEos ? { ignore_eos: true } : {}),
    ...(options.api === "chat" ? { messages: [{ role: "user", content: prompt }] } : { prompt }),
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
      return record;
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
          return record;
        }
        usageTokens = reported;
      }
      if (typeof chunk.usage?.prompt_tokens === "number" && Number.isInteger(chunk.usage.prompt_tokens)) {
        if (chunk.usage.prompt_tokens >= 0) record.promptTokens = chunk.usage.prompt_tokens;
      }
      if (textOf(chunk, options.api) === "") continue;
      if (chunks === 0) record.ttftMs = now - sent;
      else record.itlMs.push(now - last);
      last = now;
      chunks += 1;
      if (chunks > maxTokens + 16) {
        // The server ignores max_tokens: stop reading (memory stays bounded) and fail the request.
        record.error = `the server streamed more than max_tokens (${maxTokens}) chunks`;
        controller.abort();
        return record;
      }
    }
    if (!done) {
      record.error = "stream ended without [DONE]";
      return record;
    }
    if (chunks === 0) {
      record.error = "no tokens were streamed";
      return record;
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
    return record;
  } catch (error) {
    record.error = controller.signal.aborted
      ? `timed out after ${options.requestTimeoutSeconds} s`
      : error instanceof Error
        ? error.message
        : String(error);
    return record;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a serving load test against any OpenAI-compatible endpoint (vLLM, SGLang, TGI, TensorRT-LLM serve):
 * streaming completions, Poisson arrivals or fixed concurrency, synthetic or dataset prompts. Measures TTFT,
 * inter-token latency, TPOT, end-to-end latency, throughput and goodput under an SLO, following vLLM's
 * `benchmark_serving` definitions (TPOT excludes the first token; ITL is the gap between streamed chunks).
 * Failed requests are counted and listed, never averaged into latencies.
 *
 * @param input - options (validated with {@link servingLoadOptionsSchema})
 * @param onProgress - called after each finished request with (finished, total)
 * @returns the report
 * @throws InvalidInputError for invalid options; AifError `EXTERNAL_TOOL_FAILURE` when the warm-up request fails
 * @example
 * ```ts
 * import { runServingLoad } from "@aifactory/bench";
 * const report = await runServingLoad({
 *   baseUrl: "http://127.0.0.1:8000/v1", model: "meta-llama/Llama-3.1-8B-Instruct", requests: 200,
 *   arrival: { kind: "poisson", ratePerSecond: 4 }, inputTokens: { kind: "fixed", tokens: 1024 },
 *   outputTokens: { kind: "fixed", tokens: 256 }, slo: { ttftMs: 500, tpotMs: 50 },
 * });
 * report.ttftMs.p99;
 * ```
 * @since 0.1.0
 * @category Serving
 */
export async function runServingLoad(
  input: ServingLoadOptions,
  onProgress?: (finished: number, total: number) => void,
): Promise<ServingReport> {
  const options = parseInput(servingLoadOptionsSchema, input, "serving load options");
  const random = createRandom(options.seed);
  const plan = Array.from({ length: options.requests }, (_, index) => {
    const entry = options.dataset?.[index % options.dataset.length];
    const promptTokens = entry === undefined ? sampleLength(options.inputTokens, random) : 0;
    const outputTokens = entry?.outputTokens ?? sampleLength(options.outputTokens, random);
    const prompt = entry?.prompt ?? syntheticPrompt(promptTokens, index);
    return {
      index,
      prompt,
      promptTokens: entry === undefined ? promptTokens : Math.ceil(prompt.split(/\s+/).length),
      outputTokens,
    };
  });
  for (let w = 0; w < options.warmupRequests; w += 1) {
    const first = plan[0];
    if (first === undefined) break;
    const warm = await sendOne(
      options,
      -1,
      first.prompt,
      first.promptTokens,
      Math.min(first.outputTokens, 4),
      performance.now(),
    );
    if (!warm.ok) {
      throw new AifError("EXTERNAL_TOOL_FAILURE", `the warm-up request to ${options.baseUrl} failed: ${warm.error}`, {
        hint: "check --url (include /v1 where the server needs it), --model and that the server is up",
      });
    }
  }
  const testStart = performance.now();
  const records: RequestRecord[] = [];
  let finished = 0;
  const finish = (record: RequestRecord) => {
    records.push(record);
    finished += 1;
    onProgress?.(finished, options.requests);
  };
  if (options.arrival.kind === "poisson") {
    const rate = options.arrival.ratePerSecond;
    let at = 0;
    const pending: Promise<void>[] = [];
    for (const item of plan) {
      const delayMs = at * 1000 - (performance.now() - testStart);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      pending.push(
        sendOne(options, item.index, item.prompt, item.promptTokens, item.outputTokens, testStart).then(finish),
      );
      at += exponentialSample(random, rate);
    }
    await Promise.all(pending);
  } else {
    let next = 0;
    const worker = async () => {
      while (next < plan.length) {
        const item = plan[next] as (typeof plan)[number];
        next += 1;
        finish(await sendOne(options, item.index, item.prompt, item.promptTokens, item.outputTokens, testStart));
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.arrival.concurrency, plan.length) }, worker));
  }
  const durationSeconds = (performance.now() - testStart) / 1000;
  records.sort((a, b) => a.index - b.index);
  const ok = records.filter((r) => r.ok);
  const good = ok.filter((r) => r.meetsSlo).length;
  const outputTokens = ok.reduce((sum, r) => sum + r.outputTokens, 0);
  const inputTokens = ok.reduce((sum, r) => sum + r.promptTokens, 0);
  return {
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
