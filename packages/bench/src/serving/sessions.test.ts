import { formatRequestTrace, parseRequestTrace, type TraceRecord } from "@aifactory/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type BatchingTestServer,
  type BatchingTestServerRequest,
  startBatchingTestServer,
} from "./batching-test-server";
import { runServingLoad, type ServingProgress } from "./load-generator";

let server: BatchingTestServer;

beforeEach(async () => {
  server = await startBatchingTestServer({
    iterationBaseSeconds: 0.005,
    decodeSecondsPerSequence: 0.001,
    prefillSecondsPerToken: 0.00005,
    maxBatchSize: 8,
    prefixCaching: true,
    prefixBlockTokens: 4,
  });
});

afterEach(async () => {
  await server.close();
});

/** The measured requests the server saw (the warm-up excluded), in arrival order. */
function measured(): BatchingTestServerRequest[] {
  return server.requests.filter((r) => !/warmup/.test(r.prompt));
}

function findPrompt(startsWith: string): BatchingTestServerRequest {
  const found = measured().filter((r) => r.prompt.startsWith(startsWith));
  return found.sort((a, b) => a.promptTokens - b.promptTokens)[0] as BatchingTestServerRequest;
}

describe("trace replay", () => {
  // Two sessions of growing conversations: each turn's inputTokens = previous input + previous output + new.
  const trace: TraceRecord[] = [
    { arrivalSeconds: 0, inputTokens: 10, outputTokens: 3, sessionId: "alice" },
    { arrivalSeconds: 0.05, inputTokens: 12, outputTokens: 3, sessionId: "bob" },
    { arrivalSeconds: 1, inputTokens: 18, outputTokens: 3, sessionId: "alice" },
    { arrivalSeconds: 1.05, inputTokens: 19, outputTokens: 4, sessionId: "bob" },
    { arrivalSeconds: 2, inputTokens: 27, outputTokens: 2, sessionId: "alice" },
  ];

  it("sends every record at its (scaled) time with its lengths, and session turns share real prefixes", async () => {
    const updates: ServingProgress[] = [];
    const report = await runServingLoad(
      {
        baseUrl: server.baseUrl,
        model: "m",
        // Read back from the simulator's JSONL: the same records the fleet simulator replays.
        arrival: { kind: "trace", trace: parseRequestTrace(formatRequestTrace(trace)), timeScale: 5 },
      },
      (_finished, _total, progress) => updates.push(progress),
    );
    expect(report.succeeded).toBe(5);
    expect(report.setup.arrival).toEqual({ kind: "trace", timeScale: 5, blockTokens: 512, recordCount: 5 });
    // Never earlier than scheduled: 1 s / 5 and 2 s / 5 after the first.
    expect(report.records[2]?.startMs).toBeGreaterThanOrEqual(200 - 2);
    expect(report.records[4]?.startMs).toBeGreaterThanOrEqual(400 - 2);
    expect(report.records.map((r) => [r.sessionId, r.turn])).toEqual([
      ["alice", 0],
      ["bob", 0],
      ["alice", 1],
      ["bob", 1],
      ["alice", 2],
    ]);
    expect(report.records.map((r) => r.requestedOutputTokens)).toEqual([3, 3, 3, 4, 2]);
    // The server counts words: every prompt has exactly the trace's inputTokens.
    expect(report.records.map((r) => r.promptTokens)).toEqual([10, 12, 18, 19, 27]);
    expect(report.records.map((r) => r.sharedPrefixTokens)).toEqual([undefined, undefined, 13, 15, 21]);

    const alice = [10, 18, 27].map((tokens) => measured().find((r) => r.promptTokens === tokens));
    const bob = [12, 19].map((tokens) => measured().find((r) => r.promptTokens === tokens));
    for (const turns of [alice, bob]) {
      for (let t = 1; t < turns.length; t++) {
        const previous = turns[t - 1] as BatchingTestServerRequest;
        const current = turns[t] as BatchingTestServerRequest;
        // The previous prompt, then its answer (the streamed text, or a stand-in when the turn was sent before the
        // answer arrived), then the new words.
        expect(current.prompt.startsWith(previous.prompt)).toBe(true);
        const rest = current.prompt.slice(previous.prompt.length);
        const standIn = ` ${Array.from({ length: previous.maxTokens }, () => "ok").join(" ")}`;
        expect(rest.startsWith(previous.outputText) || rest.startsWith(standIn)).toBe(true);
        // Once the previous turn finished, the server's prefix cache serves at least its prompt's whole blocks.
        if ((previous.finishedAtMs ?? Number.POSITIVE_INFINITY) < current.receivedAtMs) {
          expect(current.cachedTokens).toBeGreaterThanOrEqual(Math.floor(previous.promptTokens / 4) * 4);
        }
      }
    }
    expect((alice[0] as BatchingTestServerRequest).prompt.split(" ")[0]).not.toBe(
      (bob[0] as BatchingTestServerRequest).prompt.split(" ")[0],
    );
    expect(updates.at(-1)).toMatchObject({ finished: 5, total: 5, sent: 5, failed: 0 });
    expect(updates.at(-1)?.requestsPerSecond).toBeGreaterThan(0);
  });

  it("uses deterministic stand-ins for answers with sessionAnswers: stand-in", async () => {
    await runServingLoad({
      baseUrl: server.baseUrl,
      model: "m",
      warmupRequests: 0,
      sessionAnswers: "stand-in",
      arrival: { kind: "trace", trace: trace.slice(0, 3), timeScale: 20 },
    });
    const first = findPrompt("s0 ");
    const third = measured().find((r) => r.promptTokens === 18);
    expect(first.prompt).toBe("s0 hello hello hello hello hello hello hello hello hello");
    expect(third?.prompt).toBe(`${first.prompt} ok ok ok hello hello hello hello hello`);
  });

  it("cuts the context when a turn's prompt is shorter than the conversation so far", async () => {
    const report = await runServingLoad({
      baseUrl: server.baseUrl,
      model: "m",
      warmupRequests: 0,
      sessionAnswers: "stand-in",
      arrival: {
        kind: "trace",
        trace: [
          { arrivalSeconds: 0, inputTokens: 10, outputTokens: 3, sessionId: "x" },
          { arrivalSeconds: 0.1, inputTokens: 8, outputTokens: 2, sessionId: "x" },
        ],
      },
    });
    expect(report.records.map((r) => r.promptTokens)).toEqual([10, 8]);
    const short = measured().find((r) => r.promptTokens === 8);
    expect(short?.prompt).toBe("s0 hello hello hello hello hello hello hello");
    expect(report.records[1]?.sharedPrefixTokens).toBe(7);
  });

  it("builds Mooncake hash-id prompts from blocks: equal ids, equal text", async () => {
    await runServingLoad({
      baseUrl: server.baseUrl,
      model: "m",
      warmupRequests: 0,
      arrival: {
        kind: "trace",
        blockTokens: 4,
        trace: [
          { arrivalSeconds: 0, inputTokens: 10, outputTokens: 2, hashIds: [7, 8, 9] },
          { arrivalSeconds: 0.01, inputTokens: 9, outputTokens: 2, hashIds: [7, 8, 3] },
          { arrivalSeconds: 0.02, inputTokens: 6, outputTokens: 2, hashIds: [5] },
        ],
      },
    });
    const [a, b, c] = [10, 9, 6].map((tokens) => measured().find((r) => r.promptTokens === tokens)?.prompt);
    expect(a).toBe("b7 hello hello hello b8 hello hello hello b9 hello");
    expect(b).toBe("b7 hello hello hello b8 hello hello hello b3");
    expect(c).toBe("b5 hello hello hello r2 hello");
  });

  it("replays only the first `requests` records when given", async () => {
    const report = await runServingLoad({
      baseUrl: server.baseUrl,
      model: "m",
      warmupRequests: 0,
      requests: 2,
      arrival: { kind: "trace", trace, timeScale: 100 },
    });
    expect(report.requests).toBe(2);
  });
});

