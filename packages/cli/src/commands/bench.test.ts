import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BatchingTestServer, parseMeasuredServing, startBatchingTestServer } from "@aifactory/bench";
import { kernelTablesSchema } from "@aifactory/kernels";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../run";

/**
 * Runs `aif` in-process. Uses `runCli` once `registerBenchCommands` is wired into the program; until then it
 * registers the command on a fresh program and maps errors to exit codes the way the runner does.
 */
const aif = (argv: string[]) => runCli(argv);

const dir = mkdtempSync(join(tmpdir(), "aif-bench-"));
const ncclFixture = new URL("../../../bench/src/parsers/__fixtures__/nccl-tests-all-reduce-2.19.6.txt", import.meta.url)
  .pathname;
const fakeTorchPython = new URL(
  "../../../bench/src/runners/__fixtures__/fake-torch-kernels-python.cjs",
  import.meta.url,
).pathname;
const mllogFixture = new URL("../../../bench/src/parsers/__fixtures__/mllog-bert-slurm-prefixed.log", import.meta.url)
  .pathname;

let server: Server;
let baseUrl = "";
beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      let i = 0;
      const tick = () => {
        response.write(`data: ${JSON.stringify({ choices: [{ index: 0, text: "x" }] })}\n\n`);
        if (++i < 3) setTimeout(tick, 5);
        else {
          response.write("data: [DONE]\n\n");
          response.end();
        }
      };
      setTimeout(tick, 10);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("aif bench", () => {
  it("list shows the built-in runners", async () => {
    const result = await aif(["bench", "list", "--json"]);
    expect(result.exitCode).toBe(0);
    const suites = JSON.parse(result.stdout).suites.map((s: { suite: string }) => s.suite);
    expect(suites).toEqual(expect.arrayContaining(["cpu", "webgpu"]));
  }, 60_000);

  it("run cpu writes a schema-valid result set; compare finds no regression against itself", async () => {
    const out = join(dir, "cpu.json");
    const result = await aif(["bench", "run", "cpu", "--time-budget-s", "0.2", "--out", out, "--json"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const set = JSON.parse(result.stdout);
    expect(set.kind).toBe("aifactory-bench-results");
    expect(set.results.map((r: { benchmark: string }) => r.benchmark)).toEqual(["matmul", "triad"]);
    expect(JSON.parse(readFileSync(out, "utf8")).results).toHaveLength(2);
    const compared = await aif(["bench", "compare", out, out, "--json", "--fail-on-regression"]);
    expect(compared.exitCode).toBe(0);
    expect(JSON.parse(compared.stdout).rows.every((r: { verdict: string }) => r.verdict === "unchanged")).toBe(true);
    const table = await aif(["bench", "run", "triad", "--backend", "cpu", "--time-budget-s", "0.1"]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain("cpu/triad");
  }, 60_000);

  it("rejects an unknown suite with exit 2 and a suggestion", async () => {
    const result = await aif(["bench", "run", "cpuu"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("cpu");
  });

  it("parses nccl-tests and mllog output, then calibrates against the catalog", async () => {
    const parsed = await aif(["bench", "parse", "nccl-tests", ncclFixture, "--json"]);
    expect(parsed.exitCode, parsed.stderr).toBe(0);
    const resultFile = join(dir, "nccl.json");
    writeFileSync(resultFile, parsed.stdout);
    expect(JSON.parse(parsed.stdout).results).toHaveLength(20);
    const table = await aif(["bench", "parse", "nccl-tests", ncclFixture]);
    expect(table.stdout).toContain("234.89");
    const calibrationFile = join(dir, "calibration.json");
    const calibrated = await aif([
      "bench",
      "calibrate",
      resultFile,
      "--accelerator",
      "nvidia-a100-sxm-80gb",
      "--out",
      calibrationFile,
      "--json",
    ]);
    expect(calibrated.exitCode, calibrated.stderr).toBe(0);
    expect(JSON.parse(readFileSync(calibrationFile, "utf8")).efficiency.scaleUpBusBandwidthRatio).toBeGreaterThan(0.7);
    const mllog = await aif(["bench", "parse", "mllog", mllogFixture, "--json"]);
    expect(JSON.parse(mllog.stdout).summary.status).toBe("aborted");
    const badAccelerator = await aif(["bench", "calibrate", resultFile, "--accelerator", "nvidia-a100-sxm"]);
    expect(badAccelerator.exitCode).toBe(2);
  });

  it("serve load-tests a local endpoint and reports percentiles", async () => {
    const result = await aif([
      "bench",
      "serve",
      "--url",
      baseUrl,
      "--model",
      "m",
      "--concurrency",
      "2",
      "--requests",
      "4",
      "--osl",
      "3",
      "--slo-ttft-ms",
      "5000",
      "--json",
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.succeeded).toBe(4);
    expect(report.ttftMs.p50).toBeGreaterThan(0);
    expect(report.goodputRatio).toBe(1);
    expect(report.records).toBeUndefined();
    const both = await aif(["bench", "serve", "--url", baseUrl, "--model", "m", "--rate", "1", "--concurrency", "2"]);
    expect(both.exitCode).toBe(2);
  });

  it("cluster writes a Slurm script and merges per-node results", async () => {
    const out = join(dir, "cluster");
    const result = await aif([
      "bench",
      "cluster",
      "--scheduler",
      "slurm",
      "--nodes",
      "2",
      "--gpus-per-node",
      "8",
      "--suite",
      "nccl",
      "--out",
      out,
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(join(out, "aif-bench-nccl.sbatch"), "utf8")).toContain("#SBATCH --nodes=2");
    const k8s = await aif([
      "bench",
      "cluster",
      "--scheduler",
      "kubernetes",
      "--nodes",
      "2",
      "--gpus-per-node",
      "8",
      "--suite",
      "webgpu",
      "--json",
    ]);
    expect(JSON.parse(JSON.parse(k8s.stdout).files[0].content).kind).toBe("Job");
    const parsed = await aif(["bench", "parse", "nccl-tests", ncclFixture, "--json"]);
    const a = join(dir, "merge", "node-a.json");
    writeFileSync(join(dir, "node-a.json"), parsed.stdout);
    writeFileSync(join(dir, "node-b.json"), parsed.stdout);
    const merged = await aif([
      "bench",
      "cluster",
      "--merge",
      join(dir, "node-a.json"),
      join(dir, "node-b.json"),
      "--json",
    ]);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout).results).toHaveLength(40);
    expect(a).toContain("merge");
    const bad = await aif(["bench", "cluster", "--scheduler", "pbs", "--nodes", "2", "--gpus-per-node", "8"]);
    expect(bad.exitCode).toBe(2);
  });

  it("kernels sweeps through a fake python and writes kernel tables that kernelTablesSchema parses", async () => {
    const python = join(dir, "python3");
    writeFileSync(python, `#!${process.execPath}\nrequire(${JSON.stringify(fakeTorchPython)});\n`);
    chmodSync(python, 0o755);
    const out = join(dir, "kernels", "h100.json");
    const json = await aif([
      "bench",
      "kernels",
      "--gpu",
      "nvidia-h100-sxm",
      "--python",
      python,
      "--quick",
      "--out",
      out,
      "--json",
    ]);
    expect(json.exitCode, json.stderr).toBe(0);
    const printed = kernelTablesSchema.parse(JSON.parse(json.stdout));
    const written = kernelTablesSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(written).toEqual(printed);
    expect(written.acceleratorId).toBe("nvidia-h100-sxm");
    expect(written.source.measuredBy).toBe("aif bench kernels (PyTorch)");
    expect(written.gemm.map((t) => [t.dtype, t.m])).toEqual([["bf16", [1, 1024]]]);
    expect(written.gemm[0]?.latencyUs).toEqual([5 + (2 * 4096 * 4096) / 7e8, null]);
    expect(written.contextAttention).toHaveLength(1);
    expect(written.moe).toHaveLength(1);
    expect(json.stderr).toContain("skipped 3 case(s)");
    expect(json.stderr).toContain("gemm fp8: FP8 GEMMs need compute capability 8.9 or newer");
    const table = await aif([
      "bench",
      "kernels",
      "--gpu",
      "nvidia-h100-sxm",
      "--python",
      python,
      "--quick",
      "--out",
      out,
    ]);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toContain("context attention");
    expect(table.stdout).toContain("1/2");
    expect(table.stdout).toContain(`wrote ${out}`);
  });

  it("kernels --sweep check --compare measures the check shapes and sets them against the built-in tables", async () => {
    const python = join(dir, "python3-check");
    writeFileSync(python, `#!${process.execPath}\nrequire(${JSON.stringify(fakeTorchPython)});\n`);
    chmodSync(python, 0o755);
    const out = join(dir, "kernels", "h100-check.json");
    const args = ["bench", "kernels", "--gpu", "nvidia-h100-sxm", "--python", python, "--sweep", "check"];
    const json = await aif([...args, "--compare", "--out", out, "--json"]);
    expect(json.exitCode, json.stderr).toBe(0);
    const printed = JSON.parse(json.stdout) as {
      tables: unknown;
      comparison: {
        rows: { kernel: string; referenceSource: string; ratio: number }[];
        summaries: { kernel: string }[];
      };
    };
    const tables = kernelTablesSchema.parse(printed.tables);
    expect(tables.gemm.map((t) => [t.dtype, t.m, t.n, t.k])).toEqual([
      ["bf16", [16, 1024, 8192], [4096, 8192], [8192]],
    ]);
    expect(tables.moe).toEqual([]);
    // The check shapes sit on the built-in grid: every GEMM and attention point is compared with a measurement.
    const rows = printed.comparison.rows;
    // The fake python skips the largest bf16 GEMM (out of memory) and every fp8 GEMM: 5 of the 12 GEMM shapes.
    expect(rows.filter((r) => r.kernel === "gemm")).toHaveLength(5);
    expect(rows.filter((r) => r.kernel === "context-attention")).toHaveLength(4);
    expect(rows.filter((r) => r.kernel === "generation-attention")).toHaveLength(2);
    for (const row of rows) {
      expect(row.referenceSource).toBe("measured");
      expect(row.ratio).toBeGreaterThan(0);
    }
    expect(printed.comparison.summaries.at(-1)?.kernel).toBe("all");
    const text = await aif([...args, "--compare", "--out", out]);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain("against:  built-in");
    expect(text.stdout).toContain("geomean ratio");
    const bad = await aif([...args, "--sweep", "huge"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--sweep");
  });

  it("kernels --emit-script writes a sweep for a machine without Node.js; --from-output reads its output back", async () => {
    const python = join(dir, "python3-emit");
    writeFileSync(python, `#!${process.execPath}\nrequire(${JSON.stringify(fakeTorchPython)});\n`);
    chmodSync(python, 0o755);
    const folder = join(dir, "emitted");
    const gpu = ["bench", "kernels", "--gpu", "nvidia-h100-sxm"];
    const emitted = await aif([...gpu, "--sweep", "check", "--emit-script", folder]);
    expect(emitted.exitCode, emitted.stderr).toBe(0);
    expect(emitted.stdout).toContain("--from-output sweep.jsonl --compare");
    const spec = JSON.parse(readFileSync(join(folder, "spec.json"), "utf8"));
    expect(spec.gemm.m).toEqual([16, 1024, 8192]);
    expect(readFileSync(join(folder, "torch_kernels.py"), "utf8")).toContain("scaled_dot_product_attention");
    const { execFileSync } = await import("node:child_process");
    const output = execFileSync("sh", [join(folder, "run.sh")], { env: { ...process.env, PYTHON: python } });
    const captured = join(dir, "sweep.jsonl");
    writeFileSync(captured, output);
    const back = await aif([
      ...gpu,
      "--from-output",
      captured,
      "--compare",
      "--out",
      join(dir, "from-output.json"),
      "--json",
    ]);
    expect(back.exitCode, back.stderr).toBe(0);
    const printed = JSON.parse(back.stdout) as { tables: { device: string }; comparison: { rows: unknown[] } };
    expect(printed.tables.device).toBe("Fake GPU 80GB");
    expect(printed.comparison.rows).toHaveLength(11);
    const both = await aif([...gpu, "--emit-script", folder, "--from-output", captured]);
    expect(both.exitCode).toBe(2);
    const notOutput = await aif([...gpu, "--from-output", join(folder, "spec.json")]);
    expect(notOutput.exitCode).not.toBe(0);
    expect(notOutput.stderr).not.toMatch(/\n\s+at /);
  });

  it("kernels rejects bad input with exit 2 and maps a failing python to exit 1", async () => {
    const unknownGpu = await aif(["bench", "kernels", "--gpu", "nvidia-h100", "--python", "no-such-python-aif"]);
    expect(unknownGpu.exitCode).toBe(2);
    expect(unknownGpu.stderr).toContain('unknown accelerator "nvidia-h100"');
    expect((await aif(["bench", "kernels"])).exitCode).toBe(2);
    const badTimeout = await aif(["bench", "kernels", "--gpu", "nvidia-h100-sxm", "--timeout-s", "soon"]);
    expect(badTimeout.exitCode).toBe(2);
    const python = join(dir, "failing-python3");
    writeFileSync(
      python,
      `#!${process.execPath}\nprocess.stderr.write("RuntimeError: CUDA error\\n");\nprocess.exit(1);\n`,
    );
    chmodSync(python, 0o755);
    const failed = await aif([
      "bench",
      "kernels",
      "--gpu",
      "nvidia-h100-sxm",
      "--python",
      python,
      "--out",
      join(dir, "x.json"),
    ]);
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toContain("exited with code 1");
    const missing = await aif(["bench", "kernels", "--gpu", "nvidia-h100-sxm", "--python", "no-such-python-aif"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("no-such-python-aif");
  });
});

describe("aif bench run input checks", () => {
  it("a WebGPU matmul size that is not a multiple of 16 is an input error (exit 2)", async () => {
    const out = await runCli(["bench", "run", "webgpu", "--matmul-sizes", "17"]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain("multiple of 16");
  });
});

describe("aif bench serve: sweeps, trace replay, measured JSON", () => {
  let batching: BatchingTestServer;
  beforeAll(async () => {
    batching = await startBatchingTestServer({ iterationBaseSeconds: 0.005, maxBatchSize: 4, prefixCaching: true });
  });
  afterAll(async () => {
    await batching.close();
  });
  const serve = (...args: string[]) =>
    aif(["bench", "serve", "--url", batching.baseUrl, "--model", "m", "--osl", "3", "--isl", "16", ...args]);

  it("sweeps concurrencies and writes the measured JSON and Markdown and HTML reports", async () => {
    const out = join(dir, "sweep", "measured.json");
    const html = join(dir, "sweep", "report.html");
    const result = await serve(
      "--concurrencies",
      "1,2",
      "--requests",
      "4",
      "--slo-ttft-ms",
      "5000",
      "--out",
      out,
      "--report",
      html,
      "--json",
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const sweep = JSON.parse(result.stdout);
    expect(sweep.kind).toBe("concurrency");
    expect(sweep.points.map((p: { concurrency: number }) => p.concurrency)).toEqual([1, 2]);
    expect(sweep.points[0].sloAttainmentRatio).toBe(1);
    expect(sweep.points[0].report.records).toBeUndefined();
    const measured = parseMeasuredServing(readFileSync(out, "utf8"));
    expect(measured.sweep?.kind).toBe("concurrency");
    expect(measured.runs.map((r) => r.requests.length)).toEqual([4, 4]);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("<svg");
    expect(page).toContain("aif bench serve: m");
    const markdown = join(dir, "sweep", "report.md");
    const table = await serve("--rates", "50,100", "--requests", "3", "--report", markdown);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/rate[\s\S]*goodputRps/);
    expect(table.stdout).toContain(`wrote ${markdown}`);
    expect(readFileSync(markdown, "utf8").split("\n")[0]).toMatch(/^\| offered rate \(req\/s\) \|/);
  });

  it("replays a trace whose sessions share prefixes, and writes the measured arrivals as a trace", async () => {
    const trace = join(dir, "trace.jsonl");
    writeFileSync(
      trace,
      [
        { arrivalSeconds: 0, inputTokens: 10, outputTokens: 2, sessionId: "a" },
        { arrivalSeconds: 1, inputTokens: 16, outputTokens: 2, sessionId: "a" },
        { arrivalSeconds: 1.5, inputTokens: 9, outputTokens: 3 },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    const out = join(dir, "trace-measured.json");
    const outTrace = join(dir, "trace-measured.jsonl");
    const before = batching.requests.length;
    const result = await serve("--trace", trace, "--time-scale", "10", "--out", out, "--out-trace", outTrace, "--json");
    expect(result.exitCode, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.requests).toBe(3);
    expect(summary.setup.arrival).toEqual({ kind: "trace", timeScale: 10, blockTokens: 512, recordCount: 3 });
    const seen = batching.requests.slice(before).filter((r) => !r.prompt.includes("warmup"));
    const first = seen.find((r) => r.promptTokens === 10);
    const second = seen.find((r) => r.promptTokens === 16);
    expect(second?.prompt.startsWith(first?.prompt ?? "-")).toBe(true);
    const run = parseMeasuredServing(readFileSync(out, "utf8")).runs[0];
    expect(run?.requests.map((r) => r.inputTokens)).toEqual([10, 16, 9]);
    expect(run?.requests[1]?.sessionId).toBe("a");
    const replay = readFileSync(outTrace, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(replay.map((r: { inputTokens: number }) => r.inputTokens)).toEqual([10, 16, 9]);
  });

  it("runs synthetic multi-turn sessions", async () => {
    const result = await serve(
      "--concurrency",
      "2",
      "--requests",
      "4",
      "--session-turns",
      "2",
      "--session-isl",
      "5",
      "--json",
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).setup.sessions.turns).toEqual({ kind: "fixed", tokens: 2 });
  });

  it.each([
    [["--rates", "1,x"], "--rates"],
    [["--rates", "1,,2"], "--rates"],
    [["--concurrencies", "1.5"], "--concurrencies"],
    [["--rates", "1", "--trace", "t.jsonl"], "pass exactly one of"],
    [["--rate", "1", "--time-scale", "2"], "--time-scale: only applies with --trace"],
    [["--rate", "1", "--report", "r.html"], "--report: only applies with --rates or --concurrencies"],
    [["--rates", "1", "--out-trace", "t.jsonl"], "--out-trace"],
    [["--rates", "1", "--min-slo-attainment", "2"], "--min-slo-attainment"],
    [["--rate", "1", "--session-isl", "4"], "--session-turns"],
    [["--trace", "/no/such/trace.jsonl"], "/no/such/trace.jsonl"],
    [["--trace", "t.jsonl", "--trace-format", "csv"], "--trace-format"],
  ])("rejects %j with exit 2, naming %s", async (args, expected) => {
    const result = await serve(...args);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain(expected);
  });

  it("names the flag and the trace line of a malformed trace, and the flag of a library-checked option", async () => {
    const trace = join(dir, "bad-trace.jsonl");
    writeFileSync(
      trace,
      `${JSON.stringify({ arrivalSeconds: 0, inputTokens: 4, outputTokens: 1 })}\n{"arrivalSeconds": 1, "inputTokens": -3, "outputTokens": 1}\n`,
    );
    const result = await serve("--trace", trace);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`--trace ${trace}`);
    expect(result.stderr).toContain("line 2");
    const dataset = join(dir, "dataset.json");
    writeFileSync(dataset, JSON.stringify([{ prompt: "hi" }]));
    const both = await serve("--rate", "1", "--dataset", dataset, "--session-turns", "2");
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("--session-turns: cannot be combined with dataset prompts");
  });
});
