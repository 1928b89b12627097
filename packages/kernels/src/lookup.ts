import { ncclBusBandwidthFactor, parseInput } from "@aifactory/core";
import { createGridResult, interpolate, type LogGrid, nearestMeasured } from "./grid";
import {
  type IndexedAttention,
  type IndexedDeepEp,
  type IndexedMla,
  type IndexedMoe,
  type KernelIndex,
  LazyKernelIndex,
} from "./kernel-index";

export type { KernelIndex } from "./kernel-index";

import {
  type CollectiveOperation,
  type GemmDtype,
  type KernelTables,
  type KernelTablesInput,
  kernelTablesSchema,
  type MoeDtype,
} from "./kernel-tables";

/**
 * Where a kernel time came from:
 * - `measured`: a measured grid point, exactly;
 * - `interpolated`: between measured neighbours (multilinear in log2 of every axis and of the latency);
 * - `extrapolated`: outside the measured range: the roofline of the requested shape times the efficiency the
 *   table shows at the nearest measured edge;
 * - `scaled`: a measured head layout scaled to the requested one in proportion to the work (attention);
 * - `composed`: built from other measured tables (a MoE layer from grouped GEMMs);
 * - `analytic`: no table applies: roofline x efficiency factors.
 *
 * @example
 * ```ts
 * import { type KernelSource } from "@aifactory/kernels";
 * const source: KernelSource = "interpolated";
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export type KernelSource = "measured" | "interpolated" | "extrapolated" | "scaled" | "composed" | "analytic";

/**
 * One lookup's answer (reused across calls in hot loops: pass the same object as `out`).
 *
 * @example
 * ```ts
 * import { createKernelResult } from "@aifactory/kernels";
 * createKernelResult().seconds; // 0
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export interface KernelResult {
  /** Kernel time, seconds. */
  seconds: number;
  source: KernelSource;
  /** Why a fallback was taken (empty when measured or interpolated). */
  note: string;
}

/**
 * A fresh {@link KernelResult}.
 *
 * @returns a zeroed result
 * @example
 * ```ts
 * import { createKernelResult } from "@aifactory/kernels";
 * createKernelResult().source; // "analytic"
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export function createKernelResult(): KernelResult {
  return { seconds: 0, source: "analytic", note: "" };
}

/**
 * Achievable rates the analytic path and the anchored extrapolation use: the existing efficiency-factor
 * model's figures for the accelerator (peak x efficiency).
 *
 * @example
 * ```ts
 * import { type KernelRoofline } from "@aifactory/kernels";
 * const h100: KernelRoofline = { flopsPerSecond: 989e12 * 0.74, memoryBytesPerSecond: 3.35e12 * 0.8,
 *   busBytesPerSecond: 450e9 * 0.8, latencySeconds: 1e-5 };
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export interface KernelRoofline {
  /** Achievable FLOP/s at the kernel's precision. */
  flopsPerSecond: number;
  /** Achievable HBM bytes/s. */
  memoryBytesPerSecond: number;
  /** Achievable collective bus bytes/s (per GPU, one direction). */
  busBytesPerSecond?: number;
  /** Fixed latency of one collective (or kernel), seconds. */
  latencySeconds?: number;
}

/**
 * Validates a table set and decodes it for lookups. Tables are checked against their grids (one latency per
 * grid point).
 *
 * @param input - a table set (built-in, from a file, or from `aif bench kernels`)
 * @returns the index
 * @throws InvalidInputError naming the field when the tables do not match the format
 * @example
 * ```ts
 * import { indexKernelTables } from "@aifactory/kernels";
 * const index = indexKernelTables({ formatVersion: 1, acceleratorId: "my-gpu", source: { title: "sweep" },
 *   gemm: [{ dtype: "bf16", m: [1024, 4096], n: [4096], k: [4096], latencyUs: [60, 174] }] });
 * index.gemm.has("bf16"); // true
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export function indexKernelTables(input: KernelTablesInput | KernelTables): KernelIndex {
  const index = new LazyKernelIndex(parseInput(kernelTablesSchema, input, "kernel tables"));
  // Decode everything now, in order, so that a table whose latencies do not fit its grid fails here.
  index.decodeAll();
  return index;
}

const GRID = createGridResult();
const ANCHOR: number[] = [0, 0, 0, 0];

/** Bytes per element of a GEMM operand by precision (NVFP4: 4 bits + an FP8 scale per 16 = 4.5 bits). */
const OPERAND_BYTES: Record<string, number> = {
  bf16: 2,
  fp8: 1,
  "fp8-block": 1,
  nvfp4: 0.5625,
  mxfp4: 0.53125,
  "w4a16-mxfp4": 0.53125,
  "w4a8-mxfp4-mxfp8": 0.53125,
};

/**
 * The roofline used to anchor an extrapolation, chosen by kind with its parameters in module-level slots (no
 * closure per lookup: lookups run millions of times in searches).
 */
