/**
 * Derives the built-in kernel tables of @aifactory/kernels from NVIDIA AIConfigurator's measured kernel database
 * (Parquet, as copied into shared/reference/kernels/aiconfigurator/). Run:
 *   node --conditions=source --import tsx scripts/derive-tables.ts [<aiconfigurator dir>]
 * It writes src/data/<gpu>.ts. The test `derive-tables.test.ts` re-derives every table and compares.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { encodeLatencies } from "../src/encoding";

/** AIConfigurator folder -> catalog accelerator id. */
export const SYSTEM_TO_ACCELERATOR: Record<string, string> = {
  a100_sxm: "nvidia-a100-sxm-80gb",
  h100_sxm: "nvidia-h100-sxm",
  h200_sxm: "nvidia-h200-sxm",
  b200_sxm: "nvidia-b200",
  gb200: "nvidia-gb200",
  b300_sxm: "nvidia-b300",
  gb300: "nvidia-gb300",
};

export const AICONFIGURATOR_COMMIT = "095f58a51c4ca8e61b66ec108d86f223f8d559ce";

const GEMM_DTYPES: Record<string, string> = { bfloat16: "bf16", fp8: "fp8", fp8_block: "fp8-block", nvfp4: "nvfp4" };
const MOE_DTYPES: Record<string, string> = {
  bfloat16: "bf16",
  fp8: "fp8",
  fp8_block: "fp8-block",
  nvfp4: "nvfp4",
  w4a16_mxfp4: "w4a16-mxfp4",
  w4a8_mxfp4_mxfp8: "w4a8-mxfp4-mxfp8",
};
const ATTENTION_DTYPES: Record<string, string> = { bfloat16: "bf16", fp8: "fp8" };
const NCCL_OPS: Record<string, string> = {
  all_reduce: "all-reduce",
  all_gather: "all-gather",
  reduce_scatter: "reduce-scatter",
  alltoall: "all-to-all",
};
const NCCL_DTYPES: Record<string, { dtype: string; bytes: number }> = {
  half: { dtype: "bf16", bytes: 2 },
  int8: { dtype: "int8", bytes: 1 },
};

type Row = Record<string, unknown>;

async function readParquet(path: string): Promise<Row[]> {
  const buffer = readFileSync(path);
  const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  const rows = (await parquetReadObjects({ file, compressors })) as Row[];
  return rows.map((row) => {
    const out: Row = {};
    for (const [key, value] of Object.entries(row)) out[key] = typeof value === "bigint" ? Number(value) : value;
    return out;
  });
}

function num(row: Row, key: string): number {
  const value = row[key];
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`column ${key} is not a number`);
  return value;
}

