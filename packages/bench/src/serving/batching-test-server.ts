import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseInput } from "@aifactory/core";
import { z } from "zod";

/**
 * Options of {@link startBatchingTestServer}: the iteration-time model, the batch limits, and an optional prefix
 * cache. Every iteration takes `iterationBaseSeconds + decodeSecondsPerSequence x decodeSequences +
 * prefillSecondsPerToken x prefillTokens` (see {@link batchingIterationSeconds}).
 *
 * @example
 * ```ts
 * import { batchingTestServerOptionsSchema } from "@aifactory/bench";
 * batchingTestServerOptionsSchema.parse({}).maxBatchSize; // 8
 * ```
 * @since 0.6.0
 * @category Serving
 */
export const batchingTestServerOptionsSchema = z.object({
  /** Fixed time of every iteration (scheduling, launch overheads), seconds; default 0.01. */
  iterationBaseSeconds: z.number().nonnegative().default(0.01),
  /** Added per sequence that decodes a token in the iteration, seconds; default 0.001. */
  decodeSecondsPerSequence: z.number().nonnegative().default(0.001),
  /** Added per prompt token prefilled in the iteration, seconds; default 0.00005. */
  prefillSecondsPerToken: z.number().nonnegative().default(0.00005),
  /** Most sequences in the running batch (prefilling or decoding); default 8. */
  maxBatchSize: z.number().int().positive().default(8),
  /** Chunked prefill: most prompt tokens prefilled per iteration, across sequences; default 512. */
  prefillBudgetTokens: z.number().int().positive().default(512),
  /**
   * Keep the words of finished requests (prompt and output) and skip prefilling the longest cached prefix of a new
   * prompt, in whole blocks of `prefixBlockTokens` words (vLLM's automatic prefix caching, without eviction);
   * default false.
   */
  prefixCaching: z.boolean().default(false),
  /** Prefix-cache block size, tokens (words); default 16. */
  prefixBlockTokens: z.number().int().positive().default(16),
  /** The model name to accept (any when absent; another name is answered 404). */
  model: z.string().optional(),
  /** Host to listen on; default 127.0.0.1. */
  host: z.string().default("127.0.0.1"),
  /** TCP port; default 0 (any free port). */
  portNumber: z.number().int().nonnegative().max(65535).default(0),
});

/**
 * Batching test server options as accepted (all optional). See {@link batchingTestServerOptionsSchema}.
 *
 * @example
 * ```ts
 * import type { BatchingTestServerOptions } from "@aifactory/bench";
 * const options: BatchingTestServerOptions = { iterationBaseSeconds: 0.02, maxBatchSize: 4 };
 * ```
 * @since 0.6.0
 * @category Serving
 */
export type BatchingTestServerOptions = z.input<typeof batchingTestServerOptionsSchema>;

/**
 * What the batching test server saw of one request, in arrival order. Times are ms since the server started.
 *
 * @example
 * ```ts
 * import type { BatchingTestServerRequest } from "@aifactory/bench";
 * const waitedMs = (r: BatchingTestServerRequest) => (r.firstTokenAtMs ?? Number.NaN) - r.receivedAtMs;
 * ```
 * @since 0.6.0
 * @category Serving
 */
export interface BatchingTestServerRequest {
  /** Arrival order, from 0. */
  index: number;
  /** `/v1/completions` or `/v1/chat/completions`. */
  path: string;
  /** The completion prompt, or the chat messages' contents joined with a space. */
  prompt: string;
  /** The chat messages (chat requests). */
  messages?: Array<{ role: string; content: string }>;
  /** Prompt tokens (whitespace-separated words). */
  promptTokens: number;
  /** Leading prompt tokens served from the prefix cache (not prefilled). */
  cachedTokens: number;
  /** `max_tokens` (default 16): the server always generates exactly this many tokens. */
  maxTokens: number;
  /** When the request arrived. */
  receivedAtMs: number;
  /** When its first token was sent. */
  firstTokenAtMs?: number;
  /** When its last token was sent. */
  finishedAtMs?: number;
  /** The generated text: ` w0 w1 ...`, one word per token. */
  outputText: string;
  /** Whether the client went away before the end. */
  aborted: boolean;
}

/**
 * Counters of a batching test server.
 *
 * @example
 * ```ts
 * import type { BatchingTestServerStats } from "@aifactory/bench";
 * const batched = (s: BatchingTestServerStats) => s.maxDecodeSequences > 1;
 * ```
 * @since 0.6.0
 * @category Serving
 */
