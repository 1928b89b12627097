import { AifError } from "@aifactory/core";
import { type Accelerator, type Dtype, getAccelerator } from "@aifactory/hardware";
import type { BenchmarkResult, BenchResultSet } from "../harness/result-schema";
import { CALIBRATION_SCHEMA_VERSION, type CalibrationFile } from "./calibration-schema";

const DTYPE_ALIASES: Record<string, Dtype> = {
  f64: "fp64",
  fp64: "fp64",
  float64: "fp64",
  double: "fp64",
  f32: "fp32",
  fp32: "fp32",
  float: "fp32",
  float32: "fp32",
  tf32: "tf32",
  f16: "fp16",
  fp16: "fp16",
  half: "fp16",
  float16: "fp16",
  bf16: "bf16",
  bfloat16: "bf16",
  fp8: "fp8",
  f8: "fp8",
  float8_e4m3fn: "fp8",
  e4m3: "fp8",
  int8: "int8",
};

/**
 * Maps a dtype as benchmarks spell it (`f32`, `half`, `bfloat16`, `float8_e4m3fn`) to the catalog's dtype.
 *
 * @param name - the spelling
 * @returns the catalog dtype, or undefined
 * @example
 * ```ts
 * import { catalogDtype } from "@aifactory/bench";
 * catalogDtype("f16"); // "fp16"
 * ```
 * @since 0.1.0
 * @category Calibration
 */
export function catalogDtype(name: string): Dtype | undefined {
  return DTYPE_ALIASES[name.toLowerCase()];
}

const SOFTWARE_DEVICE = /llvmpipe|lavapipe|swiftshader|softpipe/i;

/**
 * One achieved-vs-peak row.
 *
 * @example
 * ```ts
 * import type { AchievedVsPeakRow } from "@aifactory/bench";
 * const percent = (row: AchievedVsPeakRow) => `${row.metric}: ${(row.ratio * 100).toFixed(0)}% of ${row.peakField}`;
 * ```
 * @since 0.1.0
 * @category Calibration
 */
export interface AchievedVsPeakRow {
  benchmark: string;
  parameters: Record<string, string | number | boolean>;
  metric: string;
  unit: string;
  achieved: number;
  peak: number;
  /** achieved / peak. */
  ratio: number;
  /** What the peak is: `denseTflops.fp32`, `memoryBandwidthGBps`, `scaleUp.bandwidthGBpsPerDirection`. */
  peakField: string;
}

/**
 * Options of {@link achievedVsPeak} and {@link calibrate}.
 *
 * @example
 * ```ts
 * import type { CalibrateOptions } from "@aifactory/bench";
 * const options: CalibrateOptions = { collectiveScope: "scale-out", includeNonAccelerator: false };
 * ```
 * @since 0.1.0
 * @category Calibration
 */
export interface CalibrateOptions {
  /** Whether collective results ran inside one scale-up domain or across nodes; default `scale-up`. */
  collectiveScope?: "scale-up" | "scale-out";
  /** Use results from software adapters and CPUs too (their ratios are meaningless); default false. */
  includeNonAccelerator?: boolean;
}

function peakFor(
  result: BenchmarkResult,
  metricName: string,
  accelerator: Accelerator,
  scope: "scale-up" | "scale-out",
): { peak: number; field: string; scale: number } | undefined {
  if (metricName === "matmulTflops" || metricName === "matmulGflops") {
    const dtype = catalogDtype(String(result.parameters.dtype ?? ""));
    const peak = dtype === undefined ? undefined : accelerator.denseTflops[dtype];
    if (dtype === undefined || peak === undefined) return undefined;
    return { peak, field: `denseTflops.${dtype}`, scale: metricName === "matmulGflops" ? 1e-3 : 1 };
  }
  if (/^(copy|triad|scale|read|write)GBps$/.test(metricName)) {
    return { peak: accelerator.memoryBandwidthGBps, field: "memoryBandwidthGBps", scale: 1 };
  }
  if (metricName === "busBandwidthGBps") {
    if (scope === "scale-up") {
      const link = accelerator.scaleUp.bandwidthGBpsPerDirection;
      return link > 0 ? { peak: link, field: "scaleUp.bandwidthGBpsPerDirection", scale: 1 } : undefined;
    }
    const nic = accelerator.scaleOutGbitpsPerAccelerator;
    return nic === undefined ? undefined : { peak: nic / 8, field: "scaleOutGbitpsPerAccelerator / 8", scale: 1 };
  }
  return undefined;
}

function isAcceleratorResult(result: BenchmarkResult): boolean {
  if (result.device?.backend === "cpu") return false;
  return (
    !SOFTWARE_DEVICE.test(result.device?.name ?? "") && !result.notes.some((n) => n.startsWith("software adapter"))
  );
}

