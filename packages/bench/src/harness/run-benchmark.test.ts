import { describe, expect, it } from "vitest";
import { compareResults } from "./compare";
import { defineBenchmark, defineSuite } from "./define-benchmark";
import { latencyMetric } from "./metrics";
import { createRandom } from "./prng";
import type { BenchEnvironment, BenchmarkResult } from "./result-schema";
import { benchResultSetSchema } from "./result-schema";
import { createResultSet, runBenchmark, runSuite } from "./run-benchmark";

const environment: BenchEnvironment = {
  hostname: "test",
  platform: "linux",
  arch: "x64",
  osRelease: "6",
  cpuModel: "test cpu",
  cpuCount: 2,
  memoryBytes: 1e9,
  nodeVersion: process.version,
  gpus: [],
};

describe("runBenchmark", () => {
  it("runs setup, samples, verifies, tears down and summarises", async () => {
    const calls: string[] = [];
    const result = await runBenchmark(
      defineBenchmark({
        id: "sum",
        setup: () => {
          calls.push("setup");
          return Float64Array.from({ length: 1000 }, (_, i) => i);
        },
        run: (values) => values.reduce((a, b) => a + b, 0),
        verify: (total) => total === 499500,
        teardown: () => {
          calls.push("teardown");
        },
        metrics: ({ summary }) => [latencyMetric("sumUs", "us", summary, 1e6)],
      }),
      { suite: "test", sampling: { timeBudgetSeconds: 0.3 } },
    );
    expect(result.status).toBe("passed");
    expect(calls).toEqual(["setup", "teardown"]);
    expect(result.samplesSeconds.length).toBeGreaterThanOrEqual(10);
    expect(result.iterationsPerSample).toBeGreaterThan(1);
    expect(result.summary?.median).toBeGreaterThan(0);
    expect(result.metrics[0]?.unit).toBe("us");
    expect(["ci-target", "time-budget", "max-samples"]).toContain(result.stopReason);
  });

  it("reports a wrong output as a failure with no numbers", async () => {
    let tornDown = false;
    const result = await runBenchmark(
      defineBenchmark({
        id: "wrong",
        run: () => 41,
        verify: (value) => value === 42 || `got ${value}`,
        teardown: () => {
          tornDown = true;
        },
      }),
    );
    expect(result.status).toBe("failed");
    expect(result.failure?.code).toBe("VERIFICATION_FAILED");
    expect(result.failure?.message).toContain("got 41");
    expect(result.summary).toBeUndefined();
    expect(result.metrics).toEqual([]);
    expect(tornDown).toBe(true);
  });

  it("reports a throwing kernel as a failure", async () => {
    const result = await runBenchmark(
      defineBenchmark({
        id: "boom",
        run: () => {
          throw new Error("kernel crashed");
        },
      }),
    );
    expect(result.status).toBe("failed");
    expect(result.failure?.message).toBe("kernel crashed");
  });

  it("stops at the CI target for a stable manual timing", async () => {
    const random = createRandom(3);
    const result = await runBenchmark(
      defineBenchmark({
        id: "manual",
        timing: "manual",
        run: () => ({ durationSeconds: 0.01 * (1 + (random() - 0.5) * 0.001), output: 1 }),
      }),
      { sampling: { timeBudgetSeconds: 5, targetRelativeCiHalfWidth: 0.01 } },
    );
    expect(result.stopReason).toBe("ci-target");
    expect(result.samplesSeconds.length).toBe(10);
    expect(result.summary?.median).toBeCloseTo(0.01, 4);
  });

  it("stops at the time budget for a noisy timing", async () => {
    const random = createRandom(4);
    const result = await runBenchmark(
      defineBenchmark({
        id: "noisy",
        timing: "manual",
        run: async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return { durationSeconds: random() };
        },
      }),
      { sampling: { timeBudgetSeconds: 0.2, targetRelativeCiHalfWidth: 0.001, warmupIterations: 1, warmupSeconds: 0 } },
    );
    expect(result.stopReason).toBe("time-budget");
  });

  it("rejects a manual timing without durationSeconds", async () => {
    const result = await runBenchmark(defineBenchmark({ id: "bad-manual", timing: "manual", run: () => 5 }));
    expect(result.status).toBe("failed");
  });

  it("integrates energy over the sampling window from a telemetry source", async () => {
    const result = await runBenchmark(defineBenchmark({ id: "energy", run: () => 0 }), {
      sampling: { timeBudgetSeconds: 0.1 },
      telemetry: {
        energyBetween: (start, end) => ({
          energyJoules: ((end - start) / 1000) * 300,
          averagePowerWatts: 300,
          durationSeconds: (end - start) / 1000,
        }),
      },
    });
    expect(result.energy?.averagePowerWatts).toBe(300);
    expect(result.energy?.source).toContain("nvidia-smi");
  });

  it("runs an async benchmark", async () => {
    const result = await runBenchmark(defineBenchmark({ id: "async", run: async () => 1, verify: (v) => v === 1 }), {
      sampling: { timeBudgetSeconds: 0.2 },
    });
    expect(result.status).toBe("passed");
  });
});

