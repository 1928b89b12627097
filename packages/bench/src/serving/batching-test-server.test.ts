import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BatchingTestServer,
  batchingIterationSeconds,
  batchingTestServerOptionsSchema,
  startBatchingTestServer,
} from "./batching-test-server";
import { runServingLoad } from "./load-generator";
import { readSseData } from "./sse";

// Shared 2-core machines: measured times are checked against the model from below (a real server is never
// faster than its schedule) and loosely from above.
const BASE_S = 0.01;
const DECODE_S = 0.002;
const PREFILL_S = 0.0001;

let server: BatchingTestServer;

beforeAll(async () => {
  server = await startBatchingTestServer({
    iterationBaseSeconds: BASE_S,
    decodeSecondsPerSequence: DECODE_S,
    prefillSecondsPerToken: PREFILL_S,
    maxBatchSize: 4,
    prefillBudgetTokens: 256,
    prefixCaching: true,
    prefixBlockTokens: 8,
    model: "test",
  });
});

afterAll(async () => {
  await server.close();
});

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("batching test server", () => {
  it("defaults and the iteration-time model", () => {
    const options = batchingTestServerOptionsSchema.parse({});
    expect(options).toMatchObject({ maxBatchSize: 8, prefillBudgetTokens: 512, prefixCaching: false });
    expect(batchingIterationSeconds(options, 4, 0)).toBeCloseTo(0.014, 12);
    expect(batchingIterationSeconds(options, 0, 1000)).toBeCloseTo(0.06, 12);
  });

  it("rejects invalid options naming the field", async () => {
    await expect(startBatchingTestServer({ maxBatchSize: 0 })).rejects.toThrow(/maxBatchSize/);
  });

  it("streams max_tokens tokens, then usage and [DONE], on the model's schedule", async () => {
    const words = 40;
    const response = await post("/completions", {
      model: "test",
      prompt: `solo ${"x ".repeat(words - 1)}`,
      max_tokens: 5,
      stream: true,
    });
    expect(response.status).toBe(200);
    const events: string[] = [];
    for await (const data of readSseData(response.body as ReadableStream<Uint8Array>)) events.push(data);
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.slice(0, 5).map((c) => c.choices[0].text)).toEqual([" w0", " w1", " w2", " w3", " w4"]);
    expect(chunks[4].choices[0].finish_reason).toBe("length");
    expect(chunks[5].usage).toMatchObject({ prompt_tokens: words, completion_tokens: 5 });
    const log = server.requests.at(-1);
    expect(log?.promptTokens).toBe(words);
    // One prefill iteration, then four decode iterations of one sequence. Iterations follow a virtual clock from
    // the request's arrival (a late timer is caught up on), so the times since arrival are never below the model.
    const ttft = (log?.firstTokenAtMs ?? 0) - (log?.receivedAtMs ?? 0);
    const e2e = (log?.finishedAtMs ?? 0) - (log?.receivedAtMs ?? 0);
    const prefillMs = batchingIterationSeconds(server.options, 0, words) * 1000;
    expect(ttft).toBeGreaterThanOrEqual(prefillMs - 1);
    expect(ttft).toBeLessThan(5000);
    expect(e2e).toBeGreaterThanOrEqual(prefillMs + 4 * batchingIterationSeconds(server.options, 1, 0) * 1000 - 1);
    expect(e2e).toBeLessThan(5000);
  });

  it("prefills a long prompt in chunks of the token budget", async () => {
    const words = 1000;
    const before = server.stats().iterations;
    const response = await post("/completions", {
      model: "test",
      prompt: `long ${"y ".repeat(words - 1)}`,
      max_tokens: 1,
    });
    const body = (await response.json()) as { choices: Array<{ text: string }>; usage: { prompt_tokens: number } };
    expect(body.choices[0]?.text).toBe(" w0");
    expect(body.usage.prompt_tokens).toBe(words);
    // 1000 tokens at 256 per iteration: 4 iterations before the only token.
    expect(server.stats().iterations - before).toBe(4);
    const log = server.requests.at(-1);
    const expectedMs = (4 * BASE_S + words * PREFILL_S) * 1000;
    expect((log?.firstTokenAtMs ?? 0) - (log?.receivedAtMs ?? 0)).toBeGreaterThanOrEqual(expectedMs - 1);
  });

  it("batches concurrent sequences (one token per decoding sequence per iteration)", async () => {
    const busyBefore = server.stats().busySeconds;
    const started = performance.now();
    const report = await runServingLoad({
      baseUrl: server.baseUrl,
      model: "test",
      requests: 8,
      arrival: { kind: "concurrency", concurrency: 4 },
      inputTokens: { kind: "fixed", tokens: 16 },
      outputTokens: { kind: "fixed", tokens: 8 },
    });
    expect(report.succeeded).toBe(8);
    expect(report.records.every((r) => r.outputTokens === 8 && r.promptTokens === 16)).toBe(true);
    expect(server.stats().maxDecodeSequences).toBeGreaterThanOrEqual(2);
    expect(server.stats().maxRunning).toBeLessThanOrEqual(4);
    // The modelled iteration times never run ahead of the wall clock.
    const busySeconds = server.stats().busySeconds - busyBefore;
    expect(busySeconds).toBeGreaterThan(0);
    expect(busySeconds).toBeLessThanOrEqual((performance.now() - started) / 1000 + 0.002);
    expect(report.tpotMs.p50).toBeGreaterThan(0);
    // Timer lateness is measured, never negative, and its maximum bounds its mean.
    const stats = server.stats();
    expect(stats.maxTimerLatenessMs).toBeGreaterThanOrEqual(0);
    expect(stats.totalTimerLatenessMs).toBeGreaterThanOrEqual(stats.maxTimerLatenessMs);
    expect(stats.totalTimerLatenessMs / stats.iterations).toBeLessThanOrEqual(stats.maxTimerLatenessMs);
  });

  it("serves chat completions and answers 404 for another model, 400 for a bad body", async () => {
    const chat = await post("/chat/completions", {
      model: "test",
      messages: [{ role: "user", content: "hi there" }],
      max_tokens: 2,
    });
    const body = (await chat.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]?.message.content).toBe(" w0 w1");
    expect(server.requests.at(-1)?.messages).toEqual([{ role: "user", content: "hi there" }]);
    expect((await post("/completions", { model: "other", prompt: "a", max_tokens: 1 })).status).toBe(404);
    expect((await post("/completions", { model: "test", prompt: "", max_tokens: 1 })).status).toBe(400);
    const bad = await fetch(`${server.baseUrl}/completions`, { method: "POST", body: "{" });
    expect(bad.status).toBe(400);
  });

  it("serves a repeated prefix from its prefix cache, in whole blocks", async () => {
    const prompt = `cache ${"z ".repeat(29)}`; // 30 words
    await (await post("/completions", { model: "test", prompt, max_tokens: 2 })).json();
    const first = server.requests.at(-1);
    expect(first?.cachedTokens).toBe(0);
    // The prompt and its answer (32 words) are cached in blocks of 8; the next turn reuses all 32.
    await (await post("/completions", { model: "test", prompt: `${prompt} w0 w1 more words`, max_tokens: 2 })).json();
    expect(server.requests.at(-1)?.cachedTokens).toBe(32);
  });
});