/**
 * Compares every passed result that has a known peak (matmul TFLOP/s per dtype, stream GB/s, collective bus
 * bandwidth) with the catalog entry of an accelerator: achieved, peak, ratio. Failed results and (by default)
 * CPU or software-adapter results are left out.
 *
 * @param results - benchmark results
 * @param acceleratorId - catalog id (`nvidia-h100-sxm`)
 * @param options - collective scope, include non-accelerator results
 * @returns one row per result metric with a peak
 * @throws NotFoundError for an unknown accelerator id
 * @example
 * ```ts
 * import { achievedVsPeak, benchmarkResultSchema } from "@aifactory/bench";
 * const matmul = benchmarkResultSchema.parse({
 *   suite: "webgpu", benchmark: "matmul", parameters: { dtype: "f16", n: 4096 }, status: "passed", stopReason: "ci-target",
 *   metrics: [{ name: "matmulTflops", unit: "TFLOP/s", value: 494.5, higherIsBetter: true }],
 *   device: { backend: "webgpu", name: "NVIDIA H100 80GB HBM3" },
 * });
 * achievedVsPeak([matmul], "nvidia-h100-sxm").map((r) => `${r.metric} ${(r.ratio * 100).toFixed(0)}%`); // ["matmulTflops 50%"]
 * ```
 * @since 0.1.0
 * @category Calibration
 */
export function achievedVsPeak(
  results: readonly BenchmarkResult[],
  acceleratorId: string,
  options: CalibrateOptions = {},
): AchievedVsPeakRow[] {
  const accelerator = getAccelerator(acceleratorId as Parameters<typeof getAccelerator>[0]);
  const scope = options.collectiveScope ?? "scale-up";
  const rows: AchievedVsPeakRow[] = [];
  for (const result of results) {
    if (result.status !== "passed") continue;
    if (!(options.includeNonAccelerator ?? false) && !isAcceleratorResult(result)) continue;
    for (const metric of result.metrics) {
      const peak = peakFor(result, metric.name, accelerator, scope);
      if (peak === undefined) continue;
      const achieved = metric.value * peak.scale;
      rows.push({
        benchmark: `${result.suite}/${result.benchmark}`,
        parameters: result.parameters,
        metric: metric.name,
        unit: peak.field.startsWith("denseTflops") ? "TFLOP/s" : "GB/s",
        achieved,
        peak: peak.peak,
        ratio: achieved / peak.peak,
        peakField: peak.field,
      });
    }
  }
  return rows;
}

function clampRatio(value: number, label: string, warnings: string[]): number {
  if (value > 1) {
    warnings.push(
      `${label} ${value.toFixed(3)} exceeds 1 (in-network reduction, a wrong accelerator id, or a boosted clock); clamped to 1`,
    );
    return 1;
  }
  return value;
}

/**
 * Turns benchmark results into a calibration file: achieved/peak per matmul dtype and shape (the best shape
 * gives the dtype's ratio, as in mamf-finder), stream bandwidth over the HBM peak (best kernel), and collective
 * bus bandwidth over the per-direction link rate per message size (the largest size gives the asymptotic
 * ratio). The `efficiency` block names the factors as the workload models do; `matmulRatio` uses bf16 where
 * measured, then fp16, then the best other dtype.
 *
 * @param sets - result sets (one or several files)
 * @param acceleratorId - the catalog accelerator the results were measured on
 * @param options - collective scope, include non-accelerator results
 * @returns the calibration file
 * @throws NotFoundError for an unknown accelerator; AifError `INVALID_INPUT` when no result can be calibrated
 * @example
 * ```ts
 * import { benchmarkResultSchema, calibrate, captureEnvironment, createResultSet } from "@aifactory/bench";
 * const allReduce = benchmarkResultSchema.parse({
 *   suite: "nccl-tests", benchmark: "all-reduce", parameters: { sizeBytes: 8589934592 }, status: "passed",
 *   stopReason: "single-shot", metrics: [{ name: "busBandwidthGBps", unit: "GB/s", value: 360, higherIsBetter: true }],
 * });
 * const ncclResults = createResultSet(await captureEnvironment({ nvidiaSmi: false }), [allReduce]);
 * calibrate([ncclResults], "nvidia-h100-sxm").efficiency.scaleUpBusBandwidthRatio; // 0.8
 * ```
 * @since 0.1.0
 * @category Calibration
 */