export interface BatchingTestServerStats {
  /** Iterations run. */
  iterations: number;
  /** Modelled busy time (sum of iteration times), seconds. */
  busySeconds: number;
  /** Most sequences that decoded in one iteration. */
  maxDecodeSequences: number;
  /** Most sequences running at once. */
  maxRunning: number;
  /** Requests finished. */
  completed: number;
  /** Prompt tokens prefilled. */
  prefilledTokens: number;
  /** Prompt tokens served from the prefix cache. */
  cachedTokens: number;
  /**
   * Most milliseconds an iteration's end fired after its modelled time (timer lateness: a loaded machine's event
   * loop). Iterations keep their modelled schedule, but tokens are stamped when they are sent, so lateness lengthens
   * measured latencies; a test that compares them with a model can report it.
   */
  maxTimerLatenessMs: number;
  /** Sum over iterations of that lateness, milliseconds (divide by `iterations` for the mean). */
  totalTimerLatenessMs: number;
}

/**
 * A running batching test server.
 *
 * @example
 * ```ts
 * import type { BatchingTestServer } from "@aifactory/bench";
 * const prompts = (server: BatchingTestServer) => server.requests.map((r) => r.prompt);
 * ```
 * @since 0.6.0
 * @category Serving
 */
export interface BatchingTestServer {
  /** `http://host:port/v1`, what a load test's `baseUrl` takes. */
  baseUrl: string;
  /** The parsed options (the iteration-time model). */
  options: z.infer<typeof batchingTestServerOptionsSchema>;
  /** Every request seen, in arrival order (the warm-up included). */
  requests: BatchingTestServerRequest[];
  /** Counters so far. */
  stats(): BatchingTestServerStats;
  /** Stops listening and ends open streams. */
  close(): Promise<void>;
}

/**
 * The batching test server's iteration time: `iterationBaseSeconds + decodeSecondsPerSequence x decodeSequences
 * + prefillSecondsPerToken x prefillTokens`, seconds (a linear step-time model, the shape of the ones fitted to
 * vLLM and SGLang iterations).
 *
 * @param options - the server's parsed options
 * @param decodeSequences - sequences that decode one token in the iteration
 * @param prefillTokens - prompt tokens prefilled in the iteration
 * @returns seconds
 * @example
 * ```ts
 * import { batchingIterationSeconds, batchingTestServerOptionsSchema } from "@aifactory/bench";
 * batchingIterationSeconds(batchingTestServerOptionsSchema.parse({}), 4, 0); // 0.014
 * ```
 * @since 0.6.0
 * @category Serving
 */
export function batchingIterationSeconds(
  options: Pick<
    z.infer<typeof batchingTestServerOptionsSchema>,
    "iterationBaseSeconds" | "decodeSecondsPerSequence" | "prefillSecondsPerToken"
  >,
  decodeSequences: number,
  prefillTokens: number,
): number {
  return (
    options.iterationBaseSeconds +
    options.decodeSecondsPerSequence * decodeSequences +
    options.prefillSecondsPerToken * prefillTokens
  );
}

interface Sequence {
  log: BatchingTestServerRequest;
  words: string[];
  response: ServerResponse;
  chat: boolean;
  stream: boolean;
  model: string;
  /** Prompt tokens still to prefill. */
  prefillLeft: number;
  generated: number;
  done: boolean;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) {
    text += chunk;
    if (text.length > 64 * 1024 * 1024) throw new Error("request body over 64 MiB");
  }
  return text;
}

