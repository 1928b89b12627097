import { AifError, isAifError } from "@aifactory/core";
import { benchmarkResultSchema } from "../harness/result-schema";
import { type BenchRunnerV1, benchRunnerV1Schema } from "./bench-runner-v1";

/**
 * The outcome of the contract checks.
 *
 * @example
 * ```ts
 * import type { BenchRunnerContractReport } from "@aifactory/bench";
 * const failures = (report: BenchRunnerContractReport) => report.failed.map((f) => `${f.check}: ${f.message}`);
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export interface BenchRunnerContractReport {
  passed: string[];
  failed: Array<{ check: string; message: string }>;
  /** True when the runner said it is unavailable here, so run() checks were skipped. */
  skippedRunChecks: boolean;
}

/**
 * The contract test suite of {@link BenchRunnerV1}: plugin authors call it from their own tests. It checks the
 * shape, that `isAvailable()` does not throw, that an unknown suite is `NOT_FOUND`, and (when available) that
 * running the first suite returns schema-valid results for that suite where failed results carry no numbers.
 *
 * @param factory - makes a fresh runner
 * @param options - which suite to run (default the first) and its time budget (default 0.2 s)
 * @returns the report of passed checks
 * @throws AifError `VERIFICATION_FAILED` listing every failed check
 * @example
 * ```ts
 * import { cpuRunner, runBenchRunnerContract } from "@aifactory/bench";
 * const report = await runBenchRunnerContract(() => cpuRunner, { timeBudgetSeconds: 0.1 });
 * report.failed; // []
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export async function runBenchRunnerContract(
  factory: () => BenchRunnerV1 | Promise<BenchRunnerV1>,
  options: { suite?: string; timeBudgetSeconds?: number } = {},
): Promise<BenchRunnerContractReport> {
  const report: BenchRunnerContractReport = { passed: [], failed: [], skippedRunChecks: false };
  const check = async (name: string, body: () => void | Promise<void>) => {
    try {
      await body();
      report.passed.push(name);
    } catch (error) {
      report.failed.push({ check: name, message: error instanceof Error ? error.message : String(error) });
    }
  };
  const runner = await factory();
  const assert = (condition: boolean, message: string) => {
    if (!condition) throw new Error(message);
  };
  await check("shape: specificationVersion v1, kebab-case id, functions", () => {
    const parsed = benchRunnerV1Schema.safeParse(runner);
    assert(parsed.success, parsed.success ? "" : (parsed.error.issues[0]?.message ?? "invalid"));
  });
  let suites: ReturnType<BenchRunnerV1["suites"]> = [];
  await check("suites(): at least one suite with kebab-case ids", () => {
    suites = runner.suites();
    assert(Array.isArray(suites) && suites.length > 0, "suites() returned no suite");
    for (const suite of suites)
      assert(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(suite.id), `suite id "${suite.id}" is not kebab-case`);
  });
  let available = false;
  await check("isAvailable(): resolves without throwing", async () => {
    const result = await runner.isAvailable();
    assert(typeof result.available === "boolean", "isAvailable() must resolve to { available: boolean }");
    available = result.available;
  });
  await check("run(): an unknown suite rejects with NOT_FOUND", async () => {
    try {
      await runner.run({ suite: "no-such-suite-for-contract" });
    } catch (error) {
      assert(
        isAifError(error) && error.code === "NOT_FOUND",
        `rejected with ${String(error)} instead of a NOT_FOUND AifError`,
      );
      return;
    }
    throw new Error("run() of an unknown suite resolved");
  });
  if (!available) {
    report.skippedRunChecks = true;
  } else {
    const suite = options.suite ?? suites[0]?.id ?? "";
    await check(`run("${suite}"): schema-valid results for that suite; failures carry no numbers`, async () => {
      const progress: number[] = [];
      const results = await runner.run({
        suite,
        timeBudgetSeconds: options.timeBudgetSeconds ?? 0.2,
        onProgress: (done) => progress.push(done),
      });
      assert(Array.isArray(results) && results.length > 0, "run() returned no results");
      for (const result of results) {
        const parsed = benchmarkResultSchema.safeParse(JSON.parse(JSON.stringify(result)));
        assert(parsed.success, `result ${result.benchmark} does not match benchmarkResultSchema`);
        assert(result.suite === suite, `result suite "${result.suite}" differs from "${suite}"`);
        if (result.status === "failed") {
          assert(result.failure !== undefined, `failed result ${result.benchmark} has no failure`);
          assert(
            result.metrics.length === 0 && result.summary === undefined,
            `failed result ${result.benchmark} carries numbers`,
          );
        }
      }
    });
  }
  if (report.failed.length > 0) {
    throw new AifError(
      "VERIFICATION_FAILED",
      `bench runner "${runner.id}" fails the BenchRunnerV1 contract: ${report.failed.map((f) => `${f.check}: ${f.message}`).join("; ")}`,
      { hint: "see the rules in the BenchRunnerV1 documentation", details: { ...report } },
    );
  }
  return report;
}