describe("synthetic multi-turn sessions", () => {
  it("sends each turn after the previous one finished, with its prompt and real answer as the prefix", async () => {
    const report = await runServingLoad({
      baseUrl: server.baseUrl,
      model: "m",
      requests: 7,
      arrival: { kind: "concurrency", concurrency: 2 },
      inputTokens: { kind: "fixed", tokens: 12 },
      outputTokens: { kind: "fixed", tokens: 3 },
      sessions: {
        turns: { kind: "fixed", tokens: 3 },
        newInputTokens: { kind: "fixed", tokens: 5 },
        idleSeconds: 0.01,
        idleExponential: false,
      },
    });
    expect(report.succeeded).toBe(7);
    // Sessions of 3 turns: 12, 12 + 3 + 5, 20 + 3 + 5 prompt tokens; the third session is cut to one turn.
    expect(report.records.map((r) => r.promptTokens)).toEqual([12, 20, 28, 12, 20, 28, 12]);
    expect(report.records.map((r) => r.turn)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(report.setup.sessions?.idleSeconds).toBe(0.01);
    for (const session of ["s0 ", "s1 "]) {
      const turns = measured()
        .filter((r) => r.prompt.startsWith(session))
        .sort((x, y) => x.promptTokens - y.promptTokens);
      expect(turns).toHaveLength(3);
      for (let t = 1; t < 3; t++) {
        const previous = turns[t - 1] as BatchingTestServerRequest;
        const current = turns[t] as BatchingTestServerRequest;
        expect(current.prompt).toBe(`${previous.prompt}${previous.outputText} hello hello hello hello hello`);
        expect(current.receivedAtMs).toBeGreaterThanOrEqual((previous.finishedAtMs ?? Number.NaN) + 10 - 2);
        // Prompt and answer are cached: whole blocks of the previous turn's 12 + 3 (or 20 + 3) words.
        expect(current.cachedTokens).toBe(Math.floor((previous.promptTokens + 3) / 4) * 4);
      }
    }
  });

  it("sends chat sessions as alternating messages", async () => {
    await runServingLoad({
      baseUrl: server.baseUrl,
      model: "m",
      api: "chat",
      requests: 2,
      arrival: { kind: "poisson", ratePerSecond: 100 },
      inputTokens: { kind: "fixed", tokens: 4 },
      outputTokens: { kind: "fixed", tokens: 2 },
      sessions: { turns: { kind: "fixed", tokens: 2 }, newInputTokens: { kind: "fixed", tokens: 3 } },
    });
    const second = measured().find((r) => r.messages?.length === 3);
    expect(second?.messages).toEqual([
      { role: "user", content: "s0 hello hello hello" },
      { role: "assistant", content: "w0 w1" },
      { role: "user", content: "hello hello hello" },
    ]);
  });

  it("rejects sessions with a dataset or a trace, and a missing request count, naming the field", async () => {
    const base = { baseUrl: server.baseUrl, model: "m" };
    const sessions = {
      turns: { kind: "fixed" as const, tokens: 2 },
      newInputTokens: { kind: "fixed" as const, tokens: 2 },
    };
    await expect(
      runServingLoad({
        ...base,
        requests: 2,
        arrival: { kind: "concurrency", concurrency: 1 },
        dataset: [{ prompt: "x" }],
        sessions,
      }),
    ).rejects.toThrow(/sessions: cannot be combined with dataset prompts/);
    await expect(
      runServingLoad({
        ...base,
        arrival: { kind: "trace", trace: [{ arrivalSeconds: 0, inputTokens: 1, outputTokens: 1 }] },
        sessions,
      }),
    ).rejects.toThrow(/sessions: cannot be combined with a trace/);
    await expect(runServingLoad({ ...base, arrival: { kind: "poisson", ratePerSecond: 1 } })).rejects.toThrow(
      /requests: is required/,
    );
    await expect(
      runServingLoad({ ...base, arrival: { kind: "trace", trace: [], timeScale: 1 } }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/arrival\.trace/) });
  });
});
