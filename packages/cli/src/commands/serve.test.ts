import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif serve", () => {
  it("--gpus (a flag of serve search) is an input error that points at --tp and aif serve search, not at --gpu", async () => {
    const argv = ["serve", "--model", "deepseek-v3", "--gpu", "nvidia-b200", "--gpus", "8", "--isl", "4096"];
    const out = await aif([...argv, "--osl", "1024", "--concurrency", "32"]);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain("--gpus: aif serve estimates one instance, whose GPUs are --tp x --pp");
    expect(out.stderr).toContain("--tp 8");
    expect(out.stderr).toContain("aif serve search --gpus 8");
    expect(out.stderr).not.toContain("Did you mean");
    const help = await aif(["serve", "--help"]);
    expect(help.stdout).not.toContain("--gpus");
  });

  it("--json prints the contract fields", async () => {
    const out = await aif([
      "serve",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--tp",
      "1",
      "--weights",
      "fp8",
      "--kv",
      "fp8",
      "--isl",
      "1000",
      "--osl",
      "1000",
      "--max-throughput",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const result = JSON.parse(out.stdout);
    for (const key of [
      "ttftMs",
      "tpotMs",
      "outputTokensPerSecond",
      "outputTokensPerSecondPerGpu",
      "inputTokensPerSecond",
      "concurrency",
      "kvCacheCapacityTokens",
      "maxConcurrency",
      "breakdown",
      "assumptions",
      "warnings",
    ]) {
      expect(result).toHaveProperty(key);
    }
  });

  it("prints a human summary, with prefix hits and MTP", async () => {
    const out = await aif([
      "serve",
      "--model",
      "llama-4-scout",
      "--gpu",
      "nvidia-h200-sxm",
      "--tp",
      "4",
      "--ep",
      "4",
      "--attention-dp",
      "--isl",
      "2000",
      "--osl",
      "500",
      "--concurrency",
      "64",
      "--prefix-hit-ratio",
      "0.5",
      "--mtp-acceptance",
      "0.7",
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("TTFT / TPOT");
  });

  it("exits 2 without --concurrency or --max-throughput, and on a bad ratio", async () => {
    const missing = await aif([
      "serve",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--isl",
      "1",
      "--osl",
      "1",
    ]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("--concurrency");
    const bad = await aif([
      "serve",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--isl",
      "1",
      "--osl",
      "1",
      "--concurrency",
      "1",
      "--prefix-hit-ratio",
      "2",
    ]);
    expect(bad.exitCode).toBe(2);
  });

  it("search --json returns evaluatedCount and ranked results", async () => {
    const out = await aif([
      "serve",
      "search",
      "--model",
      "llama-3.1-70b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "8",
      "--isl",
      "2000",
      "--osl",
      "500",
      "--ttft-ms",
      "2000",
      "--tpot-ms",
      "50",
      "--disaggregated",
      "--json",
    ]);
    expect(out.stderr).toBe("");
    expect(out.exitCode).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.evaluatedCount).toBeGreaterThan(0);
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results[0]).toHaveProperty("outputTokensPerSecondPerGpu");
  });

  it("search takes --weights and --kv given after the subcommand", async () => {
    const out = await aif([
      "serve",
      "search",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "2",
      "--isl",
      "1000",
      "--osl",
      "500",
      "--ttft-ms",
      "5000",
      "--tpot-ms",
      "100",
      "--weights",
      "bf16",
      "--kv",
      "bf16",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.stdout).results.length).toBeGreaterThan(0);
    const bad = await aif([
      "serve",
      "search",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "2",
      "--isl",
      "1000",
      "--osl",
      "500",
      "--ttft-ms",
      "5000",
      "--tpot-ms",
      "100",
      "--weights",
      "fp3",
    ]);
    expect(bad.exitCode).toBe(2);
  });
});

describe("aif serve offline", () => {
  const args = ["serve", "offline", "--model", "llama-3.3-70b", "--gpu", "nvidia-h200-sxm", "--isl", "128"];

  it("simulates the trtllm-bench run with its engine limits; flags typed before or after the subcommand agree", async () => {
    const out = await aif([...args, "--osl", "2048", "--requests", "3000", "--trtllm-bench-limits", "--json"]);
    expect(out.exitCode).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.config.maxBatchSize).toBe(224);
    expect(result.requests).toBe(3000);
    expect(result.outputTokensPerSecond).toBeGreaterThan(0);
    expect(result.outputTokensPerSecond).toBeLessThanOrEqual(result.steadyStateOutputTokensPerSecond * 1.02);
    for (const key of ["makespanSeconds", "iterations", "meanTtftMs", "meanTpotMs", "seconds", "assumptions"]) {
      expect(result).toHaveProperty(key);
    }
    const scout = await aif([
      "serve",
      "offline",
      "--model",
      "llama-4-scout",
      "--gpu",
      "nvidia-h100-sxm",
      "--tp",
      "4",
      "--ep",
      "4",
      "--attention-dp",
      "--isl",
      "128",
      "--osl",
      "128",
      "--requests",
      "500",
      "--json",
    ]);
    expect(scout.exitCode).toBe(0);
    const parsed = JSON.parse(scout.stdout);
    expect(parsed.config.tp).toBe(4);
    expect(parsed.config.attentionDp).toBe(true);
    expect(parsed.acceleratorCount).toBe(4);
  });

  it("prints a readable report, and a missing --requests exits 2 naming the flag", async () => {
    const text = await aif([...args, "--osl", "128", "--requests", "100"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/makespan/);
    const missing = await aif([...args, "--osl", "128"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/--requests/);
  });

  it("pads decode-only iterations to CUDA-graph batch sizes: never faster than unpadded; a bad list exits 2", async () => {
    const base = [...args, "--osl", "512", "--requests", "600", "--max-batch-size", "300", "--json"];
    const plain = JSON.parse((await aif(base)).stdout);
    const padded = JSON.parse((await aif([...base, "--cuda-graph-batch-sizes", "256,512"])).stdout);
    const trtllm = await aif([...base, "--cuda-graph-batch-sizes", "trtllm"]);
    expect(trtllm.exitCode).toBe(0);
    expect(padded.outputTokensPerSecond).toBeLessThan(plain.outputTokensPerSecond);
    const bad = await aif([...base, "--cuda-graph-batch-sizes", "256,zero"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--cuda-graph-batch-sizes/);
  });
});

describe("aif serve --kernels", () => {
  const dir = mkdtempSync(join(tmpdir(), "aif-serve-kernels-"));
  const badTables = join(dir, "bad.json");
  writeFileSync(
    badTables,
    JSON.stringify({ formatVersion: 1, acceleratorId: "nvidia-h100-sxm", source: { title: "x" }, gemm: [{}] }),
  );
  const estimate = [
    "serve",
    "--model",
    "llama-3.1-70b",
    "--gpu",
    "nvidia-h100-sxm",
    "--tp",
    "4",
    "--isl",
    "1000",
    "--osl",
    "1000",
    "--concurrency",
    "64",
  ];

  it("the built-in tables (default) and none (analytic) give different estimates, with their sources", async () => {
    const measured = JSON.parse((await aif([...estimate, "--json"])).stdout);
    const builtin = JSON.parse((await aif([...estimate, "--kernels", "builtin", "--json"])).stdout);
    const analytic = JSON.parse((await aif([...estimate, "--kernels", "none", "--json"])).stdout);
    expect(builtin.tpotMs).toBe(measured.tpotMs);
    expect(analytic.tpotMs).not.toBe(measured.tpotMs);
    expect(measured.breakdown.kernelSources.gemm).not.toBe("analytic");
    expect(analytic.breakdown.kernelSources).toEqual({
      gemm: "analytic",
      moe: "analytic",
      attention: "analytic",
      collective: "analytic",
    });
    const text = await aif([...estimate, "--kernels", "none"]);
    expect(text.stdout).toMatch(/kernels\s+gemm analytic, moe n\/a, attention analytic, collective analytic/);
    const defaultText = await aif(estimate);
    expect(defaultText.stdout).toMatch(/kernels\s+gemm (measured|interpolated|extrapolated)/);
  });

  it("offline and search take --kernels too (before or after the subcommand) and show the sources", async () => {
    const offline = [
      "serve",
      "offline",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--isl",
      "128",
      "--osl",
      "128",
      "--requests",
      "200",
    ];
    const measured = JSON.parse((await aif([...offline, "--json"])).stdout);
    const analytic = JSON.parse((await aif([...offline, "--kernels", "none", "--json"])).stdout);
    expect(analytic.makespanSeconds).not.toBe(measured.makespanSeconds);
    expect(analytic.kernelSources.gemm).toBe("analytic");
    expect(measured.kernelSources.gemm).not.toBe("analytic");
    const text = await aif([...offline, "--kernels", "none"]);
    expect(text.stdout).toMatch(/kernels\s+gemm analytic/);
    const search = [
      "search",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--gpus",
      "2",
      "--isl",
      "1000",
      "--osl",
      "500",
      "--ttft-ms",
      "5000",
      "--tpot-ms",
      "100",
    ];
    const after = JSON.parse((await aif(["serve", ...search, "--kernels", "none", "--json"])).stdout);
    const before = JSON.parse((await aif(["serve", "--kernels", "none", ...search, "--json"])).stdout);
    const builtin = JSON.parse((await aif(["serve", ...search, "--json"])).stdout);
    expect(after.kernelSources.gemm).toBe("analytic");
    expect(before).toEqual(after);
    expect(builtin.kernelSources.gemm).not.toBe("analytic");
    expect(builtin.results[0].outputTokensPerSecondPerGpu).not.toBe(after.results[0].outputTokensPerSecondPerGpu);
    const searchText = await aif(["serve", ...search]);
    expect(searchText.stdout).toMatch(/kernels: gemm \w+, moe n\/a, attention \w+, collective \w+/);
  });

  it("a bad tables file exits 2 naming --kernels, in every subcommand", async () => {
    const runs = [
      [...estimate, "--kernels", badTables],
      [...estimate, "--kernels", join(dir, "missing.json")],
      [
        "serve",
        "offline",
        "--model",
        "llama-3.1-8b",
        "--gpu",
        "nvidia-h100-sxm",
        "--isl",
        "128",
        "--osl",
        "128",
        "--requests",
        "10",
        "--kernels",
        badTables,
      ],
      [
        "serve",
        "search",
        "--model",
        "llama-3.1-8b",
        "--gpu",
        "nvidia-h100-sxm",
        "--gpus",
        "2",
        "--isl",
        "1000",
        "--osl",
        "500",
        "--ttft-ms",
        "5000",
        "--tpot-ms",
        "100",
        "--kernels",
        badTables,
      ],
      // Tables of another accelerator (H100 tables, H200 deployment).
      [...estimate.map((arg) => (arg === "nvidia-h100-sxm" ? "nvidia-h200-sxm" : arg)), "--kernels", h100Tables(dir)],
    ];
    for (const argv of runs) {
      const out = await aif(argv);
      expect(out.exitCode, argv.join(" ")).toBe(2);
      expect(out.stderr, argv.join(" ")).toMatch(/--kernels/);
      expect(out.stdout).toBe("");
    }
  });
});

function h100Tables(dir: string): string {
  const path = join(dir, "h100.json");
  writeFileSync(
    path,
    JSON.stringify({
      formatVersion: 1,
      acceleratorId: "nvidia-h100-sxm",
      source: { title: "h100 sweep" },
      gemm: [{ dtype: "fp8", m: [1024, 4096], n: [4096], k: [4096], latencyUs: [40, 120] }],
    }),
  );
  return path;
}

describe("aif serve: expert-parallel options and fixed xPyD pools", () => {
  const model = ["--model", "deepseek-v3", "--gpu", "nvidia-h200-sxm", "--isl", "4000", "--osl", "1000"];

  it("serve disaggregated prints both pools, the bound and TTFT = prefill + KV transfer", async () => {
    const argv = [
      "serve",
      "disaggregated",
      ...model,
      "--prefill",
      "instances=3,tp=8,ep=8,attention-dp",
      "--decode",
      "instances=1,tp=32,ep=32,attention-dp,redundant-experts=32",
    ];
    const text = await aif(argv);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain("3 x (tp 8 ep 8 attention-DP) = 24 GPUs");
    expect(text.stdout).toContain("+32 redundant experts");
    expect(text.stdout).toMatch(/bound by\s+(prefill|decode)/);
    const json = await aif(["--json", ...argv]);
    const out = JSON.parse(json.stdout);
    expect(out.acceleratorCount).toBe(56);
    expect(out.ttftMs).toBeCloseTo(out.prefillMs + out.kvTransferMs, 6);
  });

  it("a bad pool key, or a concurrency on the prefill pool, exits 2 naming the flag", async () => {
    const bad = await aif(["serve", "disaggregated", ...model, "--prefill", "tp=8,adp", "--decode", "tp=8"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('unknown key "adp"');
    const conc = await aif(["serve", "disaggregated", ...model, "--prefill", "tp=8,concurrency=4", "--decode", "tp=8"]);
    expect(conc.exitCode).toBe(2);
  });

  it("--redundant-experts lets EP sizes that do not divide the expert count run", async () => {
    const base = ["serve", ...model, "--concurrency", "256", "--attention-dp"];
    const without = await aif([...base, "--tp", "24", "--ep", "24"]);
    expect(without.exitCode).toBe(2);
    expect(without.stderr).toContain("redundant");
    expect(without.stderr).toContain("  - --ep: must divide");
    const withReplicas = await aif([...base, "--tp", "24", "--ep", "24", "--redundant-experts", "8"]);
    expect(withReplicas.exitCode).toBe(0);
  });

  it("serve search --decode-pool fixes the decode layout of every disaggregated result", async () => {
    const out = await aif([
      "--json",
      "serve",
      "search",
      ...model,
      "--gpus",
      "64",
      "--ttft-ms",
      "5000",
      "--tpot-ms",
      "200",
      "--decode-pool",
      "tp=16,ep=16,attention-dp",
    ]);
    expect(out.exitCode).toBe(0);
    const report = JSON.parse(out.stdout);
    const disaggregated = report.results.filter((r: { mode: string }) => r.mode === "disaggregated");
    expect(disaggregated.length).toBeGreaterThan(0);
    for (const r of disaggregated) expect(r.tp).toBe(16);
  });
});

describe("aif serve / aif train: a configuration that does not fit is not a result", () => {
  it("serve: weights larger than the GPU print the figures, then fail with exit 2", async () => {
    const argv = ["serve", "--model", "llama-3.1-405b", "--gpu", "nvidia-h100-sxm", "--isl", "1000", "--osl", "1000"];
    const out = await aif([...argv, "--concurrency", "8"]);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toContain("KV cache");
    expect(out.stderr).toContain("does not fit: the weights need");
    const json = await aif(["--json", ...argv, "--concurrency", "8"]);
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout).maxConcurrency).toBe(0);
    expect(JSON.parse(json.stderr).error.code).toBe("INVALID_CONFIGURATION");
  });

  it("train: GPT-3 175B on 8 GPUs without model parallelism fails with exit 2 after the memory figures", async () => {
    const out = await aif([
      "train",
      "--model",
      "gpt-3-175b",
      "--gpu",
      "nvidia-a100-sxm-80gb",
      "--gpus",
      "8",
      "--global-batch",
      "8",
      "--seq",
      "2048",
    ]);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toContain("DOES NOT FIT");
    expect(out.stderr).toContain("this configuration does not fit");
  });
});

describe("aif serve --emit (#21)", () => {
  it("prints a vLLM command with the configuration's flags, notes and sources", async () => {
    const out = await aif([
      "serve",
      "--model",
      "llama-3.1-70b",
      "--tp",
      "8",
      "--isl",
      "1000",
      "--osl",
      "1000",
      "--emit",
      "vllm",
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("# vllm 0.11.1");
    expect(out.stdout).toContain("vllm serve meta-llama/Llama-3.1-70B");
    expect(out.stdout).toContain("--tensor-parallel-size 8");
    expect(out.stdout).toContain("sources: vllm-project/vllm vllm/engine/arg_utils.py");
  });

  it("--json prints the LaunchConfig; the TensorRT-LLM YAML parses", async () => {
    const { parse } = await import("yaml");
    const out = await aif([
      "serve",
      "--model",
      "deepseek-v3",
      "--tp",
      "8",
      "--ep",
      "8",
      "--attention-dp",
      "--isl",
      "1000",
      "--osl",
      "1000",
      "--mtp-acceptance",
      "0.8",
      "--emit",
      "trtllm",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const launch = JSON.parse(out.stdout);
    for (const key of ["engine", "version", "sources", "command", "configFiles", "notes", "unsupported"]) {
      expect(launch).toHaveProperty(key);
    }
    expect(launch.engine).toBe("trtllm");
    const yaml = parse(launch.configFiles[0].content);
    expect(yaml).toMatchObject({
      enable_attention_dp: true,
      kv_cache_config: { dtype: "fp8" },
      speculative_config: { decoding_type: "MTP", num_nextn_predict_layers: 1 },
    });
  });

  it("--emit-out writes the files and launch.sh", async () => {
    const { readFileSync } = await import("node:fs");
    const dir = mkdtempSync(join(tmpdir(), "aif-emit-"));
    const out = await aif([
      "serve",
      "--tp",
      "2",
      "--isl",
      "100",
      "--osl",
      "100",
      "--emit",
      "trtllm",
      "--emit-out",
      dir,
      "--model-path",
      "/models/m",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const launch = JSON.parse(out.stdout);
    expect(launch.written).toHaveLength(2);
    expect(readFileSync(join(dir, "launch.sh"), "utf8")).toContain("trtllm-serve /models/m");
    expect(readFileSync(join(dir, "extra-llm-api-config.yml"), "utf8")).toContain("kv_cache_config:");
  });

  it("rejects an unknown engine and --emit-out without --emit (exit 2)", async () => {
    const bad = await aif(["serve", "--isl", "1", "--osl", "1", "--emit", "tgi"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--emit/);
    const lone = await aif(["serve", "--isl", "1", "--osl", "1", "--max-throughput", "--emit-out", "x"]);
    expect(lone.exitCode).toBe(2);
    expect(lone.stderr).toMatch(/--emit-out/);
  });

  it("serve disaggregated --emit dynamo prints a DynamoGraphDeployment that parses", async () => {
    const { parse } = await import("yaml");
    const out = await aif([
      "serve",
      "disaggregated",
      "--model",
      "deepseek-v3",
      "--prefill",
      "instances=3,tp=8,ep=8,attention-dp",
      "--decode",
      "instances=1,tp=16,ep=16,attention-dp,redundant-experts=32",
      "--isl",
      "4000",
      "--osl",
      "1000",
      "--emit",
      "dynamo",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const launch = JSON.parse(out.stdout);
    const manifest = parse(launch.configFiles[0].content);
    expect(manifest.kind).toBe("DynamoGraphDeployment");
    expect(manifest.spec.services.VllmPrefillWorker.replicas).toBe(3);
    expect(manifest.spec.services.VllmDecodeWorker.multinode.nodeCount).toBe(2);
    expect(manifest.spec.services.VllmPrefillWorker.extraPodSpec.mainContainer.args).toContain("--is-prefill-worker");
  });
});