const ROOF_GEMM = 0;
const ROOF_MOE = 1;
const ROOF_CONTEXT = 2;
const ROOF_GENERATION = 3;
const ROOF_COLLECTIVE = 4;
const ROOF_MLA = 5;
const ROOF_DEEPEP = 6;
let roofKind = ROOF_GEMM;
let roofRates: KernelRoofline = { flopsPerSecond: 1, memoryBytesPerSecond: 1 };
let roofDtype: GemmDtype | MoeDtype = "bf16";
let roofMoe: MoeQuery | undefined;
let roofAttention: AttentionQuery | undefined;
let roofOperation: CollectiveOperation = "all-reduce";
let roofMla: MlaQuery | undefined;
let roofDeepEp: DeepEpQuery | undefined;

function roofline(p: readonly number[]): number {
  switch (roofKind) {
    case ROOF_GEMM:
      return gemmRooflineSeconds(roofDtype, p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, roofRates);
    case ROOF_MOE:
      return moeRoofline(roofMoe as MoeQuery, p[0] ?? 0, roofRates);
    case ROOF_CONTEXT:
      return contextAttentionRoofline(roofAttention as AttentionQuery, p[0] ?? 0, p[1] ?? 0, roofRates);
    case ROOF_GENERATION:
      return generationAttentionRoofline(roofAttention as AttentionQuery, p[0] ?? 0, p[1] ?? 0, roofRates);
    case ROOF_MLA:
      return mlaRoofline(roofMla as MlaQuery, p[0] ?? 0, p[1] ?? 0, roofRates);
    case ROOF_DEEPEP:
      return deepEpRoofline(roofDeepEp as DeepEpQuery, p[0] ?? 0, p[1] ?? 0, roofRates);
    default:
      return collectiveRoofline(roofOperation, p[0] ?? 0, p[1] ?? 0, roofRates);
  }
}

function settle(out: KernelResult, grid: LogGrid, point: readonly number[]): boolean {
  interpolate(grid, point, GRID);
  if (Number.isNaN(GRID.log2Us)) {
    // A neighbour of the point was not measured (large batch x long context runs out of memory, a shape the
    // collector skipped): anchor the roofline at the nearest measured point instead.
    const at = nearestMeasured(grid, point, ANCHOR);
    if (at < 0) return false;
    const edge = roofline(ANCHOR);
    const measured = 2 ** (grid.values[at] ?? 0) * 1e-6;
    out.seconds = edge > 0 ? measured * (roofline(point) / edge) : measured;
    out.source = "extrapolated";
    out.note =
      "a neighbouring grid point was not measured: roofline scaled by the efficiency at the nearest measured point";
    ANCHOR.length = 4;
    return true;
  }
  const measuredSeconds = 2 ** GRID.log2Us * 1e-6;
  if (GRID.clamped) {
    for (let i = 0; i < GRID.clampedPoint.length; i++) ANCHOR[i] = GRID.clampedPoint[i] ?? 0;
    ANCHOR.length = GRID.clampedPoint.length;
    const edge = roofline(ANCHOR);
    const wanted = roofline(point);
    out.seconds = edge > 0 ? measuredSeconds * (wanted / edge) : measuredSeconds;
    out.source = "extrapolated";
    out.note = "outside the measured range: roofline scaled by the efficiency at the nearest measured edge";
    ANCHOR.length = 4;
    return true;
  }
  out.seconds = measuredSeconds;
  out.source = GRID.exact ? "measured" : "interpolated";
  out.note = "";
  return true;
}

function analytic(out: KernelResult, seconds: number, note: string): KernelResult {
  out.seconds = seconds;
  out.source = "analytic";
  out.note = note;
  return out;
}

/**
 * Roofline time of an M x K by K x N GEMM: max(2mnk / FLOP/s, operand and output bytes / HBM bytes/s).
 *
 * @param dtype - operand precision
 * @param m - rows of A and C
 * @param n - columns of B and C
 * @param k - the reduction dimension
 * @param roofline - achievable rates
 * @returns seconds
 * @example
 * ```ts
 * import { gemmRooflineSeconds } from "@aifactory/kernels";
 * gemmRooflineSeconds("bf16", 8192, 8192, 8192, { flopsPerSecond: 1e15, memoryBytesPerSecond: 3e12 }) > 1e-3; // true
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export function gemmRooflineSeconds(
  dtype: GemmDtype | MoeDtype,
  m: number,
  n: number,
  k: number,
  roofline: KernelRoofline,
): number {
  const operand = OPERAND_BYTES[dtype] ?? 2;
  const bytes = (m * k + k * n) * operand + m * n * 2;
  return Math.max((2 * m * n * k) / roofline.flopsPerSecond, bytes / roofline.memoryBytesPerSecond);
}

/**
 * Time of one GEMM (M x K by K x N) at a precision: the measured table of that precision when the index has
 * one (interpolated in log space; outside the range, anchored at the nearest edge), else the roofline. A
 * missing precision never falls back to another precision's table.
 *
 * @param index - decoded tables, or undefined for the analytic path
 * @param dtype - GEMM precision
 * @param m - rows (tokens)
 * @param n - output features
 * @param k - input features
 * @param roofline - achievable rates for the analytic path and the anchoring
 * @param out - result to fill (reused)
 * @returns `out`
 * @example
 * ```ts
 * import { lookupGemm } from "@aifactory/kernels";
 * import { builtinKernelIndex } from "@aifactory/kernels/builtin";
 * const r = lookupGemm(builtinKernelIndex("nvidia-h100-sxm"), "bf16", 8192, 8192, 8192,
 *   { flopsPerSecond: 989e12 * 0.8, memoryBytesPerSecond: 3.35e12 * 0.8 });
 * r.source; // "measured"
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export function lookupGemm(
  index: KernelIndex | undefined,
  dtype: GemmDtype,
  m: number,
  n: number,
  k: number,
  roofline: KernelRoofline,
  out: KernelResult = createKernelResult(),
): KernelResult {
  if (!(m > 0 && n > 0 && k > 0)) return analytic(out, 0, "");
  const table = index?.gemm.get(dtype);
  if (table !== undefined) {
    POINT3[0] = m;
    POINT3[1] = n;
    POINT3[2] = k;
    roofKind = ROOF_GEMM;
    roofDtype = dtype;
    roofRates = roofline;
    if (settle(out, table.grid, POINT3)) return out;
  }
  return analytic(
    out,
    gemmRooflineSeconds(dtype, m, n, k, roofline),
    index === undefined ? "no kernel tables" : `no measured ${dtype} GEMM table for ${index.acceleratorId}`,
  );
}
const POINT3: number[] = [0, 0, 0];
const POINT2: number[] = [0, 0];
const POINT1: number[] = [0];

/**
 * A MoE layer on one GPU, as the MoE tables key it.
 *
 * @since 0.1.0
 * @category Lookup
 */
