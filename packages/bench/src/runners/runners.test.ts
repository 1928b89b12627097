import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildNcclTestsCommand, runNcclTests } from "./nccl-tests-runner";
import { startTelemetrySampler } from "./nvidia-smi-sampler";
import { comparePeers, comparePeersInResults } from "./peer-comparison";
import { runCommand, runCommandOrThrow } from "./run-command";

describe("runCommand", () => {
  it("passes arguments verbatim without a shell", async () => {
    const { stdout, exitCode } = await runCommand(process.execPath, [
      "-e",
      "console.log(process.argv.slice(1).join('|'))",
      "a b",
      "$(rm -rf /)",
      "'q'",
    ]);
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toBe("a b|$(rm -rf /)|'q'");
  });

  it("kills a program at its timeout", async () => {
    const result = await runCommand(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { timeoutSeconds: 0.3 });
    expect(result.timedOut).toBe(true);
    await expect(
      runCommandOrThrow(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { timeoutSeconds: 0.3 }),
    ).rejects.toThrow(/timed out/);
  });

  it("turns a non-zero exit into EXTERNAL_TOOL_FAILURE and a missing program into UNSUPPORTED", async () => {
    await expect(runCommandOrThrow(process.execPath, ["-e", "process.exit(3)"])).rejects.toMatchObject({
      code: "EXTERNAL_TOOL_FAILURE",
    });
    await expect(runCommand("definitely-not-a-program-aif", [])).rejects.toMatchObject({ code: "UNSUPPORTED" });
  });
});

describe("nccl-tests runner", () => {
  it("builds argument arrays, with and without a launcher", () => {
    expect(buildNcclTestsCommand({ collective: "all-gather", binaryDirectory: "/opt/nccl-tests/build/" })).toEqual({
      program: "/opt/nccl-tests/build/all_gather_perf",
      args: ["-b", "8", "-e", "8G", "-f", "2", "-g", "1", "-n", "20", "-w", "5", "-c", "1", "-d", "float"],
    });
    const launched = buildNcclTestsCommand({
      collective: "all-reduce",
      launcher: { program: "srun", args: ["--mpi=pmix"] },
    });
    expect(launched.program).toBe("srun");
    expect(launched.args.slice(0, 2)).toEqual(["--mpi=pmix", "all_reduce_perf"]);
  });

  it("runs a fake all_reduce_perf that prints a real captured output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-nccl-"));
    const fixture = new URL("../parsers/__fixtures__/nccl-tests-all-reduce-2.19.6.txt", import.meta.url);
    const script = join(dir, "all_reduce_perf");
    writeFileSync(
      script,
      `#!${process.execPath}\nprocess.stdout.write(require("fs").readFileSync(${JSON.stringify(fixture.pathname)}, "utf8"));\n`,
    );
    chmodSync(script, 0o755);
    const { results, command } = await runNcclTests(
      { collective: "all-reduce", binaryDirectory: dir },
      { timeoutSeconds: 20 },
    );
    expect(command[0]).toBe(script);
    expect(results).toHaveLength(20);
    expect(results.every((r) => r.status === "passed")).toBe(true);
  });
});

