import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

const base = [
  "--model",
  "gpt-3-175b",
  "--gpu",
  "nvidia-a100-sxm-80gb",
  "--gpus",
  "64",
  "--global-batch",
  "64",
  "--seq",
  "2048",
];

describe("aif train", () => {
  it("prints the contract fields as JSON", async () => {
    const result = await aif(["--json", "train", ...base, "--tp", "8", "--pp", "8", "--vpp", "3", "--zero", "0"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout);
    for (const key of [
      "stepTimeSeconds",
      "modelTflopsPerGpu",
      "hardwareTflopsPerGpu",
      "mfuRatio",
      "hfuRatio",
      "tokensPerSecond",
    ]) {
      expect(typeof out[key]).toBe("number");
    }
    for (const key of ["totalBytes", "weightsBytes", "gradientsBytes", "optimizerBytes", "activationsBytes"]) {
      expect(typeof out.memory[key]).toBe("number");
    }
    expect(typeof out.memory.fits).toBe("boolean");
    expect(out.breakdown).toBeTypeOf("object");
    expect(Array.isArray(out.assumptions)).toBe(true);
    expect(Array.isArray(out.warnings)).toBe(true);
    expect(out.config.dp).toBe(1);
  });

  it("with --tokens adds timeToTrainDays, gpuHours and goodputRatio", async () => {
    const result = await aif(["--json", "train", ...base, "--tp", "8", "--pp", "8", "--tokens", "3e11"]);
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.timeToTrainDays).toBeGreaterThan(0);
    expect(out.gpuHours).toBeGreaterThan(0);
    expect(out.goodputRatio).toBeGreaterThan(0);
    expect(out.goodputRatio).toBeLessThan(1);
    const tiered = await aif([
      "--json",
      "train",
      ...base,
      "--tp",
      "8",
      "--pp",
      "8",
      "--tokens",
      "3e11",
      "--checkpoint-storage",
      "parallel-fs-dgx-superpod",
    ]);
    expect(JSON.parse(tiered.stdout).checkpointWriteGBps).toBe(40 * 8);
  });

  it("--kernels none prices GEMMs analytically; the default uses the measured tables and says so", async () => {
    const flags = ["--json", "train", ...base, "--tp", "8", "--pp", "8", "--vpp", "3"];
    const measured = JSON.parse((await aif(flags)).stdout) as {
      stepTimeSeconds: number;
      kernelSources: { gemm: string };
    };
    const analytic = JSON.parse((await aif([...flags, "--kernels", "none"])).stdout) as typeof measured;
    expect(measured.kernelSources.gemm).not.toBe("analytic");
    expect(analytic.kernelSources.gemm).toBe("analytic");
    expect(measured.stepTimeSeconds).not.toBe(analytic.stepTimeSeconds);
    const text = await aif(["train", ...base, "--tp", "8", "--pp", "8", "--vpp", "3"]);
    expect(text.stdout).toMatch(/kernels\s+gemm (measured|interpolated|extrapolated)/);
  });

  it("--kernels with a file for another GPU exits 2 naming the flag", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-train-kernels-"));
    const file = join(dir, "tables.json");
    writeFileSync(
      file,
      JSON.stringify({
        formatVersion: 1,
        acceleratorId: "nvidia-h100-sxm",
        source: { title: "t" },
        gemm: [{ dtype: "bf16", m: [1024], n: [1024], k: [1024], latencyUs: [10] }],
      }),
    );
    const result = await aif(["train", ...base, "--tp", "8", "--pp", "8", "--kernels", file]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--kernels/);
  });

  it("offloads the optimizer over a given host link", async () => {
    const args = ["--json", "train", ...base, "--tp", "8", "--pp", "8", "--zero", "0"];
    const result = await aif([...args, "--offload-optimizer", "--host-link-gbps", "64"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).memory.optimizerBytes).toBe(0);
    const missing = await aif([...args, "--offload-optimizer"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/hostLinkGBps/);
  });

  it("trains DeepSeek-V3 as its report did: DualPipe, DeepEP with node-limited routing, MTP, FP8 recipe; it fits", async () => {
    const argv = [
      "--model",
      "deepseek-v3",
      "--gpu",
      "nvidia-h800-sxm",
      "--gpus",
      "2048",
      "--pp",
      "16",
      "--ep",
      "64",
      "--global-batch",
      "15360",
      "--seq",
      "4096",
      "--precision",
      "fp8",
      "--pipeline-schedule",
      "dualpipe",
      "--mtp-layers",
      "1",
      "--recompute-modules",
      "layernorm,mla_up_proj,moe_act",
      "--optimizer-moments",
      "bf16",
      "--fp8-primary-weights",
      "--fp8-activation-cache",
      "gemm-and-swiglu-inputs",
      "--moe-dispatcher",
      "deepep",
      "--node-limited-routing",
      "4",
    ];
    const json = await aif(["--json", "train", ...argv]);
    expect(json.exitCode).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.memory.fits).toBe(true);
    expect(out.config.pipelineSchedule).toBe("dualpipe");
    expect(out.config.moe).toMatchObject({ dispatcher: "deepep", maxNodesPerToken: 4, routing: "learned" });
    expect(out.breakdown.mtpSeconds).toBeGreaterThan(0);
    const text = await aif(["train", ...argv]);
    expect(text.stdout).toContain("DualPipe");
    expect(text.stdout).toContain("deepep dispatcher, at most 4 nodes per token");
    expect(text.stdout).toMatch(/MTP \d/);
  });

  it("rejects a misspelt dispatcher or recompute module with a suggestion, exit 2", async () => {
    const moe = ["--model", "qwen3-235b-a22b", "--gpu", "nvidia-h100-sxm", "--gpus", "256", "--tp", "2", "--pp", "8"];
    const rest = ["--ep", "32", "--global-batch", "2048", "--seq", "4096"];
    const bad = await aif(["train", ...moe, ...rest, "--moe-dispatcher", "deeep"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("did you mean --moe-dispatcher deepep?");
    const module = await aif(["train", ...moe, ...rest, "--recompute-modules", "layernorm,moe_ac"]);
    expect(module.exitCode).toBe(2);
    expect(module.stderr).toContain("--recompute-modules");
  });

  it("names every violated constraint and exits 2", async () => {
    const result = await aif(["train", ...base, "--tp", "5", "--pp", "128"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/tp: must divide attentionHeads/);
    expect(result.stderr).toMatch(/pp: pp x vpp = 128 must not exceed layers \(96\)/);
    expect(result.stdout).toBe("");
  });

  it("reports missing flags and bad choices with exit code 2", async () => {
    expect((await aif(["train", "--model", "gpt-3-175b"])).stderr).toMatch(/--gpus: is required/);
    const bad = await aif(["train", ...base, "--recompute", "ful"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/did you mean --recompute full/);
  });

  it("accepts an architecture file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-train-"));
    const file = join(dir, "model.json");
    writeFileSync(
      file,
      JSON.stringify({
        id: "tiny",
        layers: 4,
        hiddenSize: 512,
        attentionHeads: 8,
        kvHeads: 8,
        ffnHiddenSize: 2048,
        vocabSize: 32000,
        ffnActivation: "gelu",
      }),
    );
    const result = await aif([
      "--json",
      "train",
      ...base.slice(2),
      "--model",
      file,
      "--gpus",
      "8",
      "--global-batch",
      "8",
    ]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).memory.fits).toBe(true);
  });
});

