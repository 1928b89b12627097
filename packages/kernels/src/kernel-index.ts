/**
 * The lookup index of a table set: each kind of table indexed on first use, each table decoded on its first
 * lookup. No runtime dependency beyond the grid and the latency encoding (no zod): the Node entry of the
 * built-in tables uses it without loading the schemas. Tables read from the Node data files carry their latencies
 * as float32 views (`binaryLog2Latencies`), copied instead of decoded.
 */
import { binaryLog2Latencies } from "./builtin-files";
import { decodeLog2Latencies } from "./encoding";
import { type LogGrid, makeGrid } from "./grid";
import type { CollectiveOperation, GemmDtype, KernelTables, MoeDtype } from "./kernel-tables";

export interface IndexedGemm {
  grid: LogGrid;
}
export interface IndexedMoe {
  dtype: MoeDtype;
  gated: boolean;
  hiddenSize: number;
  expertFfnSize: number;
  topK: number;
  experts: number;
  /** Series grouped by tp x ep: sorted alphas and their 1-D grids over tokens. */
  bySplit: Map<string, { alphas: number[]; grids: LogGrid[] }>;
}
export interface IndexedAttention {
  heads: number;
  kvHeads: number;
  headDim: number;
  windowTokens: number;
  dtype: string;
  kvDtype: string;
  grid: LogGrid;
}
export interface IndexedMla {
  phase: "context" | "generation";
  heads: number;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
  kvDtype: string;
  grid: LogGrid;
}
export interface IndexedDeepEp {
  mode: "normal" | "low-latency";
  operation: "dispatch" | "combine";
  acceleratorCount: number;
  topK: number;
  experts: number;
  grid: LogGrid;
}
export interface IndexedCollective {
  operation: CollectiveOperation;
  implementation: string;
  dtype: string;
  grid: LogGrid;
}

/**
 * A decoded, lookup-ready table set (build once with {@link indexKernelTables}, reuse for millions of lookups).
 *
 * @since 0.1.0
 * @category Lookup
 */
export interface KernelIndex {
  acceleratorId: string;
  tables: KernelTables;
  gemm: Map<GemmDtype, IndexedGemm>;
  moe: IndexedMoe[];
  contextAttention: IndexedAttention[];
  generationAttention: IndexedAttention[];
  mla: IndexedMla[];
  deepEp: IndexedDeepEp[];
  collectives: IndexedCollective[];
}

type LatencyValues = KernelTables["gemm"][number]["latencyUs"];

function decode(values: LatencyValues): Float64Array {
  const log2 = binaryLog2Latencies(values);
  if (log2 !== undefined) return new Float64Array(log2);
  if (Array.isArray(values)) {
    return Float64Array.from(values, (v) => (v === null ? Number.NaN : Math.log2(v)));
  }
  return decodeLog2Latencies(values.data);
}

/**
 * A table whose grid is decoded on first use: one run looks up a handful of the hundreds of built-in tables, so
 * the others are never decoded. (A class, so that every entry of a kind shares one shape in the lookups.)
 */
class LazyGrid {
  #grid: LogGrid | undefined;
  readonly #axes: number[][];
  readonly #latencyUs: LatencyValues;
  constructor(axes: number[][], latencyUs: LatencyValues) {
    this.#axes = axes;
    this.#latencyUs = latencyUs;
  }
  get grid(): LogGrid {
    return this.#grid ?? this.#decode();
  }
  #decode(): LogGrid {
    this.#grid = makeGrid(this.#axes, decode(this.#latencyUs));
    return this.#grid;
  }
}

class AttentionEntry extends LazyGrid implements IndexedAttention {
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly windowTokens: number;
  readonly dtype: string;
  readonly kvDtype: string;
  constructor(
    t: { heads: number; kvHeads: number; headDim: number; windowTokens: number; kvDtype: string },
    dtype: string,
    axes: number[][],
    latencyUs: LatencyValues,
  ) {
    super(axes, latencyUs);
    this.heads = t.heads;
    this.kvHeads = t.kvHeads;
    this.headDim = t.headDim;
    this.windowTokens = t.windowTokens;
    this.dtype = dtype;
    this.kvDtype = t.kvDtype;
  }
}

