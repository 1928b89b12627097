import { InvalidInputError } from "@aifactory/core";
import type { Accelerator, AcceleratorId } from "./accelerator";
import { type AcceleratorCatalog, getAccelerator } from "./catalog";
import { DTYPES, type Dtype } from "./dtype";

/**
 * Options for peak-based metrics.
 *
 * @since 0.1.0
 * @category Metrics
 */
export interface PeakOptions {
  /** Use the 2:4 structured-sparsity peak instead of the dense one (default `false`). */
  sparse?: boolean;
}

/**
 * The peak throughput of an accelerator in one format, TFLOPS (TOPS for `int8`), or `undefined` where no source
 * publishes it.
 *
 * @param accelerator - the entry
 * @param dtype - the format
 * @param options - `sparse`: the structured-sparsity peak (default dense)
 * @returns TFLOPS, or `undefined`
 * @example
 * ```ts
 * import { getAccelerator, peakTflops } from "@aifactory/hardware";
 * peakTflops(getAccelerator("nvidia-h100-sxm"), "bf16"); // 989
 * ```
 * @since 0.1.0
 * @category Metrics
 */
export function peakTflops(accelerator: Accelerator, dtype: Dtype, options: PeakOptions = {}): number | undefined {
  return options.sparse ? accelerator.sparseTflops?.[dtype] : accelerator.denseTflops[dtype];
}

/**
 * The roofline ridge point: the arithmetic intensity (FLOP per byte of memory traffic) above which a kernel
 * is compute-bound on this accelerator, `peak FLOP/s / memory bandwidth B/s` (Williams, Waterman and
 * Patterson, "Roofline", CACM 2009).
 *
 * @param accelerator - the entry
 * @param dtype - the format
 * @param options - `sparse` peak (default dense)
 * @returns FLOP per byte, or `undefined` where the peak is not published
 * @example
 * ```ts
 * import { getAccelerator, ridgePointFlopsPerByte } from "@aifactory/hardware";
 * ridgePointFlopsPerByte(getAccelerator("nvidia-h100-sxm"), "bf16"); // ~295.2 (989e12 / 3.35e12)
 * ```
 * @since 0.1.0
 * @category Metrics
 */
export function ridgePointFlopsPerByte(
  accelerator: Accelerator,
  dtype: Dtype,
  options: PeakOptions = {},
): number | undefined {
  const peak = peakTflops(accelerator, dtype, options);
  // TFLOPS * 1e12 / (GB/s * 1e9) = TFLOPS * 1000 / GB/s
  return peak === undefined ? undefined : (peak * 1000) / accelerator.memoryBandwidthGBps;
}

/**
 * The attainable throughput at an arithmetic intensity: `min(peak, intensity x bandwidth)` (the roofline).
 *
 * @param accelerator - the entry
 * @param dtype - the format
 * @param intensityFlopsPerByte - FLOP per byte of memory traffic (>= 0)
 * @param options - `sparse` peak (default dense)
 * @returns TFLOPS, or `undefined` where the peak is not published
 * @throws InvalidInputError when the intensity is negative or not finite
 * @example
 * ```ts
 * import { attainableTflops, getAccelerator } from "@aifactory/hardware";
 * attainableTflops(getAccelerator("nvidia-h100-sxm"), "bf16", 100); // 335 (memory-bound: 100 x 3.35 TB/s)
 * ```
 * @since 0.1.0
 * @category Metrics
 */
export function attainableTflops(
  accelerator: Accelerator,
  dtype: Dtype,
  intensityFlopsPerByte: number,
  options: PeakOptions = {},
): number | undefined {
  if (!Number.isFinite(intensityFlopsPerByte) || intensityFlopsPerByte < 0) {
    throw new InvalidInputError("roofline input", [
      {
        path: "intensityFlopsPerByte",
        message: "must be a finite number >= 0",
        received: intensityFlopsPerByte,
      },
    ]);
  }
  const peak = peakTflops(accelerator, dtype, options);
  if (peak === undefined) return undefined;
  return Math.min(peak, (intensityFlopsPerByte * accelerator.memoryBandwidthGBps) / 1000);
}

/**
 * One point of a roofline.
 *
 * @since 0.1.0
 * @category Metrics
 */
export interface RooflinePoint {
  /** Arithmetic intensity, FLOP per byte. */
  intensityFlopsPerByte: number;
  /** Attainable throughput, TFLOPS. */
  attainableTflops: number;
  /** Which roof limits this point. */
  bound: "memory" | "compute";
}

