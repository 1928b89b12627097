import { AifError, ConflictError, parseInput } from "@aifactory/core";
import { bm25Idf } from "../scoring/bm25";
import { type Bm25Scratch, bm25TopK, newBm25Scratch, type QueryTerm } from "../scoring/bm25-top-k";
import { rankCandidates, type ScoringCandidate } from "../scoring/rank-candidates";
import {
  appendTermPosting,
  growTypedArray,
  internTerm,
  newTermIndex,
  removeTermPosting,
  type TermIndex,
} from "../scoring/term-index";
import { dotProduct, normalizeVector } from "../scoring/vector";
import type { EmbedderV1 } from "../spec/embedder-v1";
import type { MemoryStoreStats, SearchMemoryResult } from "../spec/memory-hit";
import {
  addManyInputSchema,
  forgetMemoryInputSchema,
  listMemoryInputSchema,
  type MemoryFilters,
  type MetadataCondition,
  memoryRefSchema,
  memoryStatsInputSchema,
  type ParsedSearchMemoryInput,
  purgeMemoryInputSchema,
  searchMemoryInputSchema,
  updateMemoryInputSchema,
} from "../spec/memory-inputs";
import type { MemoryMetadata, MemoryRecord, MemoryScope } from "../spec/memory-record";
import type { MemoryStoreV1 } from "../spec/memory-store-v1";
import { tokenize } from "../text/tokenize";
import {
  type AccessLogs,
  accessTimes,
  clearAccessLog,
  logAccess,
  newAccessLogs,
  reserveAccessLogRows,
} from "./access-log";
import { eraseContent, readContent, writeContent } from "./content-arena";
import { fastParseAddMany } from "./fast-add-many";
import { IsoMillisFormatter } from "./iso-millis";
import { metadataConditionMatches, scopeMatches } from "./memory-filters";
import {
  appendRow,
  cloneMetadata,
  hasMetadata,
  isoOf,
  KIND_NAMES,
  kindCode,
  type MemoryTable,
  materializeRecord,
  newMemoryTable,
  STATUS_ACTIVE,
  STATUS_FORGOTTEN,
  STATUS_NAMES,
  STATUS_PURGED,
  STATUS_SUPERSEDED,
  statusCode,
} from "./memory-table";
import { buildMemoryRecord, supersedeMemoryRecord } from "./memory-versions";

/**
 * Options of {@link createInMemoryStore}.
 *
 * @since 0.1.0
 * @category Store
 */
export interface InMemoryStoreOptions {
  /** Computes embeddings for memories and queries that do not carry one. Default: none (BM25 only). */
  embedder?: EmbedderV1;
  /** Most retrieval times kept per memory for ACT-R activation (older uses are approximated). Default 64. */
  accessLogLimit?: number;
  /** The clock (ms since epoch); tests pin it. Default `Date.now`. */
  clock?: () => number;
}

/** Per-document search flags: 0 removed, 1 active with open validity (no other check needed), 2 check fully. */
const FLAG_REMOVED = 0;
const FLAG_OPEN = 1;
const FLAG_CHECK = 2;

/** One user's partition: its own inverted index and corpus statistics, so users never share state. */
interface Shard {
  number: number;
  index: TermIndex;
  /** Document number → table row. */
  rowOf: Int32Array;
  lengths: Float32Array;
  flags: Uint8Array;
  /** Document numbers handed out (purged ones included). */
  docs: number;
  totalLength: number;
  /** Documents not purged (BM25's N). */
  documentCount: number;
  withEmbedding: number;
  /** The distinct scopes of the partition's memories; rows refer to them by number. */
  scopes: MemoryScope[];
  scopeNumbers: Map<string, number>;
  /** Per term id: the last document (+1) that counted it, and its count there (indexing scratch). */
  termStamp: Int32Array;
  termTf: Int32Array;
}

