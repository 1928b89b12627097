import { createRegistry, definePlugin } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { defineBenchmark, defineSuite } from "../harness/define-benchmark";
import { runBenchRunnerContract } from "./bench-runner-contract";
import { type BenchRunnerV1, benchRunnerKind } from "./bench-runner-v1";
import { cpuRunner, createTorchRunner } from "./builtin-runners";

describe("BenchRunnerV1 contract", () => {
  it("the built-in CPU runner meets it", async () => {
    const report = await runBenchRunnerContract(() => cpuRunner, { timeBudgetSeconds: 0.1 });
    expect(report.failed).toEqual([]);
    expect(report.passed.length).toBe(5);
  }, 60_000);

  it("the torch runner meets it (run checks skipped where torch is missing)", async () => {
    const report = await runBenchRunnerContract(() => createTorchRunner({ python: "no-such-python-aif" }));
    expect(report.failed).toEqual([]);
    expect(report.skippedRunChecks).toBe(true);
  });

  it("rejects a runner whose failed results carry numbers, and one that accepts unknown suites", async () => {
    const cheating: BenchRunnerV1 = {
      specificationVersion: "v1",
      id: "cheat",
      description: "returns numbers for a failed kernel",
      isAvailable: async () => ({ available: true }),
      suites: () => [{ id: "x", description: "", benchmarks: ["k"] }],
      run: async (request) => [
        {
          suite: request.suite,
          benchmark: "k",
          parameters: {},
          status: "failed",
          failure: { code: "VERIFICATION_FAILED", message: "wrong" },
          samplesSeconds: [],
          iterationsPerSample: 1,
          warmupIterations: 0,
          stopReason: "failed",
          metrics: [{ name: "tflops", unit: "TFLOP/s", value: 1e6, higherIsBetter: true }],
          notes: [],
        },
      ],
    };
    await expect(runBenchRunnerContract(() => cheating)).rejects.toThrow(/NOT_FOUND.*carries numbers|carries numbers/s);
    await expect(runBenchRunnerContract(() => cheating)).rejects.toThrow(/unknown suite/);
  });

  it("registers runners as plugins and rejects malformed ones", () => {
    const registry = createRegistry({ kinds: [benchRunnerKind] }).use(
      definePlugin({ name: "my-bench", version: "1.0.0", benchRunners: [cpuRunner] }),
    );
    expect(registry.get("benchRunners", "cpu").id).toBe("cpu");
    expect(() =>
      createRegistry({ kinds: [benchRunnerKind] }).use(
        definePlugin({ name: "bad", version: "1.0.0", benchRunners: [{ id: "x" }] }),
      ),
    ).toThrow(/BenchRunnerV1/);
  });

  it("suites from defineSuite make valid runners", () => {
    const suite = defineSuite({
      id: "tiny",
      description: "t",
      benchmarks: [defineBenchmark({ id: "noop", run: () => 0 })],
    });
    expect(suite.benchmarks).toHaveLength(1);
  });
});
