import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBytesOption } from "../options";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);
const json = async (argv: string[]) => {
  const out = await aif([...argv, "--json"]);
  expect(out.stderr).toBe("");
  expect(out.exitCode).toBe(0);
  return JSON.parse(out.stdout);
};

const dir = mkdtempSync(join(tmpdir(), "aif-kernel-"));
const h100 = ["--gpu", "nvidia-h100-sxm"];

/** A user table set as `aif bench kernels` writes it: plain microseconds, `null` = not measured. */
function writeTables(name: string, tables: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(tables));
  return path;
}

const mi300xTables = writeTables("mi300x.json", {
  formatVersion: 1,
  acceleratorId: "amd-mi300x",
  source: { title: "my sweep" },
  gemm: [{ dtype: "bf16", m: [1024, 4096], n: [4096], k: [4096], latencyUs: [60, 174] }],
  collectives: [
    {
      operation: "all-reduce",
      implementation: "nccl",
      dtype: "bf16",
      acceleratorCount: [2, 8],
      messageBytes: [1048576, 16777216],
      latencyUs: [20, 90, 30, 150],
    },
  ],
});

describe("aif kernel gemm", () => {
  it("reads the built-in H100 table: bf16 8192^3 is measured at about 783 TFLOP/s, 0.79 of the dense peak", async () => {
    const r = await json(["kernel", "gemm", ...h100, "--dtype", "bf16", "--m", "8192", "--n", "8192", "--k", "8192"]);
    expect(r.source).toBe("measured");
    expect(r.note).toBe("");
    expect(r.latencyUs).toBeGreaterThan(1350);
    expect(r.latencyUs).toBeLessThan(1450);
    expect(r.achievedTflops).toBeGreaterThan(770);
    expect(r.achievedTflops).toBeLessThan(795);
    expect(r.peakDtype).toBe("bf16");
    expect(r.peakTflops).toBe(989);
    expect(r.utilizationRatio).toBeCloseTo(r.achievedTflops / 989, 12);
    expect(r.utilizationRatio).toBeCloseTo(0.79, 2);
    expect(r.flops).toBe(2 * 8192 ** 3);
    expect(r.tables).toMatch(/^built-in/);
    const text = await aif(["kernel", "gemm", ...h100, "--m", "8192", "--n", "8192", "--k", "8192"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/latency\s+1\.4\d* ms/);
    expect(text.stdout).toMatch(/TFLOP\/s/);
    expect(text.stdout).toMatch(/of dense bf16 \(989 TFLOP\/s\)/);
    expect(text.stdout).toMatch(/source\s+measured/);
  });

  it("between measured points interpolates; FP8 is relative to the FP8 peak; a missing precision is analytic", async () => {
    const between = await json(["kernel", "gemm", ...h100, "--m", "6000", "--n", "8192", "--k", "8192"]);
    expect(between.source).toBe("interpolated");
    const fp8 = await json(["kernel", "gemm", ...h100, "--dtype", "fp8", "--m", "8192", "--n", "8192", "--k", "8192"]);
    expect(fp8.peakDtype).toBe("fp8");
    expect(fp8.peakTflops).toBe(1979);
    expect(fp8.utilizationRatio).toBeGreaterThan(0.4);
    expect(fp8.utilizationRatio).toBeLessThan(1);
    const nvfp4 = await json([
      "kernel",
      "gemm",
      ...h100,
      "--dtype",
      "nvfp4",
      "--m",
      "8192",
      "--n",
      "8192",
      "--k",
      "8192",
    ]);
    expect(nvfp4.source).toBe("analytic");
    expect(nvfp4.note).toMatch(/no measured nvfp4 GEMM table for nvidia-h100-sxm/);
  });

  it("an accelerator with no tables is analytic (peak x 0.74 for a compute-bound GEMM), with a note", async () => {
    const r = await json(["kernel", "gemm", "--gpu", "amd-mi300x", "--m", "8192", "--n", "8192", "--k", "8192"]);
    expect(r.source).toBe("analytic");
    expect(r.note).toMatch(/no kernel tables for amd-mi300x/);
    expect(r.tables).toMatch(/none for amd-mi300x/);
    expect(r.utilizationRatio).toBeCloseTo(0.74, 9);
    expect(r.roofline.flopsPerSecond).toBeCloseTo(r.peakTflops * 1e12 * 0.74, 0);
    const none = await json([
      "kernel",
      "gemm",
      ...h100,
      "--kernels",
      "none",
      "--m",
      "8192",
      "--n",
      "8192",
      "--k",
      "8192",
    ]);
    expect(none.source).toBe("analytic");
    expect(none.note).toMatch(/--kernels none/);
    expect(none.utilizationRatio).toBeCloseTo(0.74, 9);
  });

  it("reads a user tables file, for an accelerator without built-in tables too", async () => {
    const args = ["kernel", "gemm", "--gpu", "amd-mi300x", "--kernels", mi300xTables, "--n", "4096", "--k", "4096"];
    const measured = await json([...args, "--m", "1024"]);
    expect(measured.source).toBe("measured");
    expect(measured.latencyUs).toBeCloseTo(60, 6);
    expect(measured.tables).toBe(`${mi300xTables} (my sweep)`);
    const between = await json([...args, "--m", "2048"]);
    expect(between.source).toBe("interpolated");
    // Log-space interpolation: halfway in log2(m) between 60 and 174 us is their geometric mean.
    expect(between.latencyUs).toBeCloseTo(Math.sqrt(60 * 174), 6);
    const otherPrecision = await json([...args, "--m", "1024", "--dtype", "fp8"]);
    expect(otherPrecision.source).toBe("analytic");
    expect(otherPrecision.note).toMatch(/no measured fp8 GEMM table for amd-mi300x/);
  });
});

describe("aif kernel moe", () => {
  it("takes the layer from --model and finds the measured H100 MoE table; flags override the model", async () => {
    const fromModel = await json([
      "kernel",
      "moe",
      ...h100,
      "--model",
      "qwen3-30b-a3b",
      "--dtype",
      "fp8",
      "--ep",
      "4",
      "--tokens",
      "512",
    ]);
    expect(fromModel.source).toBe("measured");
    expect(fromModel.query).toMatchObject({ hiddenSize: 2048, expertFfnSize: 768, topK: 8, experts: 128, gated: true });
    expect(fromModel.query.routingAlpha).toBe(1.2);
    expect(fromModel.peakDtype).toBe("fp8");
    expect(fromModel.achievedTflops).toBeGreaterThan(0);
    const byHand = await json([
      "kernel",
      "moe",
      ...h100,
      "--dtype",
      "fp8",
      "--hidden",
      "2048",
      "--expert-ffn",
      "768",
      "--top-k",
      "8",
      "--experts",
      "128",
      "--ep",
      "4",
      "--tokens",
      "512",
    ]);
    expect(byHand.latencyUs).toBe(fromModel.latencyUs);
    // Two-matrix experts of that shape are not measured: composed from the FP8 GEMM table.
    const ungated = await json([
      "kernel",
      "moe",
      ...h100,
      "--model",
      "qwen3-30b-a3b",
      "--dtype",
      "fp8",
      "--tokens",
      "512",
      "--no-gated",
    ]);
    expect(ungated.query.gated).toBe(false);
    expect(ungated.source).toBe("composed");
    expect(ungated.note).toMatch(/grouped GEMMs from the fp8 GEMM table/);
    const text = await aif(["kernel", "moe", ...h100, "--model", "qwen3-30b-a3b", "--tokens", "64"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/MoE layer: bf16, hidden 2048, expert FFN 768 \(gated\), top-8 of 128/);
  });

  it("exits 2 for a dense --model, a missing shape flag, and --ep above --experts", async () => {
    const dense = await aif(["kernel", "moe", ...h100, "--model", "llama-3.1-8b", "--tokens", "64"]);
    expect(dense.exitCode).toBe(2);
    expect(dense.stderr).toMatch(/--model/);
    const missing = await aif(["kernel", "moe", ...h100, "--hidden", "2048", "--tokens", "64"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/--experts/);
    const ep = await aif(["kernel", "moe", ...h100, "--model", "mixtral-8x7b", "--ep", "16", "--tokens", "64"]);
    expect(ep.exitCode).toBe(2);
    expect(ep.stderr).toMatch(/--ep/);
  });
});

describe("aif kernel attention", () => {
  it("prefill and decode from the built-in H100 tables", async () => {
    const base = ["kernel", "attention", ...h100, "--heads", "8", "--kv-heads", "1", "--head-dim", "128"];
    const prefill = await json([...base, "--tokens", "4096"]);
    expect(prefill.kernel).toBe("context-attention");
    expect(prefill.source).toBe("measured");
    // Causal: 4 x heads x headDim x tokens x tokens/2 FLOPs.
    expect(prefill.flops).toBe(4 * 8 * 128 * 4096 * 2048);
    expect(prefill.utilizationRatio).toBeGreaterThan(0.1);
    expect(prefill.utilizationRatio).toBeLessThan(1);
    const decode = await json([...base, "--phase", "decode", "--batch", "64", "--tokens", "2048", "--kv-dtype", "fp8"]);
    expect(decode.kernel).toBe("generation-attention");
    expect(["measured", "interpolated"]).toContain(decode.source);
    expect(decode.query).not.toHaveProperty("dtype");
    const text = await aif([...base, "--phase", "decode", "--batch", "64", "--tokens", "2048"]);
    expect(text.stdout).toMatch(/decode attention: 8\/1 heads x 128, window full, bf16 KV, batch 64 x 2048 cached/);
  });

  it("exits 2 for a bad phase, kv heads that do not divide the heads, and a missing --tokens", async () => {
    const base = ["kernel", "attention", ...h100, "--heads", "8"];
    const phase = await aif([...base, "--tokens", "128", "--phase", "decoding"]);
    expect(phase.exitCode).toBe(2);
    expect(phase.stderr).toMatch(/--phase decode/);
    const kv = await aif([...base, "--kv-heads", "3", "--tokens", "128"]);
    expect(kv.exitCode).toBe(2);
    expect(kv.stderr).toMatch(/--kv-heads/);
    const tokens = await aif(base);
    expect(tokens.exitCode).toBe(2);
    expect(tokens.stderr).toMatch(/--tokens/);
  });
});

describe("aif kernel collective", () => {
  it("all-reduce on 8 H100s: measured, bus bandwidth with the nccl-tests factor 2(n-1)/n", async () => {
    const r = await json(["kernel", "collective", ...h100, "--op", "all-reduce", "--gpus", "8", "--bytes", "16MiB"]);
    expect(r.source).toBe("measured");
    expect(r.messageBytes).toBe(16 * 2 ** 20);
    expect(r.busFactor).toBe(1.75);
    expect(r.algorithmBandwidthGBps).toBeCloseTo(r.messageBytes / (r.latencyUs * 1e-6) / 1e9, 9);
    expect(r.busBandwidthGBps).toBeCloseTo(r.algorithmBandwidthGBps * 1.75, 9);
    expect(r.scaleUpGBpsPerDirection).toBe(450);
    expect(r.linkUtilizationRatio).toBeCloseTo(r.busBandwidthGBps / 450, 12);
    expect(r.busBandwidthGBps).toBeGreaterThan(100);
    expect(r.busBandwidthGBps).toBeLessThan(450);
    const gather = await json([
      "kernel",
      "collective",
      ...h100,
      "--op",
      "all-gather",
      "--gpus",
      "8",
      "--bytes",
      "16777216",
      "--implementation",
      "nccl",
    ]);
    expect(gather.busFactor).toBe(0.875);
    const text = await aif(["kernel", "collective", ...h100, "--gpus", "8", "--bytes", "1GB"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/bus bandwidth\s+\d/);
    expect(text.stdout).toMatch(/of 450 GB\/s scale-up per direction/);
  });

  it("analytic without tables: latency + busFactor x bytes / (link x 0.8); a user file is used", async () => {
    const r = await json(["kernel", "collective", "--gpu", "amd-mi300x", "--gpus", "8", "--bytes", "1GiB"]);
    expect(r.source).toBe("analytic");
    const expected = 1e-5 + (1.75 * 2 ** 30) / r.roofline.busBytesPerSecond;
    expect(r.latencyUs).toBeCloseTo(expected * 1e6, 6);
    expect(r.roofline.busBytesPerSecond).toBeCloseTo(r.scaleUpGBpsPerDirection * 1e9 * 0.8, 0);
    const mine = await json([
      "kernel",
      "collective",
      "--gpu",
      "amd-mi300x",
      "--kernels",
      mi300xTables,
      "--gpus",
      "8",
      "--bytes",
      "16MiB",
    ]);
    expect(mine.source).toBe("measured");
    expect(mine.latencyUs).toBeCloseTo(150, 6);
  });

  it("exits 2 for a bad size, one GPU, and an unknown operation", async () => {
    const base = ["kernel", "collective", ...h100];
    const unit = await aif([...base, "--gpus", "8", "--bytes", "16Mb"]);
    expect(unit.exitCode).toBe(2);
    expect(unit.stderr).toMatch(/--bytes/);
    expect(unit.stderr).toMatch(/did you mean 16MB/);
    const one = await aif([...base, "--gpus", "1", "--bytes", "1MiB"]);
    expect(one.exitCode).toBe(2);
    expect(one.stderr).toMatch(/--gpus/);
    const op = await aif([...base, "--op", "allreduce", "--gpus", "8", "--bytes", "1MiB"]);
    expect(op.exitCode).toBe(2);
    expect(op.stderr).toMatch(/--op all-reduce/);
  });
});

describe("aif kernel compare", () => {
  it("sets a sweep against the built-in tables: ratio = measured / built-in at each point, per class", async () => {
    // Latencies read from the built-in H100 table, then made 1.5x slower: every ratio is 1.5.
    const builtIn = async (m: number) =>
      (await json(["kernel", "gemm", ...h100, "--m", String(m), "--n", "4096", "--k", "8192"])).latencyUs as number;
    const [a, b] = [await builtIn(1024), await builtIn(8192)];
    const file = writeTables("h100-slow.json", {
      formatVersion: 1,
      acceleratorId: "nvidia-h100-sxm",
      device: "NVIDIA H100 80GB HBM3",
      source: { title: "a slow sweep" },
      gemm: [{ dtype: "bf16", m: [1024, 8192], n: [4096], k: [8192], latencyUs: [a * 1.5, b * 1.5] }],
    });
    const result = await json(["kernel", "compare", file]);
    expect(result.acceleratorId).toBe("nvidia-h100-sxm");
    expect(result.against).toMatch(/^built-in/);
    expect(result.rows).toHaveLength(2);
    for (const row of result.rows) {
      expect(row.referenceSource).toBe("measured");
      expect(row.ratio).toBeCloseTo(1.5, 6);
    }
    expect(result.summaries.map((s: { kernel: string }) => s.kernel)).toEqual(["gemm", "all"]);
    const text = await aif(["kernel", "compare", file]);
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain("a slow sweep, NVIDIA H100 80GB HBM3");
    expect(text.stdout).toContain("geomean ratio");
    expect(text.stdout).toContain("bf16 1,024 x 4,096 x 8,192");
    expect(text.stdout).toContain("1.5");
    // Against the analytic path: every reference point is analytic.
    const analytic = await json(["kernel", "compare", file, "--against", "none"]);
    expect(analytic.against).toBe("none (analytic roofline)");
    expect(analytic.rows.every((r: { referenceSource: string }) => r.referenceSource === "analytic")).toBe(true);
    // Against another table file for the same GPU.
    const itself = await json(["kernel", "compare", file, "--against", file]);
    expect(itself.summaries.at(-1).geomeanRatio).toBeCloseTo(1, 9);
  });

  it("exits 2 for a missing file, malformed tables, an unknown accelerator and tables of another GPU", async () => {
    const missing = await aif(["kernel", "compare", join(dir, "no-such.json")]);
    expect(missing.exitCode).toBe(2);
    const malformed = await aif([
      "kernel",
      "compare",
      writeTables("bad.json", {
        formatVersion: 1,
        acceleratorId: "nvidia-h100-sxm",
        source: { title: "x" },
        gemm: [{}],
      }),
    ]);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toContain("gemm[0].dtype");
    const unknown = await aif([
      "kernel",
      "compare",
      writeTables("unknown.json", { formatVersion: 1, acceleratorId: "nvidia-h100", source: { title: "x" } }),
    ]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("nvidia-h100");
    const otherGpu = await aif([
      "kernel",
      "compare",
      writeTables("h100-empty.json", {
        formatVersion: 1,
        acceleratorId: "nvidia-h100-sxm",
        source: { title: "x" },
      }),
      "--against",
      mi300xTables,
    ]);
    expect(otherGpu.exitCode).toBe(2);
    expect(otherGpu.stderr).toContain("--against");
    for (const r of [missing, malformed, unknown, otherGpu]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("aif kernel: bad input", () => {
  it("exits 2 naming the flag for a bad dtype, a missing size, an unknown GPU and a missing --gpu", async () => {
    const gemm = ["kernel", "gemm", ...h100, "--m", "1", "--n", "1", "--k", "1"];
    const dtype = await aif([...gemm, "--dtype", "fp9"]);
    expect(dtype.exitCode).toBe(2);
    expect(dtype.stderr).toMatch(/--dtype/);
    expect(dtype.stderr).toMatch(/hint:/);
    const missing = await aif(["kernel", "gemm", ...h100, "--m", "8", "--n", "8"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/--k/);
    const zero = await aif(["kernel", "gemm", ...h100, "--m", "0", "--n", "8", "--k", "8"]);
    expect(zero.exitCode).toBe(2);
    expect(zero.stderr).toMatch(/--m/);
    const gpu = await aif(["kernel", "gemm", "--gpu", "nvidia-h100-sx", "--m", "8", "--n", "8", "--k", "8"]);
    expect(gpu.exitCode).toBe(2);
    expect(gpu.stderr).toMatch(/nvidia-h100-sxm/);
    const noGpu = await aif(["kernel", "gemm", "--m", "8", "--n", "8", "--k", "8"]);
    expect(noGpu.exitCode).toBe(2);
    expect(noGpu.stderr).toMatch(/--gpu/);
  });

  it("exits 2 naming --kernels for a missing, non-JSON, invalid or other-GPU tables file", async () => {
    const gemm = ["kernel", "gemm", ...h100, "--m", "8", "--n", "8", "--k", "8", "--kernels"];
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{ not json");
    const invalid = writeTables("invalid.json", {
      formatVersion: 1,
      acceleratorId: "nvidia-h100-sxm",
      source: { title: "x" },
      gemm: [{ dtype: "bf16", m: [4096, 1024], n: [4096], k: [4096], latencyUs: [60, 174] }],
    });
    const short = writeTables("short.json", {
      formatVersion: 1,
      acceleratorId: "nvidia-h100-sxm",
      source: { title: "x" },
      gemm: [{ dtype: "bf16", m: [1024, 4096], n: [4096], k: [4096], latencyUs: [60] }],
    });
    for (const file of [join(dir, "missing.json"), notJson, invalid, short, mi300xTables]) {
      const out = await aif([...gemm, file]);
      expect(out.exitCode, file).toBe(2);
      expect(out.stderr, file).toMatch(/--kernels/);
      expect(out.stdout, file).toBe("");
    }
    const other = await aif([...gemm, mi300xTables]);
    expect(other.stderr).toMatch(/the tables are for amd-mi300x but --gpu is nvidia-h100-sxm/);
    const asJson = await aif([...gemm, invalid, "--json"]);
    expect(asJson.stdout).toBe("");
    expect(JSON.parse(asJson.stderr).error.code).toBe("INVALID_INPUT");
  });
});

describe("parseBytesOption", () => {
  it("reads plain bytes and decimal or binary units; rejects the rest naming the flag", () => {
    expect(parseBytesOption("--bytes", "16777216")).toBe(16_777_216);
    expect(parseBytesOption("--bytes", "16MiB")).toBe(16 * 2 ** 20);
    expect(parseBytesOption("--bytes", "1 GB")).toBe(1e9);
    expect(parseBytesOption("--bytes", "1.5KiB")).toBe(1536);
    expect(parseBytesOption("--bytes", "1e6")).toBe(1e6);
    for (const bad of ["", "-1", "0", "MiB", "16 MiBs", "16W", "1..5MB"]) {
      expect(() => parseBytesOption("--bytes", bad), bad).toThrow(/--bytes/);
    }
  });
});
