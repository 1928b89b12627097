// A stand-in for `python3 -c TORCH_KERNELS_SCRIPT <spec>` (or `python3 torch_kernels.py <spec>`, as an emitted
// run.sh calls it) in tests: reads the spec (the argument after the script) and prints the script's JSON lines with made-up latencies, without torch or a GPU.
//   GEMM latencyUs = 5 + 2mnk / 7e8 (700 TFLOP/s); the largest bf16 GEMM is skipped ("CUDA out of memory");
//   fp8 GEMMs are skipped without a shape; attention latencyUs = 10 * batch + tokens / 100;
//   MoE latencyUs = 20 + tokens; collectives are skipped (one GPU).
// FAKE_PYTHON_MODE: "fail" exits 1 with a traceback, "no-torch" as without torch, "no-gpu" as the script on a
// machine without a GPU (exit 3), "empty" prints nothing.
const dashC = process.argv.indexOf("-c");
const spec = JSON.parse(dashC >= 0 ? process.argv[dashC + 2] : process.argv[process.argv.length - 1]);
const mode = process.env.FAKE_PYTHON_MODE ?? "";
const print = (row) => process.stdout.write(`${JSON.stringify(row)}\n`);
if (mode === "fail") {
  process.stderr.write('Traceback (most recent call last):\n  File "<string>", line 3\nRuntimeError: CUDA error: an illegal memory access was encountered\n');
  process.exit(1);
}
if (mode === "no-torch") {
  process.stderr.write("Traceback (most recent call last):\nModuleNotFoundError: No module named 'torch'\n");
  process.exit(1);
}
if (mode === "no-gpu") {
  process.stderr.write("aif: torch sees no CUDA or ROCm device\n");
  process.exit(3);
}
if (mode === "empty") process.exit(0);
const device = "Fake GPU 80GB";
const measured = (row, latencyUs) => print({ ...row, device, latencyUs, samples: spec.iterations ?? 30 });
print({ kind: "device", device, torch: "2.8.0+fake", runtime: "cuda 12.8", gpus: 1, warmup: spec.warmupIterations, iterations: spec.iterations });
process.stdout.write("UserWarning: a warning line torch may print\n");
const gemm = spec.gemm;
if (gemm) {
  const largest = [gemm.m.at(-1), gemm.n.at(-1), gemm.k.at(-1)];
  for (const dtype of gemm.dtypes) {
    if (dtype === "fp8") {
      print({ kind: "gemm", dtype, skipped: "FP8 GEMMs need compute capability 8.9 or newer" });
      continue;
    }
    for (const m of gemm.m)
      for (const n of gemm.n)
        for (const k of gemm.k) {
          const row = { kind: "gemm", dtype, m, n, k };
          if (gemm.m.length > 1 && m === largest[0] && n === largest[1] && k === largest[2])
            print({ ...row, skipped: "OutOfMemoryError: CUDA out of memory" });
          else measured(row, 5 + (2 * m * n * k) / 7e8);
        }
  }
}
const heads = (kind, s) => ({ kind, heads: s.heads, kvHeads: s.kvHeads, headDim: s.headDim, windowTokens: 0 });
for (const s of spec.contextAttention ?? [])
  for (const batch of s.batch)
    for (const sequenceTokens of s.sequenceTokens)
      measured(
        { ...heads("contextAttention", s), dtype: "bf16", kvDtype: "bf16", batch, sequenceTokens, gqa: "native" },
        10 * batch + sequenceTokens / 100,
      );
for (const s of spec.generationAttention ?? [])
  for (const batch of s.batch)
    for (const contextTokens of s.contextTokens)
      measured(
        { ...heads("generationAttention", s), kvDtype: "bf16", batch, contextTokens, gqa: "native" },
        10 * batch + contextTokens / 100,
      );
for (const s of spec.moe ?? [])
  for (const series of s.series)
    for (const tokens of s.tokens)
      measured(
        {
          kind: "moe",
          dtype: s.dtype ?? "bf16",
          gated: s.gated,
          hiddenSize: s.hiddenSize,
          expertFfnSize: s.expertFfnSize,
          topK: s.topK,
          experts: s.experts,
          ...series,
          tokens,
          implementation: "torch._grouped_mm",
        },
        20 + tokens,
      );
if (spec.collectives) print({ kind: "collective", skipped: "collectives need more than one GPU visible to this process" });
