import { parseInput } from "@aifactory/core";
import { decodeLatencies } from "./encoding";
import { type KernelTables, type KernelTablesInput, kernelTablesSchema } from "./kernel-tables";
import {
  type AttentionQuery,
  createKernelResult,
  type KernelIndex,
  type KernelResult,
  type KernelRoofline,
  type KernelSource,
  lookupCollective,
  lookupContextAttention,
  lookupGemm,
  lookupGenerationAttention,
  lookupMoe,
  type MoeQuery,
} from "./lookup";

/**
 * The kernel classes {@link compareKernelTables} compares (MLA and DeepEP tables are not written by
 * `aif bench kernels` and are left out).
 *
 * @since 0.5.0
 * @category Compare
 */
export type ComparedKernel = "gemm" | "moe" | "context-attention" | "generation-attention" | "collective";

/**
 * One measured point next to the reference's answer at the same shape.
 *
 * @since 0.5.0
 * @category Compare
 */
export interface KernelComparisonRow {
  kernel: ComparedKernel;
  /** The shape as people read it, e.g. `bf16 1024 x 4096 x 4096`. */
  shape: string;
  /** The measured table's latency at this point, microseconds. */
  measuredUs: number;
  /** The reference's latency at the same shape, microseconds. */
  referenceUs: number;
  /** measured / reference: above 1, the reference is optimistic (it predicts a faster kernel). */
  ratio: number;
  /** How the reference answered (measured at that point, interpolated, extrapolated, analytic, ...). */
  referenceSource: KernelSource;
  /** The reference's note when it fell back. */
  note: string;
}

/**
 * Ratio statistics of one kernel class (or of all points).
 *
 * @since 0.5.0
 * @category Compare
 */
export interface KernelComparisonSummary {
  kernel: ComparedKernel | "all";
  points: number;
  /** Points where the reference answered from its own measurements (measured or interpolated). */
  pointsAgainstMeasured: number;
  /** Geometric mean of measured / reference over all points. */
  geomeanRatio: number;
  medianRatio: number;
  minRatio: number;
  maxRatio: number;
  /** Median of |log(ratio)| expressed as a ratio (1.1 = typically 10% apart either way). */
  medianSpreadRatio: number;
}

/**
 * The outcome of {@link compareKernelTables}.
 *
 * @since 0.5.0
 * @category Compare
 */
export interface KernelTablesComparison {
  acceleratorId: string;
  /** The measured tables' device string and source title. */
  measured: { device?: string; title: string };
  rows: KernelComparisonRow[];
  /** One summary per kernel class with points, then `all`. */
  summaries: KernelComparisonSummary[];
  /** Tables that were not compared, and why. */
  skipped: string[];
}

/**
 * Achievable rates the reference's analytic fallback uses, per kernel class and precision (the CLI passes the
 * serving model's figures for the accelerator).
 *
 * @since 0.5.0
 * @category Compare
 */
export type ComparisonRooflines = (kernel: ComparedKernel, dtype: string) => KernelRoofline;

function valuesOf(latencies: KernelTables["gemm"][number]["latencyUs"]): Float64Array {
  if (Array.isArray(latencies)) return Float64Array.from(latencies, (v) => (v === null ? Number.NaN : v));
  return decodeLatencies(latencies.data);
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (at - lo);
}

function summarize(kernel: ComparedKernel | "all", rows: readonly KernelComparisonRow[]): KernelComparisonSummary {
  const ratios = rows.map((r) => r.ratio).sort((a, b) => a - b);
  const spreads = rows.map((r) => Math.abs(Math.log(r.ratio))).sort((a, b) => a - b);
  const logSum = rows.reduce((sum, r) => sum + Math.log(r.ratio), 0);
  return {
    kernel,
    points: rows.length,
    pointsAgainstMeasured: rows.filter((r) => r.referenceSource === "measured" || r.referenceSource === "interpolated")
      .length,
    geomeanRatio: Math.exp(logSum / rows.length),
    medianRatio: quantile(ratios, 0.5),
    minRatio: ratios[0] ?? Number.NaN,
    maxRatio: ratios[ratios.length - 1] ?? Number.NaN,
    medianSpreadRatio: Math.exp(quantile(spreads, 0.5)),
  };
}

/**
 * Compares measured kernel tables (from `aif bench kernels` on a real GPU) with a reference table set (the
 * built-in tables of that GPU, or another sweep) point by point: at every measured grid point, the reference's
 * lookup at the same shape (interpolated or, outside its range, extrapolated or analytic, as the models would
 * price it), and the ratio measured / reference with per-class statistics. A ratio above 1 means the reference
 * predicts a faster kernel than the one measured.
 *
 * @param measured - the measured tables (validated here)
 * @param reference - the reference index (e.g. `builtinKernelIndex(id)`), or undefined for the analytic path alone
 * @param rooflines - achievable rates for the reference's analytic fallback
 * @returns rows, per-class summaries and what was skipped
 * @throws InvalidInputError naming the field when the measured tables do not match the format
 * @example
 * ```ts
 * import { compareKernelTables } from "@aifactory/kernels";
 * import { builtinKernelIndex } from "@aifactory/kernels/builtin";
 * const sweep = { formatVersion: 1, acceleratorId: "nvidia-h100-sxm", source: { title: "my sweep" },
 *   gemm: [{ dtype: "bf16", m: [8192], n: [8192], k: [8192], latencyUs: [1500] }] } as const;
 * const result = compareKernelTables(sweep, builtinKernelIndex("nvidia-h100-sxm"),
 *   () => ({ flopsPerSecond: 989e12 * 0.74, memoryBytesPerSecond: 3.35e12 * 0.8 }));
 * result.rows[0]?.referenceSource; // "measured"
 * ```
 * @since 0.5.0
 * @category Compare
 */
