import { growTypedArray } from "../scoring/term-index";
import type {
  MemoryKind,
  MemoryMetadata,
  MemoryRecord,
  MemoryScope,
  MemorySource,
  MemoryStatus,
} from "../spec/memory-record";
import { type ContentArena, newContentArena, readContent } from "./content-arena";

/**
 * Every memory version of the in-memory store as columns: one row per version, numbers in typed arrays, the
 * ids in an array, the contents as UTF-8 in an arena ({@link ContentArena}), rare fields (metadata, source,
 * forget reason) in maps. A record object is built only when one is returned ({@link materializeRecord}), so a
 * million memories are a few dozen large arrays on the heap rather than tens of millions of small objects.
 * Internal to the in-memory store.
 *
 * Times are kept as the milliseconds their ISO string denotes (`Date.parse` of the canonical form), so
 * rendering them back with `toISOString` gives the same strings and comparing them gives the same answers as
 * comparing the parsed strings.
 */
export interface MemoryTable {
  /** Rows handed out so far. */
  rows: number;
  ids: string[];
  contents: ContentArena;
  /** Partition (user) number of each row. */
  shard: Int32Array;
  /** Document number of the row within its partition's index. */
  doc: Int32Array;
  /** Scope number within the partition (see the partition's scope list). */
  scope: Int32Array;
  kind: Uint8Array;
  /** A `STATUS_*` code. */
  status: Uint8Array;
  version: Int32Array;
  /** Row of the first version of the row's lineage. */
  lineage: Int32Array;
  /** Row this version superseded, −1 for none. */
  supersedes: Int32Array;
  /** Row that superseded this version, −1 for none. */
  supersededBy: Int32Array;
  importance: Float64Array;
  validFromMs: Float64Array;
  /** `+Infinity`: still valid. */
  validToMs: Float64Array;
  createdAtMs: Float64Array;
  /** NaN: not forgotten. */
  forgottenAtMs: Float64Array;
  /** NaN: never retrieved. */
  lastAccessedMs: Float64Array;
  accessCount: Float64Array;
  /** 0: no embedding. */
  embeddingDimensions: Int32Array;
  embeddings: Array<Float32Array | null>;
  /** Non-empty metadata only (a private deep copy). */
  metadata: Map<number, MemoryMetadata>;
  sources: Map<number, MemorySource>;
  forgetReasons: Map<number, string>;
}

/** Status codes of {@link MemoryTable.status}. */
export const STATUS_ACTIVE = 0;
export const STATUS_SUPERSEDED = 1;
export const STATUS_FORGOTTEN = 2;
/** Hard-deleted: the row is a tombstone. */
export const STATUS_PURGED = 3;

/** Status names by code. */
export const STATUS_NAMES: readonly MemoryStatus[] = ["active", "superseded", "forgotten"];
/** Kind names by code. */
export const KIND_NAMES: readonly MemoryKind[] = ["episodic", "semantic", "procedural"];

/**
 * The code of a kind.
 *
 * @param kind - a memory kind
 * @returns its index in {@link KIND_NAMES}
 */
export function kindCode(kind: MemoryKind): number {
  return kind === "episodic" ? 0 : kind === "semantic" ? 1 : 2;
}

/**
 * The code of a status.
 *
 * @param status - a memory status
 * @returns its index in {@link STATUS_NAMES}
 */
export function statusCode(status: MemoryStatus): number {
  return status === "active" ? STATUS_ACTIVE : status === "superseded" ? STATUS_SUPERSEDED : STATUS_FORGOTTEN;
}

/**
 * An empty table.
 *
 * @returns the table
 */
export function newMemoryTable(): MemoryTable {
  const capacity = 64;
  return {
    rows: 0,
    ids: [],
    contents: newContentArena(),
    shard: new Int32Array(capacity),
    doc: new Int32Array(capacity),
    scope: new Int32Array(capacity),
    kind: new Uint8Array(capacity),
    status: new Uint8Array(capacity),
    version: new Int32Array(capacity),
    lineage: new Int32Array(capacity),
    supersedes: new Int32Array(capacity),
    supersededBy: new Int32Array(capacity),
    importance: new Float64Array(capacity),
    validFromMs: new Float64Array(capacity),
    validToMs: new Float64Array(capacity),
    createdAtMs: new Float64Array(capacity),
    forgottenAtMs: new Float64Array(capacity),
    lastAccessedMs: new Float64Array(capacity),
    accessCount: new Float64Array(capacity),
    embeddingDimensions: new Int32Array(capacity),
    embeddings: [],
    metadata: new Map(),
    sources: new Map(),
    forgetReasons: new Map(),
  };
}

