import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { kernelTablesSchema } from "@aifactory/kernels";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_KERNEL_SWEEP,
  parseTorchKernelsOutput,
  QUICK_KERNEL_SWEEP,
  runTorchKernelSweep,
  TORCH_KERNELS_SCRIPT,
  torchKernelSweepSpecSchema,
} from "./torch-kernels-runner";

const fakePythonScript = fileURLToPath(new URL("./__fixtures__/fake-torch-kernels-python.cjs", import.meta.url));
const fakeTorchPath = fileURLToPath(new URL("./__fixtures__/fake-torch", import.meta.url));

/** An executable `python3` in a temp dir that runs the fake sweep (no torch, no GPU). */
function fakePython(): string {
  const dir = mkdtempSync(join(tmpdir(), "aif-torch-kernels-"));
  const path = join(dir, "python3");
  writeFileSync(path, `#!${process.execPath}\nrequire(${JSON.stringify(fakePythonScript)});\n`);
  chmodSync(path, 0o755);
  return path;
}

const hasPython = spawnSync("python3", ["--version"]).status === 0;

const line = (row: Record<string, unknown>) => JSON.stringify(row);
const gemm = (m: number, n: number, k: number, latencyUs: number) =>
  line({ kind: "gemm", dtype: "bf16", m, n, k, device: "NVIDIA H100 80GB HBM3", latencyUs, samples: 30 });