interface StoreState {
  table: MemoryTable;
  shards: Map<string, Shard>;
  shardList: Shard[];
  byId: Map<string, number>;
  logs: AccessLogs;
  scratch: Bm25Scratch;
  /** Distinct term ids of the document being indexed. */
  distinct: Int32Array;
}

function newState(accessLogLimit: number): StoreState {
  return {
    table: newMemoryTable(),
    shards: new Map(),
    shardList: [],
    byId: new Map(),
    logs: newAccessLogs(accessLogLimit),
    scratch: newBm25Scratch(),
    distinct: new Int32Array(64),
  };
}

function newShard(number: number): Shard {
  return {
    number,
    index: newTermIndex(),
    rowOf: new Int32Array(16),
    lengths: new Float32Array(16),
    flags: new Uint8Array(16),
    docs: 0,
    totalLength: 0,
    documentCount: 0,
    withEmbedding: 0,
    scopes: [],
    scopeNumbers: new Map(),
    termStamp: new Int32Array(64),
    termTf: new Int32Array(64),
  };
}

function shardFor(state: StoreState, userId: string): Shard {
  let shard = state.shards.get(userId);
  if (!shard) {
    shard = newShard(state.shardList.length);
    state.shards.set(userId, shard);
    state.shardList.push(shard);
  }
  return shard;
}

function flagOf(status: number, validToMs: number): number {
  return status === STATUS_ACTIVE && validToMs === Number.POSITIVE_INFINITY ? FLAG_OPEN : FLAG_CHECK;
}

function scopePart(value: string | undefined): string {
  return value === undefined ? "-" : `${value.length}:${value}`;
}

/** The number of a scope within its partition (the partition already fixes `userId`). */
function scopeNumber(shard: Shard, scope: MemoryScope): number {
  const key =
    scope.agentId === undefined && scope.sessionId === undefined && scope.namespace === undefined
      ? ""
      : scopePart(scope.agentId) + scopePart(scope.sessionId) + scopePart(scope.namespace);
  let number = shard.scopeNumbers.get(key);
  if (number === undefined) {
    number = shard.scopes.length;
    shard.scopes.push({ ...scope });
    shard.scopeNumbers.set(key, number);
  }
  return number;
}

function scopeOfRow(state: StoreState, row: number): MemoryScope {
  const shard = state.shardList[state.table.shard[row] as number] as Shard;
  return shard.scopes[state.table.scope[row] as number] as MemoryScope;
}

function materialize(state: StoreState, row: number): MemoryRecord {
  return materializeRecord(state.table, row, scopeOfRow(state, row));
}

/** Adds a document's terms to its partition's index; returns its length in terms. */
function indexDocument(state: StoreState, shard: Shard, doc: number, content: string): number {
  const terms = tokenize(content);
  const index = shard.index;
  const stamp = doc + 1;
  let distinctCount = 0;
  for (let i = 0; i < terms.length; i++) {
    const id = internTerm(index, terms[i] as string);
    if (id >= shard.termStamp.length) {
      shard.termStamp = growTypedArray(shard.termStamp, id + 1);
      shard.termTf = growTypedArray(shard.termTf, id + 1);
    }
    if (shard.termStamp[id] === stamp) {
      shard.termTf[id] = (shard.termTf[id] as number) + 1;
    } else {
      shard.termStamp[id] = stamp;
      shard.termTf[id] = 1;
      if (distinctCount >= state.distinct.length) state.distinct = growTypedArray(state.distinct, distinctCount + 1);
      state.distinct[distinctCount++] = id;
    }
  }
  const length = terms.length;
  for (let i = 0; i < distinctCount; i++) {
    const id = state.distinct[i] as number;
    appendTermPosting(index, id, doc, shard.termTf[id] as number, length);
  }
  return length;
}