/**
 * Appends an empty row (growing the columns by doubling) and returns its number.
 *
 * @param table - the table
 * @returns the new row
 */
export function appendRow(table: MemoryTable): number {
  const row = table.rows++;
  if (row >= table.shard.length) {
    const n = row + 1;
    table.shard = growTypedArray(table.shard, n);
    table.doc = growTypedArray(table.doc, n);
    table.scope = growTypedArray(table.scope, n);
    table.kind = growTypedArray(table.kind, n);
    table.status = growTypedArray(table.status, n);
    table.version = growTypedArray(table.version, n);
    table.lineage = growTypedArray(table.lineage, n);
    table.supersedes = growTypedArray(table.supersedes, n);
    table.supersededBy = growTypedArray(table.supersededBy, n);
    table.importance = growTypedArray(table.importance, n);
    table.validFromMs = growTypedArray(table.validFromMs, n);
    table.validToMs = growTypedArray(table.validToMs, n);
    table.createdAtMs = growTypedArray(table.createdAtMs, n);
    table.forgottenAtMs = growTypedArray(table.forgottenAtMs, n);
    table.lastAccessedMs = growTypedArray(table.lastAccessedMs, n);
    table.accessCount = growTypedArray(table.accessCount, n);
    table.embeddingDimensions = growTypedArray(table.embeddingDimensions, n);
  }
  return row;
}

/**
 * A deep copy of metadata (list values copied), so callers never share arrays with the store.
 *
 * @param metadata - metadata
 * @returns the copy
 */
export function cloneMetadata(metadata: MemoryMetadata): MemoryMetadata {
  const out: MemoryMetadata = {};
  for (const key in metadata) {
    const value = metadata[key];
    if (value !== undefined) out[key] = Array.isArray(value) ? value.slice() : value;
  }
  return out;
}

/**
 * Whether metadata has at least one key.
 *
 * @param metadata - metadata
 * @returns true when not empty
 */
export function hasMetadata(metadata: MemoryMetadata): boolean {
  for (const _ in metadata) return true;
  return false;
}

/**
 * The ISO string of a time in ms.
 *
 * @param ms - ms since epoch
 * @returns `YYYY-MM-DDTHH:mm:ss.sssZ`
 */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A fresh record for a row (the caller may keep or change it).
 *
 * @param table - the table
 * @param row - a row that is not purged
 * @param scope - the row's scope (from its partition)
 * @returns the record
 */
export function materializeRecord(table: MemoryTable, row: number, scope: MemoryScope): MemoryRecord {
  const supersedes = table.supersedes[row] as number;
  const supersededBy = table.supersededBy[row] as number;
  const validToMs = table.validToMs[row] as number;
  const forgottenAtMs = table.forgottenAtMs[row] as number;
  const lastAccessedMs = table.lastAccessedMs[row] as number;
  const metadata = table.metadata.get(row);
  const source = table.sources.get(row);
  const dimensions = table.embeddingDimensions[row] as number;
  const createdAtMs = table.createdAtMs[row] as number;
  const validFromMs = table.validFromMs[row] as number;
  const createdAt = isoOf(createdAtMs);
  return {
    id: table.ids[row] as string,
    lineageId: table.ids[table.lineage[row] as number] as string,
    version: table.version[row] as number,
    kind: KIND_NAMES[table.kind[row] as number] as MemoryKind,
    content: readContent(table.contents, row),
    scope: { ...scope },
    metadata: metadata === undefined ? {} : cloneMetadata(metadata),
    importance: table.importance[row] as number,
    // Most memories become valid when they are written: one string for both.
    validFrom: validFromMs === createdAtMs ? createdAt : isoOf(validFromMs),
    validTo: validToMs === Number.POSITIVE_INFINITY ? null : isoOf(validToMs),
    createdAt,
    status: STATUS_NAMES[table.status[row] as number] as MemoryStatus,
    supersedes: supersedes < 0 ? null : (table.ids[supersedes] as string),
    supersededBy: supersededBy < 0 ? null : (table.ids[supersededBy] as string),
    forgottenAt: Number.isNaN(forgottenAtMs) ? null : isoOf(forgottenAtMs),
    forgetReason: table.forgetReasons.get(row) ?? null,
    source: source === undefined ? null : { ...source },
    embeddingDimensions: dimensions === 0 ? null : dimensions,
    accessCount: table.accessCount[row] as number,
    lastAccessedAt: Number.isNaN(lastAccessedMs) ? null : isoOf(lastAccessedMs),
  };
}
