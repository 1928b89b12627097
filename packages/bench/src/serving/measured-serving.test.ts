import { formatRequestTrace, parseRequestTrace } from "@aifactory/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BatchingTestServer, startBatchingTestServer } from "./batching-test-server";
import { runServingLoad, type ServingReport } from "./load-generator";
import {
  formatMeasuredServing,
  measuredRunToTrace,
  measuredServingFileSchema,
  measuredServingRunSchema,
  parseMeasuredServing,
  toMeasuredServingFile,
  toMeasuredServingRun,
} from "./measured-serving";
import { runServingSweep } from "./serving-sweep";

let server: BatchingTestServer;
let report: ServingReport;

beforeAll(async () => {
  server = await startBatchingTestServer({ iterationBaseSeconds: 0.005, model: "m" });
  report = await runServingLoad({
    baseUrl: server.baseUrl,
    model: "m",
    requests: 6,
    arrival: { kind: "poisson", ratePerSecond: 50 },
    inputTokens: { kind: "fixed", tokens: 12 },
    outputTokens: { kind: "fixed", tokens: 3 },
    sessions: { turns: { kind: "fixed", tokens: 2 }, newInputTokens: { kind: "fixed", tokens: 4 } },
    slo: { ttftMs: 5000 },
  });
});

afterAll(async () => {
  await server.close();
});

describe("measured serving runs", () => {
  it("hold per-request send times, lengths, latencies and SLO verdicts, and the summary", () => {
    const run = measuredServingRunSchema.parse(toMeasuredServingRun(report));
    expect(run.setup).toMatchObject({
      model: "m",
      api: "completions",
      arrival: { kind: "poisson", ratePerSecond: 50 },
      slo: { ttftMs: 5000 },
    });
    expect(run.requests).toHaveLength(6);
    expect(Math.min(...run.requests.map((r) => r.arrivalSeconds))).toBe(0);
    const first = report.records[0]?.startMs ?? 0;
    for (const [i, request] of run.requests.entries()) {
      const record = report.records[i];
      expect(request.arrivalSeconds).toBeCloseTo(((record?.startMs ?? 0) - first) / 1000, 9);
      expect(request).toMatchObject({ ok: true, meetsSlo: true, outputTokens: 3, requestedOutputTokens: 3 });
      expect(request.ttftMs).toBeGreaterThan(0);
      expect(request.e2eMs).toBeGreaterThanOrEqual(request.ttftMs ?? Number.POSITIVE_INFINITY);
      expect(request.tpotMs).not.toBeNull();
    }
    expect(run.requests.map((r) => [r.sessionId, r.turn, r.inputTokens])).toEqual([
      ["s0", 0, 12],
      ["s0", 1, 19],
      ["s1", 0, 12],
      ["s1", 1, 19],
      ["s2", 0, 12],
      ["s2", 1, 19],
    ]);
    expect(run.requests[1]?.sharedPrefixTokens).toBe(15);
    expect(run.summary).toMatchObject({ requests: 6, succeededCount: 6, failedCount: 0, sloAttainmentRatio: 1 });
    expect(run.summary.ttftMs.p99).toBeGreaterThanOrEqual(run.summary.ttftMs.p50 ?? Number.POSITIVE_INFINITY);
  });

  it("round-trip through JSON text", () => {
    const createdAt = new Date("2025-06-01T12:00:00.000Z");
    const text = formatMeasuredServing(report, createdAt);
    expect(text.endsWith("}\n")).toBe(true);
    const file = parseMeasuredServing(text, "measured.json");
    expect(file).toEqual(toMeasuredServingFile(report, createdAt));
    expect(file).toMatchObject({
      schemaVersion: 1,
      kind: "aifactory-measured-serving",
      createdAt: createdAt.toISOString(),
    });
    expect(file.sweep).toBeUndefined();
  });

  it("turn back into a trace the fleet simulator replays", () => {
    const run = toMeasuredServingRun(report);
    const trace = parseRequestTrace(formatRequestTrace(measuredRunToTrace(run)));
    expect(trace).toHaveLength(6);
    expect(trace[0]).toMatchObject({ arrivalSeconds: 0, inputTokens: 12, outputTokens: 3, sessionId: "s0" });
    expect(trace.every((r, i) => i === 0 || r.arrivalSeconds >= (trace[i - 1]?.arrivalSeconds ?? 0))).toBe(true);
  });

  it("write null latencies for requests that failed", async () => {
    const failed = await runServingLoad({
      baseUrl: server.baseUrl,
      model: "not-served",
      requests: 2,
      warmupRequests: 0,
      arrival: { kind: "concurrency", concurrency: 1 },
    });
    const file = parseMeasuredServing(formatMeasuredServing(failed));
    const run = file.runs[0];
    expect(run?.requests[0]).toMatchObject({ ok: false, meetsSlo: false, ttftMs: null, e2eMs: null, tpotMs: null });
    expect(run?.requests[0]?.error).toMatch(/HTTP 404/);
    expect(run?.summary.ttftMs).toEqual({ p50: null, p90: null, p99: null, mean: null });
    // A failed request replays with the lengths it asked for.
    expect(measuredRunToTrace(run as NonNullable<typeof run>)[0]).toMatchObject({ outputTokens: 128 });
  });

  it("hold every point of a sweep", async () => {
    const sweep = await runServingSweep({
      baseUrl: server.baseUrl,
      model: "m",
      requests: 2,
      outputTokens: { kind: "fixed", tokens: 2 },
      sweep: { kind: "concurrency", concurrencies: [1, 2] },
    });
    const file = measuredServingFileSchema.parse(JSON.parse(formatMeasuredServing(sweep)));
    expect(file.sweep).toEqual({ kind: "concurrency", minSloAttainmentRatio: 0.9, stoppedEarly: false });
    expect(file.runs.map((r) => r.setup.arrival)).toEqual([
      { kind: "concurrency", concurrency: 1 },
      { kind: "concurrency", concurrency: 2 },
    ]);
  });

  it("are rejected with the field named when malformed", () => {
    expect(() => parseMeasuredServing("{", "m.json")).toThrow(/invalid m\.json:\n {2}- \(root\): is not valid JSON/);
    expect(() => parseMeasuredServing({ schemaVersion: 1, kind: "aifactory-measured-serving" })).toThrow(
      /createdAt[\s\S]*runs/,
    );
    const file = toMeasuredServingFile(report);
    const broken = structuredClone(file) as unknown as { runs: Array<{ requests: Array<Record<string, unknown>> }> };
    (broken.runs[0]?.requests[2] as Record<string, unknown>).arrivalSeconds = -1;
    expect(() => parseMeasuredServing(broken)).toThrow(/runs\[0\]\.requests\[2\]\.arrivalSeconds/);
  });
});