export interface MoeQuery {
  dtype: MoeDtype;
  hiddenSize: number;
  expertFfnSize: number;
  topK: number;
  experts: number;
  /** SwiGLU-style experts (three matrices); false for two. */
  gated: boolean;
  /** Expert tensor parallelism (each expert's FFN split tp ways). */
  tp: number;
  /** Expert parallelism (experts spread over ep GPUs). */
  ep: number;
  /** Power-law exponent of expert loads (0 = balanced). */
  routingAlpha: number;
  /** Tokens entering the layer (the group's tokens, as AIConfigurator counts them). */
  tokens: number;
}

function moeRoofline(q: MoeQuery, tokens: number, roofline: KernelRoofline): number {
  const matrices = q.gated ? 3 : 2;
  const localExperts = q.experts / q.ep;
  const pairs = (tokens * q.topK) / q.ep;
  const touched = localExperts * (1 - (1 - q.topK / q.experts) ** tokens);
  const operand = OPERAND_BYTES[q.dtype] ?? 2;
  const weightBytes = touched * matrices * q.hiddenSize * (q.expertFfnSize / q.tp) * operand;
  const flops = 2 * pairs * matrices * q.hiddenSize * (q.expertFfnSize / q.tp);
  return Math.max(flops / roofline.flopsPerSecond, weightBytes / roofline.memoryBytesPerSecond);
}

function moeGemmDtype(dtype: MoeDtype): GemmDtype | undefined {
  if (dtype === "w4a16-mxfp4") return undefined; // weight-only: no GEMM table of that kind
  if (dtype === "w4a8-mxfp4-mxfp8") return "mxfp4";
  return dtype;
}