describe("telemetry sampler", () => {
  it("samples a fake nvidia-smi and integrates energy over a window", { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-smi-"));
    const script = join(dir, "fake-smi.js");
    // Prints one telemetry line every 20 ms for two GPUs at 100 W and 200 W.
    writeFileSync(
      script,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholders belong to the generated script
      "let i = 0; setInterval(() => { for (const [g, w] of [[0, 100], [1, 200]]) process.stdout.write(`2026/11/25 10:00:00.000, ${g}, ${w}.00, 1980, 2619, 40, 100, 50, 0x0000000000000004\\n`); if (++i > 500) process.exit(0); }, 20);",
    );
    const sampler = await startTelemetrySampler({ program: process.execPath, programArgs: [script], intervalMs: 20 });
    // The fake starts a Node process, which can take a while on a loaded machine: wait for its first line.
    const waitFor = async (condition: () => boolean) => {
      for (let i = 0; i < 300 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await waitFor(() => sampler.samples.length > 0);
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const end = Date.now();
    await waitFor(() => sampler.samples.some((s) => s.timeMs > end));
    const samples = await sampler.stop();
    expect(samples.length).toBeGreaterThan(10);
    const energy = sampler.energyBetween(start, end);
    const seconds = (end - start) / 1000;
    expect(energy.energyJoules).toBeCloseTo(300 * seconds, 0);
    expect(energy.throttleReasons).toEqual(["sw-power-cap"]);
    expect(samples[0]).toMatchObject({ kernelActiveRatio: 1, memoryActiveRatio: 0.5, temperatureCelsius: 40 });
  });

  it("reports a missing nvidia-smi as UNSUPPORTED", async () => {
    await expect(startTelemetrySampler({ program: "no-such-nvidia-smi-aif" })).rejects.toMatchObject({
      code: "UNSUPPORTED",
    });
  });
});

describe("peer comparison", () => {
  it("flags a GPU at a third of its peers' bandwidth and not the healthy ones", () => {
    const verdicts = comparePeers([
      { device: "gpu0", value: 700 },
      { device: "gpu1", value: 690 },
      { device: "gpu2", value: 230 },
      { device: "gpu3", value: 705 },
    ]);
    expect(verdicts.filter((v) => v.flagged).map((v) => v.device)).toEqual(["gpu2"]);
    expect(verdicts[2]?.relativeToPeers).toBeCloseTo(230 / 700, 3);
  });

  it("handles lower-is-better metrics and groups results by key", () => {
    const base = {
      suite: "s",
      benchmark: "b",
      parameters: {},
      status: "passed" as const,
      samplesSeconds: [],
      iterationsPerSample: 1,
      warmupIterations: 0,
      stopReason: "single-shot" as const,
      notes: [],
    };
    const results = [10, 10.2, 30].map((ms, index) => ({
      ...base,
      metrics: [{ name: "timeMs", unit: "ms", value: ms, higherIsBetter: false }],
      device: { node: "n1", index },
    }));
    const verdicts = comparePeersInResults(results, "timeMs");
    expect(verdicts["s/b{}"]?.map((v) => v.flagged)).toEqual([false, false, true]);
    expect(() => comparePeers([{ device: "only", value: 1 }])).toThrow(/two devices/);
  });
});

describe("PyTorch matmul sweep", () => {
  it("parses the sweep's lines, failing a case whose check failed", async () => {
    const { parseTorchMatmulOutput } = await import("./torch-matmul-runner");
    const ok = JSON.stringify({
      m: 4096,
      n: 4096,
      k: 4096,
      dtype: "bf16",
      device: "NVIDIA H100 80GB HBM3",
      samplesSeconds: [2e-4, 2.1e-4, 1.9e-4],
      maxRelativeError: 0.004,
    });
    const bad = JSON.stringify({
      m: 4096,
      n: 4096,
      k: 4096,
      dtype: "fp16",
      device: "NVIDIA H100 80GB HBM3",
      samplesSeconds: [1e-4],
      maxRelativeError: Number.NaN,
    });
    const results = parseTorchMatmulOutput(`warning: something\n${ok}\n${bad.replace("null", "NaN")}\n`);
    expect(results[0]?.status).toBe("passed");
    expect(results[0]?.metrics[0]?.value).toBeCloseTo((2 * 4096 ** 3) / 1e12 / 2e-4, 6);
    expect(results[1]?.status).toBe("failed");
    expect(results[1]?.metrics).toEqual([]);
    expect(() => parseTorchMatmulOutput("no torch here\n")).toThrow(/printed no result/);
    // A truncated or corrupt row is an external-tool failure naming the line, not a SyntaxError or Infinity.
    expect(() => parseTorchMatmulOutput(`${ok}\n{"m": 1024, "n":`)).toThrow(/not JSON \(line 2\)/);
    expect(() =>
      parseTorchMatmulOutput(ok.replace(/"samplesSeconds":\s*\[[^\]]*\]/, '"samplesSeconds":[1e999]')),
    ).toThrow(/invalid row \(line 1\): samplesSeconds/);
  });

  it("runs the script through a fake python with the spec as one argument", async () => {
    const { runTorchMatmulSweep, torchAvailable } = await import("./torch-matmul-runner");
    const dir = mkdtempSync(join(tmpdir(), "aif-torch-"));
    const fake = join(dir, "python3");
    writeFileSync(
      fake,
      `#!${process.execPath}\nconst spec = JSON.parse(process.argv[4]);\nfor (const [m, n, k] of spec.shapes) for (const dtype of spec.dtypes) console.log(JSON.stringify({ m, n, k, dtype, device: "fake", samplesSeconds: [0.001], maxRelativeError: 0 }));\n`,
    );
    chmodSync(fake, 0o755);
    const results = await runTorchMatmulSweep({ python: fake, shapes: [[256, 256, 256]], dtypes: ["bf16", "fp32"] });
    expect(results.map((r) => r.parameters.dtype)).toEqual(["bf16", "fp32"]);
    expect((await torchAvailable("no-such-python-aif")).available).toBe(false);
  });
});
