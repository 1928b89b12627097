import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BatchingTestServer, startBatchingTestServer } from "./batching-test-server";
import { servingSweepHtml, servingSweepMarkdown, servingSweepSvg } from "./serving-report";
import {
  runServingSweep,
  type ServingSweepProgress,
  type ServingSweepReport,
  servingSweepOptionsSchema,
} from "./serving-sweep";

let server: BatchingTestServer;

beforeAll(async () => {
  // About 10 + 2 x batch ms per iteration, at most 2 sequences: a request of 8 tokens takes about 100 ms, and the
  // server completes about 20 requests per second.
  server = await startBatchingTestServer({
    iterationBaseSeconds: 0.01,
    decodeSecondsPerSequence: 0.002,
    prefillSecondsPerToken: 0.0001,
    maxBatchSize: 2,
  });
});

afterAll(async () => {
  await server.close();
});

describe("rate sweep against the batching test server", () => {
  let sweep: ServingSweepReport;
  const progress: ServingSweepProgress[] = [];

  beforeAll(async () => {
    // 5 req/s is well inside capacity (TTFT about 15 ms, rarely 115 ms, against a 300 ms SLO); a burst at
    // 1000 req/s queues 12 requests behind a batch of 2, so pair k's first token comes after about k x 100 ms and
    // half of them miss (noise only makes them later). The SLO and threshold leave room for scheduling noise on a
    // shared machine at the low rate.
    sweep = await runServingSweep(
      {
        baseUrl: server.baseUrl,
        model: "test",
        requests: 12,
        inputTokens: { kind: "fixed", tokens: 20 },
        outputTokens: { kind: "fixed", tokens: 8 },
        slo: { ttftMs: 300 },
        minSloAttainmentRatio: 0.75,
        sweep: { kind: "poisson", ratesPerSecond: [5, 1000, 2000] },
      },
      (p) => progress.push(p),
    );
  }, 30_000);

  it("reports every point run, attainment falling as the rate rises, and stops after the first miss", () => {
    expect(sweep.kind).toBe("poisson");
    expect(sweep.points.map((p) => p.ratePerSecond)).toEqual([5, 1000]);
    expect(sweep.stoppedEarly).toBe(true);
    expect(sweep.notRun).toEqual([2000]);
    const [low, high] = sweep.points;
    expect(low?.sloAttainmentRatio).toBeGreaterThanOrEqual(0.75);
    expect(high?.sloAttainmentRatio).toBeLessThan(0.75);
    expect(high?.sloAttainmentRatio).toBeLessThan(low?.sloAttainmentRatio ?? 0);
    expect(high?.ttftMs.p99).toBeGreaterThan(low?.ttftMs.p99 ?? Number.POSITIVE_INFINITY);
    expect(sweep.highestPassingOffered).toBe(5);
    for (const point of sweep.points) {
      expect(point.report.succeeded).toBe(12);
      expect(point.achievedRequestsPerSecond).toBeGreaterThan(0);
      expect(point.goodputRequestsPerSecond).toBeCloseTo(
        (point.sloAttainmentRatio * point.report.requests) / point.report.durationSeconds,
        9,
      );
      expect(point.outputTokensPerSecond).toBeGreaterThan(0);
      for (const latency of [point.ttftMs, point.tpotMs, point.itlMs, point.e2eMs]) {
        expect(latency.p50).toBeLessThanOrEqual(latency.p90);
        expect(latency.p90).toBeLessThanOrEqual(latency.p99);
      }
    }
    // The server batched: 12 requests at once kept both slots decoding.
    expect(server.stats().maxDecodeSequences).toBe(2);
  });

  it("gives each point its own prompts (no prefix-cache hits across points)", () => {
    const firstWords = new Set(server.requests.map((r) => r.prompt.split(" ")[0]));
    expect(firstWords.has("p0-0")).toBe(true);
    expect(firstWords.has("p1-0")).toBe(true);
  });

  it("reports progress per point", () => {
    expect(progress.filter((p) => p.point === 0).at(-1)).toMatchObject({
      point: 0,
      points: 3,
      offered: 5,
      finished: 12,
      total: 12,
    });
    expect(progress.at(-1)).toMatchObject({ point: 1, offered: 1000, finished: 12 });
  });

  it("renders a Markdown table and an HTML report with an inline SVG chart", () => {
    const markdown = servingSweepMarkdown(sweep);
    const lines = markdown.split("\n");
    expect(lines[0]).toMatch(/^\| offered rate \(req\/s\) \| achieved \(req\/s\) \| TTFT p50\/p90\/p99 \(ms\) \|/);
    expect(lines[1]).toMatch(/^\| --- \| ---: \|/);
    expect(lines[2]).toMatch(/^\| 5 \| /);
    expect(lines[3]).toMatch(/^\| 1,000 \| /);
    expect(markdown).toContain("TTFT <= 300 ms");
    expect(markdown).toContain("not run: 2,000");
    const svg = servingSweepSvg(sweep);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Goodput");
    expect(svg).toContain("P99 time to first token");
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain("SLO 300 ms");
    const html = servingSweepHtml(sweep, { title: "batching <test> server" });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<title>batching &lt;test&gt; server</title>");
    expect(html).toContain(svg);
    expect(html.match(/<tr>/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script/);
  });
});

describe("sweep options", () => {
  it("default the threshold to 0.9", () => {
    const options = servingSweepOptionsSchema.parse({
      baseUrl: "http://127.0.0.1:1/v1",
      model: "m",
      requests: 1,
      sweep: { kind: "concurrency", concurrencies: [1] },
    });
    expect(options.minSloAttainmentRatio).toBe(0.9);
  });

  it("are rejected naming the field", async () => {
    const base = { baseUrl: server.baseUrl, model: "m", requests: 2 };
    await expect(runServingSweep({ ...base, sweep: { kind: "poisson", ratesPerSecond: [] } })).rejects.toThrow(
      /sweep\.ratesPerSecond/,
    );
    await expect(runServingSweep({ ...base, sweep: { kind: "concurrency", concurrencies: [1.5] } })).rejects.toThrow(
      /sweep\.concurrencies\[0\]/,
    );
    await expect(
      runServingSweep({ ...base, minSloAttainmentRatio: 1.5, sweep: { kind: "concurrency", concurrencies: [1] } }),
    ).rejects.toThrow(/minSloAttainmentRatio/);
    await expect(
      runServingSweep({ baseUrl: server.baseUrl, model: "m", sweep: { kind: "concurrency", concurrencies: [1] } }),
    ).rejects.toThrow(/requests: is required/);
  });

  it("sweeps concurrencies to the end when every point meets the SLO", async () => {
    const sweep = await runServingSweep({
      baseUrl: server.baseUrl,
      model: "m",
      requests: 4,
      outputTokens: { kind: "fixed", tokens: 2 },
      sweep: { kind: "concurrency", concurrencies: [1, 2] },
    });
    expect(sweep.points.map((p) => p.concurrency)).toEqual([1, 2]);
    expect(sweep.points.every((p) => p.sloAttainmentRatio === 1)).toBe(true);
    expect(sweep.stoppedEarly).toBe(false);
    expect(sweep.highestPassingOffered).toBe(2);
    expect(servingSweepMarkdown(sweep).split("\n")[0]).toMatch(/^\| concurrency \|/);
  });
});