/** Stores a record as a new row and indexes it; `supersedes` is the row of the version it replaces (or −1). */
function insertRecord(
  state: StoreState,
  record: MemoryRecord,
  embedding: Float32Array | null,
  supersedes: number,
  createdAtMs = Date.parse(record.createdAt),
): number {
  const table = state.table;
  const shard = shardFor(state, record.scope.userId);
  const row = appendRow(table);
  reserveAccessLogRows(state.logs, row);
  const doc = shard.docs++;
  if (doc >= shard.rowOf.length) {
    shard.rowOf = growTypedArray(shard.rowOf, doc + 1);
    shard.lengths = growTypedArray(shard.lengths, doc + 1);
    shard.flags = growTypedArray(shard.flags, doc + 1);
  }
  shard.rowOf[doc] = row;
  table.ids.push(record.id);
  writeContent(table.contents, row, record.content);
  table.embeddings.push(embedding);
  table.shard[row] = shard.number;
  table.doc[row] = doc;
  table.scope[row] = scopeNumber(shard, record.scope);
  table.kind[row] = kindCode(record.kind);
  const status = statusCode(record.status);
  table.status[row] = status;
  table.version[row] = record.version;
  table.lineage[row] = supersedes < 0 ? row : (table.lineage[supersedes] as number);
  table.supersedes[row] = supersedes;
  table.supersededBy[row] = -1;
  table.importance[row] = record.importance;
  table.createdAtMs[row] = createdAtMs;
  table.validFromMs[row] = record.validFrom === record.createdAt ? createdAtMs : Date.parse(record.validFrom);
  const validToMs = record.validTo === null ? Number.POSITIVE_INFINITY : Date.parse(record.validTo);
  table.validToMs[row] = validToMs;
  table.forgottenAtMs[row] = record.forgottenAt === null ? Number.NaN : Date.parse(record.forgottenAt);
  table.lastAccessedMs[row] = record.lastAccessedAt === null ? Number.NaN : Date.parse(record.lastAccessedAt);
  table.accessCount[row] = record.accessCount;
  table.embeddingDimensions[row] = record.embeddingDimensions ?? 0;
  if (hasMetadata(record.metadata)) table.metadata.set(row, cloneMetadata(record.metadata));
  if (record.source !== null) table.sources.set(row, { ...record.source });
  if (record.forgetReason !== null) table.forgetReasons.set(row, record.forgetReason);
  shard.flags[doc] = flagOf(status, validToMs);
  const length = indexDocument(state, shard, doc, record.content);
  shard.lengths[doc] = length;
  shard.totalLength += length;
  shard.documentCount++;
  if (embedding) shard.withEmbedding++;
  state.byId.set(record.id, row);
  return row;
}

/** Hard-deletes a row: out of the index and the id map, its strings and side data dropped. */
function removeRow(state: StoreState, row: number): void {
  const table = state.table;
  const shard = state.shardList[table.shard[row] as number] as Shard;
  const doc = table.doc[row] as number;
  for (const term of new Set(tokenize(readContent(table.contents, row)))) {
    removeTermPosting(shard.index, term, doc, shard.lengths);
  }
  shard.totalLength -= shard.lengths[doc] as number;
  shard.documentCount--;
  if (table.embeddings[row]) shard.withEmbedding--;
  shard.flags[doc] = FLAG_REMOVED;
  state.byId.delete(table.ids[row] as string);
  table.status[row] = STATUS_PURGED;
  table.ids[row] = "";
  eraseContent(table.contents, row);
  table.embeddings[row] = null;
  table.metadata.delete(row);
  table.sources.delete(row);
  table.forgetReasons.delete(row);
  clearAccessLog(state.logs, row);
}

/** The rows of a row's lineage, first version first. */
function lineageRows(state: StoreState, row: number): number[] {
  const rows: number[] = [];
  for (let r = state.table.lineage[row] as number; r >= 0; r = state.table.supersededBy[r] as number) rows.push(r);
  return rows;
}

/** What a search's eligibility check needs beyond the flags. */
interface EligibilityCheck {
  nowMs: number;
  asOfMs: number | undefined;
  scope: MemoryScope;
  filters: MemoryFilters;
  createdAfterMs: number | undefined;
  createdBeforeMs: number | undefined;
  metadata: Array<[string, MetadataCondition]>;
}