function sortedUnique(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * Monotone envelope: a problem never costs more than a larger one of the same kind, because the larger
 * kernel can run it padded. On a grid, t(x) := min over points y >= x (component-wise) of t(y) — a suffix
 * minimum along each axis in turn. Missing points (NaN) are skipped. Returns how many values it lowered.
 */
function suffixMinimum(values: Float64Array, shape: number[]): number {
  const before = Float64Array.from(values);
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  for (let axis = 0; axis < shape.length; axis++) {
    const size = shape[axis] ?? 1;
    const stride = strides[axis] ?? 1;
    for (let base = 0; base < values.length; base++) {
      if (Math.floor(base / stride) % size !== size - 1) continue; // start from the last index of this axis
      let best = Number.NaN;
      for (let i = size - 1; i >= 0; i--) {
        const at = base - (size - 1 - i) * stride;
        const v = values[at] ?? Number.NaN;
        if (Number.isNaN(v)) continue;
        if (Number.isNaN(best) || v < best) best = v;
        else values[at] = best;
      }
    }
  }
  let lowered = 0;
  for (let i = 0; i < values.length; i++) if ((values[i] ?? 0) < (before[i] ?? 0)) lowered++;
  return lowered;
}

function ms(row: Row): number {
  return num(row, "latency") * 1000; // AIConfigurator stores milliseconds; tables hold microseconds
}

/** GEMM m values kept: the "+1" probes (m = 2^k + 1 ...) sit within noise of their neighbour and double the size. */
function keepM(m: number, all: Set<number>): boolean {
  if (m <= 16) return true;
  return !all.has(m - 1);
}

export interface DerivedTables {
  system: string;
  acceleratorId: string;
  tables: Record<string, unknown>;
  adjustedPoints: number;
}

function gemmTables(rows: Row[]): { tables: unknown[]; adjusted: number } {
  const out: unknown[] = [];
  let adjusted = 0;
  const allM = new Set(rows.map((r) => num(r, "m")));
  for (const [raw, dtype] of Object.entries(GEMM_DTYPES)) {
    const subset = rows.filter((r) => r.gemm_dtype === raw && keepM(num(r, "m"), allM));
    if (subset.length === 0) continue;
    const m = sortedUnique(subset.map((r) => num(r, "m")));
    const n = sortedUnique(subset.map((r) => num(r, "n")));
    const k = sortedUnique(subset.map((r) => num(r, "k")));
    const values = new Float64Array(m.length * n.length * k.length).fill(Number.NaN);
    for (const r of subset) {
      const at = (m.indexOf(num(r, "m")) * n.length + n.indexOf(num(r, "n"))) * k.length + k.indexOf(num(r, "k"));
      // Several kernel sources (e.g. torch and DeepGEMM) may time the same shape: keep the faster, as a
      // framework would pick it.
      const v = ms(r);
      if (Number.isNaN(values[at] ?? Number.NaN) || v < (values[at] ?? 0)) values[at] = v;
    }
    adjusted += suffixMinimum(values, [m.length, n.length, k.length]);
    out.push({ dtype, m, n, k, latencyUs: { encoding: "log2-u16-base64", data: encodeLatencies([...values]) } });
  }
  return { tables: out, adjusted };
}

function distributionAlpha(value: unknown): number {
  if (value === "balanced") return 0;
  const match = /^power_law_([0-9.]+)$/.exec(String(value));
  if (!match) throw new Error(`unknown MoE distribution ${String(value)}`);
  return Number(match[1]);
}

/**
 * A series whose latency falls by more than {@link INCONSISTENCY_RATIO} x as its work grows is not a measurement
 * of one kernel behaving physically (more tokens never make a MoE layer 1.5 x faster); such series are dropped
 * rather than smoothed, and lookups fall back to the composed or analytic path for them.
 */
const INCONSISTENCY_RATIO = 1.5;

function inconsistentSeries(values: Float64Array): boolean {
  let laterMin = Number.POSITIVE_INFINITY;
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i] ?? Number.NaN;
    if (Number.isNaN(v)) continue;
    if (v > INCONSISTENCY_RATIO * laterMin) return true;
    laterMin = Math.min(laterMin, v);
  }
  return false;
}

let droppedSeries = 0;

/**
 * Split envelope: spreading a MoE layer over more GPUs (a larger tp or ep, same tokens and routing) never makes
 * the busiest GPU slower, since each GPU then holds a subset of the experts (or of each expert's columns) that
 * one GPU of the smaller split held. So t(tp, ep) := min(t(tp, ep), t(tp', ep')) over measured splits with
 * tp' <= tp and ep' <= ep. Returns how many values it lowered.
 */
function splitEnvelope(values: Float64Array, seriesKeys: string[], tokens: number): number {
  const parsed = seriesKeys.map((key) => key.split("|").map(Number) as [number, number, number]);
  const order = parsed
    .map((_, i) => i)
    .sort((a, b) => {
      const x = parsed[a] as [number, number, number];
      const y = parsed[b] as [number, number, number];
      return x[0] * x[1] - y[0] * y[1];
    });
  let lowered = 0;
  for (const s of order) {
    const [tp, ep, alpha] = parsed[s] as [number, number, number];
    for (const o of order) {
      if (o === s) continue;
      const [tp2, ep2, alpha2] = parsed[o] as [number, number, number];
      if (alpha2 !== alpha || tp2 > tp || ep2 > ep) continue;
      for (let t = 0; t < tokens; t++) {
        const mine = values[s * tokens + t] ?? Number.NaN;
        const smaller = values[o * tokens + t] ?? Number.NaN;
        if (!Number.isNaN(mine) && !Number.isNaN(smaller) && smaller < mine) {
          values[s * tokens + t] = smaller;
          lowered++;
        }
      }
    }
  }
  return lowered;
}

