import { AifError } from "@aifactory/core";
import { z } from "zod";
import type { BenchmarkResult } from "../harness/result-schema";
import { summarize } from "../harness/statistics";
import { type RunCommandOptions, runCommand, runCommandOrThrow } from "./run-command";

/**
 * The Python program of the mamf-style matmul sweep: for each shape and dtype, `torch.mm` on the GPU timed
 * with CUDA events after warmup, and a check of 8 output rows against a float64 product. Prints one JSON line
 * per case. Passed to `python3 -c`, never through a shell.
 *
 * @example
 * ```ts
 * import { TORCH_MATMUL_SCRIPT } from "@aifactory/bench";
 * TORCH_MATMUL_SCRIPT.includes("torch.cuda.Event"); // true
 * ```
 * @since 0.1.0
 * @category Runners
 */
export const TORCH_MATMUL_SCRIPT = `
import json, math, sys
import torch
spec = json.loads(sys.argv[1])
dev = torch.device("cuda")
name = torch.cuda.get_device_name(dev)
dtypes = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}
torch.backends.cuda.matmul.allow_tf32 = False
for m, n, k in spec["shapes"]:
    for dname in spec["dtypes"]:
        dt = dtypes[dname]
        a = torch.randn(m, k, device=dev, dtype=dt)
        b = torch.randn(k, n, device=dev, dtype=dt)
        for _ in range(spec["warmup"]):
            c = torch.mm(a, b)
        torch.cuda.synchronize()
        samples = []
        for _ in range(spec["iterations"]):
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            start.record()
            c = torch.mm(a, b)
            end.record()
            end.synchronize()
            samples.append(start.elapsed_time(end) / 1000.0)
        rows = min(8, m)
        ref = a[:rows].double() @ b.double()
        scale = (a[:rows].double().abs() @ b.double().abs()).clamp_min(1e-30)
        err = ((c[:rows].double() - ref).abs() / scale).max().item()
        print(json.dumps({"m": m, "n": n, "k": k, "dtype": dname, "device": name,
                          "samplesSeconds": samples, "maxRelativeError": err if math.isfinite(err) else None}), flush=True)
`;

/**
 * Options of {@link runTorchMatmulSweep}.
 *
 * @since 0.1.0
 * @category Runners
 */
export interface TorchMatmulOptions {
  /** Python executable; default `python3`. */
  python?: string;
  /** [m, n, k] shapes; default a small mamf-style sweep of large GEMMs. */
  shapes?: ReadonlyArray<readonly [number, number, number]>;
  /** dtypes among fp32, fp16, bf16; default ["bf16", "fp16"]. */
  dtypes?: ReadonlyArray<"fp32" | "fp16" | "bf16">;
  /** Timed iterations per case; default 50. */
  iterations?: number;
  /** Warmup iterations per case; default 10. */
  warmup?: number;
}

const TOLERANCE: Record<string, number> = { fp32: 1e-4, fp16: 1e-2, bf16: 2e-2 };

/** One row the PyTorch matmul script prints (checked before use: a bad row is an external-tool failure). */
const matmulRowSchema = z.object({
  m: z.number().int().positive(),
  n: z.number().int().positive(),
  k: z.number().int().positive(),
  dtype: z.string().min(1).max(32),
  device: z.string().max(200),
  samplesSeconds: z.array(z.number().finite().positive()).max(1_000_000),
  maxRelativeError: z.number().finite().nonnegative().nullable(),
});

/**
 * Turns the sweep's JSON lines into results: `matmulTflops` per shape and dtype from the median time; a case
 * whose output check fails (or is NaN) is a failure without numbers.
 *
 * @param stdout - the script's output
 * @returns benchmark results (suite `torch`)
 * @throws AifError `EXTERNAL_TOOL_FAILURE` when no case line is found
 * @example
 * ```ts
 * import { parseTorchMatmulOutput } from "@aifactory/bench";
 * parseTorchMatmulOutput('{"m":1024,"n":1024,"k":1024,"dtype":"bf16","device":"GPU","samplesSeconds":[0.001],"maxRelativeError":0.001}');
 * ```
 * @since 0.1.0
 * @category Runners
 */