/**
 * A roofline for one accelerator and format: the ridge point and points to plot.
 *
 * @since 0.1.0
 * @category Metrics
 */
export interface Roofline {
  /** The accelerator id. */
  acceleratorId: string;
  /** The format. */
  dtype: Dtype;
  /** Whether the sparse peak was used. */
  sparse: boolean;
  /** Peak throughput, TFLOPS. */
  peakTflops: number;
  /** Memory bandwidth, GB/s. */
  memoryBandwidthGBps: number;
  /** Ridge point, FLOP per byte. */
  ridgePointFlopsPerByte: number;
  /** Points at log-spaced intensities (always including the ridge point). */
  points: RooflinePoint[];
}

/**
 * Options of {@link roofline}.
 *
 * @since 0.1.0
 * @category Metrics
 */
export interface RooflineOptions extends PeakOptions {
  /** Smallest intensity, FLOP/byte (default 0.125). */
  minIntensityFlopsPerByte?: number;
  /** Largest intensity, FLOP/byte (default 16 x the ridge point). */
  maxIntensityFlopsPerByte?: number;
  /** Log-spaced points between min and max (default 25, 2..1000). */
  pointCount?: number;
}

/**
 * Builds a roofline: the ridge point and log-spaced (intensity, attainable TFLOPS) points.
 *
 * @param accelerator - the entry or its id
 * @param dtype - the format
 * @param options - intensity range, point count, `sparse`, and `catalog` for ids
 * @returns the roofline
 * @throws NotFoundError for an unknown id; InvalidInputError when the format has no published peak or the range is invalid
 * @example
 * ```ts
 * import { roofline } from "@aifactory/hardware";
 * const line = roofline("nvidia-h100-sxm", "bf16", { pointCount: 5 });
 * line.ridgePointFlopsPerByte; // ~295
 * ```
 * @since 0.1.0
 * @category Metrics
 */
export function roofline(
  accelerator: Accelerator | AcceleratorId,
  dtype: Dtype,
  options: RooflineOptions & { catalog?: AcceleratorCatalog } = {},
): Roofline {
  const entry = typeof accelerator === "string" ? getAccelerator(accelerator, options.catalog) : accelerator;
  const sparse = options.sparse ?? false;
  const peak = peakTflops(entry, dtype, { sparse });
  if (peak === undefined) {
    const available = DTYPES.filter((d) => peakTflops(entry, d, { sparse }) !== undefined);
    throw new InvalidInputError(
      "roofline input",
      [
        {
          path: "dtype",
          message: `${entry.id} has no published ${sparse ? "sparse" : "dense"} ${dtype} peak`,
          received: dtype,
        },
      ],
      `use one of: ${available.join(", ")}`,
    );
  }
  const ridge = (peak * 1000) / entry.memoryBandwidthGBps;
  const min = options.minIntensityFlopsPerByte ?? 0.125;
  const max = options.maxIntensityFlopsPerByte ?? ridge * 16;
  const count = options.pointCount ?? 25;
  const problems = [];
  if (!(Number.isFinite(min) && min > 0))
    problems.push({ path: "minIntensityFlopsPerByte", message: "must be > 0", received: min });
  if (!(Number.isFinite(max) && max > min))
    problems.push({ path: "maxIntensityFlopsPerByte", message: "must be > the minimum", received: max });
  if (!(Number.isInteger(count) && count >= 2 && count <= 1000))
    problems.push({ path: "pointCount", message: "must be an integer from 2 to 1000", received: count });
  if (problems.length > 0) throw new InvalidInputError("roofline options", problems);
  const intensities: number[] = [];
  const ratio = Math.log(max / min) / (count - 1);
  for (let i = 0; i < count; i++) intensities.push(min * Math.exp(ratio * i));
  if (ridge > min && ridge < max) intensities.push(ridge);
  intensities.sort((a, b) => a - b);
  const points = intensities.map((intensity): RooflinePoint => {
    // Classify by intensity against the ridge so the ridge point itself is consistently "compute".
    const memoryBound = intensity < ridge;
    return {
      intensityFlopsPerByte: intensity,
      attainableTflops: memoryBound ? Math.min(peak, (intensity * entry.memoryBandwidthGBps) / 1000) : peak,
      bound: memoryBound ? "memory" : "compute",
    };
  });
  return {
    acceleratorId: entry.id,
    dtype,
    sparse,
    peakTflops: peak,
    memoryBandwidthGBps: entry.memoryBandwidthGBps,
    ridgePointFlopsPerByte: ridge,
    points,
  };
}