class MlaEntry extends LazyGrid implements IndexedMla {
  readonly phase: "context" | "generation";
  readonly heads: number;
  readonly kvLoraRank: number;
  readonly qkNopeHeadDim: number;
  readonly qkRopeHeadDim: number;
  readonly vHeadDim: number;
  readonly kvDtype: string;
  constructor(t: KernelTables["mla"][number]) {
    super([t.batch, t.tokens], t.latencyUs);
    this.phase = t.phase;
    this.heads = t.heads;
    this.kvLoraRank = t.kvLoraRank;
    this.qkNopeHeadDim = t.qkNopeHeadDim;
    this.qkRopeHeadDim = t.qkRopeHeadDim;
    this.vHeadDim = t.vHeadDim;
    this.kvDtype = t.kvDtype;
  }
}

class DeepEpEntry extends LazyGrid implements IndexedDeepEp {
  readonly mode: "normal" | "low-latency";
  readonly operation: "dispatch" | "combine";
  readonly acceleratorCount: number;
  readonly topK: number;
  readonly experts: number;
  constructor(t: KernelTables["deepEp"][number]) {
    super([t.hiddenSize, t.tokens], t.latencyUs);
    this.mode = t.mode;
    this.operation = t.operation;
    this.acceleratorCount = t.acceleratorCount;
    this.topK = t.topK;
    this.experts = t.experts;
  }
}

class CollectiveEntry extends LazyGrid implements IndexedCollective {
  readonly operation: CollectiveOperation;
  readonly implementation: string;
  readonly dtype: string;
  constructor(t: KernelTables["collectives"][number]) {
    super([t.acceleratorCount, t.messageBytes], t.latencyUs);
    this.operation = t.operation;
    this.implementation = t.implementation;
    this.dtype = t.dtype;
  }
}

/** One MoE table: its series grouped by tp x ep, decoded on first use. */
class MoeEntry implements IndexedMoe {
  readonly dtype: MoeDtype;
  readonly gated: boolean;
  readonly hiddenSize: number;
  readonly expertFfnSize: number;
  readonly topK: number;
  readonly experts: number;
  readonly series: KernelTables["moe"][number]["series"];
  readonly tokens: number[];
  readonly latencyUs: LatencyValues;
  #bySplit: Map<string, { alphas: number[]; grids: LogGrid[] }> | undefined;
  constructor(t: KernelTables["moe"][number]) {
    this.dtype = t.dtype;
    this.gated = t.gated;
    this.hiddenSize = t.hiddenSize;
    this.expertFfnSize = t.expertFfnSize;
    this.topK = t.topK;
    this.experts = t.experts;
    this.series = t.series;
    this.tokens = t.tokens;
    this.latencyUs = t.latencyUs;
  }
  get bySplit(): Map<string, { alphas: number[]; grids: LogGrid[] }> {
    return this.#bySplit ?? this.#decode();
  }
  #decode(): Map<string, { alphas: number[]; grids: LogGrid[] }> {
    const values = decode(this.latencyUs);
    const tokens = this.tokens.length;
    if (values.length !== this.series.length * tokens) {
      throw new Error(`a MoE table has ${values.length} latencies for ${this.series.length} x ${tokens} points`);
    }
    const bySplit = new Map<string, { alphas: number[]; grids: LogGrid[] }>();
    this.series.forEach((series, s) => {
      const key = `${series.tp}x${series.ep}`;
      const entry = bySplit.get(key) ?? { alphas: [], grids: [] };
      entry.alphas.push(series.routingAlpha);
      entry.grids.push(makeGrid([this.tokens], values.slice(s * tokens, (s + 1) * tokens)));
      bySplit.set(key, entry);
    });
    for (const entry of bySplit.values()) {
      const order = entry.alphas.map((_, i) => i).sort((a, b) => (entry.alphas[a] ?? 0) - (entry.alphas[b] ?? 0));
      entry.alphas = order.map((i) => entry.alphas[i] ?? 0);
      entry.grids = order.map((i) => entry.grids[i] as LogGrid);
    }
    this.#bySplit = bySplit;
    return bySplit;
  }
}