describe("runBenchmark keeps results alive", () => {
  it("stores every iteration's result (the last one is what verify sees) and says so", async () => {
    let calls = 0;
    const result = await runBenchmark(
      defineBenchmark({
        id: "counter",
        run: () => {
          calls += 1;
          return calls;
        },
        // The verified output is the last call's: the sink hands back the right slot.
        verify: (value) => value === calls,
      }),
      { suite: "test", sampling: { timeBudgetSeconds: 0.2 } },
    );
    expect(result.status).toBe("passed");
    expect(result.notes.some((n) => n.includes("kept alive"))).toBe(true);
  });
});

describe("runSuite and the result schema", () => {
  it("writes a result set that round-trips through JSON and the zod schema", async () => {
    const suite = defineSuite({
      id: "demo",
      description: "demo",
      benchmarks: [
        defineBenchmark({ id: "noop", run: () => 0 }),
        defineBenchmark({ id: "fails", run: () => 0, verify: () => false }),
      ],
    });
    const events: number[] = [];
    const set = await runSuite(suite, {
      environment,
      sampling: { timeBudgetSeconds: 0.1 },
      onProgress: (event) => events.push(event.index),
    });
    const parsed = benchResultSetSchema.parse(JSON.parse(JSON.stringify(set)));
    expect(parsed.results.map((r) => r.status)).toEqual(["passed", "failed"]);
    expect(events).toEqual([0, 1, 1, 2]);
  });

  it("rejects non-kebab ids and duplicate benchmarks", () => {
    expect(() => defineBenchmark({ id: "Bad Id", run: () => 0 })).toThrow(/kebab/);
    expect(() =>
      defineSuite({
        id: "x",
        description: "",
        benchmarks: [defineBenchmark({ id: "a", run: () => 0 }), defineBenchmark({ id: "a", run: () => 0 })],
      }),
    ).toThrow(/twice/);
  });
});

function fakeResult(
  benchmark: string,
  samples: number[],
  status: BenchmarkResult["status"] = "passed",
): BenchmarkResult {
  return {
    suite: "s",
    benchmark,
    parameters: {},
    status,
    samplesSeconds: samples,
    iterationsPerSample: 1,
    warmupIterations: 0,
    stopReason: "ci-target",
    metrics: [],
    notes: [],
  };
}

describe("compareResults", () => {
  const random = createRandom(11);
  const noisy = (center: number, n = 30) => Array.from({ length: n }, () => center * (1 + (random() - 0.5) * 0.02));

  it("detects a 10 % regression, a 10 % improvement and no change", () => {
    const baseline = createResultSet(environment, [
      fakeResult("slower", noisy(1)),
      fakeResult("faster", noisy(1)),
      fakeResult("same", noisy(1)),
      fakeResult("gone", noisy(1)),
    ]);
    const candidate = createResultSet(environment, [
      fakeResult("slower", noisy(1.1)),
      fakeResult("faster", noisy(0.9)),
      fakeResult("same", noisy(1)),
      fakeResult("new", noisy(1)),
    ]);
    const comparison = compareResults(baseline, candidate);
    const verdicts = Object.fromEntries(comparison.rows.map((r) => [r.key, r.verdict]));
    expect(verdicts).toEqual({
      "s/slower{}": "regression",
      "s/faster{}": "improvement",
      "s/same{}": "unchanged",
      "s/gone{}": "missing-candidate",
      "s/new{}": "missing-baseline",
    });
    const slower = comparison.rows.find((r) => r.key === "s/slower{}");
    expect(slower?.relativeChange).toBeGreaterThan(0.08);
    expect(slower?.relativeChangeCi?.lower).toBeGreaterThan(0.05);
    expect(comparison.hasRegression).toBe(true);
  });

  it("flags a candidate that failed", () => {
    const comparison = compareResults(
      createResultSet(environment, [fakeResult("k", noisy(1))]),
      createResultSet(environment, [
        {
          ...fakeResult("k", []),
          status: "failed",
          stopReason: "failed",
          failure: { code: "VERIFICATION_FAILED", message: "wrong" },
        },
      ]),
    );
    expect(comparison.rows[0]?.verdict).toBe("failed");
    expect(comparison.hasRegression).toBe(true);
  });
});
