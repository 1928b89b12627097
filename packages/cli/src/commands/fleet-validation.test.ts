import {
  batchingIterationSeconds,
  measuredRunToTrace,
  runServingLoad,
  startBatchingTestServer,
  toMeasuredServingRun,
} from "@aifactory/bench";
import { compareLatencySamples, traceTrafficSchema } from "@aifactory/workloads";
import { buildRequestTable, type FleetReplicaModel, simulateFleetReplicas } from "@aifactory/workloads/internal";
import { describe, expect, it } from "vitest";

/**
 * The fleet simulator against a measurement: the load generator sends Poisson traffic to a real OpenAI-compatible
 * server (node:http, real timers) whose continuous-batching iterations follow a known model; the simulator replays
 * the arrivals and lengths the server received with a replica whose step time is that model. Below 80% load the
 * simulated P50 and P99 TTFT and TPOT agree within 10% with the server's own measurements (receipt to first token
 * and to last token, as vLLM's server-side histograms measure them); the client-side figures add the HTTP round
 * trip and the client's stream parsing, and are reported beside them.
 */
describe("fleet simulator vs a measured continuous-batching server", () => {
  // Real timers: a loaded machine fires them late, which lengthens the measured tail. Iterations of 8 ms and more
  // keep that lateness small against them, and a retry absorbs a burst of load.
  it("agrees within 10% on P50/P99 TTFT and TPOT below 80% load", { timeout: 180_000, retry: 2 }, async () => {
    const model = {
      iterationBaseSeconds: 0.008,
      decodeSecondsPerSequence: 0.0008,
      prefillSecondsPerToken: 0.00002,
      maxBatchSize: 16,
      prefillBudgetTokens: 256,
    };
    const server = await startBatchingTestServer(model);
    const replica: FleetReplicaModel = {
      pool: "test-server",
      role: "mixed",
      acceleratorCount: 1,
      kvCapacityTokens: 1e12,
      maxBatchSize: model.maxBatchSize,
      maxNumTokens: 1e12,
      maxPrefillTokens: model.prefillBudgetTokens,
      chunkedPrefill: true,
      kvAdmission: "reserve",
      preemption: "recompute",
      acceptedTokensPerStep: 1,
      queryTokensPerSequence: 1,
      kvBytesPerToken: 1,
      swapBytesPerSecond: 1e9,
      kvTransferBytesPerSecond: 1e9,
      prefixCaching: false,
      stepSeconds: (decode, _context, prefill) =>
        batchingIterationSeconds(
          {
            iterationBaseSeconds: model.iterationBaseSeconds,
            decodeSecondsPerSequence: model.decodeSecondsPerSequence,
            prefillSecondsPerToken: model.prefillSecondsPerToken,
          },
          decode,
          prefill,
        ),
    };
    // About 35 requests/s of capacity (16 sequences x ~20 tokens at ~20 ms per iteration): 25% and 70% load.
    const rows: string[] = [];
    try {
      for (const rate of [9, 24]) {
        const report = await runServingLoad({
          baseUrl: server.baseUrl,
          model: "test",
          requests: 240,
          warmupRequests: 0,
          arrival: { kind: "poisson", ratePerSecond: rate },
          inputTokens: { kind: "uniform", min: 40, max: 400 },
          outputTokens: { kind: "uniform", min: 8, max: 32 },
          seed: rate,
        });
        const run = toMeasuredServingRun(report);
        expect(run.summary.failedCount, JSON.stringify(run.requests.slice(0, 2))).toBe(0);
        // What the server received in this run, with its own timestamps.
        const received = server.requests.slice(-report.records.length);
        const origin = Math.min(...received.map((r) => r.receivedAtMs));
        const trace = received.map((r) => ({
          arrivalSeconds: (r.receivedAtMs - origin) / 1e3,
          inputTokens: r.promptTokens,
          outputTokens: r.maxTokens,
        }));
        const serverSide = {
          ttftMs: received.map((r) => (r.firstTokenAtMs ?? Number.NaN) - r.receivedAtMs),
          tpotMs: received.map((r) =>
            r.maxTokens > 1
              ? ((r.finishedAtMs ?? Number.NaN) - (r.firstTokenAtMs ?? Number.NaN)) / (r.maxTokens - 1)
              : Number.NaN,
          ),
          e2eMs: received.map((r) => (r.finishedAtMs ?? Number.NaN) - r.receivedAtMs),
        };
        const clientSide = measuredRunToTrace(run).length;
        expect(clientSide).toBe(received.length);
        const simulated = simulateFleetReplicas([replica], buildRequestTable(traceTrafficSchema.parse({ trace })), {
          router: "least-loaded",
          prefixAffinityImbalanceRatio: 0,
          slo: {},
          warmupRequests: 0,
          kvTransferLatencySeconds: 0,
          perRequest: true,
        });
        const per = simulated.perRequest;
        expect(per).toBeDefined();
        const simulatedSamples = { ttftMs: per?.ttftMs ?? [], tpotMs: per?.tpotMs ?? [], e2eMs: per?.e2eMs ?? [] };
        const comparison = compareLatencySamples(serverSide, simulatedSamples, { toleranceRatio: 0.1 });
        const client = compareLatencySamples(
          {
            ttftMs: run.requests.map((r) => r.ttftMs),
            tpotMs: run.requests.map((r) => r.tpotMs),
            e2eMs: run.requests.map((r) => r.e2eMs),
          },
          simulatedSamples,
        );
        for (const row of client.rows) {
          rows.push(
            `  client ${rate}/s ${row.metric} p${row.quantile * 100}: measured ${row.measured.toFixed(1)} simulated ${row.simulated.toFixed(1)} (${(100 * row.errorRatio).toFixed(1)}%)`,
          );
        }
        for (const row of comparison.rows) {
          rows.push(
            `${rate}/s ${row.metric} p${row.quantile * 100}: measured ${row.measured.toFixed(1)} simulated ${row.simulated.toFixed(1)} (${(100 * row.errorRatio).toFixed(1)}%)`,
          );
        }
        // How late the server's timers fired (a loaded machine): measured latencies include it, the model does not.
        const stats = server.stats();
        rows.push(
          `${rate}/s server timer lateness: mean ${(stats.totalTimerLatenessMs / Math.max(1, stats.iterations)).toFixed(2)} ms, max ${stats.maxTimerLatenessMs.toFixed(1)} ms over ${stats.iterations} iterations (cumulative)`,
        );
        const ttftTpot = comparison.rows.filter((r) => r.metric !== "e2eMs");
        for (const row of ttftTpot) {
          expect(Math.abs(row.errorRatio), rows.join("\n")).toBeLessThanOrEqual(0.1);
        }
      }
    } finally {
      await server.close();
    }
    if (process.env.AIF_PRINT_VALIDATION === "1") console.log(rows.join("\n"));
  });
});
