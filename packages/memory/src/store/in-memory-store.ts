import { AifError, ConflictError, parseInput } from "@aifactory/core";
import { bm25Idf } from "../scoring/bm25";
import { appendPosting, type BoundedPosting, bm25TopK, newBoundedPosting, removePosting } from "../scoring/bm25-top-k";
import { rankCandidates, type ScoringCandidate } from "../scoring/rank-candidates";
import { dotProduct, normalizeVector } from "../scoring/vector";
import type { EmbedderV1 } from "../spec/embedder-v1";
import type { MemoryStoreStats, SearchMemoryResult } from "../spec/memory-hit";
import {
  addManyInputSchema,
  forgetMemoryInputSchema,
  listMemoryInputSchema,
  memoryRefSchema,
  memoryStatsInputSchema,
  purgeMemoryInputSchema,
  searchMemoryInputSchema,
  updateMemoryInputSchema,
} from "../spec/memory-inputs";
import type { MemoryRecord, MemoryScope } from "../spec/memory-record";
import type { MemoryStoreV1 } from "../spec/memory-store-v1";
import { termFrequencies, tokenize } from "../text/tokenize";
import { filtersMatch, isSearchable, scopeMatches } from "./memory-filters";
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

interface Entry {
  record: MemoryRecord;
  doc: number;
  embedding: Float32Array | null;
  /** Created on the first retrieval (most memories are never retrieved). */
  accessTimesMs: number[] | null;
}

const NO_ACCESS: readonly number[] = [];

/** Per-document search flags: 0 removed, 1 active with open validity (no other check needed), 2 check fully. */
const FLAG_REMOVED = 0;
const FLAG_OPEN = 1;
const FLAG_CHECK = 2;

function flagOf(record: MemoryRecord): number {
  return record.status === "active" && record.validTo === null ? FLAG_OPEN : FLAG_CHECK;
}

/** One user's partition: its own inverted index and corpus statistics, so users never share state. */
interface Shard {
  entries: Array<Entry | undefined>;
  lengths: Float32Array;
  flags: Uint8Array;
  totalLength: number;
  documentCount: number;
  postings: Map<string, BoundedPosting>;
  withEmbedding: number;
}

function newShard(): Shard {
  return {
    entries: [],
    lengths: new Float32Array(1024),
    flags: new Uint8Array(1024),
    totalLength: 0,
    documentCount: 0,
    postings: new Map(),
    withEmbedding: 0,
  };
}

function grow<T extends Float32Array | Float64Array | Int32Array | Uint16Array | Uint8Array>(
  array: T,
  minLength: number,
): T {
  if (array.length >= minLength) return array;
  let size = array.length * 2;
  while (size < minLength) size *= 2;
  const Ctor = array.constructor as new (n: number) => T;
  const next = new Ctor(size);
  next.set(array);
  return next;
}

function cloneMetadata(metadata: MemoryRecord["metadata"]): MemoryRecord["metadata"] {
  const out: MemoryRecord["metadata"] = {};
  for (const key in metadata) {
    const value = metadata[key];
    if (value !== undefined) out[key] = Array.isArray(value) ? value.slice() : value;
  }
  return out;
}

function cloneRecord(record: MemoryRecord): MemoryRecord {
  return {
    ...record,
    scope: { ...record.scope },
    metadata: cloneMetadata(record.metadata),
    source: record.source === null ? null : { ...record.source },
  };
}