/**
 * Time of one whole MoE layer on one GPU (routing, grouped GEMMs, activation): the measured MoE table when
 * one matches the layer's shape, split and precision (interpolated over tokens in log space and linearly over
 * the routing exponent between the measured distributions); otherwise composed from the GEMM table as two
 * grouped GEMMs (all routed rows of the GPU as one GEMM, bounded below by reading every touched expert's
 * weights); otherwise the roofline.
 *
 * @param index - decoded tables, or undefined
 * @param query - the layer
 * @param roofline - achievable rates
 * @param out - result to fill (reused)
 * @returns `out`
 * @example
 * ```ts
 * import { lookupMoe } from "@aifactory/kernels";
 * import { builtinKernelIndex } from "@aifactory/kernels/builtin";
 * lookupMoe(builtinKernelIndex("nvidia-h200-sxm"), { dtype: "fp8", hiddenSize: 4096, expertFfnSize: 1536,
 *   topK: 8, experts: 128, gated: true, tp: 1, ep: 8, routingAlpha: 1.2, tokens: 512 },
 *   { flopsPerSecond: 1.4e15, memoryBytesPerSecond: 3.5e12 }).source; // "measured"
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export function lookupMoe(
  index: KernelIndex | undefined,
  query: MoeQuery,
  roofline: KernelRoofline,
  out: KernelResult = createKernelResult(),
): KernelResult {
  if (!(query.tokens > 0)) return analytic(out, 0, "");
  const table = index === undefined ? undefined : findMoeTable(index, query);
  const split = table?.bySplit.get(`${query.tp}x${query.ep}`);
  if (split !== undefined) {
    const alphas = split.alphas;
    let i = 0;
    while (i < alphas.length - 1 && (alphas[i + 1] ?? 0) <= query.routingAlpha) i++;
    const a0 = alphas[i] ?? 0;
    const a1 = alphas[Math.min(i + 1, alphas.length - 1)] ?? a0;
    const w = a1 > a0 ? Math.min(1, Math.max(0, (query.routingAlpha - a0) / (a1 - a0))) : 0;
    POINT1[0] = query.tokens;
    roofKind = ROOF_MOE;
    roofMoe = query;
    roofRates = roofline;
    if (settle(out, split.grids[i] as LogGrid, POINT1)) {
      let seconds = out.seconds;
      const source = out.source;
      if (w > 0 && settle(out, split.grids[Math.min(i + 1, alphas.length - 1)] as LogGrid, POINT1)) {
        seconds = 2 ** ((1 - w) * Math.log2(seconds) + w * Math.log2(out.seconds));
        out.source = source === "extrapolated" || out.source === "extrapolated" ? "extrapolated" : "interpolated";
      }
      out.seconds = seconds;
      if (query.routingAlpha > (alphas[alphas.length - 1] ?? 0) || query.routingAlpha < (alphas[0] ?? 0)) {
        out.note = `${out.note}${out.note ? "; " : ""}routing alpha ${query.routingAlpha} outside the measured ${alphas.join(", ")}: nearest used`;
      }
      return out;
    }
  }
  // Composition from the GEMM table: all routed rows of this GPU as one GEMM per matrix, and at least the
  // time to read every touched expert's weights once.
  const gemmDtype = moeGemmDtype(query.dtype);
  const gemmTable = gemmDtype === undefined ? undefined : index?.gemm.get(gemmDtype);
  if (gemmTable !== undefined && gemmDtype !== undefined) {
    const rows = Math.max(1, Math.ceil((query.tokens * query.topK) / query.ep));
    const ffn = Math.max(1, Math.round(query.expertFfnSize / query.tp));
    const upWidth = query.gated ? 2 * ffn : ffn;
    const up = lookupGemm(index, gemmDtype, rows, upWidth, query.hiddenSize, roofline, SCRATCH_A).seconds;
    const down = lookupGemm(index, gemmDtype, rows, query.hiddenSize, ffn, roofline, SCRATCH_B).seconds;
    const weightsOnly = moeRoofline({ ...query }, query.tokens, {
      flopsPerSecond: Number.POSITIVE_INFINITY,
      memoryBytesPerSecond: roofline.memoryBytesPerSecond,
    });
    out.seconds = Math.max(up + down, weightsOnly);
    out.source = "composed";
    out.note = `no measured MoE table for this layer (${query.hiddenSize}/${query.expertFfnSize}, top-${query.topK} of ${query.experts}, tp${query.tp} ep${query.ep}, ${query.dtype}): grouped GEMMs from the ${gemmDtype} GEMM table`;
    return out;
  }
  return analytic(
    out,
    moeRoofline(query, query.tokens, roofline),
    index === undefined
      ? "no kernel tables"
      : `no measured MoE or ${query.dtype} GEMM table for ${index.acceleratorId}`,
  );
}
const moeMemo = new WeakMap<KernelIndex, Map<number, IndexedMoe | null>>();
const MOE_DTYPE_CODE: Record<string, number> = {
  bf16: 0,
  fp8: 1,
  "fp8-block": 2,
  nvfp4: 3,
  mxfp4: 4,
  "w4a16-mxfp4": 5,
  "w4a8-mxfp4-mxfp8": 6,
};

/** The MoE table of a layer shape and precision, memoised per index under a numeric key. */
function findMoeTable(index: KernelIndex, q: MoeQuery): IndexedMoe | undefined {
  let memo = moeMemo.get(index);
  if (memo === undefined) {
    memo = new Map();
    moeMemo.set(index, memo);
  }
  const key =
    ((((q.hiddenSize * 65536 + q.expertFfnSize) * 64 + q.topK) * 1024 + q.experts) * 8 +
      (MOE_DTYPE_CODE[q.dtype] ?? 7)) *
      2 +
    (q.gated ? 1 : 0);
  let found = memo.get(key);
  if (found === undefined) {
    found =
      index.moe.find(
        (t) =>
          t.dtype === q.dtype &&
          t.hiddenSize === q.hiddenSize &&
          t.expertFfnSize === q.expertFfnSize &&
          t.topK === q.topK &&
          t.experts === q.experts &&
          t.gated === q.gated,
      ) ?? null;
    memo.set(key, found);
  }
  return found ?? undefined;
}

const SCRATCH_A = createKernelResult();
const SCRATCH_B = createKernelResult();

/**
 * Attention on one GPU, heads after any tensor-parallel split.
 *
 * @since 0.1.0
 * @category Lookup
 */
export interface AttentionQuery {
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Sliding window, tokens (0 = full attention). */
  windowTokens: number;
  /** Element format of Q/K/V in the kernel (context attention; generation reads K/V in kvDtype). */
  dtype: "bf16" | "fp8";
  kvDtype: "bf16" | "fp8";
  batch: number;
  /** Prompt tokens per sequence (context) or cached tokens per sequence (generation). */
  tokens: number;
}

function contextAttentionRoofline(q: AttentionQuery, batch: number, tokens: number, r: KernelRoofline): number {
  const effective = q.windowTokens > 0 ? Math.min(tokens, q.windowTokens) : tokens;
  // Causal: each of `tokens` queries sees on average effective/2 keys (full window beyond it).
  const context = q.windowTokens > 0 && tokens > q.windowTokens ? effective : effective / 2;
  const flops = batch * q.heads * 4 * q.headDim * tokens * context;
  const bytes = batch * tokens * (2 * q.heads + 2 * q.kvHeads) * q.headDim * 2;
  return Math.max(flops / r.flopsPerSecond, bytes / r.memoryBytesPerSecond);
}

