import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRandom } from "../harness/prng";
import { sampleLength } from "./length-distribution";
import { runServingLoad } from "./load-generator";

// The machine running the tests is shared (2 cores), so only load-independent bounds are asserted: measurements
// can never be shorter than the schedule. How close to the schedule they come (the accuracy figure) depends on
// how idle the machine is and is measured by `pnpm bench` (bench/load-generator-accuracy.bench.ts).
const TTFT_MS = 150;
const ITL_MS = 40;

let server: Server;
let baseUrl: string;
const seenBodies: Array<Record<string, unknown>> = [];
let flakyCount = 0;

async function readBody(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

beforeAll(async () => {
  // Streams max_tokens tokens: the first after TTFT_MS, then one every ITL_MS; /fail answers 500.
  server = createServer(async (request, response) => {
    const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    seenBodies.push(body);
    flakyCount += String(body.model) === "flaky" ? 1 : 0;
    if (String(body.model) === "broken" || (String(body.model) === "flaky" && flakyCount % 2 === 0)) {
      response.writeHead(500, { "content-type": "text/plain" });
      response.end("model crashed");
      return;
    }
    response.socket?.setNoDelay(true);
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    response.flushHeaders();
    const chat = request.url?.includes("chat") === true;
    const tokens = Number(body.max_tokens);
    const send = (i: number) => {
      const choice = chat ? { index: 0, delta: { content: ` t${i}` } } : { index: 0, text: ` t${i}` };
      response.write(`data: ${JSON.stringify({ id: "x", choices: [choice] })}\n\n`);
      if (i + 1 < tokens) setTimeout(() => send(i + 1), ITL_MS);
      else {
        response.write(
          `data: ${JSON.stringify({ id: "x", choices: [], usage: { prompt_tokens: 7, completion_tokens: tokens } })}\n\n`,
        );
        response.write("data: [DONE]\n\n");
        response.end();
      }
    };
    setTimeout(() => send(0), TTFT_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("serving load generator against a local scheduled server", () => {
  it("measures TTFT, ITL, TPOT and end-to-end latency no shorter than the server's schedule (fixed concurrency)", async () => {
    const progress: number[] = [];
    const report = await runServingLoad(
      {
        baseUrl,
        model: "test",
        requests: 8,
        arrival: { kind: "concurrency", concurrency: 4 },
        inputTokens: { kind: "fixed", tokens: 16 },
        outputTokens: { kind: "fixed", tokens: 10 },
        slo: { ttftMs: 1000, tpotMs: 200 },
      },
      (done) => progress.push(done),
    );
    expect(report.succeeded).toBe(8);
    expect(report.failed).toBe(0);
    expect(progress.at(-1)).toBe(8);
    expect(report.ttftMs.p50).toBeGreaterThanOrEqual(TTFT_MS - 2);
    expect(report.itlMs.p50).toBeGreaterThanOrEqual(0);
    expect(report.tpotMs.p50).toBeGreaterThanOrEqual(0);
    expect(report.e2eMs.p50).toBeGreaterThanOrEqual(TTFT_MS + 9 * ITL_MS - 5);
    expect(report.records[0]?.outputTokens).toBe(10);
    expect(report.records[0]?.promptTokens).toBe(7);
    expect(report.goodputRatio).toBe(1);
    // 8 requests x 10 tokens, 2 waves of at least 510 ms: no more than about 80 tokens/s.
    expect(report.outputTokensPerSecond).toBeGreaterThan(0);
    expect(report.outputTokensPerSecond).toBeLessThan(90);
    expect(seenBodies.at(-1)).toMatchObject({ model: "test", stream: true, max_tokens: 10, ignore_eos: true });
  });

  it("computes goodput under a tight TTFT SLO (nobody meets 100 ms)", async () => {
    const report = await runServingLoad({
      baseUrl,
      model: "test",
      requests: 4,
      arrival: { kind: "concurrency", concurrency: 4 },
      outputTokens: { kind: "fixed", tokens: 3 },
      slo: { ttftMs: 100 },
    });
    expect(report.succeeded).toBe(4);
    expect(report.goodputRatio).toBe(0);
  });

  it("sends Poisson arrivals over the chat API", async () => {
    const report = await runServingLoad({
      baseUrl,
      model: "test",
      api: "chat",
      requests: 10,
      arrival: { kind: "poisson", ratePerSecond: 50 },
      outputTokens: { kind: "uniform", min: 2, max: 4 },
      seed: 3,
    });
    expect(report.succeeded).toBe(10);
    const starts = report.records.map((r) => r.startMs);
    expect(starts.every((s, i) => i === 0 || s >= (starts[i - 1] as number))).toBe(true);
    expect(report.records.every((r) => r.outputTokens >= 2 && r.outputTokens <= 4)).toBe(true);
  });

  it("counts failed requests without averaging them into latencies", async () => {
    const report = await runServingLoad({
      baseUrl,
      model: "flaky",
      requests: 4,
      arrival: { kind: "concurrency", concurrency: 1 },
      outputTokens: { kind: "fixed", tokens: 2 },
    });
    expect(report.failed).toBe(2);
    expect(report.succeeded).toBe(2);
    expect(report.errors[0]).toMatch(/HTTP 500 model crashed/);
    expect(report.goodputRatio).toBe(0.5);
  });

  it("fails before measuring when the warm-up request fails", async () => {
    await expect(
      runServingLoad({ baseUrl, model: "broken", requests: 3, arrival: { kind: "concurrency", concurrency: 1 } }),
    ).rejects.toMatchObject({ code: "EXTERNAL_TOOL_FAILURE" });
  });

  it("uses dataset prompts round-robin", async () => {
    const report = await runServingLoad({
      baseUrl,
      model: "test",
      requests: 3,
      arrival: { kind: "concurrency", concurrency: 1 },
      dataset: [{ prompt: "first prompt", outputTokens: 2 }, { prompt: "second" }],
      outputTokens: { kind: "fixed", tokens: 3 },
    });
    expect(report.records.map((r) => r.outputTokens)).toEqual([2, 3, 2]);
  });

  it("rejects invalid options", async () => {
    await expect(
      runServingLoad({
        baseUrl: "not a url",
        model: "m",
        requests: 1,
        arrival: { kind: "concurrency", concurrency: 1 },
      }),
    ).rejects.toThrow(/baseUrl/);
  });
});

describe("length distributions", () => {
  it("stay within bounds", () => {
    const random = createRandom(5);
    for (let i = 0; i < 1000; i += 1) {
      const uniform = sampleLength({ kind: "uniform", min: 10, max: 20 }, random);
      expect(uniform).toBeGreaterThanOrEqual(10);
      expect(uniform).toBeLessThanOrEqual(20);
      const normal = sampleLength({ kind: "normal", mean: 100, standardDeviation: 50, min: 1, max: 150 }, random);
      expect(normal).toBeGreaterThanOrEqual(1);
      expect(normal).toBeLessThanOrEqual(150);
    }
  });
});

describe("a misbehaving server is not trusted", () => {
  let bad: Server;
  let badUrl: string;
  beforeAll(async () => {
    // model "liar": usage counts 1e9 tokens; "negative": usage -5; "runaway": ignores max_tokens (streams 10x);
    // "longline": one 2 MiB SSE line without a newline; "silent": never answers after the headers.
    bad = createServer(async (request, response) => {
      const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
      const model = String(body.model);
      const tokens = Number(body.max_tokens);
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.flushHeaders();
      if (model === "silent") return; // the client's timeout must end it
      if (model === "longline") {
        response.write(`data: ${"x".repeat(2 * 1024 * 1024)}`);
        return;
      }
      const count = model === "runaway" ? tokens * 10 : tokens;
      for (let i = 0; i < count; i++) {
        if (response.destroyed) return;
        response.write(`data: ${JSON.stringify({ choices: [{ index: 0, text: ` t${i}` }] })}\n\n`);
      }
      const usage = model === "liar" ? 1e9 : model === "negative" ? -5 : tokens;
      response.write(
        `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: usage } })}\n\n`,
      );
      response.end("data: [DONE]\n\n");
    });
    await new Promise<void>((resolve) => bad.listen(0, "127.0.0.1", resolve));
    badUrl = `http://127.0.0.1:${(bad.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    bad.closeAllConnections();
    await new Promise((resolve) => bad.close(resolve));
  });

  const run = (model: string, extra: Record<string, unknown> = {}) =>
    runServingLoad({
      baseUrl: badUrl,
      model,
      requests: 2,
      arrival: { kind: "concurrency", concurrency: 2 },
      outputTokens: { kind: "fixed", tokens: 16 },
      warmupRequests: 0,
      ...extra,
    });

  it.each([
    ["liar", /implausible usage.completion_tokens 1000000000/],
    ["negative", /implausible usage.completion_tokens -5/],
    ["runaway", /more than max_tokens/],
    ["longline", /longer than 1048576 characters/],
  ])("%s: every request fails with the reason, and no throughput is made up", async (model, reason) => {
    const report = await run(model);
    expect(report.succeeded).toBe(0);
    expect(report.failed).toBe(2);
    expect(report.records[0]?.error).toMatch(reason);
    expect(report.outputTokensPerSecond).toBe(0);
  });

  it("a server that stops answering is cut off by the request timeout", async () => {
    const report = await run("silent", { requestTimeoutSeconds: 0.5 });
    expect(report.succeeded).toBe(0);
    expect(report.records[0]?.error).toMatch(/timed out after 0.5 s/);
  }, 20_000);
});