/**
 * Peak TFLOPS per watt of TDP, or `undefined` where the peak or the TDP is not published.
 *
 * @param accelerator - the entry
 * @param dtype - the format
 * @param options - `sparse` peak (default dense)
 * @returns TFLOPS per W
 * @example
 * ```ts
 * import { getAccelerator, tflopsPerWatt } from "@aifactory/hardware";
 * tflopsPerWatt(getAccelerator("nvidia-h100-sxm"), "bf16"); // ~1.41 (989 / 700)
 * ```
 * @since 0.1.0
 * @category Metrics
 */
export function tflopsPerWatt(accelerator: Accelerator, dtype: Dtype, options: PeakOptions = {}): number | undefined {
  const peak = peakTflops(accelerator, dtype, options);
  if (peak === undefined || accelerator.tdpWatts === undefined) return undefined;
  return peak / accelerator.tdpWatts;
}

/**
 * Memory capacity per unit of peak compute, GB per TFLOPS: how much model state each unit of compute can
 * hold (a high value suits memory-heavy inference).
 *
 * @param accelerator - the entry
 * @param dtype - the format
 * @param options - `sparse` peak (default dense)
 * @returns GB per TFLOPS, or `undefined` where the peak is not published
 * @example
 * ```ts
 * import { getAccelerator, memoryGBPerTflops } from "@aifactory/hardware";
 * memoryGBPerTflops(getAccelerator("amd-mi300x"), "bf16"); // ~0.147 (192 / 1307)
 * ```
 * @since 0.1.0
 * @category Metrics
 */
export function memoryGBPerTflops(
  accelerator: Accelerator,
  dtype: Dtype,
  options: PeakOptions = {},
): number | undefined {
  const peak = peakTflops(accelerator, dtype, options);
  return peak === undefined ? undefined : accelerator.memoryGB / peak;
}

/**
 * Every derived metric of one accelerator in one format.
 *
 * @since 0.1.0
 * @category Metrics
 */
export interface DtypeMetrics {
  /** The format. */
  dtype: Dtype;
  /** Dense peak, TFLOPS. */
  denseTflops: number;
  /** Sparse peak where published, TFLOPS. */
  sparseTflops?: number;
  /** Ridge point at the dense peak, FLOP/byte. */
  ridgePointFlopsPerByte: number;
  /** Dense TFLOPS per W of TDP, where a TDP is published. */
  tflopsPerWatt?: number;
  /** GB of memory per dense TFLOPS. */
  memoryGBPerTflops: number;
}

/**
 * Derived metrics for every format an accelerator publishes a dense peak for.
 *
 * @param accelerator - the entry or its id
 * @param catalog - where to look ids up (default: the built-in catalog)
 * @returns one row per format, widest first
 * @throws NotFoundError for an unknown id
 * @example
 * ```ts
 * import { acceleratorMetrics } from "@aifactory/hardware";
 * acceleratorMetrics("nvidia-h100-sxm").map((m) => m.dtype); // ["fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "int8"]
 * ```
 * @since 0.1.0
 * @category Metrics
 */
export function acceleratorMetrics(
  accelerator: Accelerator | AcceleratorId,
  catalog?: AcceleratorCatalog,
): DtypeMetrics[] {
  const entry = typeof accelerator === "string" ? getAccelerator(accelerator, catalog) : accelerator;
  const rows: DtypeMetrics[] = [];
  for (const dtype of DTYPES) {
    const dense = entry.denseTflops[dtype];
    if (dense === undefined) continue;
    const row: DtypeMetrics = {
      dtype,
      denseTflops: dense,
      ridgePointFlopsPerByte: (dense * 1000) / entry.memoryBandwidthGBps,
      memoryGBPerTflops: entry.memoryGB / dense,
    };
    const sparse = entry.sparseTflops?.[dtype];
    if (sparse !== undefined) row.sparseTflops = sparse;
    if (entry.tdpWatts !== undefined) row.tflopsPerWatt = dense / entry.tdpWatts;
    rows.push(row);
  }
  return rows;
}