function generationAttentionRoofline(q: AttentionQuery, batch: number, tokens: number, r: KernelRoofline): number {
  const context = q.windowTokens > 0 ? Math.min(tokens, q.windowTokens) : tokens;
  const kvBytes = batch * context * 2 * q.kvHeads * q.headDim * (q.kvDtype === "fp8" ? 1 : 2);
  const flops = batch * q.heads * 4 * q.headDim * context;
  return Math.max(flops / r.flopsPerSecond, kvBytes / r.memoryBytesPerSecond);
}

const attentionMemo = new WeakMap<IndexedAttention[], Map<number, { table: IndexedAttention; scale: number } | null>>();
const DTYPE_BITS: Record<string, number> = { bf16: 0, fp8: 1 };

/** {@link findAttentionScan}, memoised per table list and layout (a numeric key: no string per lookup). */
function findAttention(
  tables: IndexedAttention[],
  q: AttentionQuery,
  matchDtype: boolean,
): { table: IndexedAttention; scale: number } | undefined {
  // The numeric key packs head dims below 2048 and windows below 131072; anything larger is searched directly.
  if (q.headDim >= 2048 || q.windowTokens >= 131072 || q.heads >= 1024 || q.kvHeads >= 1024) {
    return findAttentionScan(tables, q, matchDtype);
  }
  let memo = attentionMemo.get(tables);
  if (memo === undefined) {
    memo = new Map();
    attentionMemo.set(tables, memo);
  }
  const key =
    ((((q.heads * 1024 + q.kvHeads) * 2048 + q.headDim) * 131072 + q.windowTokens) * 2 + (DTYPE_BITS[q.kvDtype] ?? 0)) *
      3 +
    (matchDtype ? 1 + (DTYPE_BITS[q.dtype] ?? 0) : 0);
  let found = memo.get(key);
  if (found === undefined) {
    found = findAttentionScan(tables, q, matchDtype) ?? null;
    memo.set(key, found);
  }
  return found ?? undefined;
}

function findAttentionScan(
  tables: IndexedAttention[],
  q: AttentionQuery,
  matchDtype: boolean,
): { table: IndexedAttention; scale: number } | undefined {
  let best: IndexedAttention | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const ratio = q.heads / q.kvHeads;
  for (const t of tables) {
    if (t.headDim !== q.headDim || t.windowTokens !== q.windowTokens || t.kvDtype !== q.kvDtype) continue;
    if (matchDtype && t.dtype !== q.dtype) continue;
    if (t.heads === q.heads && t.kvHeads === q.kvHeads) return { table: t, scale: 1 };
    // Same grouping (query heads per KV head) at another head count: the work scales with the heads.
    if (t.heads / t.kvHeads !== ratio) continue;
    const distance = Math.abs(Math.log2(t.heads / q.heads));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = t;
    }
  }
  return best === undefined ? undefined : { table: best, scale: q.heads / best.heads };
}

/**
 * Time of prefill (context) attention for `batch` sequences of `tokens` prompt tokens on one GPU: the measured
 * table of that head layout, window and precision; a measured layout with the same query-per-KV grouping
 * scaled by the head count; else the roofline (causal FLOPs vs Q/K/V/O traffic).
 *
 * @param index - decoded tables, or undefined
 * @param query - the attention call
 * @param roofline - achievable rates (attention FLOP/s)
 * @param out - result to fill (reused)
 * @returns `out`
 * @example
 * ```ts
 * import { lookupContextAttention } from "@aifactory/kernels";
 * import { builtinKernelIndex } from "@aifactory/kernels/builtin";
 * lookupContextAttention(builtinKernelIndex("nvidia-h100-sxm"), { heads: 8, kvHeads: 1, headDim: 128,
 *   windowTokens: 0, dtype: "bf16", kvDtype: "bf16", batch: 1, tokens: 4096 },
 *   { flopsPerSecond: 6e14, memoryBytesPerSecond: 2.7e12 }).source; // "measured"
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export function lookupContextAttention(
  index: KernelIndex | undefined,
  query: AttentionQuery,
  roofline: KernelRoofline,
  out: KernelResult = createKernelResult(),
): KernelResult {
  return lookupAttention(index, query, roofline, out, true);
}

/**
 * Time of one decode step of attention for `batch` sequences each with `tokens` cached tokens on one GPU:
 * the measured table (head layout, window, KV format), a same-grouping layout scaled by heads, else the
 * roofline (KV bytes vs FLOPs).
 *
 * @param index - decoded tables, or undefined
 * @param query - the attention call (`tokens` = cached tokens per sequence)
 * @param roofline - achievable rates
 * @param out - result to fill (reused)
 * @returns `out`
 * @example
 * ```ts
 * import { lookupGenerationAttention } from "@aifactory/kernels";
 * import { builtinKernelIndex } from "@aifactory/kernels/builtin";
 * lookupGenerationAttention(builtinKernelIndex("nvidia-h100-sxm"), { heads: 8, kvHeads: 1, headDim: 128,
 *   windowTokens: 0, dtype: "bf16", kvDtype: "fp8", batch: 64, tokens: 2048 },
 *   { flopsPerSecond: 6e14, memoryBytesPerSecond: 2.7e12 }).seconds > 0; // true
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export function lookupGenerationAttention(
  index: KernelIndex | undefined,
  query: AttentionQuery,
  roofline: KernelRoofline,
  out: KernelResult = createKernelResult(),
): KernelResult {
  return lookupAttention(index, query, roofline, out, false);
}

/** The context (prefill) or generation (decode) attention lookup: both follow the same steps. */
function lookupAttention(
  index: KernelIndex | undefined,
  query: AttentionQuery,
  roofline: KernelRoofline,
  out: KernelResult,
  context: boolean,
): KernelResult {
  if (!(query.batch > 0 && query.tokens > 0)) return analytic(out, 0, "");
  const tables = index === undefined ? undefined : context ? index.contextAttention : index.generationAttention;
  const found = tables === undefined ? undefined : findAttention(tables, query, context);
  if (found !== undefined) {
    POINT2[0] = query.batch;
    POINT2[1] = query.tokens;
    roofKind = context ? ROOF_CONTEXT : ROOF_GENERATION;
    roofAttention = found.scale === 1 ? query : { ...query, heads: found.table.heads, kvHeads: found.table.kvHeads };
    roofRates = roofline;
    if (settle(out, found.table.grid, POINT2)) {
      if (found.scale !== 1) {
        out.seconds *= found.scale;
        out.source = "scaled";
        out.note = `no measured layout ${query.heads}/${query.kvHeads} heads: ${found.table.heads}/${found.table.kvHeads} scaled by the head count`;
      }
      return out;
    }
  }
  const seconds = context
    ? contextAttentionRoofline(query, query.batch, query.tokens, roofline)
    : generationAttentionRoofline(query, query.batch, query.tokens, roofline);
  const layout = `${query.heads}/${query.kvHeads} heads x ${query.headDim}, window ${query.windowTokens}`;
  return analytic(
    out,
    seconds,
    index === undefined
      ? "no kernel tables"
      : context
        ? `no measured context attention for ${layout}, ${query.dtype}/${query.kvDtype} KV on ${index.acceleratorId}`
        : `no measured decode attention for ${layout}, ${query.kvDtype} KV on ${index.acceleratorId}`,
  );
}