export function calibrate(
  sets: ReadonlyArray<BenchResultSet & { label?: string }>,
  acceleratorId: string,
  options: CalibrateOptions = {},
): CalibrationFile {
  const scope = options.collectiveScope ?? "scale-up";
  const results = sets.flatMap((set) => set.results);
  const rows = achievedVsPeak(results, acceleratorId, options);
  const warnings: string[] = [];
  const skipped = results.filter((r) => r.status === "passed" && !isAcceleratorResult(r)).length;
  if (skipped > 0 && !(options.includeNonAccelerator ?? false)) {
    warnings.push(
      `${skipped} result(s) from a CPU or software adapter were left out: they say nothing about ${acceleratorId}`,
    );
  }
  const failed = results.filter((r) => r.status === "failed").length;
  if (failed > 0) warnings.push(`${failed} failed result(s) were left out`);
  if (rows.length === 0) {
    throw new AifError("INVALID_INPUT", `no result can be compared with ${acceleratorId}'s peaks`, {
      hint: "calibrate from GPU results with matmulTflops (and a dtype), copyGBps/triadGBps or busBandwidthGBps metrics",
    });
  }
  const calibration: CalibrationFile = {
    schemaVersion: CALIBRATION_SCHEMA_VERSION,
    kind: "aifactory-calibration",
    createdAt: new Date().toISOString(),
    acceleratorId,
    deviceNames: [...new Set(results.flatMap((r) => (r.device?.name === undefined ? [] : [r.device.name])))],
    efficiency: {},
    matmulRatioByDtype: {},
    measurements: { matmul: [], memoryBandwidth: [], collectives: [] },
    sources: sets.map((set, index) => ({
      label: set.label ?? `result set ${index + 1}`,
      createdAt: set.createdAt,
      hostname: set.environment.hostname,
    })),
    warnings,
  };
  for (const row of rows) {
    if (row.peakField.startsWith("denseTflops.")) {
      const dtype = row.peakField.slice("denseTflops.".length);
      calibration.measurements.matmul.push({
        dtype,
        ...(typeof row.parameters.m === "number" ? { m: row.parameters.m } : {}),
        ...(typeof row.parameters.n === "number" ? { n: row.parameters.n } : {}),
        ...(typeof row.parameters.k === "number" ? { k: row.parameters.k } : {}),
        achievedTflops: row.achieved,
        peakTflops: row.peak,
        ratio: row.ratio,
      });
      calibration.matmulRatioByDtype[dtype] = Math.max(
        calibration.matmulRatioByDtype[dtype] ?? 0,
        Math.min(1, row.ratio),
      );
    } else if (row.peakField === "memoryBandwidthGBps") {
      calibration.measurements.memoryBandwidth.push({
        kernel: row.metric.replace(/GBps$/, ""),
        achievedGBps: row.achieved,
        peakGBps: row.peak,
        ratio: row.ratio,
      });
    } else {
      const ranks = row.parameters.ranks;
      calibration.measurements.collectives.push({
        collective: row.benchmark.split("/")[1] ?? row.benchmark,
        scope,
        sizeBytes: Number(row.parameters.sizeBytes ?? 0),
        ...(typeof ranks === "number" ? { ranks } : {}),
        busBandwidthGBps: row.achieved,
        linkGBps: row.peak,
        ratio: row.ratio,
      });
    }
  }
  const bestMatmulRatio = (["bf16", "fp16"] as const)
    .map((d) => calibration.matmulRatioByDtype[d])
    .find((v) => v !== undefined);
  const anyMatmul = Object.values(calibration.matmulRatioByDtype);
  if (bestMatmulRatio !== undefined || anyMatmul.length > 0) {
    calibration.efficiency.matmulRatio = bestMatmulRatio ?? Math.max(...anyMatmul);
    if (bestMatmulRatio === undefined) {
      warnings.push(
        "matmulRatio comes from a non-tensor-core dtype (no bf16/fp16 result); models that run bf16 GEMMs may be pessimistic",
      );
    }
  }
  if (calibration.measurements.memoryBandwidth.length > 0) {
    const best = Math.max(...calibration.measurements.memoryBandwidth.map((m) => m.ratio));
    calibration.efficiency.memoryBandwidthRatio = clampRatio(best, "memory bandwidth ratio", warnings);
  }
  const collectives = calibration.measurements.collectives;
  if (collectives.length > 0) {
    const largest = collectives.reduce((a, b) => (b.sizeBytes > a.sizeBytes ? b : a));
    const atLargest = collectives.filter((c) => c.sizeBytes === largest.sizeBytes);
    const value = clampRatio(Math.max(...atLargest.map((c) => c.ratio ?? 0)), "bus bandwidth ratio", warnings);
    if (scope === "scale-up") calibration.efficiency.scaleUpBusBandwidthRatio = value;
    else calibration.efficiency.scaleOutBusBandwidthRatio = value;
  }
  return calibration;
}