const EMPTY_METADATA: MemoryMetadata = {};

/**
 * Whether a row may be returned: searchable at the time asked (as `isSearchable`), in the query scope (as
 * `scopeMatches`) and passing the filters (as `filtersMatch`), read from the columns.
 */
function rowEligible(state: StoreState, shard: Shard, row: number, check: EligibilityCheck): boolean {
  const table = state.table;
  const status = table.status[row] as number;
  if (status === STATUS_PURGED) return false;
  const validToMs = table.validToMs[row] as number;
  if (check.asOfMs === undefined) {
    if (status !== STATUS_ACTIVE || !(validToMs > check.nowMs)) return false;
  } else {
    if (status === STATUS_FORGOTTEN) return false;
    if (!((table.validFromMs[row] as number) <= check.asOfMs && check.asOfMs < validToMs)) return false;
  }
  if (!scopeMatches(shard.scopes[table.scope[row] as number] as MemoryScope, check.scope)) return false;
  const filters = check.filters;
  if (filters.kinds && !filters.kinds.includes(KIND_NAMES[table.kind[row] as number] as MemoryRecord["kind"])) {
    return false;
  }
  if (filters.minImportance !== undefined && (table.importance[row] as number) < filters.minImportance) return false;
  const createdAtMs = table.createdAtMs[row] as number;
  if (check.createdAfterMs !== undefined && createdAtMs <= check.createdAfterMs) return false;
  if (check.createdBeforeMs !== undefined && createdAtMs >= check.createdBeforeMs) return false;
  if (check.metadata.length > 0) {
    const metadata = table.metadata.get(row) ?? EMPTY_METADATA;
    for (const [key, condition] of check.metadata) {
      if (!metadataConditionMatches(metadata[key], condition)) return false;
    }
  }
  return true;
}

/** A min-heap of (score, doc) keeping the best `capacity` docs, on typed arrays (no allocation per offer). */
function topByScore(capacity: number) {
  const scores = new Float64Array(capacity);
  const docs = new Int32Array(capacity);
  let size = 0;
  const siftDown = (start: number) => {
    let i = start;
    const score = scores[i] as number;
    const doc = docs[i] as number;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      const m = r < size && (scores[r] as number) < (scores[l] as number) ? r : l;
      if ((scores[m] as number) >= score) break;
      scores[i] = scores[m] as number;
      docs[i] = docs[m] as number;
      i = m;
    }
    scores[i] = score;
    docs[i] = doc;
  };
  return {
    offer(score: number, doc: number) {
      if (size < capacity) {
        let i = size++;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if ((scores[p] as number) <= score) break;
          scores[i] = scores[p] as number;
          docs[i] = docs[p] as number;
          i = p;
        }
        scores[i] = score;
        docs[i] = doc;
      } else if (score > (scores[0] as number)) {
        scores[0] = score;
        docs[0] = doc;
        siftDown(0);
      }
    },
    /** The smallest kept score (the admission threshold once full; −Infinity before). */
    minimum(): number {
      return size < capacity ? Number.NEGATIVE_INFINITY : (scores[0] as number);
    },
    sorted(): Array<{ score: number; doc: number }> {
      const out: Array<{ score: number; doc: number }> = [];
      for (let i = 0; i < size; i++) out.push({ score: scores[i] as number, doc: docs[i] as number });
      return out.sort((x, y) => y.score - x.score || x.doc - y.doc);
    },
  };
}

function notFound(id: string): AifError {
  return new AifError("NOT_FOUND", `unknown memory "${id}" in this scope`, {
    hint: "check the id and the scope (userId, agentId, sessionId, namespace) it was added with",
    details: { kind: "memory", id },
  });
}