/**
 * MLA attention on one GPU (DeepSeek-V2/V3 multi-head latent attention), heads after any TP split.
 *
 * @since 0.1.0
 * @category Lookup
 */
export interface MlaQuery {
  phase: "context" | "generation";
  heads: number;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
  kvDtype: "bf16" | "fp8";
  batch: number;
  /** Prompt tokens per sequence (context) or cached tokens per sequence (generation). */
  tokens: number;
}

/**
 * Roofline of MLA: prefill as causal attention with d_qk = nope + rope and d_v (DeepSeek-V2 s2.1); decode in the
 * absorbed form, 2 x heads x (2 kvLoraRank + rope) FLOPs per cached token, reading the latent (kvLoraRank + rope
 * elements) of every cached token (DeepSeek-V2 appendix C).
 */
function mlaRoofline(q: MlaQuery, batch: number, tokens: number, r: KernelRoofline): number {
  if (q.phase === "context") {
    const flops = batch * q.heads * tokens * tokens * (q.qkNopeHeadDim + q.qkRopeHeadDim + q.vHeadDim);
    const bytes = batch * tokens * q.heads * (2 * (q.qkNopeHeadDim + q.qkRopeHeadDim) + 2 * q.vHeadDim) * 2;
    return Math.max(flops / r.flopsPerSecond, bytes / r.memoryBytesPerSecond);
  }
  const flops = batch * q.heads * 2 * (2 * q.kvLoraRank + q.qkRopeHeadDim) * tokens;
  const bytes = batch * tokens * (q.kvLoraRank + q.qkRopeHeadDim) * (q.kvDtype === "fp8" ? 1 : 2);
  return Math.max(flops / r.flopsPerSecond, bytes / r.memoryBytesPerSecond);
}