export function compareKernelTables(
  measured: KernelTablesInput | KernelTables,
  reference: KernelIndex | undefined,
  rooflines: ComparisonRooflines,
): KernelTablesComparison {
  const tables = parseInput(kernelTablesSchema, measured, "measured kernel tables");
  const rows: KernelComparisonRow[] = [];
  const skipped: string[] = [];
  const out: KernelResult = createKernelResult();
  const push = (kernel: ComparedKernel, shape: string, measuredUs: number, result: KernelResult) => {
    if (!(measuredUs > 0) || !(result.seconds > 0)) return;
    const referenceUs = result.seconds * 1e6;
    rows.push({
      kernel,
      shape,
      measuredUs,
      referenceUs,
      ratio: measuredUs / referenceUs,
      referenceSource: result.source,
      note: result.note,
    });
  };

  for (const t of tables.gemm) {
    const values = valuesOf(t.latencyUs);
    const roofline = rooflines("gemm", t.dtype);
    let i = 0;
    for (const m of t.m) {
      for (const n of t.n) {
        for (const k of t.k) {
          const us = values[i++] ?? Number.NaN;
          if (!(us > 0)) continue;
          lookupGemm(reference, t.dtype, m, n, k, roofline, out);
          push("gemm", `${t.dtype} ${count(m)} x ${count(n)} x ${count(k)}`, us, out);
        }
      }
    }
  }

  for (const t of tables.moe) {
    const values = valuesOf(t.latencyUs);
    const roofline = rooflines("moe", t.dtype);
    let i = 0;
    for (const s of t.series) {
      for (const tokens of t.tokens) {
        const us = values[i++] ?? Number.NaN;
        if (!(us > 0)) continue;
        const query: MoeQuery = {
          dtype: t.dtype,
          hiddenSize: t.hiddenSize,
          expertFfnSize: t.expertFfnSize,
          topK: t.topK,
          experts: t.experts,
          gated: t.gated,
          tp: s.tp,
          ep: s.ep,
          routingAlpha: s.routingAlpha,
          tokens,
        };
        lookupMoe(reference, query, roofline, out);
        push(
          "moe",
          `${t.dtype} hidden ${t.hiddenSize}, FFN ${t.expertFfnSize}, top-${t.topK}/${t.experts}, tp ${s.tp} ep ${s.ep}, alpha ${s.routingAlpha}, ${count(tokens)} tokens`,
          us,
          out,
        );
      }
    }
  }

  const attention = (
    kernel: "context-attention" | "generation-attention",
    t: { heads: number; kvHeads: number; headDim: number; windowTokens: number; kvDtype: "bf16" | "fp8" },
    dtype: "bf16" | "fp8",
    batches: readonly number[],
    tokensAxis: readonly number[],
    latencies: KernelTables["gemm"][number]["latencyUs"],
  ) => {
    const values = valuesOf(latencies);
    const roofline = rooflines(kernel, dtype);
    let i = 0;
    for (const batch of batches) {
      for (const tokens of tokensAxis) {
        const us = values[i++] ?? Number.NaN;
        if (!(us > 0)) continue;
        const query: AttentionQuery = {
          heads: t.heads,
          kvHeads: t.kvHeads,
          headDim: t.headDim,
          windowTokens: t.windowTokens,
          dtype,
          kvDtype: t.kvDtype,
          batch,
          tokens,
        };
        if (kernel === "context-attention") lookupContextAttention(reference, query, roofline, out);
        else lookupGenerationAttention(reference, query, roofline, out);
        const window = t.windowTokens > 0 ? `, window ${count(t.windowTokens)}` : "";
        push(
          kernel,
          `${t.heads}/${t.kvHeads} heads x ${t.headDim}${window}, ${t.kvDtype} KV, batch ${batch} x ${count(tokens)} tokens`,
          us,
          out,
        );
      }
    }
  };
  for (const t of tables.contextAttention) {
    attention("context-attention", t, t.dtype, t.batch, t.sequenceTokens, t.latencyUs);
  }
  for (const t of tables.generationAttention) {
    attention("generation-attention", t, "bf16", t.batch, t.contextTokens, t.latencyUs);
  }

  for (const t of tables.collectives) {
    if (t.dtype !== "bf16") {
      skipped.push(`${t.operation} (${t.implementation}, ${t.dtype}): the models look up bf16 collectives only`);
      continue;
    }
    const values = valuesOf(t.latencyUs);
    const roofline = rooflines("collective", t.dtype);
    let i = 0;
    for (const gpus of t.acceleratorCount) {
      for (const bytes of t.messageBytes) {
        const us = values[i++] ?? Number.NaN;
        if (!(us > 0)) continue;
        lookupCollective(reference, t.operation, gpus, bytes, roofline, t.implementation, out);
        push("collective", `${t.operation} ${t.implementation}, ${gpus} GPUs, ${count(bytes)} B`, us, out);
      }
    }
  }
  if (tables.mla.length > 0) skipped.push(`${tables.mla.length} MLA table(s): not compared`);
  if (tables.deepEp.length > 0) skipped.push(`${tables.deepEp.length} DeepEP table(s): not compared`);

  const summaries: KernelComparisonSummary[] = [];
  const kinds: ComparedKernel[] = ["gemm", "moe", "context-attention", "generation-attention", "collective"];
  for (const kernel of kinds) {
    const of = rows.filter((r) => r.kernel === kernel);
    if (of.length > 0) summaries.push(summarize(kernel, of));
  }
  if (rows.length > 0) summaries.push(summarize("all", rows));
  return {
    acceleratorId: tables.acceleratorId,
    measured: { ...(tables.device === undefined ? {} : { device: tables.device }), title: tables.source.title },
    rows,
    summaries,
    skipped,
  };
}