async function search(
  state: StoreState,
  query: ParsedSearchMemoryInput,
  nowMs: number,
  embedder: EmbedderV1 | undefined,
): Promise<SearchMemoryResult> {
  const asOfMs = query.asOf === undefined ? undefined : Date.parse(query.asOf);
  const scoring = query.scoring;
  const result: SearchMemoryResult = { hits: [], candidateCount: 0, retrievers: [] };
  const shard = state.shards.get(query.scope.userId);
  if (!shard) return result;
  const filters = query.filters;
  const check: EligibilityCheck = {
    nowMs,
    asOfMs,
    scope: query.scope,
    filters,
    createdAfterMs: filters.createdAfter === undefined ? undefined : Date.parse(filters.createdAfter),
    createdBeforeMs: filters.createdBefore === undefined ? undefined : Date.parse(filters.createdBefore),
    metadata: filters.metadata ? Object.entries(filters.metadata) : [],
  };
  // Common case (current memories of a whole user, no filters): a flag lookup decides most documents.
  const simple =
    asOfMs === undefined &&
    query.scope.agentId === undefined &&
    query.scope.sessionId === undefined &&
    query.scope.namespace === undefined &&
    Object.keys(filters).length === 0;
  const eligibleDoc = (doc: number): boolean => {
    const flag = shard.flags[doc];
    if (flag === FLAG_REMOVED) return false;
    if (simple && flag === FLAG_OPEN) return true;
    return rowEligible(state, shard, shard.rowOf[doc] as number, check);
  };
  // Without a re-ranking component or a second retriever the final order is the BM25 order (relevance is
  // BM25 over the best BM25, ties broken by BM25 rank), so the top k by BM25 are the hits: only they are
  // retrieved, as the SQL store does. Otherwise each retriever hands its exact top `candidateCount` on.
  const reranks =
    scoring.activation.enabled ||
    scoring.decay.enabled ||
    scoring.importance.enabled ||
    scoring.generativeAgents.enabled ||
    (scoring.vector.enabled && shard.withEmbedding > 0 && (query.embedding !== undefined || embedder !== undefined));
  const capacity = reranks ? Math.max(query.k, scoring.candidateCount) : query.k;
  const candidates = new Map<number, ScoringCandidate>();
  const retrievers: Array<"bm25" | "vector"> = [];
  const candidateOf = (doc: number): ScoringCandidate => {
    const row = shard.rowOf[doc] as number;
    return { record: materialize(state, row), accessTimesMs: accessTimes(state.logs, row) };
  };

  const terms = query.text === undefined ? [] : [...new Set(tokenize(query.text))];
  if (scoring.lexical.enabled && terms.length > 0) {
    retrievers.push("bm25");
    const { k1, b } = scoring.lexical;
    const n = shard.documentCount;
    const index = shard.index;
    const lists: QueryTerm[] = [];
    for (const text of terms) {
      const term = index.ids.get(text);
      if (term !== undefined) lists.push({ term, idf: bm25Idf(n, index.count[term] as number) });
    }
    // Exact top-`capacity` by BM25 with document-at-a-time MaxScore pruning (see scoring/bm25-top-k):
    // the same documents and scores as scoring every posting. Cognitive and vector components re-rank
    // this candidate set afterwards (rankCandidates), so pruning the lexical retriever is always safe.
    const top = bm25TopK(
      {
        index,
        terms: lists,
        lengths: shard.lengths,
        averageLength: shard.totalLength / Math.max(1, n) || 1,
        k1,
        b,
        k: capacity,
        eligible: eligibleDoc,
      },
      state.scratch,
    );
    for (let rank = 0; rank < top.length; rank++) {
      const { score, doc } = top[rank] as (typeof top)[number];
      const candidate = candidateOf(doc);
      candidate.bm25 = { raw: score, rank: rank + 1 };
      candidates.set(doc, candidate);
    }
  }

  let queryVector: Float32Array | null = null;
  if (scoring.vector.enabled && shard.withEmbedding > 0) {
    if (query.embedding) queryVector = normalizeVector(query.embedding);
    else if (embedder && query.text !== undefined && query.text.trim() !== "") {
      const [v] = await embedder.embed([query.text]);
      if (v) queryVector = normalizeVector(v);
    }
  }
  if (queryVector) {
    retrievers.push("vector");
    const top = topByScore(capacity);
    const embeddings = state.table.embeddings;
    for (let doc = 0; doc < shard.docs; doc++) {
      const embedding = embeddings[shard.rowOf[doc] as number];
      if (!embedding || embedding.length !== queryVector.length || !eligibleDoc(doc)) continue;
      top.offer(dotProduct(embedding, queryVector), doc);
    }
    top.sorted().forEach(({ score, doc }, rank) => {
      const vector = { cosine: score, rank: rank + 1 };
      const existing = candidates.get(doc);
      if (existing) existing.vector = vector;
      else {
        const candidate = candidateOf(doc);
        candidate.vector = vector;
        candidates.set(doc, candidate);
      }
    });
  }

  const hits = rankCandidates([...candidates.values()], scoring, {
    referenceMs: asOfMs ?? nowMs,
    k: query.k,
    retrievers,
  });
  if (query.recordAccess) {
    const table = state.table;
    for (const hit of hits) {
      const row = state.byId.get(hit.memory.id);
      if (row === undefined) continue;
      logAccess(state.logs, row, nowMs);
      const accessCount = (table.accessCount[row] as number) + 1;
      table.accessCount[row] = accessCount;
      table.lastAccessedMs[row] = nowMs;
      // Each hit's record was built for this search: it shows the use just logged.
      hit.memory.accessCount = accessCount;
      hit.memory.lastAccessedAt = isoOf(nowMs);
    }
  }
  return { hits, candidateCount: candidates.size, retrievers };
}