function moeTables(rows: Row[]): { tables: unknown[]; adjusted: number } {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const dtype = MOE_DTYPES[String(r.moe_dtype)];
    if (!dtype) continue;
    // Kernel sources of the same layer (e.g. CUTLASS and min-latency NVFP4 kernels) are one table: the fastest
    // measured source per point is kept, as the framework would pick it. Non-gated experts are another layer.
    const gated = r.kernel_source === "moe_torch_flow_nongated" ? "nongated" : "gated";
    const key = [dtype, gated, r.hidden_size, r.inter_size, r.topk, r.num_experts].join("|");
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const out: unknown[] = [];
  let adjusted = 0;
  for (const [key, list] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [dtype, gatedness] = key.split("|");
    const first = list[0] as Row;
    const tokens = sortedUnique(list.map((r) => num(r, "num_tokens")));
    const seriesKeys = [
      ...new Set(
        list.map((r) => `${num(r, "moe_tp_size")}|${num(r, "moe_ep_size")}|${distributionAlpha(r.distribution)}`),
      ),
    ].sort((a, b) => {
      const x = a.split("|").map(Number);
      const y = b.split("|").map(Number);
      return (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0) || (x[2] ?? 0) - (y[2] ?? 0);
    });
    const values = new Float64Array(seriesKeys.length * tokens.length).fill(Number.NaN);
    for (const source of [...new Set(list.map((r) => String(r.kernel_source)))].sort()) {
      // Each source's series are screened on their own, then the fastest source is kept per point.
      const own = new Float64Array(values.length).fill(Number.NaN);
      for (const r of list) {
        if (String(r.kernel_source) !== source) continue;
        const s = seriesKeys.indexOf(
          `${num(r, "moe_tp_size")}|${num(r, "moe_ep_size")}|${distributionAlpha(r.distribution)}`,
        );
        const at = s * tokens.length + tokens.indexOf(num(r, "num_tokens"));
        const v = ms(r);
        if (Number.isNaN(own[at] ?? Number.NaN) || v < (own[at] ?? 0)) own[at] = v;
      }
      for (let s = 0; s < seriesKeys.length; s++) {
        const slice = own.subarray(s * tokens.length, (s + 1) * tokens.length);
        if (inconsistentSeries(slice)) {
          slice.fill(Number.NaN);
          droppedSeries++;
        }
      }
      for (let i = 0; i < values.length; i++) {
        const v = own[i] ?? Number.NaN;
        if (!Number.isNaN(v) && (Number.isNaN(values[i] ?? Number.NaN) || v < (values[i] ?? 0))) values[i] = v;
      }
    }
    adjusted += splitEnvelope(values, seriesKeys, tokens.length);
    for (let s = 0; s < seriesKeys.length; s++) {
      adjusted += suffixMinimum(values.subarray(s * tokens.length, (s + 1) * tokens.length), [tokens.length]);
    }
    out.push({
      dtype,
      gated: gatedness === "gated",
      hiddenSize: num(first, "hidden_size"),
      expertFfnSize: num(first, "inter_size"),
      topK: num(first, "topk"),
      experts: num(first, "num_experts"),
      series: seriesKeys.map((s) => {
        const [tp, ep, alpha] = s.split("|").map(Number);
        return { tp, ep, routingAlpha: alpha };
      }),
      tokens,
      latencyUs: { encoding: "log2-u16-base64", data: encodeLatencies([...values]) },
    });
  }
  return { tables: out, adjusted };
}

function attentionTables(rows: Row[], kind: "context" | "generation"): { tables: unknown[]; adjusted: number } {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const dtype = ATTENTION_DTYPES[String(r.attn_dtype)];
    const kvDtype = ATTENTION_DTYPES[String(r.kv_cache_dtype)];
    if (!dtype || !kvDtype) continue;
    const key = [
      num(r, "num_heads"),
      num(r, "num_key_value_heads"),
      num(r, "head_dim"),
      num(r, "window_size"),
      dtype,
      kvDtype,
    ].join("|");
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const out: unknown[] = [];
  let adjusted = 0;
  const order = (a: string, b: string) => {
    const x = a.split("|");
    const y = b.split("|");
    for (let i = 0; i < x.length; i++) {
      const d = Number.isNaN(Number(x[i])) ? String(x[i]).localeCompare(String(y[i])) : Number(x[i]) - Number(y[i]);
      if (d !== 0) return d;
    }
    return 0;
  };
  for (const [key, list] of [...groups].sort(([a], [b]) => order(a, b))) {
    const [heads, kvHeads, headDim, window] = key.split("|").map(Number);
    const [, , , , dtype, kvDtype] = key.split("|");
    const batch = sortedUnique(list.map((r) => num(r, "batch_size")));
    // Context: isl = prompt tokens. Generation: one new token against isl + step cached tokens.
    const lengthOf = (r: Row) => (kind === "context" ? num(r, "isl") : num(r, "isl") + num(r, "step"));
    const lengths = sortedUnique(list.map(lengthOf));
    const values = new Float64Array(batch.length * lengths.length).fill(Number.NaN);
    for (const r of list) {
      const at = batch.indexOf(num(r, "batch_size")) * lengths.length + lengths.indexOf(lengthOf(r));
      const v = ms(r);
      if (Number.isNaN(values[at] ?? Number.NaN) || v < (values[at] ?? 0)) values[at] = v;
    }
    adjusted += suffixMinimum(values, [batch.length, lengths.length]);
    const base = { heads, kvHeads, headDim, windowTokens: window, batch };
    out.push(
      kind === "context"
        ? {
            ...base,
            dtype,
            kvDtype,
            sequenceTokens: lengths,
            latencyUs: { encoding: "log2-u16-base64", data: encodeLatencies([...values]) },
          }
        : {
            ...base,
            kvDtype,
            contextTokens: lengths,
            latencyUs: { encoding: "log2-u16-base64", data: encodeLatencies([...values]) },
          },
    );
  }
  return { tables: out, adjusted };
}