describe("parseTorchKernelsOutput", () => {
  const stdout = [
    line({
      kind: "device",
      device: "NVIDIA H100 80GB HBM3",
      torch: "2.8.0",
      runtime: "cuda 12.8",
      gpus: 1,
      warmup: 10,
      iterations: 30,
    }),
    "UserWarning: something torch says",
    // Out of order, with one point skipped (out of memory) and one never printed.
    gemm(128, 4096, 14336, 40),
    gemm(1, 4096, 4096, 8),
    gemm(1, 28672, 4096, 30),
    gemm(1, 4096, 14336, 20),
    line({ kind: "gemm", dtype: "bf16", m: 1, n: 28672, k: 14336, skipped: "OutOfMemoryError: CUDA out of memory" }),
    gemm(128, 4096, 4096, 12),
    gemm(128, 28672, 4096, 60),
    line({ kind: "gemm", dtype: "fp8", skipped: "FP8 GEMMs need compute capability 8.9 or newer" }),
    line({
      kind: "contextAttention",
      heads: 8,
      kvHeads: 1,
      headDim: 128,
      windowTokens: 0,
      dtype: "bf16",
      kvDtype: "bf16",
      batch: 4,
      sequenceTokens: 2048,
      gqa: "native",
      latencyUs: 300,
      samples: 30,
    }),
    line({
      kind: "contextAttention",
      heads: 8,
      kvHeads: 1,
      headDim: 128,
      windowTokens: 0,
      dtype: "bf16",
      kvDtype: "bf16",
      batch: 1,
      sequenceTokens: 512,
      gqa: "native",
      latencyUs: 25,
      samples: 30,
    }),
    line({
      kind: "generationAttention",
      heads: 32,
      kvHeads: 8,
      headDim: 128,
      windowTokens: 0,
      kvDtype: "bf16",
      batch: 64,
      contextTokens: 4096,
      gqa: "native",
      latencyUs: 120,
      samples: 30,
    }),
    line({
      kind: "moe",
      dtype: "bf16",
      gated: true,
      hiddenSize: 2048,
      expertFfnSize: 768,
      topK: 8,
      experts: 128,
      tp: 1,
      ep: 8,
      routingAlpha: 0,
      tokens: 16,
      implementation: "torch._grouped_mm",
      latencyUs: 90,
      samples: 30,
    }),
    line({
      kind: "moe",
      dtype: "bf16",
      gated: true,
      hiddenSize: 2048,
      expertFfnSize: 768,
      topK: 8,
      experts: 128,
      tp: 1,
      ep: 1,
      routingAlpha: 0,
      tokens: 256,
      implementation: "torch._grouped_mm",
      latencyUs: 400,
      samples: 30,
    }),
    line({ kind: "collective", skipped: "collectives need more than one GPU visible to this process" }),
    "",
  ].join("\n");

  it("builds row-major grids with null for missing points and reports skipped cases", () => {
    const tables = parseTorchKernelsOutput(stdout, { acceleratorId: "nvidia-h100-sxm", date: "2026-01-15" });
    expect(tables.acceleratorId).toBe("nvidia-h100-sxm");
    expect(tables.device).toBe("NVIDIA H100 80GB HBM3");
    expect(tables.source).toMatchObject({
      title: "PyTorch kernel sweep on NVIDIA H100 80GB HBM3",
      measuredBy: "aif bench kernels (PyTorch)",
      date: "2026-01-15",
    });
    expect(tables.source.note).toContain("PyTorch 2.8.0 (cuda 12.8)");
    expect(tables.source.note).toContain("median of 30 CUDA-event-timed iterations after 10 warmup");
    expect(tables.source.note).toContain("Skipped 3 case(s)");
    expect(tables.source.note).toContain("gemm: FP8 GEMMs need compute capability 8.9 or newer");
    expect(tables.gemm).toHaveLength(1);
    const [bf16] = tables.gemm;
    expect(bf16).toMatchObject({ dtype: "bf16", m: [1, 128], n: [4096, 28672], k: [4096, 14336] });
    // index (i_m * |n| + i_n) * |k| + i_k
    expect(bf16?.latencyUs).toEqual([8, 20, 30, null, 12, 40, 60, null]);
    expect(tables.contextAttention).toEqual([
      {
        heads: 8,
        kvHeads: 1,
        headDim: 128,
        windowTokens: 0,
        dtype: "bf16",
        kvDtype: "bf16",
        batch: [1, 4],
        sequenceTokens: [512, 2048],
        latencyUs: [25, null, null, 300],
      },
    ]);
    expect(tables.generationAttention[0]).toMatchObject({ heads: 32, kvHeads: 8, batch: [64], latencyUs: [120] });
    expect(tables.moe).toEqual([
      {
        dtype: "bf16",
        gated: true,
        hiddenSize: 2048,
        expertFfnSize: 768,
        topK: 8,
        experts: 128,
        series: [
          { tp: 1, ep: 1, routingAlpha: 0 },
          { tp: 1, ep: 8, routingAlpha: 0 },
        ],
        tokens: [16, 256],
        latencyUs: [null, 400, 90, null],
      },
    ]);
    expect(tables.source.note).toContain("MoE experts through torch._grouped_mm");
    expect(tables.collectives).toEqual([]);
  });

  it("writes tables that pass kernelTablesSchema and round-trip through JSON (contract)", () => {
    const tables = parseTorchKernelsOutput(stdout, { acceleratorId: "nvidia-h100-sxm", title: "lab sweep" });
    expect(tables.source.title).toBe("lab sweep");
    expect(tables.source.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const roundTripped = kernelTablesSchema.parse(JSON.parse(JSON.stringify(tables)));
    expect(roundTripped).toEqual(tables);
    for (const table of [...tables.gemm, ...tables.contextAttention, ...tables.generationAttention, ...tables.moe]) {
      const values = table.latencyUs as Array<number | null>;
      const size =
        "m" in table
          ? table.m.length * table.n.length * table.k.length
          : "series" in table
            ? table.series.length * table.tokens.length
            : table.batch.length * ("sequenceTokens" in table ? table.sequenceTokens : table.contextTokens).length;
      expect(values).toHaveLength(size);
    }
  });

  it("fails with EXTERNAL_TOOL_FAILURE when nothing was measured or a line is malformed", () => {
    expect(() => parseTorchKernelsOutput("no torch here\n", { acceleratorId: "x" })).toThrow(/printed no result/);
    const allSkipped = line({ kind: "gemm", dtype: "fp8", skipped: "this torch has no FP8 matmul" });
    expect(() => parseTorchKernelsOutput(allSkipped, { acceleratorId: "x" })).toThrow(
      expect.objectContaining({ code: "EXTERNAL_TOOL_FAILURE", message: expect.stringContaining("no FP8 matmul") }),
    );
    const malformed = line({ kind: "gemm", dtype: "bf16", m: 0, n: 1, k: 1, latencyUs: 3 });
    expect(() => parseTorchKernelsOutput(malformed, { acceleratorId: "x" })).toThrow(
      expect.objectContaining({ code: "EXTERNAL_TOOL_FAILURE", message: expect.stringContaining("line 1") }),
    );
    // A NaN latency is a skipped point, not a number.
    const nan = `${gemm(1, 1, 1, 5)}\n${gemm(2, 1, 1, 1).replace('"latencyUs":1', '"latencyUs":NaN')}`;
    expect(parseTorchKernelsOutput(nan, { acceleratorId: "x" }).gemm[0]?.latencyUs).toEqual([5, null]);
  });
});

describe("kernel sweep specs", () => {
  it("accepts the default and quick sweeps, and rejects a bad head layout", () => {
    const parsed = torchKernelSweepSpecSchema.parse(DEFAULT_KERNEL_SWEEP);
    const gemmCases = (parsed.gemm?.m.length ?? 0) * (parsed.gemm?.n.length ?? 0) * (parsed.gemm?.k.length ?? 0);
    expect(gemmCases).toBe(24);
    expect(parsed.contextAttention.map((s) => [s.heads, s.kvHeads, s.headDim])).toEqual([
      [8, 1, 128],
      [32, 8, 128],
    ]);
    expect(torchKernelSweepSpecSchema.parse(QUICK_KERNEL_SWEEP).iterations).toBe(10);
    expect(
      torchKernelSweepSpecSchema.safeParse({
        contextAttention: [{ heads: 8, kvHeads: 3, headDim: 128, batch: [1], sequenceTokens: [512] }],
      }).success,
    ).toBe(false);
    expect(TORCH_KERNELS_SCRIPT).toContain("torch._scaled_mm");
  });
});

describe("runTorchKernelSweep", () => {
  it("runs a fake python with the spec as one argument and reports progress", async () => {
    const progress: Array<[number, number]> = [];
    const { tables, skipped } = await runTorchKernelSweep(
      {
        acceleratorId: "nvidia-h100-sxm",
        python: fakePython(),
        spec: QUICK_KERNEL_SWEEP,
        onProgress: (done, total) => progress.push([done, total]),
      },
      { timeoutSeconds: 30 },
    );
    expect(kernelTablesSchema.parse(tables)).toEqual(tables);
    expect(tables.gemm.map((t) => t.dtype)).toEqual(["bf16"]);
    // m 1024 x 4096 x 4096 was skipped: null in the grid.
    expect(tables.gemm[0]?.latencyUs).toEqual([5 + (2 * 4096 * 4096) / 7e8, null]);
    const prefill = (tables.contextAttention[0]?.latencyUs ?? []) as number[];
    expect(prefill.map((v) => Number(v.toFixed(6)))).toEqual([15.12, 30.48]);
    expect(tables.moe[0]?.series).toEqual([{ tp: 1, ep: 8, routingAlpha: 0 }]);
    expect(skipped).toEqual([
      "gemm bf16 m=1024 n=4096 k=4096: OutOfMemoryError: CUDA out of memory",
      "gemm fp8: FP8 GEMMs need compute capability 8.9 or newer",
      "collective: collectives need more than one GPU visible to this process",
    ]);
    expect(progress.at(-1)?.[1]).toBe(11);
    expect(progress.at(-1)?.[0]).toBeGreaterThan(5);
  });

  it("maps a failing process to EXTERNAL_TOOL_FAILURE and says when torch or the GPU is missing", async () => {
    const python = fakePython();
    const run = (mode: string) =>
      runTorchKernelSweep(
        { acceleratorId: "nvidia-h100-sxm", python, spec: QUICK_KERNEL_SWEEP },
        { timeoutSeconds: 30, env: { FAKE_PYTHON_MODE: mode } },
      );
    await expect(run("fail")).rejects.toMatchObject({
      code: "EXTERNAL_TOOL_FAILURE",
      details: { stderrTail: expect.stringContaining("illegal memory access") },
    });
    await expect(run("no-torch")).rejects.toMatchObject({
      code: "EXTERNAL_TOOL_FAILURE",
      hint: expect.stringContaining("pip install torch"),
    });
    await expect(run("no-gpu")).rejects.toMatchObject({
      code: "EXTERNAL_TOOL_FAILURE",
      message: expect.stringContaining("sees no GPU"),
    });
    await expect(run("empty")).rejects.toThrow(/printed no result/);
    await expect(
      runTorchKernelSweep({ acceleratorId: "nvidia-h100-sxm", python: "no-such-python-aif" }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED" });
    await expect(
      runTorchKernelSweep({ acceleratorId: "nvidia-h100-sxm", python, spec: { iterations: 0 } }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

// The real script, run by a real python against a shape-checking stand-in for torch (no GPU): catches a
// misspelt torch call, a wrong shape or a line the parser does not take.
describe.skipIf(!hasPython)("TORCH_KERNELS_SCRIPT against a fake torch module", () => {
  const run = (env: Record<string, string>, spec = DEFAULT_KERNEL_SWEEP) =>
    runTorchKernelSweep(
      { acceleratorId: "nvidia-h100-sxm", spec, date: "2026-01-15" },
      { timeoutSeconds: 120, env: { PYTHONPATH: fakeTorchPath, ...env } },
    );

  it("runs the default sweep on one GPU: every GEMM, attention and MoE point, collectives skipped", async () => {
    const { tables, skipped } = await run({});
    expect(tables.device).toBe("Fake GPU 80GB");
    expect(tables.gemm.map((t) => [t.dtype, (t.latencyUs as unknown[]).length])).toEqual([
      ["bf16", 24],
      ["fp8", 24],
    ]);
    expect(tables.contextAttention).toHaveLength(2);
    expect(tables.generationAttention).toHaveLength(2);
    expect(tables.moe.map((t) => t.series.length)).toEqual([1, 2]);
    const all = [...tables.gemm, ...tables.contextAttention, ...tables.generationAttention, ...tables.moe];
    expect(all.every((t) => (t.latencyUs as Array<number | null>).every((v) => v !== null && v > 0))).toBe(true);
    expect(skipped).toEqual(["collective: collectives need more than one GPU visible to this process"]);
    expect(tables.source.note).toContain("GQA: native");
    expect(tables.source.note).toContain("torch._grouped_mm");
  }, 60_000);

  it("falls back without enable_gqa, grouped GEMMs or FP8, skips out-of-memory points, times collectives", async () => {
    const { tables, skipped } = await run(
      {
        FAKE_TORCH_GPUS: "4",
        FAKE_TORCH_CAPABILITY: "8.0",
        FAKE_TORCH_NO_GQA: "1",
        FAKE_TORCH_NO_GROUPED_MM: "1",
      },
      QUICK_KERNEL_SWEEP,
    );
    expect(tables.gemm.map((t) => t.dtype)).toEqual(["bf16"]);
    expect(skipped).toContain("gemm fp8: FP8 GEMMs need compute capability 8.9 or newer");
    expect(tables.source.note).toContain("GQA: repeated-kv");
    expect(tables.source.note).toContain("torch.mm per expert");
    expect(tables.collectives).toEqual([
      {
        operation: "all-reduce",
        implementation: "nccl",
        dtype: "bf16",
        acceleratorCount: [2, 4],
        messageBytes: [1048576],
        latencyUs: [expect.any(Number), expect.any(Number)],
      },
    ]);
    // Allocations over 2^20 elements fail: every GEMM (4096 x 4096 operands) and MoE layer, prefill at 2048
    // tokens (8 x 2048 x 128 queries), decode at batch 16 (16 x 2048 x 128 keys); the rest fits.
    const tight = await run({ FAKE_TORCH_MAX_ELEMENTS: String(2 ** 20) }, QUICK_KERNEL_SWEEP);
    expect(tight.tables.gemm).toEqual([]);
    expect(tight.tables.moe).toEqual([]);
    expect(tight.tables.contextAttention[0]).toMatchObject({ sequenceTokens: [512, 2048], latencyUs: [12.5, null] });
    expect(tight.tables.generationAttention[0]).toMatchObject({ batch: [1, 16], latencyUs: [12.5, null] });
    expect(tight.skipped).toContain(
      "contextAttention bf16 heads=8 kvHeads=1 headDim=128 batch=1 sequenceTokens=2048: OutOfMemoryError: CUDA out of memory. Tried to allocate 2097152 elements",
    );
  }, 60_000);
});