/**
 * Creates a fast, dependency-free `MemoryStoreV1` held in memory: an inverted index with BM25 per user,
 * brute-force cosine for embeddings, the shared cognitive re-ranker, append-only versions. Runs in Node and
 * in browsers (no Node built-ins). Nothing survives the process: use `@aifactory/memory-postgres` to persist.
 *
 * Memories are stored as columns (typed arrays for numbers and times, one array each for ids and contents) and
 * the index as typed-array posting lists, so a million memories hold few heap objects and the garbage
 * collector's pauses stay short; a record object is built only for what a call returns.
 *
 * @param options - an optional embedder, access-log length and clock
 * @returns a store
 * @example
 * ```ts
 * import { createInMemoryStore } from "@aifactory/memory";
 * const store = createInMemoryStore();
 * await store.add({ scope: { userId: "alice" }, content: "Alice moved to Lisbon in 2024" });
 * const { hits } = await store.search({ scope: { userId: "alice" }, text: "where does alice live? lisbon" });
 * hits[0]?.explanation; // [{ name: "bm25", ... }, { name: "relevance", ... }]
 * ```
 * @since 0.1.0
 * @category Store
 */
export function createInMemoryStore(options: InMemoryStoreOptions = {}): MemoryStoreV1 {
  const embedder = options.embedder;
  const accessLogLimit = options.accessLogLimit ?? 64;
  const clock = options.clock ?? Date.now;
  let state = newState(accessLogLimit);
  let lastIsoMs = 0;
  const iso = new IsoMillisFormatter();

  /** Strictly increasing ingestion times, so versions written in one millisecond still order. */
  const nowMs = (): number => {
    const ms = Math.max(clock(), lastIsoMs + 1);
    lastIsoMs = ms;
    return ms;
  };
  const nowIso = (): string => iso.format(nowMs());

  const find = (scope: MemoryScope, id: string): number => {
    const row = state.byId.get(id);
    if (row === undefined || !scopeMatches(scopeOfRow(state, row), scope)) throw notFound(id);
    return row;
  };

  const embedAll = async (texts: string[], given: Array<number[] | undefined>): Promise<Array<Float32Array | null>> => {
    const missing = given.map((g, i) => (g === undefined ? i : -1)).filter((i) => i >= 0);
    const computed = new Map<number, number[]>();
    if (embedder && missing.length > 0) {
      const vectors = await embedder.embed(missing.map((i) => texts[i] as string));
      missing.forEach((i, j) => {
        const v = vectors[j];
        if (v) computed.set(i, v);
      });
    }
    return given.map((g, i) => {
      const v = g ?? computed.get(i);
      return v === undefined ? null : normalizeVector(v);
    });
  };

  const store: MemoryStoreV1 = {
    specificationVersion: "v1",
    storeId: "in-memory",
    capabilities: { vectorSearch: "scan", persistent: false },

    async add(input) {
      const [record] = await store.addMany([input]);
      return record as MemoryRecord;
    },

    async addMany(inputs) {
      // The usual batch (scope, content, kind, importance) is checked in one pass; anything else goes through
      // zod, which accepts the same batches and explains a refusal.
      const parsed = fastParseAddMany(inputs) ?? parseInput(addManyInputSchema, inputs, "memories to add");
      const embeddings =
        embedder === undefined && parsed.every((p) => p.embedding === undefined)
          ? undefined
          : await embedAll(
              parsed.map((p) => p.content),
              parsed.map((p) => p.embedding),
            );
      const out: MemoryRecord[] = new Array(parsed.length);
      // One clock read per batch: the records take consecutive milliseconds from there, strictly increasing as
      // one read per record would give them (a batch is written at once).
      const batchStartMs = Math.max(clock(), lastIsoMs + 1);
      lastIsoMs = batchStartMs + parsed.length - 1;
      for (let i = 0; i < parsed.length; i++) {
        const embedding = embeddings?.[i] ?? null;
        // Whole milliseconds, as an ISO string holds them (a test clock may return fractions).
        const createdAtMs = Math.trunc(batchStartMs + i);
        const record = buildMemoryRecord(
          parsed[i] as (typeof parsed)[number],
          iso.format(createdAtMs),
          embedding?.length ?? null,
        );
        insertRecord(state, record, embedding, -1, createdAtMs);
        // The table keeps its own copies of scope, metadata and source: the record is the caller's.
        out[i] = record;
      }
      return out;
    },

    async search(input) {
      const query = parseInput(searchMemoryInputSchema, input, "memory search");
      const nowMs = query.now === undefined ? clock() : Date.parse(query.now);
      return search(state, query, nowMs, embedder);
    },

    async get(input) {
      const ref = parseInput(memoryRefSchema, input, "memory reference");
      return materialize(state, find(ref.scope, ref.id));
    },

    async list(input) {
      const q = parseInput(listMemoryInputSchema, input, "memory list");
      const shard = state.shards.get(q.scope.userId);
      if (!shard) return [];
      const table = state.table;
      const out: MemoryRecord[] = [];
      let skipped = 0;
      for (let doc = 0; doc < shard.docs; doc++) {
        const row = shard.rowOf[doc] as number;
        const status = table.status[row] as number;
        if (status === STATUS_PURGED) continue;
        if (!scopeMatches(shard.scopes[table.scope[row] as number] as MemoryScope, q.scope)) continue;
        if (!q.statuses.includes(STATUS_NAMES[status] as MemoryRecord["status"])) continue;
        if (q.kinds && !q.kinds.includes(KIND_NAMES[table.kind[row] as number] as MemoryRecord["kind"])) continue;
        if (skipped < q.offset) {
          skipped++;
          continue;
        }
        out.push(materialize(state, row));
        if (out.length >= q.limit) break;
      }
      return out;
    },

    async update(input) {
      const patch = parseInput(updateMemoryInputSchema, input, "memory update");
      let row = find(patch.scope, patch.id);
      const [embedding] =
        patch.embedding !== undefined || patch.content !== undefined
          ? await embedAll([patch.content ?? readContent(state.table.contents, row)], [patch.embedding])
          : [state.table.embeddings[row] ?? null];
      // The embedder may have yielded: look the memory up again.
      row = find(patch.scope, patch.id);
      const current = materialize(state, row);
      const { next, previous } = supersedeMemoryRecord(current, patch, nowIso(), embedding?.length ?? null);
      const table = state.table;
      const shard = state.shardList[table.shard[row] as number] as Shard;
      const previousValidToMs = previous.validTo === null ? Number.POSITIVE_INFINITY : Date.parse(previous.validTo);
      table.status[row] = STATUS_SUPERSEDED;
      table.validToMs[row] = previousValidToMs;
      shard.flags[table.doc[row] as number] = flagOf(STATUS_SUPERSEDED, previousValidToMs);
      const nextRow = insertRecord(state, next, embedding ?? null, row);
      table.supersededBy[row] = nextRow;
      return next;
    },

    async forget(input) {
      const q = parseInput(forgetMemoryInputSchema, input, "memory forget");
      const row = find(q.scope, q.id);
      const table = state.table;
      const status = table.status[row] as number;
      if (status !== STATUS_ACTIVE) {
        throw new ConflictError(`memory "${q.id}" is ${STATUS_NAMES[status]}, not active`, {
          hint: "forget the latest version of the memory (see history)",
        });
      }
      table.status[row] = STATUS_FORGOTTEN;
      table.forgottenAtMs[row] = Math.trunc(nowMs());
      table.forgetReasons.set(row, q.reason);
      const shard = state.shardList[table.shard[row] as number] as Shard;
      shard.flags[table.doc[row] as number] = flagOf(STATUS_FORGOTTEN, table.validToMs[row] as number);
      return materialize(state, row);
    },

    async purge(input) {
      const q = parseInput(purgeMemoryInputSchema, input, "memory purge");
      let purgedCount = 0;
      if (q.id !== undefined) {
        const row = find(q.scope, q.id);
        for (const r of lineageRows(state, row)) {
          if (state.table.status[r] === STATUS_PURGED) continue;
          removeRow(state, r);
          purgedCount++;
        }
        return { purgedCount };
      }
      const shard = state.shards.get(q.scope.userId);
      if (!shard) return { purgedCount };
      const table = state.table;
      for (let doc = 0; doc < shard.docs; doc++) {
        const row = shard.rowOf[doc] as number;
        if (table.status[row] === STATUS_PURGED) continue;
        if (!scopeMatches(shard.scopes[table.scope[row] as number] as MemoryScope, q.scope)) continue;
        removeRow(state, row);
        purgedCount++;
      }
      return { purgedCount };
    },

    async history(input) {
      const ref = parseInput(memoryRefSchema, input, "memory reference");
      const row = find(ref.scope, ref.id);
      return lineageRows(state, row)
        .filter((r) => state.table.status[r] !== STATUS_PURGED)
        .map((r) => materialize(state, r));
    },

    async stats(input) {
      const q = parseInput(memoryStatsInputSchema, input, "memory stats");
      const stats: MemoryStoreStats = {
        totalCount: 0,
        activeCount: 0,
        supersededCount: 0,
        forgottenCount: 0,
        activeByKind: { episodicCount: 0, semanticCount: 0, proceduralCount: 0 },
        withEmbeddingCount: 0,
        accessCount: 0,
      };
      const shard = state.shards.get(q.scope.userId);
      if (!shard) return stats;
      const table = state.table;
      for (let doc = 0; doc < shard.docs; doc++) {
        const row = shard.rowOf[doc] as number;
        const status = table.status[row] as number;
        if (status === STATUS_PURGED) continue;
        if (!scopeMatches(shard.scopes[table.scope[row] as number] as MemoryScope, q.scope)) continue;
        const statusName = STATUS_NAMES[status] as MemoryRecord["status"];
        stats.totalCount++;
        stats[`${statusName}Count` as const]++;
        if (status === STATUS_ACTIVE)
          stats.activeByKind[`${KIND_NAMES[table.kind[row] as number] as MemoryRecord["kind"]}Count` as const]++;
        if (table.embeddings[row]) stats.withEmbeddingCount++;
        stats.accessCount += table.accessCount[row] as number;
      }
      return stats;
    },

    async close() {
      state = newState(accessLogLimit);
    },
  };
  return store;
}