/**
 * Time of MLA attention (prefill or one decode step) on one GPU: the measured table of those latent dimensions,
 * phase and KV format (AIConfigurator measured DeepSeek-V3's), interpolated over batch and tokens; another head
 * count scaled by the heads; else the roofline.
 *
 * @param index - decoded tables, or undefined
 * @param query - the MLA call
 * @param roofline - achievable rates
 * @param out - result to fill (reused)
 * @returns `out`
 * @example
 * ```ts
 * import { lookupMla } from "@aifactory/kernels";
 * import { builtinKernelIndex } from "@aifactory/kernels/builtin";
 * lookupMla(builtinKernelIndex("nvidia-h200-sxm"), { phase: "generation", heads: 16, kvLoraRank: 512,
 *   qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128, kvDtype: "fp8", batch: 64, tokens: 4096 },
 *   { flopsPerSecond: 6e14, memoryBytesPerSecond: 3.5e12 }).source; // "measured"
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export function lookupMla(
  index: KernelIndex | undefined,
  query: MlaQuery,
  roofline: KernelRoofline,
  out: KernelResult = createKernelResult(),
): KernelResult {
  if (!(query.batch > 0 && query.tokens > 0)) return analytic(out, 0, "");
  const best = index === undefined ? undefined : findMla(index, query);
  if (best !== undefined) {
    POINT2[0] = query.batch;
    POINT2[1] = query.tokens;
    roofKind = ROOF_MLA;
    roofMla = best.heads === query.heads ? query : { ...query, heads: best.heads };
    roofRates = roofline;
    if (settle(out, best.grid, POINT2)) {
      if (best.heads !== query.heads) {
        out.seconds *= query.heads / best.heads;
        out.source = "scaled";
        out.note = `no measured MLA table for ${query.heads} heads per GPU: ${best.heads} scaled by the head count`;
      }
      return out;
    }
  }
  return analytic(
    out,
    mlaRoofline(query, query.batch, query.tokens, roofline),
    index === undefined
      ? "no kernel tables"
      : `no measured ${query.phase} MLA table for these latent dimensions and ${query.kvDtype} KV on ${index.acceleratorId}`,
  );
}

const mlaMemo = new WeakMap<KernelIndex, Map<number, IndexedMla | null>>();

/** The MLA table nearest in heads for a phase, KV format and latent dimensions, memoised per index. */
function findMla(index: KernelIndex, query: MlaQuery): IndexedMla | undefined {
  let memo = mlaMemo.get(index);
  if (memo === undefined) {
    memo = new Map();
    mlaMemo.set(index, memo);
  }
  const key =
    ((((query.heads * 4096 + query.kvLoraRank) * 1024 + query.qkNopeHeadDim) * 1024 + query.qkRopeHeadDim) * 1024 +
      query.vHeadDim) *
      4 +
    (query.phase === "context" ? 2 : 0) +
    (query.kvDtype === "fp8" ? 1 : 0);
  let found = memo.get(key);
  if (found === undefined) {
    found = null;
    for (const t of index.mla) {
      if (
        t.phase !== query.phase ||
        t.kvDtype !== query.kvDtype ||
        t.kvLoraRank !== query.kvLoraRank ||
        t.qkNopeHeadDim !== query.qkNopeHeadDim ||
        t.qkRopeHeadDim !== query.qkRopeHeadDim ||
        t.vHeadDim !== query.vHeadDim
      ) {
        continue;
      }
      if (found === null || Math.abs(Math.log2(t.heads / query.heads)) < Math.abs(Math.log2(found.heads / query.heads)))
        found = t;
    }
    memo.set(key, found);
  }
  return found ?? undefined;
}

/**
 * One MoE layer's expert-parallel token exchange inside one node (DeepEP).
 *
 * @since 0.1.0
 * @category Lookup
 */
export interface DeepEpQuery {
  /** `normal` (prefill, training) or `low-latency` (decode). */
  mode: "normal" | "low-latency";
  /** GPUs of the EP group (the measured tables are one node of 8). */
  acceleratorCount: number;
  hiddenSize: number;
  topK: number;
  experts: number;
  /** Tokens on one GPU entering the layer. */
  tokens: number;
}

const deepEpMemo = new WeakMap<KernelIndex, Map<number, [IndexedDeepEp, IndexedDeepEp] | null>>();

/** The dispatch and combine tables of a mode, group size, top-k and expert count, memoised per index. */
function findDeepEp(index: KernelIndex, q: DeepEpQuery): [IndexedDeepEp, IndexedDeepEp] | undefined {
  let memo = deepEpMemo.get(index);
  if (memo === undefined) {
    memo = new Map();
    deepEpMemo.set(index, memo);
  }
  const key = ((q.acceleratorCount * 64 + q.topK) * 4096 + q.experts) * 2 + (q.mode === "normal" ? 1 : 0);
  let found = memo.get(key);
  if (found === undefined) {
    let dispatch: IndexedDeepEp | undefined;
    let combine: IndexedDeepEp | undefined;
    for (const t of index.deepEp) {
      if (
        t.mode !== q.mode ||
        t.acceleratorCount !== q.acceleratorCount ||
        t.topK !== q.topK ||
        t.experts !== q.experts
      )
        continue;
      if (t.operation === "dispatch") dispatch = t;
      else combine = t;
    }
    found = dispatch !== undefined && combine !== undefined ? [dispatch, combine] : null;
    memo.set(key, found);
  }
  return found ?? undefined;
}

/** Bytes over the bus: top-k copies of each token, (gpus-1)/gpus of them leave the GPU; FP8 out, BF16 back. */
function deepEpRoofline(q: DeepEpQuery, hiddenSize: number, tokens: number, r: KernelRoofline): number {
  const crossing = (tokens * q.topK * (q.acceleratorCount - 1)) / q.acceleratorCount;
  const bus = r.busBytesPerSecond ?? r.memoryBytesPerSecond;
  return 2 * (r.latencySeconds ?? 0) + (crossing * hiddenSize * 3) / bus;
}