/**
 * A {@link KernelIndex} that indexes each kind of table on first use (reading `tables.<kind>` then) and decodes
 * each table on its first lookup.
 */
export class LazyKernelIndex implements KernelIndex {
  readonly acceleratorId: string;
  readonly tables: KernelTables;
  #gemm: Map<GemmDtype, IndexedGemm> | undefined;
  #moe: IndexedMoe[] | undefined;
  #contextAttention: IndexedAttention[] | undefined;
  #generationAttention: IndexedAttention[] | undefined;
  #mla: IndexedMla[] | undefined;
  #deepEp: IndexedDeepEp[] | undefined;
  #collectives: IndexedCollective[] | undefined;
  constructor(tables: KernelTables) {
    this.acceleratorId = tables.acceleratorId;
    this.tables = tables;
  }
  get gemm(): Map<GemmDtype, IndexedGemm> {
    if (this.#gemm === undefined) {
      const gemm = new Map<GemmDtype, IndexedGemm>();
      for (const t of this.tables.gemm) gemm.set(t.dtype, new LazyGrid([t.m, t.n, t.k], t.latencyUs));
      this.#gemm = gemm;
    }
    return this.#gemm;
  }
  /** Decodes every table now, in order (a later GEMM table of the same precision replaces an earlier one). */
  decodeAll(): void {
    for (const t of this.tables.gemm) makeGrid([t.m, t.n, t.k], decode(t.latencyUs));
    for (const table of this.gemm.values()) table.grid;
    for (const table of this.moe) table.bySplit;
    for (const table of this.contextAttention) table.grid;
    for (const table of this.generationAttention) table.grid;
    for (const table of this.mla) table.grid;
    for (const table of this.deepEp) table.grid;
    for (const table of this.collectives) table.grid;
  }
  get moe(): IndexedMoe[] {
    if (this.#moe === undefined) this.#moe = this.tables.moe.map((t) => new MoeEntry(t));
    return this.#moe;
  }
  get contextAttention(): IndexedAttention[] {
    if (this.#contextAttention === undefined) {
      this.#contextAttention = this.tables.contextAttention.map(
        (t) => new AttentionEntry(t, t.dtype, [t.batch, t.sequenceTokens], t.latencyUs),
      );
    }
    return this.#contextAttention;
  }
  get generationAttention(): IndexedAttention[] {
    if (this.#generationAttention === undefined) {
      this.#generationAttention = this.tables.generationAttention.map(
        (t) => new AttentionEntry(t, "bf16", [t.batch, t.contextTokens], t.latencyUs),
      );
    }
    return this.#generationAttention;
  }
  get mla(): IndexedMla[] {
    if (this.#mla === undefined) this.#mla = this.tables.mla.map((t) => new MlaEntry(t));
    return this.#mla;
  }
  get deepEp(): IndexedDeepEp[] {
    if (this.#deepEp === undefined) this.#deepEp = this.tables.deepEp.map((t) => new DeepEpEntry(t));
    return this.#deepEp;
  }
  get collectives(): IndexedCollective[] {
    if (this.#collectives === undefined) this.#collectives = this.tables.collectives.map((t) => new CollectiveEntry(t));
    return this.#collectives;
  }
}

/**
 * Indexes built-in tables without validating them (the package's tests validate every built-in set against
 * {@link kernelTablesSchema}) and without decoding them: each kind of table is read from `tables` when a lookup
 * first needs it (the Node entry loads each kind's data file then), each table decoded on its first lookup.
 *
 * @param tables - a table set in the validated shape (its lists may be getters that load on first use)
 * @returns the index
 * @internal
 */
export function indexTrustedKernelTables(tables: KernelTables): KernelIndex {
  return new LazyKernelIndex(tables);
}