/**
 * MLA tables. AIConfigurator's collector (`collector/trtllm/collect_mla.py`) builds DeepSeek-V3's attention
 * (q_lora 1536, kv_lora 512, qk_nope 128, qk_rope 64, v 128) and logs `num_heads` per GPU after the TP split;
 * the TP size itself does not change the kernel, so splits with the same heads per GPU are one table (fastest
 * kept). Generation: `isl + step` cached tokens.
 */
function mlaTables(rows: Row[], phase: "context" | "generation"): { tables: unknown[]; adjusted: number } {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const kvDtype = ATTENTION_DTYPES[String(r.kv_cache_dtype)];
    if (!kvDtype) continue;
    const key = `${num(r, "num_heads")}|${kvDtype}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const out: unknown[] = [];
  let adjusted = 0;
  const order = (a: string, b: string) => {
    const [ha, da] = a.split("|");
    const [hb, db] = b.split("|");
    return Number(ha) - Number(hb) || String(da).localeCompare(String(db));
  };
  for (const [key, list] of [...groups].sort(([a], [b]) => order(a, b))) {
    const [heads, kvDtype] = key.split("|");
    const batch = sortedUnique(list.map((r) => num(r, "batch_size")));
    const lengthOf = (r: Row) => (phase === "context" ? num(r, "isl") : num(r, "isl") + num(r, "step"));
    const lengths = sortedUnique(list.map(lengthOf));
    const values = new Float64Array(batch.length * lengths.length).fill(Number.NaN);
    for (const r of list) {
      const at = batch.indexOf(num(r, "batch_size")) * lengths.length + lengths.indexOf(lengthOf(r));
      const v = ms(r);
      if (Number.isNaN(values[at] ?? Number.NaN) || v < (values[at] ?? 0)) values[at] = v;
    }
    adjusted += suffixMinimum(values, [batch.length, lengths.length]);
    out.push({
      phase,
      heads: Number(heads),
      kvLoraRank: 512,
      qkNopeHeadDim: 128,
      qkRopeHeadDim: 64,
      vHeadDim: 128,
      kvDtype,
      batch,
      tokens: lengths,
      latencyUs: { encoding: "log2-u16-base64", data: encodeLatencies([...values]) },
    });
  }
  return { tables: out, adjusted };
}

/** DeepEP's default SM budget for its normal kernels (`Buffer.num_sms = 20` in deep_ep/buffer.py). */
const DEEPEP_NORMAL_SMS = 20;
/** Systems whose DeepEP measurements are one node of 8 GPUs (HGX); the NVL72 systems' group is not stated. */
const DEEPEP_NODE_GPUS: Record<string, number> = { h100_sxm: 8, h200_sxm: 8, b200_sxm: 8, b300_sxm: 8 };

/**
 * DeepEP tables (SGLang's wide-EP collection): normal kernels at DeepEP's default SM budget, low-latency kernels,
 * dispatch and combine separately, per (top-k, experts) over hidden size x tokens per GPU.
 */
function deepEpTables(system: string, normal: Row[], lowLatency: Row[]): { tables: unknown[]; adjusted: number } {
  const gpus = DEEPEP_NODE_GPUS[system];
  const out: unknown[] = [];
  let adjusted = 0;
  if (gpus === undefined) return { tables: out, adjusted };
  const build = (rows: Row[], mode: string, operation: string, column: string) => {
    const groups = new Map<string, Row[]>();
    for (const r of rows) {
      const key = `${num(r, "num_topk")}|${num(r, "num_experts")}`;
      const list = groups.get(key) ?? [];
      list.push(r);
      groups.set(key, list);
    }
    for (const [key, list] of [...groups].sort(([a], [b]) => {
      const [ta, ea] = a.split("|").map(Number);
      const [tb, eb] = b.split("|").map(Number);
      return (ta ?? 0) - (tb ?? 0) || (ea ?? 0) - (eb ?? 0);
    })) {
      const [topK, experts] = key.split("|").map(Number);
      const hidden = sortedUnique(list.map((r) => num(r, "hidden_size")));
      const tokens = sortedUnique(list.map((r) => num(r, "num_token")));
      const values = new Float64Array(hidden.length * tokens.length).fill(Number.NaN);
      for (const r of list) {
        const at = hidden.indexOf(num(r, "hidden_size")) * tokens.length + tokens.indexOf(num(r, "num_token"));
        const v = num(r, column);
        if (Number.isNaN(values[at] ?? Number.NaN) || v < (values[at] ?? 0)) values[at] = v;
      }
      adjusted += suffixMinimum(values, [hidden.length, tokens.length]);
      out.push({
        mode,
        operation,
        acceleratorCount: gpus,
        topK,
        experts,
        hiddenSize: hidden,
        tokens,
        latencyUs: { encoding: "log2-u16-base64", data: encodeLatencies([...values]) },
      });
    }
  };
  const atDefaultSms = normal.filter((r) => num(r, "dispatch_sms") === DEEPEP_NORMAL_SMS);
  build(atDefaultSms, "normal", "dispatch", "dispatch_transmit_us");
  build(atDefaultSms, "normal", "combine", "combine_transmit_us");
  build(lowLatency, "low-latency", "dispatch", "dispatch_avg_t_us");
  build(lowLatency, "low-latency", "combine", "combine_avg_t_us");
  return { tables: out, adjusted };
}

function collectiveTables(nccl: Row[], custom: Row[]): { tables: unknown[]; adjusted: number } {
  const out: unknown[] = [];
  let adjusted = 0;
  const build = (rows: Row[], operation: string, implementation: string, dtype: string, bytesPerElement: number) => {
    const gpus = sortedUnique(rows.map((r) => num(r, "num_gpus")));
    const sizes = sortedUnique(rows.map((r) => num(r, "message_size") * bytesPerElement));
    const values = new Float64Array(gpus.length * sizes.length).fill(Number.NaN);
    for (const r of rows) {
      const at =
        gpus.indexOf(num(r, "num_gpus")) * sizes.length + sizes.indexOf(num(r, "message_size") * bytesPerElement);
      const v = ms(r);
      if (Number.isNaN(values[at] ?? Number.NaN) || v < (values[at] ?? 0)) values[at] = v;
    }
    for (let g = 0; g < gpus.length; g++)
      adjusted += suffixMinimum(values.subarray(g * sizes.length, (g + 1) * sizes.length), [sizes.length]);
    out.push({
      operation,
      implementation,
      dtype,
      acceleratorCount: gpus,
      messageBytes: sizes,
      latencyUs: { encoding: "log2-u16-base64", data: encodeLatencies([...values]) },
    });
  };
  for (const [raw, operation] of Object.entries(NCCL_OPS)) {
    for (const [rawDtype, { dtype, bytes }] of Object.entries(NCCL_DTYPES)) {
      const rows = nccl.filter((r) => r.op_name === raw && r.nccl_dtype === rawDtype);
      if (rows.length > 0) build(rows, operation, "nccl", dtype, bytes);
    }
  }
  const bf16 = custom.filter((r) => r.allreduce_dtype === "bfloat16");
  if (bf16.length > 0) build(bf16, "all-reduce", "trtllm-custom", "bf16", 2);
  return { tables: out, adjusted };
}

function findFile(dir: string, suffix: string): string | undefined {
  try {
    return readdirSync(dir).find((name) => name.endsWith(suffix));
  } catch {
    return undefined;
  }
}

/**
 * Derives the tables of one AIConfigurator system folder.
 */
export async function deriveSystem(root: string, system: string): Promise<DerivedTables> {
  const acceleratorId = SYSTEM_TO_ACCELERATOR[system];
  if (!acceleratorId) throw new Error(`unknown AIConfigurator system ${system}`);
  const dir = join(root, system);
  const files: string[] = [];
  const load = async (category: string, suffix: string): Promise<Row[]> => {
    const name = findFile(join(dir, category), suffix);
    if (!name) return [];
    files.push(`${system}/${category}/${name}`);
    return readParquet(join(dir, category, name));
  };
  const gemmRows = await load("gemm", "-gemm_perf.parquet");
  const moeRows = await load("moe", "-moe_perf.parquet");
  const contextRows = await load("attention", "-context_attention_perf.parquet");
  const generationRows = await load("attention", "-generation_attention_perf.parquet");
  const mlaContextRows = await load("mla", "-context_mla_perf.parquet");
  const mlaGenerationRows = await load("mla", "-generation_mla_perf.parquet");
  const ncclRows = await load("comm", "-nccl_perf.parquet");
  const customRows = await load("comm", "-custom_allreduce_perf.parquet");
  const withDeepEp = DEEPEP_NODE_GPUS[system] !== undefined;
  const deepEpNormalRows = withDeepEp ? await load("comm", "-wideep_deepep_normal_perf.parquet") : [];
  const deepEpLowLatencyRows = withDeepEp ? await load("comm", "-wideep_deepep_ll_perf.parquet") : [];
  const device = String(gemmRows[0]?.device ?? contextRows[0]?.device ?? "");
  const gemm = gemmTables(gemmRows);
  const moe = moeTables(moeRows);
  const context = attentionTables(contextRows, "context");
  const generation = attentionTables(generationRows, "generation");
  const collectives = collectiveTables(ncclRows, customRows);
  const mlaContext = mlaTables(mlaContextRows, "context");
  const mlaGeneration = mlaTables(mlaGenerationRows, "generation");
  const deepEp = deepEpTables(system, deepEpNormalRows, deepEpLowLatencyRows);
  const adjustedPoints =
    gemm.adjusted +
    moe.adjusted +
    context.adjusted +
    generation.adjusted +
    collectives.adjusted +
    mlaContext.adjusted +
    mlaGeneration.adjusted +
    deepEp.adjusted;
  const dropped = droppedSeries;
  droppedSeries = 0;
  return {
    system,
    acceleratorId,
    adjustedPoints,
    tables: {
      formatVersion: 1,
      acceleratorId,
      device,
      source: {
        title: "NVIDIA AIConfigurator performance database (measured kernel latencies)",
        repository: "https://github.com/ai-dynamo/aiconfigurator",
        commit: AICONFIGURATOR_COMMIT,
        license: "Apache-2.0",
        files: files.map((f) => `aic-core/src/aiconfigurator_core/systems/data/${f}`),
        note: `Derived by @aifactory/kernels scripts/derive-tables.ts: milliseconds -> microseconds; GEMM m = 2^j + 1 probes dropped; the fastest kernel source kept per shape; MoE series whose latency falls by more than ${INCONSISTENCY_RATIO}x as tokens grow dropped (${dropped} series) and the fastest MoE kernel source kept per point; monotone envelopes applied (a problem never slower than a larger one of its kind, a MoE layer never slower when split over more GPUs: ${adjustedPoints} points lowered); log2-u16 encoding (0.068% resolution).`,
      },
      gemm: gemm.tables,
      moe: moe.tables,
      contextAttention: context.tables,
      generationAttention: generation.tables,
      mla: [...mlaContext.tables, ...mlaGeneration.tables],
      deepEp: deepEp.tables,
      collectives: collectives.tables,
    },
  };
}

/** Renders a derived table set as the TypeScript module committed under src/data/. */
export function renderModule(derived: DerivedTables): string {
  const name = `${derived.system.toUpperCase()}_KERNEL_TABLES`;
  return `// Generated by scripts/derive-tables.ts from NVIDIA AIConfigurator's performance database
// (https://github.com/ai-dynamo/aiconfigurator, commit ${AICONFIGURATOR_COMMIT}, Apache-2.0). Do not edit.
import type { KernelTablesInput } from "../kernel-tables";

/** Measured kernel tables of ${derived.acceleratorId} (AIConfigurator system \`${derived.system}\`). */
export const ${name}: KernelTablesInput = ${JSON.stringify(derived.tables)};
`;
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(process.argv[2] ?? join(here, "../../../../shared/reference/kernels/aiconfigurator"));
  for (const system of Object.keys(SYSTEM_TO_ACCELERATOR)) {
    const derived = await deriveSystem(root, system);
    const target = join(here, "../src/data", `${system.replace(/_/g, "-")}.ts`);
    writeFileSync(target, renderModule(derived));
    console.log(`${system} -> ${target} (${derived.adjustedPoints} points lowered by the envelope)`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