/**
 * Time of one MoE layer's DeepEP dispatch plus combine on one GPU of an EP group inside one node: the measured
 * tables (normal kernels at DeepEP's default 20 SMs, or low-latency kernels), interpolated over the hidden size
 * and the GPU's tokens, for an EP group of the measured size with the same top-k and expert count; else the
 * bandwidth model (FP8 dispatch, BF16 combine of the top-k copies that leave the GPU).
 *
 * @param index - decoded tables, or undefined
 * @param query - the exchange
 * @param roofline - achievable rates (bus bytes/s and latency)
 * @param out - result to fill (reused)
 * @returns `out` (dispatch + combine)
 * @example
 * ```ts
 * import { lookupDeepEp } from "@aifactory/kernels";
 * import { builtinKernelIndex } from "@aifactory/kernels/builtin";
 * lookupDeepEp(builtinKernelIndex("nvidia-h200-sxm"), { mode: "normal", acceleratorCount: 8, hiddenSize: 7168, topK: 8,
 *   experts: 256, tokens: 1024 }, { flopsPerSecond: 1, memoryBytesPerSecond: 1, busBytesPerSecond: 3.6e11 }).source;
 * // "measured"
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export function lookupDeepEp(
  index: KernelIndex | undefined,
  query: DeepEpQuery,
  roofline: KernelRoofline,
  out: KernelResult = createKernelResult(),
): KernelResult {
  if (!(query.tokens > 0) || query.acceleratorCount <= 1) return analytic(out, 0, "");
  if (index !== undefined) {
    const pair = findDeepEp(index, query);
    const dispatch = pair?.[0];
    const combine = pair?.[1];
    if (dispatch !== undefined && combine !== undefined) {
      POINT2[0] = query.hiddenSize;
      POINT2[1] = query.tokens;
      roofKind = ROOF_DEEPEP;
      roofDeepEp = query;
      roofRates = roofline;
      if (settle(out, dispatch.grid, POINT2)) {
        const dispatchSeconds = out.seconds;
        const dispatchSource = out.source;
        if (settle(out, combine.grid, POINT2)) {
          out.seconds += dispatchSeconds;
          if (dispatchSource === "extrapolated") out.source = "extrapolated";
          return out;
        }
      }
    }
  }
  return analytic(
    out,
    deepEpRoofline(query, query.hiddenSize, query.tokens, roofline),
    index === undefined
      ? "no kernel tables"
      : `no measured DeepEP ${query.mode} table for EP${query.acceleratorCount}, top-${query.topK} of ${query.experts} experts on ${index.acceleratorId}`,
  );
}

/** nccl-tests bus-bandwidth factor (bytes on the bus per byte of message); a group of one moves nothing. */
function busFactor(operation: CollectiveOperation, gpus: number): number {
  return gpus <= 1 ? 0 : ncclBusBandwidthFactor(operation, gpus);
}

function collectiveRoofline(operation: CollectiveOperation, gpus: number, bytes: number, r: KernelRoofline): number {
  const bus = r.busBytesPerSecond ?? r.memoryBytesPerSecond;
  return (r.latencySeconds ?? 0) + (busFactor(operation, gpus) * bytes) / bus;
}

/**
 * Time of one collective on `acceleratorCount` GPUs of one scale-up domain with a per-GPU buffer of `messageBytes`
 * (nccl-tests' "size"): the measured table (TensorRT-LLM's custom all-reduce first when `implementation` is
 * `auto` or `trtllm-custom`, else NCCL), interpolated over GPUs and size; beyond the measured sizes the α-β
 * model anchored at the edge; for GPU counts outside the measured ones (a group larger than the measured node),
 * the α-β model with the roofline's bus rate (`analytic`).
 *
 * @param index - decoded tables, or undefined
 * @param operation - the collective
 * @param gpus - participants (inside one scale-up domain)
 * @param messageBytes - per-GPU buffer, bytes
 * @param roofline - achievable rates (bus bytes/s and latency)
 * @param implementation - `auto` (default), `nccl` or `trtllm-custom`
 * @param out - result to fill (reused)
 * @returns `out`
 * @example
 * ```ts
 * import { lookupCollective } from "@aifactory/kernels";
 * import { builtinKernelIndex } from "@aifactory/kernels/builtin";
 * lookupCollective(builtinKernelIndex("nvidia-h100-sxm"), "all-reduce", 8, 16777216,
 *   { flopsPerSecond: 1, memoryBytesPerSecond: 1, busBytesPerSecond: 360e9, latencySeconds: 1e-5 }).source; // "measured"
 * ```
 * @since 0.1.0
 * @category Lookup
 */
export function lookupCollective(
  index: KernelIndex | undefined,
  operation: CollectiveOperation,
  gpus: number,
  messageBytes: number,
  roofline: KernelRoofline,
  implementation: "auto" | "nccl" | "trtllm-custom" = "auto",
  out: KernelResult = createKernelResult(),
): KernelResult {
  if (!(gpus > 1 && messageBytes > 0)) return analytic(out, 0, "");
  if (index !== undefined) {
    const order = implementation === "auto" ? ["trtllm-custom", "nccl"] : [implementation];
    for (const wanted of order) {
      const table = index.collectives.find(
        (t) => t.operation === operation && t.implementation === wanted && t.dtype === "bf16",
      );
      if (table === undefined) continue;
      const gpuAxis = table.grid.rawAxes[0] as number[];
      if (gpus > (gpuAxis[gpuAxis.length - 1] ?? 0) || gpus < (gpuAxis[0] ?? 0)) continue;
      POINT2[0] = gpus;
      POINT2[1] = messageBytes;
      roofKind = ROOF_COLLECTIVE;
      roofOperation = operation;
      roofRates = roofline;
      if (settle(out, table.grid, POINT2)) return out;
    }
  }
  return analytic(
    out,
    collectiveRoofline(operation, gpus, messageBytes, roofline),
    index === undefined ? "no kernel tables" : `no measured ${operation} on ${gpus} GPUs for ${index.acceleratorId}`,
  );
}