/**
 * One row of a comparison.
 *
 * @since 0.1.0
 * @category Metrics
 */
export interface ComparisonRow {
  /** Accelerator id. */
  id: string;
  /** Display name. */
  name: string;
  /** Vendor. */
  vendor: string;
  /** Dense peak in the compared format, TFLOPS (undefined where not published). */
  denseTflops?: number;
  /** Sparse peak in the compared format, TFLOPS. */
  sparseTflops?: number;
  /** Stated memory, GB. */
  memoryGB: number;
  /** Memory bandwidth, GB/s. */
  memoryBandwidthGBps: number;
  /** TDP, W (undefined where not published). */
  tdpWatts?: number;
  /** Scale-up bandwidth per direction, GB/s. */
  scaleUpBandwidthGBpsPerDirection: number;
  /** Scale-up domain size. */
  scaleUpDomainSize: number;
  /** Ridge point, FLOP/byte. */
  ridgePointFlopsPerByte?: number;
  /** TFLOPS per W. */
  tflopsPerWatt?: number;
  /** GB per TFLOPS. */
  memoryGBPerTflops?: number;
  /** Ratios to the first accelerator for dense TFLOPS, memory and bandwidth (1 for the first). */
  relativeToFirst: { denseTflops?: number; memoryGB: number; memoryBandwidthGBps: number };
}

/**
 * A side-by-side comparison of accelerators in one format.
 *
 * @since 0.1.0
 * @category Metrics
 */
export interface AcceleratorComparison {
  /** The compared format. */
  dtype: Dtype;
  /** One row per accelerator, in the order given. */
  rows: ComparisonRow[];
}

/**
 * Compares accelerators side by side in one format: peaks, memory, bandwidth, power, scale-up, derived metrics
 * and ratios to the first one.
 *
 * @param ids - two or more accelerator ids (one is allowed)
 * @param options - `dtype` (default `"bf16"`), `catalog` (default built-in)
 * @returns the comparison
 * @throws NotFoundError for an unknown id; InvalidInputError for an empty list
 * @example
 * ```ts
 * import { compareAccelerators } from "@aifactory/hardware";
 * const c = compareAccelerators(["nvidia-h100-sxm", "amd-mi300x"]);
 * c.rows[1]?.relativeToFirst.memoryGB; // 2.4
 * ```
 * @since 0.1.0
 * @category Metrics
 */
export function compareAccelerators(
  ids: readonly AcceleratorId[],
  options: { dtype?: Dtype; catalog?: AcceleratorCatalog } = {},
): AcceleratorComparison {
  if (ids.length === 0) {
    throw new InvalidInputError("comparison", [
      { path: "ids", message: "give at least one accelerator id", received: [] },
    ]);
  }
  const dtype = options.dtype ?? "bf16";
  const entries = ids.map((id) => getAccelerator(id, options.catalog));
  const first = entries[0]!;
  const firstDense = first.denseTflops[dtype];
  const rows = entries.map((entry): ComparisonRow => {
    const dense = entry.denseTflops[dtype];
    const row: ComparisonRow = {
      id: entry.id,
      name: entry.name,
      vendor: entry.vendor,
      memoryGB: entry.memoryGB,
      memoryBandwidthGBps: entry.memoryBandwidthGBps,
      scaleUpBandwidthGBpsPerDirection: entry.scaleUp.bandwidthGBpsPerDirection,
      scaleUpDomainSize: entry.scaleUp.scaleUpDomainSize,
      relativeToFirst: {
        memoryGB: entry.memoryGB / first.memoryGB,
        memoryBandwidthGBps: entry.memoryBandwidthGBps / first.memoryBandwidthGBps,
      },
    };
    if (dense !== undefined) {
      row.denseTflops = dense;
      row.ridgePointFlopsPerByte = (dense * 1000) / entry.memoryBandwidthGBps;
      row.memoryGBPerTflops = entry.memoryGB / dense;
      if (entry.tdpWatts !== undefined) row.tflopsPerWatt = dense / entry.tdpWatts;
      if (firstDense !== undefined) row.relativeToFirst.denseTflops = dense / firstDense;
    }
    const sparse = entry.sparseTflops?.[dtype];
    if (sparse !== undefined) row.sparseTflops = sparse;
    if (entry.tdpWatts !== undefined) row.tdpWatts = entry.tdpWatts;
    return row;
  });
  return { dtype, rows };
}