export function parseTorchMatmulOutput(stdout: string): BenchmarkResult[] {
  const results: BenchmarkResult[] = [];
  const lines = stdout.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (!line.startsWith("{")) continue;
    // Python's json writes NaN and Infinity bare; read them as null (a failed check).
    let raw: unknown;
    try {
      raw = JSON.parse(line.replace(/\bNaN\b|-?Infinity\b/g, "null"));
    } catch {
      throw new AifError(
        "EXTERNAL_TOOL_FAILURE",
        `the PyTorch matmul sweep printed a line that is not JSON (line ${index + 1})`,
        {
          hint: "rerun the sweep; if it repeats, check the torch installation and the script's output",
        },
      );
    }
    const parsed = matmulRowSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AifError(
        "EXTERNAL_TOOL_FAILURE",
        `the PyTorch matmul sweep printed an invalid row (line ${index + 1}): ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim(),
        {
          hint: "rerun the sweep; a row needs m, n, k, dtype, device, finite positive samplesSeconds and maxRelativeError",
        },
      );
    }
    const row = parsed.data;
    const parameters = { m: row.m, n: row.n, k: row.k, dtype: row.dtype };
    const tolerance = TOLERANCE[row.dtype] ?? 1e-2;
    const base = {
      suite: "torch",
      benchmark: "matmul",
      parameters,
      iterationsPerSample: 1,
      warmupIterations: 0,
      device: { backend: "cuda", name: row.device },
      notes: ["torch.mm timed with CUDA events (mamf-finder style)"],
    };
    if (row.maxRelativeError === null || !(row.maxRelativeError <= tolerance) || row.samplesSeconds.length === 0) {
      results.push({
        ...base,
        status: "failed",
        failure: {
          code: "VERIFICATION_FAILED",
          message: `max relative error ${row.maxRelativeError} exceeds ${tolerance} for ${row.dtype} ${row.m}x${row.n}x${row.k}`,
        },
        samplesSeconds: [],
        stopReason: "failed",
        metrics: [],
      });
      continue;
    }
    const summary = summarize(row.samplesSeconds);
    const flop = (2 * row.m * row.n * row.k) / 1e12;
    results.push({
      ...base,
      status: "passed",
      samplesSeconds: row.samplesSeconds,
      stopReason: "max-samples",
      summary,
      metrics: [
        {
          name: "matmulTflops",
          unit: "TFLOP/s",
          value: flop / summary.median,
          lower: flop / summary.medianCi.upper,
          upper: flop / summary.medianCi.lower,
          higherIsBetter: true,
        },
      ],
    });
  }
  if (results.length === 0) {
    throw new AifError("EXTERNAL_TOOL_FAILURE", "the PyTorch matmul sweep printed no result", {
      hint: "check that torch sees a CUDA/ROCm device (python3 -c 'import torch; print(torch.cuda.is_available())')",
    });
  }
  return results;
}

/**
 * Whether python and torch with a GPU are available, without throwing.
 *
 * @param python - python executable; default `python3`
 * @returns availability and, if not, why
 * @example
 * ```ts
 * import { torchAvailable } from "@aifactory/bench";
 * (await torchAvailable()).available;
 * ```
 * @since 0.1.0
 * @category Runners
 */
export async function torchAvailable(python = "python3"): Promise<{ available: boolean; reason?: string }> {
  try {
    const result = await runCommand(python, ["-c", "import torch; print(torch.cuda.is_available())"], {
      timeoutSeconds: 60,
    });
    if (result.exitCode !== 0) return { available: false, reason: "torch is not installed" };
    return result.stdout.trim() === "True" ? { available: true } : { available: false, reason: "torch sees no GPU" };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs a mamf-style PyTorch matmul sweep (achievable matmul TFLOP/s per shape and dtype, the figure
 * `calibrate` turns into `matmulRatio`) when python and torch exist. The script is passed with `-c` and its
 * parameters as one JSON argument (no shell).
 *
 * @param options - python, shapes, dtypes, iterations
 * @param commandOptions - timeout (default 600 s)
 * @returns one result per shape and dtype
 * @throws AifError `UNSUPPORTED` (no python) or `EXTERNAL_TOOL_FAILURE` (torch missing, no GPU, crash)
 * @example
 * ```ts
 * // not run in tests: needs python3 with torch and a CUDA GPU
 * import { runTorchMatmulSweep } from "@aifactory/bench";
 * const results = await runTorchMatmulSweep({ shapes: [[8192, 8192, 8192]], dtypes: ["bf16"] });
 * ```
 * @since 0.1.0
 * @category Runners
 */
export async function runTorchMatmulSweep(
  options: TorchMatmulOptions = {},
  commandOptions: RunCommandOptions = {},
): Promise<BenchmarkResult[]> {
  const spec = {
    shapes: options.shapes ?? [
      [4096, 4096, 4096],
      [8192, 8192, 8192],
      [2048, 8192, 13312],
    ],
    dtypes: options.dtypes ?? ["bf16", "fp16"],
    iterations: options.iterations ?? 50,
    warmup: options.warmup ?? 10,
  };
  const { stdout } = await runCommandOrThrow(
    options.python ?? "python3",
    ["-c", TORCH_MATMUL_SCRIPT, JSON.stringify(spec)],
    {
      timeoutSeconds: 600,
      ...commandOptions,
    },
  );
  return parseTorchMatmulOutput(stdout);
}