describe("aif train search", () => {
  it("returns evaluatedCount, elapsedMs and results", async () => {
    const result = await aif([
      "--json",
      "train",
      "search",
      "--model",
      "llama-2-7b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "16",
      "--global-batch",
      "64",
      "--seq",
      "4096",
      "--top",
      "3",
    ]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.evaluatedCount).toBeGreaterThan(10);
    expect(out.elapsedMs).toBeGreaterThan(0);
    expect(out.results).toHaveLength(3);
    expect(out.results[0].config.tp).toBeTypeOf("number");
    expect(out.results[0].mfuRatio).toBeGreaterThan(0);
  });
});

describe("aif train errors name the flags typed", () => {
  it("problems point at --tp, --global-batch, --seq, not at library fields", async () => {
    const out = await aif([
      "train",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "8",
      "--tp",
      "3",
      "--global-batch",
      "7",
      "--seq",
      "4097",
    ]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain("  - --tp: must divide attentionHeads");
    expect(out.stderr).toContain("  - --global-batch: must be a multiple");
    expect(out.stderr).toContain("  - --no-sequence-parallel: sequence parallelism needs tp");
    expect(out.stderr).not.toMatch(/ {2}- (globalBatch|sequenceTokens|tp):/);
  });
});

describe("aif train --emit (#21)", () => {
  it("prints Megatron-LM arguments for the configuration", async () => {
    const out = await runCli([
      "train",
      "--model",
      "llama-3.1-70b",
      "--gpus",
      "64",
      "--tp",
      "8",
      "--pp",
      "2",
      "--global-batch",
      "512",
      "--seq",
      "8192",
      "--emit",
      "megatron",
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("torchrun --nproc-per-node=8 --nnodes=8 pretrain_gpt.py");
    expect(out.stdout).toContain("--tensor-model-parallel-size 8 --pipeline-model-parallel-size 2");
    expect(out.stdout).toContain("--num-layers 80");
  });

  it("--json prints a torchtitan launch whose TOML names the parallelism", async () => {
    const out = await runCli([
      "train",
      "--model",
      "llama-3.1-8b",
      "--gpus",
      "16",
      "--tp",
      "2",
      "--zero",
      "3",
      "--global-batch",
      "256",
      "--seq",
      "8192",
      "--precision",
      "fp8",
      "--emit",
      "torchtitan",
      "--gpus-per-node",
      "4",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const launch = JSON.parse(out.stdout);
    expect(launch.engine).toBe("torchtitan");
    expect(launch.command.slice(0, 3)).toEqual(["torchrun", "--nproc-per-node=4", "--nnodes=4"]);
    const toml: string = launch.configFiles[0].content;
    expect(toml).toContain("[parallelism]\ndata_parallel_replicate_degree = 1\ndata_parallel_shard_degree = 8");
    expect(toml).toContain('name = "llama3"\nflavor = "8B"\nconverters = ["float8"]');
  });

  it("an unknown framework is exit 2", async () => {
    const out = await runCli(["train", "--gpus", "8", "--global-batch", "8", "--seq", "8", "--emit", "deepspeed"]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/--emit/);
  });
});

describe("aif train search --tokens", () => {
  it("adds days to train and GPU-hours for each configuration found", async () => {
    const out = await runCli([
      "train",
      "search",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "64",
      "--global-batch",
      "256",
      "--seq",
      "4096",
      "--tokens",
      "1e11",
      "--top",
      "2",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.runs).toHaveLength(result.results.length);
    const first = result.results[0];
    const days = 1e11 / first.tokensPerSecond / 86400;
    // Goodput below 1 (failures, checkpoints) lengthens the run a little beyond the ideal.
    expect(result.runs[0].timeToTrainDays).toBeGreaterThanOrEqual(days * 0.999);
    expect(result.runs[0].timeToTrainDays).toBeLessThan(days * 1.5);
    expect(result.runs[0].gpuHours).toBeCloseTo(result.runs[0].timeToTrainDays * 24 * 64, 0);
    const text = await runCli([
      "train",
      "search",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "64",
      "--global-batch",
      "256",
      "--seq",
      "4096",
      "--tokens",
      "1e11",
      "--top",
      "2",
    ]);
    expect(text.stdout).toMatch(/GPU-hours/);
  });
});