/** FNV-1a over a word, mixed into a running prefix hash. */
function extendHash(hash: number, word: string): number {
  let h = hash ^ 0x20;
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Starts a small OpenAI-compatible server (`POST /v1/completions` and `/v1/chat/completions`, streaming or not)
 * that serves requests with a continuous-batching loop whose iteration times follow a known model, for testing
 * load generators and comparing measurements with a simulator. It is real: node:http, real timers, SSE.
 *
 * The loop, one iteration at a time while work is waiting:
 * 1. admit waiting requests (first come, first served) while fewer than `maxBatchSize` run;
 * 2. every running sequence past its prefill decodes one token; prefilling sequences share
 *    `prefillBudgetTokens` prompt tokens in admission order (chunked prefill), minus a cached prefix;
 * 3. the iteration lasts {@link batchingIterationSeconds}; at its end every decoding sequence streams one token,
 *    and a sequence whose prefill finished streams its first one;
 * 4. a sequence ends after `max_tokens` tokens (EOS is never sampled) with a usage chunk (`prompt_tokens`,
 *    `completion_tokens`, `prompt_tokens_details.cached_tokens`) and `[DONE]`.
 *
 * A token is a whitespace-separated word: prompts are counted in words and the output is ` w0 w1 ...`.
 * Iterations follow a virtual clock (each starts when the previous one ends, or when work arrives at an idle
 * server), so timer lateness does not add up. Keep iteration times in the tens of milliseconds for tests.
 *
 * @param input - options (validated with {@link batchingTestServerOptionsSchema})
 * @returns the running server
 * @throws InvalidInputError naming the field for invalid options
 * @example
 * ```ts
 * import { runServingLoad, startBatchingTestServer } from "@aifactory/bench";
 * const server = await startBatchingTestServer({ iterationBaseSeconds: 0.01, decodeSecondsPerSequence: 0.002,
 *   prefillSecondsPerToken: 0.0001, maxBatchSize: 4 });
 * const report = await runServingLoad({ baseUrl: server.baseUrl, model: "test", requests: 8,
 *   arrival: { kind: "concurrency", concurrency: 4 }, inputTokens: { kind: "fixed", tokens: 32 },
 *   outputTokens: { kind: "fixed", tokens: 8 } });
 * report.tpotMs.p50; // about 10 + 2 x 4 = 18 ms
 * server.stats().maxDecodeSequences; // 4
 * await server.close();
 * ```
 * @since 0.6.0
 * @category Serving
 */
export async function startBatchingTestServer(input: BatchingTestServerOptions = {}): Promise<BatchingTestServer> {
  const options = parseInput(batchingTestServerOptionsSchema, input, "batching test server options");
  const origin = performance.now();
  const log: BatchingTestServerRequest[] = [];
  const waiting: Sequence[] = [];
  const running: Sequence[] = [];
  const cachedPrefixes = new Set<number>();
  const stats: BatchingTestServerStats = {
    iterations: 0,
    busySeconds: 0,
    maxDecodeSequences: 0,
    maxRunning: 0,
    completed: 0,
    prefilledTokens: 0,
    cachedTokens: 0,
    maxTimerLatenessMs: 0,
    totalTimerLatenessMs: 0,
  };
  let busy = false;
  let clock = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const now = () => performance.now() - origin;

  const cachedPrefixTokens = (words: readonly string[]): number => {
    if (!options.prefixCaching) return 0;
    const block = options.prefixBlockTokens;
    let hash = 0x811c9dc5;
    let cached = 0;
    for (let i = 0; i < words.length; i++) {
      hash = extendHash(hash, words[i] as string);
      if ((i + 1) % block === 0) {
        if (!cachedPrefixes.has(hash)) break;
        cached = i + 1;
      }
    }
    return cached;
  };

  const remember = (words: readonly string[]) => {
    if (!options.prefixCaching) return;
    let hash = 0x811c9dc5;
    for (let i = 0; i < words.length; i++) {
      hash = extendHash(hash, words[i] as string);
      if ((i + 1) % options.prefixBlockTokens === 0) cachedPrefixes.add(hash);
    }
  };

  const chunk = (sequence: Sequence, text: string, finish: string | null) => {
    const choice = sequence.chat
      ? { index: 0, delta: text === "" ? {} : { content: text }, finish_reason: finish }
      : { index: 0, text, finish_reason: finish };
    return {
      id: `cmpl-${sequence.log.index}`,
      object: sequence.chat ? "chat.completion.chunk" : "text_completion",
      created: 0,
      model: sequence.model,
      choices: [choice],
    };
  };

  const usage = (sequence: Sequence) => ({
    prompt_tokens: sequence.log.promptTokens,
    completion_tokens: sequence.generated,
    total_tokens: sequence.log.promptTokens + sequence.generated,
    prompt_tokens_details: { cached_tokens: sequence.log.cachedTokens },
  });

  const emitToken = (sequence: Sequence) => {
    const text = ` w${sequence.generated}`;
    sequence.generated += 1;
    sequence.log.outputText += text;
    const at = now();
    if (sequence.generated === 1) sequence.log.firstTokenAtMs = at;
    const last = sequence.generated >= sequence.log.maxTokens;
    if (sequence.stream && !sequence.response.destroyed) {
      sequence.response.write(`data: ${JSON.stringify(chunk(sequence, text, last ? "length" : null))}\n\n`);
    }
    if (!last) return;
    sequence.done = true;
    sequence.log.finishedAtMs = at;
    stats.completed += 1;
    remember([...sequence.words, ...sequence.log.outputText.trim().split(" ")]);
    if (sequence.response.destroyed) return;
    if (sequence.stream) {
      sequence.response.write(
        `data: ${JSON.stringify({ id: `cmpl-${sequence.log.index}`, model: sequence.model, choices: [], usage: usage(sequence) })}\n\n`,
      );
      sequence.response.end("data: [DONE]\n\n");
    } else {
      const message = sequence.chat
        ? { index: 0, message: { role: "assistant", content: sequence.log.outputText }, finish_reason: "length" }
        : { index: 0, text: sequence.log.outputText, finish_reason: "length" };
      sequence.response.end(
        JSON.stringify({
          id: `cmpl-${sequence.log.index}`,
          model: sequence.model,
          choices: [message],
          usage: usage(sequence),
        }),
      );
    }
  };

  const iterate = () => {
    if (closed) return;
    for (let i = running.length - 1; i >= 0; i--) {
      const sequence = running[i] as Sequence;
      if (sequence.done || sequence.log.aborted) running.splice(i, 1);
    }
    while (running.length < options.maxBatchSize && waiting.length > 0) {
      const sequence = waiting.shift() as Sequence;
      if (sequence.log.aborted) continue;
      const cached = Math.min(cachedPrefixTokens(sequence.words), sequence.log.promptTokens);
      sequence.log.cachedTokens = cached;
      stats.cachedTokens += cached;
      // A fully cached prompt still computes its last token (vLLM recomputes it to get the first logits).
      sequence.prefillLeft = Math.max(1, sequence.log.promptTokens - cached);
      running.push(sequence);
    }
    if (running.length === 0) {
      busy = false;
      return;
    }
    stats.maxRunning = Math.max(stats.maxRunning, running.length);
    const decoding = running.filter((s) => s.prefillLeft === 0);
    let budget = options.prefillBudgetTokens;
    const prefilling: Array<{ sequence: Sequence; tokens: number }> = [];
    for (const sequence of running) {
      if (sequence.prefillLeft === 0 || budget === 0) continue;
      const tokens = Math.min(sequence.prefillLeft, budget);
      budget -= tokens;
      prefilling.push({ sequence, tokens });
    }
    const prefillTokens = prefilling.reduce((sum, p) => sum + p.tokens, 0);
    const seconds = batchingIterationSeconds(options, decoding.length, prefillTokens);
    stats.iterations += 1;
    stats.busySeconds += seconds;
    stats.prefilledTokens += prefillTokens;
    stats.maxDecodeSequences = Math.max(stats.maxDecodeSequences, decoding.length);
    clock += seconds * 1000;
    const due = clock;
    timer = setTimeout(
      () => {
        const lateness = Math.max(0, now() - due);
        stats.maxTimerLatenessMs = Math.max(stats.maxTimerLatenessMs, lateness);
        stats.totalTimerLatenessMs += lateness;
        for (const sequence of decoding) if (!sequence.log.aborted) emitToken(sequence);
        for (const { sequence, tokens } of prefilling) {
          sequence.prefillLeft -= tokens;
          if (sequence.prefillLeft === 0 && !sequence.log.aborted) emitToken(sequence);
        }
        iterate();
      },
      Math.max(0, clock - now()),
    );
  };

  const enqueue = (sequence: Sequence) => {
    waiting.push(sequence);
    if (busy) return;
    busy = true;
    clock = now();
    iterate();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "").split("?")[0] ?? "";
    const chat = path === "/v1/chat/completions";
    if (request.method !== "POST" || (!chat && path !== "/v1/completions")) {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `no route ${request.method} ${path}` } }));
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    } catch (error) {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `invalid JSON body: ${String(error)}` } }));
      return;
    }
    const model = String(body.model ?? "");
    if (options.model !== undefined && model !== options.model) {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `the model ${model} does not exist` } }));
      return;
    }
    const messages = Array.isArray(body.messages)
      ? (body.messages as Array<{ role?: unknown; content?: unknown }>).map((m) => ({
          role: String(m.role ?? "user"),
          content: String(m.content ?? ""),
        }))
      : undefined;
    const prompt = chat ? (messages ?? []).map((m) => m.content).join(" ") : String(body.prompt ?? "");
    const words = prompt.split(/\s+/).filter((w) => w !== "");
    const maxTokens = Number(body.max_tokens ?? 16);
    if (!Number.isInteger(maxTokens) || maxTokens < 1 || words.length === 0) {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: "need a non-empty prompt and an integer max_tokens >= 1" } }));
      return;
    }
    const entry: BatchingTestServerRequest = {
      index: log.length,
      path,
      prompt,
      ...(messages === undefined ? {} : { messages }),
      promptTokens: words.length,
      cachedTokens: 0,
      maxTokens,
      receivedAtMs: now(),
      outputText: "",
      aborted: false,
    };
    log.push(entry);
    const stream = body.stream === true;
    response.socket?.setNoDelay(true);
    if (stream) {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      response.flushHeaders();
    } else {
      response.writeHead(200, { "content-type": "application/json" });
    }
    const sequence: Sequence = {
      log: entry,
      words,
      response,
      chat,
      stream,
      model,
      prefillLeft: words.length,
      generated: 0,
      done: false,
    };
    response.on("close", () => {
      if (!sequence.done) entry.aborted = true;
    });
    enqueue(sequence);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.portNumber, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    baseUrl: `http://${host}:${address.port}/v1`,
    options,
    requests: log,
    stats: () => ({ ...stats }),
    close: async () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