function notFound(id: string): AifError {
  return new AifError("NOT_FOUND", `unknown memory "${id}" in this scope`, {
    hint: "check the id and the scope (userId, agentId, sessionId, namespace) it was added with",
    details: { kind: "memory", id },
  });
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

/**
 * Creates a fast, dependency-free `MemoryStoreV1` held in memory: an inverted index with BM25 per user,
 * brute-force cosine for embeddings, the shared cognitive re-ranker, append-only versions. Runs in Node and
 * in browsers (no Node built-ins). Nothing survives the process: use `@aifactory/memory-postgres` to persist.
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
  const shards = new Map<string, Shard>();
  const byId = new Map<string, Entry>();
  const lineages = new Map<string, string[]>();
  let lastIsoMs = 0;

  /** Strictly increasing ingestion times, so versions written in one millisecond still order. */
  const nowIso = (): string => {
    const ms = Math.max(clock(), lastIsoMs + 1);
    lastIsoMs = ms;
    return new Date(ms).toISOString();
  };

  const shardOf = (userId: string): Shard => {
    let shard = shards.get(userId);
    if (!shard) {
      shard = newShard();
      shards.set(userId, shard);
    }
    return shard;
  };

  const insert = (record: MemoryRecord, embedding: Float32Array | null): Entry => {
    const shard = shardOf(record.scope.userId);
    const doc = shard.entries.length;
    const terms = termFrequencies(tokenize(record.content));
    const entry: Entry = { record, doc, embedding, accessTimesMs: null };
    shard.entries.push(entry);
    shard.lengths = grow(shard.lengths, doc + 1);
    shard.flags = grow(shard.flags, doc + 1);
    shard.flags[doc] = flagOf(record);
    let length = 0;
    for (const tf of terms.values()) length += tf;
    for (const [term, tf] of terms) {
      let posting = shard.postings.get(term);
      if (!posting) {
        posting = newBoundedPosting();
        shard.postings.set(term, posting);
      }
      appendPosting(posting, doc, tf, length);
    }
    shard.lengths[doc] = length;
    shard.totalLength += length;
    shard.documentCount++;
    if (embedding) shard.withEmbedding++;
    byId.set(record.id, entry);
    // Only lineages with more than one version are tracked; a first version's id is its lineage id.
    if (record.version > 1) {
      const lineage = lineages.get(record.lineageId);
      if (lineage) lineage.push(record.id);
      else lineages.set(record.lineageId, [record.lineageId, record.id]);
    }
    return entry;
  };

  const remove = (entry: Entry): void => {
    const shard = shardOf(entry.record.scope.userId);
    for (const term of termFrequencies(tokenize(entry.record.content)).keys()) {
      const posting = shard.postings.get(term);
      if (!posting) continue;
      removePosting(posting, entry.doc, shard.lengths);
      if (posting.count === 0) shard.postings.delete(term);
    }
    shard.totalLength -= shard.lengths[entry.doc] as number;
    shard.documentCount--;
    if (entry.embedding) shard.withEmbedding--;
    shard.entries[entry.doc] = undefined;
    shard.flags[entry.doc] = FLAG_REMOVED;
    byId.delete(entry.record.id);
  };

  const find = (scope: MemoryScope, id: string): Entry => {
    const entry = byId.get(id);
    if (!entry || !scopeMatches(entry.record.scope, scope)) throw notFound(id);
    return entry;
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
      const parsed = parseInput(addManyInputSchema, inputs, "memories to add");
      const embeddings = await embedAll(
        parsed.map((p) => p.content),
        parsed.map((p) => p.embedding),
      );
      const out: MemoryRecord[] = [];
      for (let i = 0; i < parsed.length; i++) {
        const embedding = embeddings[i] ?? null;
        const record = buildMemoryRecord(parsed[i] as (typeof parsed)[number], nowIso(), embedding?.length ?? null);
        insert(record, embedding);
        out.push(cloneRecord(record));
      }
      return out;
    },

    async search(input) {
      const query = parseInput(searchMemoryInputSchema, input, "memory search");
      const nowMs = query.now === undefined ? clock() : Date.parse(query.now);
      const asOfMs = query.asOf === undefined ? undefined : Date.parse(query.asOf);
      const scoring = query.scoring;
      const result: SearchMemoryResult = { hits: [], candidateCount: 0, retrievers: [] };
      const shard = shards.get(query.scope.userId);
      if (!shard) return result;
      const fullCheck = (entry: Entry | undefined): entry is Entry =>
        entry !== undefined &&
        isSearchable(entry.record, nowMs, asOfMs) &&
        scopeMatches(entry.record.scope, query.scope) &&
        filtersMatch(entry.record, query.filters);
      // Common case (current memories of a whole user, no filters): a flag lookup decides most documents.
      const simple =
        asOfMs === undefined &&
        query.scope.agentId === undefined &&
        query.scope.sessionId === undefined &&
        query.scope.namespace === undefined &&
        Object.keys(query.filters).length === 0;
      const flags = shard.flags;
      const eligibleDoc = (doc: number): boolean => {
        const flag = flags[doc];
        if (flag === FLAG_REMOVED) return false;
        if (simple && flag === FLAG_OPEN) return true;
        return fullCheck(shard.entries[doc]);
      };
      const eligible = (entry: Entry | undefined): entry is Entry => entry !== undefined && eligibleDoc(entry.doc);
      // Without a re-ranking component or a second retriever the final order is the BM25 order (relevance is
      // BM25 over the best BM25, ties broken by BM25 rank), so the top k by BM25 are the hits: only they are
      // retrieved, as the SQL store does. Otherwise each retriever hands its exact top `candidateCount` on.
      const reranks =
        scoring.activation.enabled ||
        scoring.decay.enabled ||
        scoring.importance.enabled ||
        scoring.generativeAgents.enabled ||
        (scoring.vector.enabled &&
          shard.withEmbedding > 0 &&
          (query.embedding !== undefined || embedder !== undefined));
      const capacity = reranks ? Math.max(query.k, scoring.candidateCount) : query.k;
      const candidates = new Map<number, ScoringCandidate>();
      const retrievers: Array<"bm25" | "vector"> = [];

      const terms = query.text === undefined ? [] : [...new Set(tokenize(query.text))];
      if (scoring.lexical.enabled && terms.length > 0) {
        retrievers.push("bm25");
        const { k1, b } = scoring.lexical;
        const n = shard.documentCount;
        const lists = terms
          .map((term) => shard.postings.get(term))
          .filter((posting): posting is BoundedPosting => posting !== undefined)
          .map((posting) => ({ posting, idf: bm25Idf(n, posting.count) }));
        // Exact top-`capacity` by BM25 with document-at-a-time MaxScore pruning (see scoring/bm25-top-k):
        // the same documents and scores as scoring every posting. Cognitive and vector components re-rank
        // this candidate set afterwards (rankCandidates), so pruning the lexical retriever is always safe.
        const top = bm25TopK({
          lists,
          lengths: shard.lengths,
          averageLength: shard.totalLength / Math.max(1, n) || 1,
          k1,
          b,
          k: capacity,
          eligible: eligibleDoc,
        });
        top.forEach(({ score, doc }, rank) => {
          const entry = shard.entries[doc] as Entry;
          candidates.set(doc, {
            record: entry.record,
            bm25: { raw: score, rank: rank + 1 },
            accessTimesMs: entry.accessTimesMs ?? NO_ACCESS,
          });
        });
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
        for (const entry of shard.entries) {
          if (!entry?.embedding || entry.embedding.length !== queryVector.length || !eligible(entry)) continue;
          top.offer(dotProduct(entry.embedding, queryVector), entry.doc);
        }
        top.sorted().forEach(({ score, doc }, rank) => {
          const entry = shard.entries[doc] as Entry;
          const existing = candidates.get(doc);
          const vector = { cosine: score, rank: rank + 1 };
          if (existing) existing.vector = vector;
          else candidates.set(doc, { record: entry.record, vector, accessTimesMs: entry.accessTimesMs ?? NO_ACCESS });
        });
      }

      const hits = rankCandidates([...candidates.values()], scoring, {
        referenceMs: asOfMs ?? nowMs,
        k: query.k,
        retrievers,
      });
      if (query.recordAccess) {
        for (const hit of hits) {
          const entry = byId.get(hit.memory.id);
          if (!entry) continue;
          entry.accessTimesMs ??= [];
          entry.accessTimesMs.push(nowMs);
          if (entry.accessTimesMs.length > accessLogLimit) entry.accessTimesMs.shift();
          entry.record.accessCount++;
          entry.record.lastAccessedAt = new Date(nowMs).toISOString();
        }
      }
      return {
        hits: hits.map((h) => ({ ...h, memory: cloneRecord(h.memory) })),
        candidateCount: candidates.size,
        retrievers,
      };
    },

    async get(input) {
      const ref = parseInput(memoryRefSchema, input, "memory reference");
      return cloneRecord(find(ref.scope, ref.id).record);
    },

    async list(input) {
      const q = parseInput(listMemoryInputSchema, input, "memory list");
      const shard = shards.get(q.scope.userId);
      if (!shard) return [];
      const out: MemoryRecord[] = [];
      let skipped = 0;
      for (const entry of shard.entries) {
        if (!entry || !scopeMatches(entry.record.scope, q.scope)) continue;
        if (!q.statuses.includes(entry.record.status)) continue;
        if (q.kinds && !q.kinds.includes(entry.record.kind)) continue;
        if (skipped < q.offset) {
          skipped++;
          continue;
        }
        out.push(cloneRecord(entry.record));
        if (out.length >= q.limit) break;
      }
      return out;
    },

    async update(input) {
      const patch = parseInput(updateMemoryInputSchema, input, "memory update");
      const entry = find(patch.scope, patch.id);
      const [embedding] =
        patch.embedding !== undefined || patch.content !== undefined
          ? await embedAll([patch.content ?? entry.record.content], [patch.embedding])
          : [entry.embedding];
      const { next, previous } = supersedeMemoryRecord(entry.record, patch, nowIso(), embedding?.length ?? null);
      entry.record = previous;
      shardOf(previous.scope.userId).flags[entry.doc] = flagOf(previous);
      insert(next, embedding ?? null);
      return cloneRecord(next);
    },

    async forget(input) {
      const q = parseInput(forgetMemoryInputSchema, input, "memory forget");
      const entry = find(q.scope, q.id);
      if (entry.record.status !== "active") {
        throw new ConflictError(`memory "${q.id}" is ${entry.record.status}, not active`, {
          hint: "forget the latest version of the memory (see history)",
        });
      }
      entry.record = { ...entry.record, status: "forgotten", forgottenAt: nowIso(), forgetReason: q.reason };
      shardOf(entry.record.scope.userId).flags[entry.doc] = flagOf(entry.record);
      return cloneRecord(entry.record);
    },

    async purge(input) {
      const q = parseInput(purgeMemoryInputSchema, input, "memory purge");
      let purgedCount = 0;
      if (q.id !== undefined) {
        const entry = find(q.scope, q.id);
        const ids = lineages.get(entry.record.lineageId) ?? [entry.record.lineageId];
        for (const id of ids) {
          const e = byId.get(id);
          if (e) {
            remove(e);
            purgedCount++;
          }
        }
        lineages.delete(entry.record.lineageId);
        return { purgedCount };
      }
      const shard = shards.get(q.scope.userId);
      if (!shard) return { purgedCount };
      for (const entry of [...shard.entries]) {
        if (!entry || !scopeMatches(entry.record.scope, q.scope)) continue;
        remove(entry);
        const lineage = lineages.get(entry.record.lineageId);
        if (lineage) {
          const rest = lineage.filter((id) => id !== entry.record.id);
          if (rest.length === 0) lineages.delete(entry.record.lineageId);
          else lineages.set(entry.record.lineageId, rest);
        }
        purgedCount++;
      }
      return { purgedCount };
    },

    async history(input) {
      const ref = parseInput(memoryRefSchema, input, "memory reference");
      const entry = find(ref.scope, ref.id);
      const ids = lineages.get(entry.record.lineageId) ?? [entry.record.lineageId];
      return ids
        .map((id) => byId.get(id))
        .filter((e): e is Entry => e !== undefined)
        .map((e) => cloneRecord(e.record))
        .sort((a, b) => a.version - b.version);
    },

    async stats(input) {
      const q = parseInput(memoryStatsInputSchema, input, "memory stats");
      const stats: MemoryStoreStats = {
        total: 0,
        active: 0,
        superseded: 0,
        forgotten: 0,
        activeByKind: { episodic: 0, semantic: 0, procedural: 0 },
        withEmbedding: 0,
        accessCount: 0,
      };
      const shard = shards.get(q.scope.userId);
      if (!shard) return stats;
      for (const entry of shard.entries) {
        if (!entry || !scopeMatches(entry.record.scope, q.scope)) continue;
        const r = entry.record;
        stats.total++;
        stats[r.status]++;
        if (r.status === "active") stats.activeByKind[r.kind]++;
        if (entry.embedding) stats.withEmbedding++;
        stats.accessCount += r.accessCount;
      }
      return stats;
    },

    async close() {
      shards.clear();
      byId.clear();
      lineages.clear();
    },
  };
  return store;
}
