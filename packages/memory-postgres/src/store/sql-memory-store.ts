import { AifError, ConflictError, parseInput } from "@aifactory/core";
import {
  addManyInputSchema,
  buildMemoryRecord,
  dotProduct,
  type EmbedderV1,
  filtersMatch,
  forgetMemoryInputSchema,
  listMemoryInputSchema,
  type MemoryFilters,
  type MemoryRecord,
  type MemoryScope,
  type MemoryStoreStats,
  type MemoryStoreV1,
  type MetadataCondition,
  memoryRefSchema,
  memoryStatsInputSchema,
  normalizeVector,
  purgeMemoryInputSchema,
  rankCandidates,
  type ScoringCandidate,
  searchMemoryInputSchema,
  supersedeMemoryRecord,
  termFrequencies,
  tokenize,
  updateMemoryInputSchema,
} from "@aifactory/memory";
import { fastParseAddMany, IsoMillisFormatter } from "@aifactory/memory/internal";
import { z } from "zod";
import type { PreparedStatement, SqlClient, SqlExecutor } from "../sql/sql-client";
import { queryAsText } from "../sql/text-params";
import { createHnswIndex, HNSW_MAX_DIMENSIONS, hnswIndexedExpression, hnswIndexName } from "../sql/vector-index";
import {
  bestOfSet,
  byRank,
  type IndexedMemory,
  MERGE_FANOUT,
  mergeSegments,
  Params,
  removePostings,
  type ScoredPostings,
  type ScoredSeq,
  type ScoredSet,
  type ScoreScratch,
  scoreInto,
  termBucket,
  termPostings,
  writeSegments,
} from "./bm25-postings";
import { setUpVectorSearch, type VectorSearchInfo } from "./vector-search-info";

/**
 * Options of {@link createSqlMemoryStore}.
 *
 * @since 0.1.0
 * @category Store
 */
export interface SqlMemoryStoreOptions {
  /** Computes embeddings for memories and queries without one. Default: none (full-text BM25 only). */
  embedder?: EmbedderV1;
  /** Retrieval times kept per memory for ACT-R activation (default 64). */
  accessLogLimit?: number;
  /** The clock (ms since epoch). Default `Date.now`. */
  clock?: () => number;
  /**
   * Use pgvector when the database has it or can enable it (default true). On PGlite, false also leaves the
   * extension's code unloaded. Without pgvector, vector search ranks in JavaScript (see `vectorSearch`).
   */
  usePgvector?: boolean;
  /**
   * With pgvector: `hnsw` (default) keeps a partial HNSW index per embedding length (m = 16,
   * ef_construction = 64) and searches through it for users with at least `vectorIndexMinRows` memories;
   * `none` always ranks exactly in SQL (a scan of the user's rows). HNSW is approximate: the package README
   * gives the measured recall against exact ranking.
   */
  vectorIndex?: "hnsw" | "none";
  /**
   * Users with fewer memories than this are ranked exactly in SQL, and no index is built before some user
   * reaches it (default 10 000: there, on PGlite with 256-dimension embeddings, exact ranking measured a p50 of
   * 26 ms against 34 ms through HNSW; see the README).
   */
  vectorIndexMinRows?: number;
  /**
   * `hnsw.ef_search` of index searches: candidates kept while walking the graph (1..1000, default 1000,
   * pgvector's maximum). Lower is faster and less exact: on 100k synthetic 256-dimension hashing embeddings
   * the package measured recall@10 of 0.92 at 200, 0.96 at 800 and 0.97 at 1000 (see the README).
   */
  hnswEfSearch?: number;
  /**
   * Postings text the store keeps in memory between searches, in MiB (default 64; 0 keeps none). Segment rows
   * never change once written (a merge or a purge writes new ones), so a search sends the identities of the
   * rows it holds and the database returns only the others. About 230 bytes per memory of 20 terms holds a
   * whole 100k-memory index in 23 MiB.
   */
  postingsCacheMiB?: number;
  /**
   * Receives the one warning a store gives when pgvector was wanted but is unavailable and a vector search
   * falls back to ranking in JavaScript. Default: `process.emitWarning` (code `AIF_MEMORY_VECTOR_FALLBACK`),
   * once per process.
   */
  onWarning?: (message: string) => void;
  /** Whether the store's `close()` closes the client (default true; false to share one connection). */
  closeClient?: boolean;
}

/**
 * A `MemoryStoreV1` on SQL, with the vector path it runs.
 *
 * @example
 * ```ts
 * // not run in tests: boots PGlite (PostgreSQL in WebAssembly), several seconds; the package's tests cover it
 * import { createPgliteMemoryStore } from "@aifactory/memory-postgres";
 * const store = await createPgliteMemoryStore();
 * store.vectorSearch; // { backend: "pgvector", index: "hnsw", storage: "vector", ... }
 * ```
 * @since 0.1.0
 * @category Store
 */
export interface SqlMemoryStore extends MemoryStoreV1 {
  /** Which vector path this store runs (pgvector with or without HNSW, or the in-process fallback) and why. */
  readonly vectorSearch: VectorSearchInfo;
}

const storeOptionsSchema = z.object({
  vectorIndex: z.enum(["hnsw", "none"]).default("hnsw"),
  vectorIndexMinRows: z.number().int().min(0).default(10_000),
  hnswEfSearch: z.number().int().min(1).max(1_000).default(1_000),
  accessLogLimit: z.number().int().min(1).max(100_000).default(64),
  postingsCacheMiB: z.number().min(0).max(65_536).default(64),
});

interface MemoryRow {
  id: string;
  lineage_id: string;
  version: number;
  user_id: string;
  agent_id: string | null;
  session_id: string | null;
  namespace: string | null;
  kind: MemoryRecord["kind"];
  content: string;
  metadata: MemoryRecord["metadata"];
  importance: number;
  valid_from_ms: number;
  valid_to_ms: number | null;
  created_at_ms: number;
  status: MemoryRecord["status"];
  supersedes: string | null;
  superseded_by: string | null;
  forgotten_at_ms: number | null;
  forget_reason: string | null;
  source: MemoryRecord["source"];
  embedding_dims: number | null;
  access_count: number;
  last_accessed_ms: number | null;
  access_times_ms: number[];
  token_count?: number;
  score?: number;
  distance?: number;
  seq?: number | string;
  embedding?: number[] | null;
}

/** Where embeddings live: `real[]` (portable; the schema before pgvector) or pgvector's `vector`. */
interface EmbeddingColumn {
  readonly name: "embedding" | "embedding_vec";
  /** SQL for the embedding's length. */
  readonly dims: string;
  /** SQL for the embedding as `real[]`. */
  readonly asArray: string;
  /** Cast applied to the embedding's text literal on insert. */
  readonly cast: "::real[]" | "::vector";
  /** Brackets of the text literal: `{...}` for an array, `[...]` for a vector. */
  readonly brackets: readonly [string, string];
}

const REAL_ARRAY_COLUMN: EmbeddingColumn = {
  name: "embedding",
  dims: "cardinality(embedding)",
  asArray: "embedding",
  cast: "::real[]",
  brackets: ["{", "}"],
};
const VECTOR_COLUMN: EmbeddingColumn = {
  name: "embedding_vec",
  dims: "vector_dims(embedding_vec)",
  asArray: "embedding_vec::real[]",
  cast: "::vector",
  brackets: ["[", "]"],
};

const columnsSql = (e: EmbeddingColumn) => `id, lineage_id, version, user_id, agent_id, session_id, namespace, kind,
  content, metadata, importance, valid_from_ms, valid_to_ms, created_at_ms, status, supersedes, superseded_by,
  forgotten_at_ms, forget_reason, source, ${e.dims} AS embedding_dims, access_count, last_accessed_ms, access_times_ms`;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());

function rowToRecord(row: MemoryRow): MemoryRecord {
  const scope: MemoryScope = { userId: row.user_id };
  if (row.agent_id !== null) scope.agentId = row.agent_id;
  if (row.session_id !== null) scope.sessionId = row.session_id;
  if (row.namespace !== null) scope.namespace = row.namespace;
  return {
    id: row.id,
    lineageId: row.lineage_id,
    version: Number(row.version),
    kind: row.kind,
    content: row.content,
    scope,
    metadata: row.metadata,
    importance: Number(row.importance),
    validFrom: iso(row.valid_from_ms) as string,
    validTo: iso(row.valid_to_ms),
    createdAt: iso(row.created_at_ms) as string,
    status: row.status,
    supersedes: row.supersedes,
    supersededBy: row.superseded_by,
    forgottenAt: iso(row.forgotten_at_ms),
    forgetReason: row.forget_reason,
    source: row.source,
    embeddingDimensions: row.embedding_dims === null ? null : Number(row.embedding_dims),
    accessCount: Number(row.access_count),
    lastAccessedAt: iso(row.last_accessed_ms),
  };
}

function notFound(id: string): AifError {
  return new AifError("NOT_FOUND", `unknown memory "${id}" in this scope`, {
    hint: "check the id and the scope (userId, agentId, sessionId, namespace) it was added with",
    details: { kind: "memory", id },
  });
}

function scopeSql(scope: MemoryScope, p: Params): string {
  const parts = [`user_id = ${p.add(scope.userId)}`];
  if (scope.agentId !== undefined) parts.push(`agent_id = ${p.add(scope.agentId)}`);
  if (scope.sessionId !== undefined) parts.push(`session_id = ${p.add(scope.sessionId)}`);
  if (scope.namespace !== undefined) parts.push(`namespace = ${p.add(scope.namespace)}`);
  return parts.join(" AND ");
}

function equalsSql(key: string, value: unknown, p: Params): string {
  const k = p.add(key);
  const v = p.add(JSON.stringify(value));
  if (Array.isArray(value)) return `(metadata->${k} = ${v}::jsonb)`;
  return `(metadata->${k} = ${v}::jsonb OR (jsonb_typeof(metadata->${k}) = 'array' AND metadata->${k} @> jsonb_build_array(${v}::jsonb)))`;
}

function conditionSql(key: string, condition: MetadataCondition, p: Params): string {
  if (condition === null || typeof condition !== "object" || Array.isArray(condition)) {
    return equalsSql(key, condition, p);
  }
  const parts: string[] = [];
  const present = () => `(metadata->${p.add(key)} IS NOT NULL)`;
  if (condition.exists !== undefined) parts.push(condition.exists ? present() : `NOT ${present()}`);
  if (condition.eq !== undefined) parts.push(equalsSql(key, condition.eq, p));
  if (condition.ne !== undefined) parts.push(`NOT ${equalsSql(key, condition.ne, p)}`);
  if (condition.in !== undefined) {
    parts.push(condition.in.length === 0 ? "false" : `(${condition.in.map((v) => equalsSql(key, v, p)).join(" OR ")})`);
  }
  if (condition.nin !== undefined && condition.nin.length > 0) {
    parts.push(`NOT (${condition.nin.map((v) => equalsSql(key, v, p)).join(" OR ")})`);
  }
  const ops: Array<[string, number | string | undefined]> = [
    [">", condition.gt],
    [">=", condition.gte],
    ["<", condition.lt],
    ["<=", condition.lte],
  ];
  for (const [op, bound] of ops) {
    if (bound === undefined) continue;
    const k = p.add(key);
    parts.push(
      typeof bound === "number"
        ? `(jsonb_typeof(metadata->${k}) = 'number' AND (metadata->>${k})::float8 ${op} ${p.add(bound)})`
        : `(jsonb_typeof(metadata->${k}) = 'string' AND (metadata->>${k}) COLLATE "C" ${op} ${p.add(bound)})`,
    );
  }
  return parts.length === 0 ? "true" : parts.join(" AND ");
}

function filtersSql(filters: MemoryFilters, p: Params): string {
  const parts: string[] = [];
  if (filters.kinds) parts.push(`kind = ANY(${p.add(filters.kinds)}::text[])`);
  if (filters.minImportance !== undefined) parts.push(`importance >= ${p.add(filters.minImportance)}`);
  if (filters.createdAfter !== undefined) parts.push(`created_at_ms > ${p.add(Date.parse(filters.createdAfter))}`);
  if (filters.createdBefore !== undefined) parts.push(`created_at_ms < ${p.add(Date.parse(filters.createdBefore))}`);
  for (const [key, condition] of Object.entries(filters.metadata ?? {})) parts.push(conditionSql(key, condition, p));
  return parts.length === 0 ? "true" : parts.join(" AND ");
}

function eligibleSql(nowMs: number, asOfMs: number | undefined, p: Params): string {
  if (asOfMs === undefined) {
    return `status = 'active' AND (valid_to_ms IS NULL OR valid_to_ms > ${p.add(nowMs)})`;
  }
  const t = p.add(asOfMs);
  return `status <> 'forgotten' AND valid_from_ms <= ${t} AND (valid_to_ms IS NULL OR valid_to_ms > ${t})`;
}

/**
 * The elements of a float32 vector as short decimal text: 9 significant digits identify every float32
 * exactly (FLT_DECIMAL_DIG, C11 5.2.4.2.2), so Postgres parses back the very same values.
 */
function float32Text(v: Float32Array): string {
  let out = "";
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    out += (i === 0 ? "" : ",") + (x === 0 ? "0" : x.toPrecision(9));
  }
  return out;
}

function embeddingLiteral(v: Float32Array | null, e: EmbeddingColumn): string | null {
  return v === null ? null : `${e.brackets[0]}${float32Text(v)}${e.brackets[1]}`;
}

interface PreparedRow {
  record: MemoryRecord;
  embedding: Float32Array | null;
  terms: Map<string, number>;
  tokenCount: number;
  /** `record.createdAt` and `record.validFrom` in epoch milliseconds (known when the record was built). */
  createdAtMs: number;
  validFromMs: number;
}

function prepare(
  record: MemoryRecord,
  embedding: Float32Array | null,
  createdAtMs = Date.parse(record.createdAt),
  validFromMs = record.validFrom === record.createdAt ? createdAtMs : Date.parse(record.validFrom),
): PreparedRow {
  const terms = termFrequencies(tokenize(record.content));
  let tokenCount = 0;
  for (const tf of terms.values()) tokenCount += tf;
  return { record, embedding, terms, tokenCount, createdAtMs, validFromMs };
}

/**
 * The versions of a lineage: its first version is the memory whose id is the lineage id (found by the primary
 * key), the later ones through the partial index of migration 7 (`lineage_id` where `version > 1`).
 */
const lineageSql = (lineage: string) =>
  `(id = ${lineage} OR (version > 1 AND lineage_id = ${lineage})) AND lineage_id = ${lineage}`;

/**
 * A search's two statements (migration 8's functions), prepared once per connection. The postings one returns
 * the user's corpus figures and the segment rows of the query's buckets; the rows one the eligible rows of ranked
 * candidates as one JSON text.
 */
const SEARCH_POSTINGS: PreparedStatement = {
  name: "aif_search_postings_v1",
  text: "SELECT out_doc_count, out_total_tokens, out_embedded_count, out_postings FROM aif_search_postings($1, $2::int[], $3::text[])",
};
const searchRowsStatement = (fn: string): PreparedStatement => ({
  name: `${fn}_v1`,
  text: `SELECT ${fn}($1::bigint[], $2, $3, $4, $5, $6::float8, $7::float8, $8::int)`,
});
const SEARCH_ROWS = searchRowsStatement("aif_search_rows");
const SEARCH_ROWS_VEC = searchRowsStatement("aif_search_rows_vec");
/** Both in one statement (one snapshot): the postings, and the rows of candidates scored from held postings. */
const searchPostingsRowsStatement = (fn: string): PreparedStatement => ({
  name: `aif_search_postings_${fn}_v1`,
  text: `SELECT p.out_doc_count, p.out_total_tokens, p.out_embedded_count, p.out_postings,
    ${fn}($4::bigint[], $1, $5, $6, $7, $8::float8, $9::float8, $10::int)
    FROM aif_search_postings($1, $2::int[], $3::text[]) p`,
});
const SEARCH_POSTINGS_ROWS = searchPostingsRowsStatement("aif_search_rows");
const SEARCH_POSTINGS_ROWS_VEC = searchPostingsRowsStatement("aif_search_rows_vec");

/** A user's corpus row as a search last read it. */
interface CorpusFigures {
  docCount: number;
  totalTokens: number;
  embeddedCount: number;
}

/** Held segment rows by bucket (the shape the answer's rows take once received). */
function heldByBucket(held: ReadonlyMap<string, SegmentText>): Map<number, SegmentText[]> {
  const out = new Map<number, SegmentText[]>();
  for (const [identity, row] of held) {
    const bucket = bucketOfIdentity(identity);
    const list = out.get(bucket);
    if (list === undefined) out.set(bucket, [row]);
    else list.push(row);
  }
  return out;
}

/**
 * Whether an answer of `aif_search_postings` lists exactly the held rows, each without its postings (held): no
 * row was written or removed in those buckets since they were read.
 */
function answersExactlyHeld(answer: string | null, held: ReadonlyMap<string, SegmentText>): boolean {
  if (answer === null) return held.size === 0;
  let count = 0;
  let at = 0;
  while (at < answer.length) {
    let next = answer.indexOf("\u001e", at);
    if (next === -1) next = answer.length;
    // Held rows come back as "identity \u001f" with nothing after.
    if (answer.charCodeAt(next - 1) !== 0x1f || !held.has(answer.slice(at, next - 1))) return false;
    count++;
    at = next + 1;
  }
  return count === held.size;
}

/** PostgreSQL's text input of an integer array. */
const intArrayLiteral = (values: readonly number[]): string => `{${values.join(",")}}`;

/** PostgreSQL's text input of a text array: every element quoted, backslashes and quotes escaped. */
function textArrayLiteral(values: Iterable<string>): string {
  let out = "{";
  for (const value of values) {
    if (out.length > 1) out += ",";
    out += value.includes('"') || value.includes("\\") ? `"${value.replace(/[\\"]/g, "\\$&")}"` : `"${value}"`;
  }
  return `${out}}`;
}

/**
 * A prepared statement's rows as text fields: by name where the client prepares statements, else the same SQL
 * through its general query path.
 */
async function queryTexts(
  client: SqlClient,
  statement: PreparedStatement,
  params: readonly (string | null)[],
): Promise<Array<Array<string | null>>> {
  if (client.queryPrepared !== undefined) return client.queryPrepared(statement, params);
  return queryAsText(client, statement.text, params);
}

const msOrNull = (iso: string | null) => (iso === null ? null : Date.parse(iso));
const jsonOrNull = (value: unknown) => (value === null ? null : JSON.stringify(value));

/** A column of {@link insertRows}: its name, the SQL type of its values, and each row's value. */
type InsertColumn = readonly [name: string, sqlType: string, value: (r: PreparedRow) => unknown];

/**
 * `INSERT ... SELECT` of many rows: a column whose value is the same in every row travels as one scalar
 * parameter, the others as one array each, expanded by `unnest`. Most of a batch's columns are the same in
 * every row (user, kind, status, the nulls of a new memory); sending them as arrays cost a third of the
 * insert on PGlite (serialised element by element, parsed, and expanded).
 */
function insertSelectSql(
  table: string,
  columns: readonly InsertColumn[],
  rows: readonly PreparedRow[],
  returning: string,
) {
  const params: unknown[] = [];
  const select: string[] = [];
  const arrays: string[] = [];
  const aliases: string[] = [];
  for (const [name, sqlType, value] of columns) {
    const values = rows.map(value);
    const first = values[0];
    let uniform = true;
    for (let i = 1; i < values.length && uniform; i++) uniform = values[i] === first;
    if (uniform) {
      params.push(first);
      select.push(`$${params.length}::${sqlType}`);
    } else {
      params.push(values);
      const [base, cast] = sqlType.includes("::") ? sqlType.split("::") : [sqlType, ""];
      arrays.push(`$${params.length}::${base}[]`);
      aliases.push(name);
      select.push(`u.${name}${cast ? `::${cast}` : ""}`);
    }
  }
  const from = arrays.length === 0 ? "" : ` FROM unnest(${arrays.join(", ")}) AS u(${aliases.join(", ")})`;
  return {
    sql: `INSERT INTO ${table} (${columns.map((c) => c[0]).join(", ")}) SELECT ${select.join(", ")}${from} RETURNING ${returning}`,
    params,
  };
}

/**
 * Writes between merge checks, per user and store: a check (a scan of the user's level-0 rows of every bucket)
 * cost about as much as the segments' insert, and a bucket's level 0 fills only after several writes. A level
 * then holds at most `2 * MERGE_FANOUT - 1` rows per writer between checks.
 */
const MERGE_CHECK_EVERY = MERGE_FANOUT;

async function insertRows(
  tx: SqlExecutor,
  rows: readonly PreparedRow[],
  e: EmbeddingColumn,
  usersToCheck: (users: readonly string[]) => string[],
): Promise<void> {
  if (rows.length === 0) return;
  // The postings need each memory's `seq`, known once inserted; `terms` and `term_counts` stay NULL (the
  // postings hold them; a purge tokenizes the content again). A type `a::b` travels as `a` and is cast to `b`.
  const columns: InsertColumn[] = [
    ["id", "text", (r) => r.record.id],
    ["lineage_id", "text", (r) => r.record.lineageId],
    ["version", "int", (r) => r.record.version],
    ["user_id", "text", (r) => r.record.scope.userId],
    ["agent_id", "text", (r) => r.record.scope.agentId ?? null],
    ["session_id", "text", (r) => r.record.scope.sessionId ?? null],
    ["namespace", "text", (r) => r.record.scope.namespace ?? null],
    ["kind", "text", (r) => r.record.kind],
    ["content", "text", (r) => r.record.content],
    ["metadata", "text::jsonb", (r) => JSON.stringify(r.record.metadata)],
    ["importance", "float8", (r) => r.record.importance],
    ["valid_from_ms", "float8", (r) => r.validFromMs],
    ["valid_to_ms", "float8", (r) => msOrNull(r.record.validTo)],
    ["created_at_ms", "float8", (r) => r.createdAtMs],
    ["status", "text", (r) => r.record.status],
    ["supersedes", "text", (r) => r.record.supersedes],
    ["superseded_by", "text", (r) => r.record.supersededBy],
    ["forgotten_at_ms", "float8", (r) => msOrNull(r.record.forgottenAt)],
    ["forget_reason", "text", (r) => r.record.forgetReason],
    ["source", "text::jsonb", (r) => jsonOrNull(r.record.source)],
    [e.name, `text${e.cast}`, (r) => embeddingLiteral(r.embedding, e)],
    ["token_count", "int", (r) => r.tokenCount],
    ["access_count", "int", (r) => r.record.accessCount],
    ["last_accessed_ms", "float8", (r) => msOrNull(r.record.lastAccessedAt)],
  ];
  const { sql, params } = insertSelectSql("aif_memories", columns, rows, "seq, id");
  // Each memory's seq as one text ("id seq id seq ..."): PGlite decodes every field of a result on its own,
  // and two fields per memory cost more than the whole text.
  // The parameters travel as text (driver-side conversion by type and UTF-8 length counting of a batch's
  // contents cost about a tenth of ingest on PGlite).
  const inserted = await queryAsText(
    tx,
    `WITH inserted AS (${sql}) SELECT string_agg(id || ' ' || seq, ' ') AS pairs FROM inserted`,
    params,
  );
  const pairs = (inserted[0]?.[0] ?? "").split(" ");
  const seqOf = new Map<string, number>();
  for (let i = 0; i + 1 < pairs.length; i += 2) seqOf.set(pairs[i] as string, Number(pairs[i + 1]));
  const perUser = new Map<string, IndexedMemory[]>();
  for (const r of rows) {
    const userId = r.record.scope.userId;
    let list = perUser.get(userId);
    if (list === undefined) {
      list = [];
      perUser.set(userId, list);
    }
    list.push({ seq: seqOf.get(r.record.id) as number, terms: r.terms, tokenCount: r.tokenCount });
  }
  await writeSegments(tx, perUser);
  await mergeSegments(tx, usersToCheck([...perUser.keys()]), null);
  await adjustStatistics(tx, rows, +1);
}

/**
 * Keeps per-user statistics (document count, total length, and how many memories carry an embedding) in step
 * with writes. Document frequencies need no table: they are counted from the postings a search reads.
 */
async function adjustStatistics(
  tx: SqlExecutor,
  rows: ReadonlyArray<{ userId: string; tokenCount: number; embedded: boolean }> | readonly PreparedRow[],
  sign: 1 | -1,
): Promise<void> {
  const perUser = new Map<string, { docs: number; tokens: number; embedded: number }>();
  for (const row of rows) {
    const userId = "record" in row ? row.record.scope.userId : row.userId;
    const u = perUser.get(userId) ?? { docs: 0, tokens: 0, embedded: 0 };
    u.docs++;
    u.tokens += row.tokenCount;
    if ("record" in row ? row.embedding !== null : row.embedded) u.embedded++;
    perUser.set(userId, u);
  }
  const userIds = [...perUser.keys()];
  await tx.query(
    `INSERT INTO aif_memory_corpus (user_id, doc_count, total_tokens, embedded_count)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[])
     ON CONFLICT (user_id) DO UPDATE SET doc_count = aif_memory_corpus.doc_count + EXCLUDED.doc_count,
       total_tokens = aif_memory_corpus.total_tokens + EXCLUDED.total_tokens,
       embedded_count = aif_memory_corpus.embedded_count + EXCLUDED.embedded_count`,
    [
      userIds,
      userIds.map((u) => sign * (perUser.get(u)?.docs ?? 0)),
      userIds.map((u) => sign * (perUser.get(u)?.tokens ?? 0)),
      userIds.map((u) => sign * (perUser.get(u)?.embedded ?? 0)),
    ],
  );
}

/** What a typed array costs besides its elements (object, buffer and backing-store bookkeeping), roughly. */
const TYPED_ARRAY_OVERHEAD_BYTES = 128;

/** One segment row's postings text, and the postings of the terms read from it so far. */
class SegmentText {
  private readonly decoded = new Map<string, ScoredPostings>();
  /** Bytes held: the text, and per decoded term 16 per posting (a float64 and two int32) and its arrays. */
  bytes: number;
  /** When it was last read (a count of the cache's uses), for eviction. */
  lastUsed = 0;

  constructor(
    readonly text: string,
    private readonly onGrow: (bytes: number) => void = () => {},
  ) {
    this.bytes = text.length;
  }

  /** The postings of `term` in this row (decoded once, then kept with the row). */
  postings(term: string): ScoredPostings {
    let found = this.decoded.get(term);
    if (found === undefined) {
      const read = termPostings([this.text], term);
      // Typed arrays: the garbage collector does not walk them.
      found = {
        seqs: Float64Array.from(read.seqs),
        tfs: Int32Array.from(read.tfs),
        lengths: Int32Array.from(read.lengths),
      };
      this.decoded.set(term, found);
      const grown = 16 * found.seqs.length + 3 * TYPED_ARRAY_OVERHEAD_BYTES + 2 * term.length;
      this.bytes += grown;
      this.onGrow(grown);
    }
    return found;
  }
}

/**
 * Postings of segment rows, by user and row identity (`bucket:level:segment:xmin`), least recently used first
 * out: each row's text and the terms decoded from it. A segment row is never updated (merges and purges delete
 * rows and insert new ones, whose `xmin` differs), so a held row stays right for as long as a row of that
 * identity exists, whichever process wrote it.
 */
class SegmentTextCache {
  /** Per user: the rows held, by identity, and the identities held per bucket. */
  private readonly users = new Map<string, { rows: Map<string, SegmentText>; byBucket: Map<number, Set<string>> }>();
  private bytes = 0;
  private uses = 0;

  constructor(private readonly limitBytes: number) {}

  /** The identities and rows held for these buckets of a user (captured: a concurrent search may evict). */
  held(userId: string, buckets: readonly number[]): Map<string, SegmentText> {
    const out = new Map<string, SegmentText>();
    const user = this.users.get(userId);
    if (user === undefined) return out;
    for (const bucket of buckets) {
      const identities = user.byBucket.get(bucket);
      if (identities === undefined) continue;
      for (const identity of identities) {
        const row = user.rows.get(identity);
        if (row !== undefined) out.set(identity, row);
      }
    }
    return out;
  }

  /**
   * The rows of a search's buckets from the database's answer (held rows filled in), by bucket; remembers the
   * new rows and forgets held ones that are gone.
   */
  receive(userId: string, held: ReadonlyMap<string, SegmentText>, answer: string | null): Map<number, SegmentText[]> {
    const rowsOf = new Map<number, SegmentText[]>();
    const seen = new Set<string>();
    let at = 0;
    while (answer !== null && at < answer.length) {
      let next = answer.indexOf("\u001e", at);
      if (next === -1) next = answer.length;
      const cut = answer.indexOf("\u001f", at);
      const identity = answer.slice(at, cut);
      // An empty text means "held": postings are never empty.
      const row =
        cut === next - 1
          ? (held.get(identity) as SegmentText)
          : this.remember(userId, identity, answer.slice(cut + 1, next));
      seen.add(identity);
      const bucket = bucketOfIdentity(identity);
      const list = rowsOf.get(bucket);
      if (list === undefined) rowsOf.set(bucket, [row]);
      else list.push(row);
      at = next + 1;
    }
    // Use counts rather than reordering the map on every hit: reinserting entries churned the map's table.
    this.uses++;
    for (const [identity, row] of held) {
      if (seen.has(identity)) row.lastUsed = this.uses;
      else this.forget(userId, identity);
    }
    return rowsOf;
  }

  private remember(userId: string, identity: string, text: string): SegmentText {
    if (this.limitBytes === 0 || text.length > this.limitBytes) return new SegmentText(text);
    let user = this.users.get(userId);
    if (user === undefined) {
      user = { rows: new Map(), byBucket: new Map() };
      this.users.set(userId, user);
    }
    const existing = user.rows.get(identity);
    if (existing !== undefined) return existing;
    const rows = user.rows;
    const row: SegmentText = new SegmentText(text, (grown) => {
      // A row evicted while a search still reads it no longer counts.
      if (rows.get(identity) !== row || this.users.get(userId)?.rows !== rows) return;
      this.bytes += grown;
      this.evict(row);
    });
    row.lastUsed = this.uses;
    rows.set(identity, row);
    this.bytes += row.bytes;
    const bucket = bucketOfIdentity(identity);
    let set = user.byBucket.get(bucket);
    if (set === undefined) {
      set = new Set();
      user.byBucket.set(bucket, set);
    }
    set.add(identity);
    this.evict(row);
    return row;
  }

  /**
   * Past the limit, forgets the least recently used rows (never `keep`, in use) down to 90% of it, so that
   * eviction (a sort of every row) runs once per tenth of the cache rather than once per row.
   */
  private evict(keep: SegmentText): void {
    if (this.bytes <= this.limitBytes) return;
    const byAge: Array<[string, string, SegmentText]> = [];
    for (const [userId, user] of this.users)
      for (const [identity, row] of user.rows) byAge.push([userId, identity, row]);
    byAge.sort((x, y) => x[2].lastUsed - y[2].lastUsed);
    for (const [userId, identity, row] of byAge) {
      if (this.bytes <= 0.9 * this.limitBytes) return;
      if (row !== keep) this.forget(userId, identity);
    }
  }

  private forget(userId: string, identity: string): void {
    const user = this.users.get(userId);
    const row = user?.rows.get(identity);
    if (user === undefined || row === undefined) return;
    user.rows.delete(identity);
    this.bytes -= row.bytes;
    const bucket = bucketOfIdentity(identity);
    const set = user.byBucket.get(bucket);
    set?.delete(identity);
    if (set?.size === 0) user.byBucket.delete(bucket);
    if (user.rows.size === 0) this.users.delete(userId);
  }
}

/** The bucket of a segment row's identity (`bucket:level:segment:xmin`). */
function bucketOfIdentity(identity: string): number {
  let bucket = 0;
  for (let i = 0; i < identity.length; i++) {
    const c = identity.charCodeAt(i);
    if (c === 58 /* : */) break;
    bucket = bucket * 10 + (c - 48);
  }
  return bucket;
}

/** The tables every write touches. */
const WRITTEN_TABLES = ["aif_memories", "aif_memory_segments", "aif_memory_corpus"];

/**
 * Makes the written tables unlogged, for a database that lives only as long as its client (`client.ephemeral`):
 * their writes then skip the write-ahead log, a fifth to a quarter of ingest on PGlite. Rewrites a table that
 * holds rows; a table that is unlogged already is left alone.
 */
async function makeUnlogged(client: SqlClient): Promise<void> {
  const { rows } = await client.query<{ relname: string }>(
    "SELECT relname FROM pg_class WHERE relname = ANY($1::text[]) AND relkind = 'r' AND relpersistence = 'p' AND pg_table_is_visible(oid)",
    [WRITTEN_TABLES],
  );
  for (const { relname } of rows) await client.query(`ALTER TABLE ${relname} SET UNLOGGED`);
}

/** Once per process: the default warning for the in-process vector fallback. */
let fallbackWarned = false;
function warnOncePerProcess(message: string): void {
  if (fallbackWarned) return;
  fallbackWarned = true;
  const processLike = (globalThis as { process?: { emitWarning?: (m: string, o: { code: string }) => void } }).process;
  processLike?.emitWarning?.(message, { code: "AIF_MEMORY_VECTOR_FALLBACK" });
}

/**
 * Bound on the error of a single-precision inner product of two unit vectors of `dims` elements summed in
 * order: about `dims` units in the last place (u = 2^-24; Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., section 3.1, with |a|·|b| <= 1).
 */
const nearTieBound = (dims: number): number => (dims + 1) * 2 ** -24;

/** Extra rows fetched past the candidate count, so a near-tie at the cut can be settled. */
const NEAR_TIE_MARGIN = 16;

/**
 * Creates a `MemoryStoreV1` over any SQL client (PGlite or a PostgreSQL server), applying the schema
 * migrations first. Full-text retrieval ranks by BM25 over term postings kept in per-batch segments
 * (migration 6), written in the same transactions as the memories: a search reads the query terms' segments in
 * one statement, scores every posting exactly in JavaScript, and reads eligibility and the winners' rows in a
 * second (a third only when too few of the best candidates are eligible). Vector retrieval, where
 * pgvector can be enabled (always on PGlite, which this package loads it into), ranks by inner product on
 * unit vectors (cosine similarity) in SQL, exactly for small users and through a partial HNSW index per
 * embedding length for users with at least `vectorIndexMinRows` memories (pgvector 0.8 iterative index
 * scans, so filters never starve the result; a short result is re-run exactly). Without pgvector it reads the
 * user's eligible embeddings and ranks them in JavaScript, warning once. Both paths apply the same scope,
 * filters, validity and `asOf` conditions as the lexical path. Cognitive re-ranking and RRF fusion are the
 * shared `rankCandidates` of `@aifactory/memory`, so scores match the in-memory store.
 *
 * @param client - an open SQL client
 * @param options - embedder, access-log length, clock, pgvector use and index
 * @returns a store; `close()` closes the client; `vectorSearch` says which vector path runs
 * @throws AifError `INVALID_CONFIGURATION` when the database keeps embeddings in a pgvector column and the
 *   extension cannot run (a PGlite directory opened with `usePgvector: false`)
 * @throws InvalidInputError for a malformed option
 * @example
 * ```ts
 * import { createSqlMemoryStore, openPgliteClient } from "@aifactory/memory-postgres";
 * const store = await createSqlMemoryStore(await openPgliteClient());
 * await store.add({ scope: { userId: "alice" }, content: "Alice is vegetarian" });
 * store.vectorSearch.backend; // "pgvector"
 * await store.close();
 * ```
 * @since 0.1.0
 * @category Store
 */
export async function createSqlMemoryStore(
  client: SqlClient,
  options: SqlMemoryStoreOptions = {},
): Promise<SqlMemoryStore> {
  const settings = parseInput(
    storeOptionsSchema,
    {
      vectorIndex: options.vectorIndex,
      vectorIndexMinRows: options.vectorIndexMinRows,
      hnswEfSearch: options.hnswEfSearch,
      accessLogLimit: options.accessLogLimit,
      postingsCacheMiB: options.postingsCacheMiB,
    },
    "SQL memory store options",
  );
  const usePgvector = options.usePgvector ?? true;
  const info = await setUpVectorSearch(client, { usePgvector, vectorIndex: settings.vectorIndex });
  const e = info.storage === "vector" ? VECTOR_COLUMN : REAL_ARRAY_COLUMN;
  if (client.ephemeral) await makeUnlogged(client);
  const COLUMNS = columnsSql(e);
  const embedder = options.embedder;
  const accessLogLimit = settings.accessLogLimit;
  const clock = options.clock ?? Date.now;

  // Embedding lengths recorded in aif_memory_vector_dims, and those with an HNSW index. The index of a length
  // is built only once some user holds vectorIndexMinRows memories (below that every search is exact, and
  // maintaining a graph nobody reads would only slow ingestion: about 120-250 inserts/s on PGlite here against
  // thousands without it). It is built in bulk, in the write that crosses the threshold, or at open when an
  // earlier store (vectorIndex "none", or an older version) left it missing.
  const knownDims = new Set<number>();
  const indexedDims = new Set<number>();
  const buildIndexes = async (tx: SqlExecutor, lengths: readonly number[], userIds?: readonly string[]) => {
    const wanted = lengths.filter((d) => d <= HNSW_MAX_DIMENSIONS && !indexedDims.has(d));
    if (info.index !== "hnsw" || wanted.length === 0) return [];
    const { rows } = await tx.query<{ n: string | number }>(
      userIds === undefined
        ? "SELECT COALESCE(max(doc_count), 0) AS n FROM aif_memory_corpus"
        : "SELECT COALESCE(max(doc_count), 0) AS n FROM aif_memory_corpus WHERE user_id = ANY($1::text[])",
      userIds === undefined ? [] : [userIds],
    );
    if (Number(rows[0]?.n ?? 0) < settings.vectorIndexMinRows) return [];
    // Two stores on one server crossing the threshold at once would race to create the same index.
    if (client.backend === "postgres") await tx.query("SELECT pg_advisory_xact_lock($1)", [727_002]);
    for (const d of wanted) await createHnswIndex(tx, d);
    return wanted;
  };
  if (info.storage === "vector") {
    const { rows } = await client.query<{ dims: number; indexed: boolean }>(
      "SELECT dims, to_regclass('aif_memories_embedding_hnsw_' || dims) IS NOT NULL AS indexed FROM aif_memory_vector_dims",
    );
    for (const row of rows) {
      knownDims.add(Number(row.dims));
      if (row.indexed) indexedDims.add(Number(row.dims));
    }
    const built = await client.transaction((tx) => buildIndexes(tx, [...knownDims]));
    for (const d of built) indexedDims.add(d);
  }
  const hasIndex = async (dims: number): Promise<boolean> => {
    if (indexedDims.has(dims)) return true;
    const { rows } = await client.query<{ indexed: boolean }>("SELECT to_regclass($1) IS NOT NULL AS indexed", [
      hnswIndexName(dims),
    ]);
    if (rows[0]?.indexed) indexedDims.add(dims);
    return indexedDims.has(dims);
  };

  /**
   * Inserts rows and, in the same transaction, records embedding lengths not seen before and builds the HNSW
   * index of a length once a writing user crosses the threshold (after the insert, so existing rows are
   * indexed in one bulk build). Returns what the caller records once the transaction has committed.
   */
  const writesSinceCheck = new Map<string, number>();
  const usersToCheck = (users: readonly string[]) =>
    users.filter((user) => {
      const writes = (writesSinceCheck.get(user) ?? 0) + 1;
      writesSinceCheck.set(user, writes % MERGE_CHECK_EVERY);
      return writes >= MERGE_CHECK_EVERY;
    });
  const writeRows = async (
    tx: SqlExecutor,
    rows: readonly PreparedRow[],
  ): Promise<{ fresh: number[]; built: number[] }> => {
    await insertRows(tx, rows, e, usersToCheck);
    if (info.storage !== "vector") return { fresh: [], built: [] };
    const lengths = [...new Set(rows.flatMap((r) => (r.embedding ? [r.embedding.length] : [])))];
    const fresh = lengths.filter((d) => !knownDims.has(d));
    if (fresh.length > 0) {
      await tx.query("INSERT INTO aif_memory_vector_dims (dims) SELECT unnest($1::int[]) ON CONFLICT DO NOTHING", [
        fresh,
      ]);
    }
    const users = [...new Set(rows.map((r) => r.record.scope.userId))];
    return { fresh, built: await buildIndexes(tx, lengths, users) };
  };
  const remember = (written: { fresh: readonly number[]; built: readonly number[] }) => {
    for (const d of written.fresh) knownDims.add(d);
    for (const d of written.built) indexedDims.add(d);
  };

  let warned = false;
  const warnFallback = () => {
    if (warned || !usePgvector) return;
    warned = true;
    (options.onWarning ?? warnOncePerProcess)(
      `@aifactory/memory-postgres: vector search runs in-process because pgvector is unavailable (${info.reason}); ` +
        "each vector search reads every eligible embedding of the user (about 4 bytes per dimension per memory) " +
        "and ranks them in JavaScript. Install pgvector on the server for native, indexed vector search.",
    );
  };

  // Dead rows and planner statistics: PGlite runs no autovacuum. Merges delete segment rows, so the segments
  // are vacuumed whenever the store has grown by a fifth (a small table: a few rows per bucket). Statistics
  // are refreshed whenever the store has doubled, for the memories only on the columns that searches and
  // listings filter on (sampling the text columns cost more than the inserts themselves).
  let rowsAtLastVacuum = 0;
  let rowsSinceVacuum = 0;
  let rowsAtLastAnalyze = 0;
  const analyzeIfGrown = async (inserted: number) => {
    rowsSinceVacuum += inserted;
    if (rowsSinceVacuum < Math.max(500, rowsAtLastVacuum / 5)) return;
    rowsAtLastVacuum += rowsSinceVacuum;
    rowsSinceVacuum = 0;
    const analyze = rowsAtLastVacuum >= Math.max(500, 2 * rowsAtLastAnalyze);
    try {
      await client.query(analyze ? "VACUUM (ANALYZE) aif_memory_segments" : "VACUUM aif_memory_segments");
      if (analyze) {
        await client.query(
          "ANALYZE aif_memories (seq, id, user_id, agent_id, session_id, namespace, status, kind, lineage_id, valid_to_ms)",
        );
      }
    } catch {
      // Not the table's owner: leave statistics to autovacuum.
    }
    if (analyze) rowsAtLastAnalyze = rowsAtLastVacuum;
  };
  let lastMs = 0;
  const iso = new IsoMillisFormatter();
  const nowIso = () => {
    lastMs = Math.trunc(Math.max(clock(), lastMs + 1));
    return iso.format(lastMs);
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

  const fetchOne = async (db: SqlExecutor, scope: MemoryScope, id: string, lock = false): Promise<MemoryRow> => {
    const p = new Params();
    const sql = `SELECT ${COLUMNS}, ${e.asArray} AS embedding, token_count FROM aif_memories WHERE id = ${p.add(id)} AND ${scopeSql(scope, p)}${lock ? " FOR UPDATE" : ""}`;
    const { rows } = await db.query<MemoryRow>(sql, p.values);
    const row = rows[0];
    if (!row) throw notFound(id);
    return row;
  };

  /**
   * The user's eligible memories nearest to the unit vector `q`, best first (ties: older first, as the
   * in-memory store), at most `capacity`, with their cosine similarity.
   */
  const vectorNeighbours = async (
    query: { scope: MemoryScope; filters: MemoryFilters },
    q: Float32Array,
    capacity: number,
    nowMs: number,
    asOfMs: number | undefined,
    userRows: number,
  ): Promise<Array<{ row: MemoryRow; cosine: number }>> => {
    const dims = q.length;
    const where = (p: Params, dimsSql: string) =>
      `${scopeSql(query.scope, p)} AND ${e.name} IS NOT NULL AND ${e.dims} = ${dimsSql}
       AND ${eligibleSql(nowMs, asOfMs, p)} AND ${filtersSql(query.filters, p)}`;
    const fetchLimit = capacity + NEAR_TIE_MARGIN;
    // pgvector sums products in single precision, the in-memory store in double. Rows whose single-precision
    // scores lie within twice the summation error bound of a neighbour may be in the wrong order, so their
    // inner products are recomputed in double (as the in-memory store does) and re-sorted; usually a few rows.
    const fromDistance = async (rows: MemoryRow[]) => {
      const ranked = rows.map((row) => ({ row, cosine: -Number(row.distance), seq: Number(row.seq) }));
      const slack = 2 * nearTieBound(dims);
      const tied = new Set<number>();
      for (let i = 1; i < ranked.length; i++) {
        if ((ranked[i - 1]?.cosine as number) - (ranked[i]?.cosine as number) <= slack) tied.add(i - 1).add(i);
      }
      if (tied.size > 0) {
        const ids = [...tied].map((i) => ranked[i]?.row.id as string);
        const { rows: exact } = await client.query<{ id: string; embedding: number[] }>(
          `SELECT id, ${e.asArray} AS embedding FROM aif_memories WHERE id = ANY($1::text[])`,
          [ids],
        );
        const cosineOf = new Map(exact.map((r) => [r.id, dotProduct(Float32Array.from(r.embedding), q)]));
        for (const i of tied) {
          const entry = ranked[i] as (typeof ranked)[number];
          entry.cosine = cosineOf.get(entry.row.id) ?? entry.cosine;
        }
        ranked.sort((a, b) => b.cosine - a.cosine || a.seq - b.seq);
      }
      return ranked.slice(0, capacity);
    };

    if (info.backend === "pgvector") {
      const literal = `[${float32Text(q)}]`;
      const useIndex =
        info.index === "hnsw" &&
        dims <= HNSW_MAX_DIMENSIONS &&
        userRows >= settings.vectorIndexMinRows &&
        q.some((x) => x !== 0) &&
        (await hasIndex(dims));
      if (useIndex) {
        // Order by the indexed expression so the planner can use the partial HNSW index of this length; the
        // dims are an integer we computed (type modifiers cannot be parameters). Iterative scans keep reading
        // the graph until enough rows pass the scope and filters; relaxed order is re-sorted outside.
        const indexed = hnswIndexedExpression(dims);
        const rows = await client.transaction(async (tx) => {
          await tx.query(
            "SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)",
            [String(settings.hnswEfSearch)],
          );
          const p = new Params();
          const qv = `${p.add(literal)}::vector(${dims})`;
          const sql = `WITH nearest AS MATERIALIZED (
              SELECT ${COLUMNS}, seq, ${indexed} <#> ${qv} AS distance FROM aif_memories
              WHERE ${where(p, String(dims))}
              ORDER BY ${indexed} <#> ${qv} LIMIT ${p.add(fetchLimit)})
            SELECT * FROM nearest ORDER BY distance, seq`;
          return (await tx.query<MemoryRow>(sql, p.values)).rows;
        });
        // A full result is the index's answer; a short one may mean the scan gave up (hnsw.max_scan_tuples)
        // before finding every eligible row, so it is redone exactly.
        if (rows.length >= fetchLimit) return fromDistance(rows);
      }
      const p = new Params();
      const sql = `SELECT ${COLUMNS}, seq, ${e.name} <#> ${p.add(literal)}::vector AS distance FROM aif_memories
        WHERE ${where(p, p.add(dims))} ORDER BY distance, seq LIMIT ${p.add(fetchLimit)}`;
      return fromDistance((await client.query<MemoryRow>(sql, p.values)).rows);
    }

    // In-process: read the eligible embeddings (ids and vectors only), rank in JS, then fetch the winners.
    warnFallback();
    const p = new Params();
    const { rows: scanned } = await client.query<{ id: string; seq: string | number; embedding: number[] }>(
      `SELECT id, seq, ${e.asArray} AS embedding FROM aif_memories WHERE ${where(p, p.add(dims))}`,
      p.values,
    );
    const top = scanned
      // Postgres prints the shortest decimal that identifies each float4; Float32Array restores the stored value.
      .map((r) => ({ id: r.id, seq: Number(r.seq), cosine: dotProduct(Float32Array.from(r.embedding), q) }))
      .sort((a, b) => b.cosine - a.cosine || a.seq - b.seq)
      .slice(0, capacity);
    if (top.length === 0) return [];
    const { rows } = await client.query<MemoryRow>(`SELECT ${COLUMNS} FROM aif_memories WHERE id = ANY($1::text[])`, [
      top.map((t) => t.id),
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return top.flatMap((t) => {
      const row = byId.get(t.id);
      return row ? [{ row, cosine: t.cosine }] : [];
    });
  };

  const scratch: ScoreScratch = { scores: new Float64Array(0) };
  const postingsCache = new SegmentTextCache(settings.postingsCacheMiB * 2 ** 20);
  // Each user's corpus row as the last search read it (bounded: forgotten wholesale past 4,096 users).
  const lastCorpus = new Map<string, CorpusFigures>();
  const rememberCorpus = (userId: string, figures: CorpusFigures) => {
    if (lastCorpus.size >= 4096 && !lastCorpus.has(userId)) lastCorpus.clear();
    lastCorpus.set(userId, figures);
  };

  /**
   * The eligible memories among BM25 candidates, best first, at most `capacity`, with their rows. The best
   * `capacity * 2 + 16` are checked first (other agents' memories, superseded or forgotten ones and filters
   * remove some), in one statement that returns whole rows only for the first `capacity` eligible ones (rows
   * cost more to read and parse than the check); when too few of them are eligible, every remaining candidate
   * is checked.
   */
  const eligibleBest = async (
    query: { scope: MemoryScope; filters: MemoryFilters },
    scored: ScoredSet,
    capacity: number,
    nowMs: number,
    asOfMs: number | undefined,
    prefetched?: { best: ScoredSeq[]; rows: string | null },
  ): Promise<Array<MemoryRow & { score: number }>> => {
    if (scored.count === 0 || capacity < 1) return [];
    const eligible = (p: Params) =>
      `${scopeSql(query.scope, p)} AND ${eligibleSql(nowMs, asOfMs, p)} AND ${filtersSql(query.filters, p)}`;
    // Candidates in rank order; the rows of the first `limit` eligible ones.
    // Without filters, the statement of migration 8's function, planned once per connection.
    const plain = filtersSql(query.filters, new Params()) === "true";
    const rowsOf = async (candidates: readonly ScoredSeq[], limit: number) => {
      // The rows as one JSON text: PGlite decodes (and parses by type) every field of a result on its own,
      // which cost more than the query; JSON.parse reads them all at once. JSON keeps every value: float8
      // prints the shortest text that reads back the same double, jsonb and arrays nest.
      let text: string | null | undefined;
      if (plain) {
        const [row] = await queryTexts(client, e.name === "embedding" ? SEARCH_ROWS : SEARCH_ROWS_VEC, [
          intArrayLiteral(candidates.map((c) => c.seq)),
          query.scope.userId,
          query.scope.agentId ?? null,
          query.scope.sessionId ?? null,
          query.scope.namespace ?? null,
          String(nowMs),
          asOfMs === undefined ? null : String(asOfMs),
          String(limit),
        ]);
        text = row?.[0];
      } else {
        const p = new Params();
        const seqs = p.add(candidates.map((c) => c.seq));
        const { rows: found } = await client.query<{ rows: string | null }>(
          `SELECT json_agg(t ORDER BY t.candidate_rank)::text AS rows FROM (
             SELECT ${COLUMNS}, seq, c.candidate_rank FROM unnest(${seqs}::bigint[]) WITH ORDINALITY AS c(candidate_seq, candidate_rank)
             JOIN aif_memories ON aif_memories.seq = c.candidate_seq
             WHERE ${eligible(p)} ORDER BY c.candidate_rank LIMIT ${p.add(limit)}) t`,
          p.values,
        );
        text = found[0]?.rows;
      }
      return withScores(candidates, text);
    };
    // The rows (JSON text) of ranked candidates, each given its candidate's score.
    const withScores = (candidates: readonly ScoredSeq[], text: string | null | undefined) => {
      const rows = JSON.parse(text ?? "[]") as Array<MemoryRow & { seq: number }>;
      // Rank order on both sides: the scores are matched with one pointer (the rows are fresh objects).
      let c = 0;
      const scored = rows as Array<MemoryRow & { seq: number; score: number }>;
      for (const row of scored) {
        const seq = Number(row.seq);
        while (c < candidates.length && (candidates[c] as ScoredSeq).seq !== seq) c++;
        // Out of order (never, by construction): search from the start.
        if (c === candidates.length) c = candidates.findIndex((x) => x.seq === seq);
        row.score = (candidates[c] as ScoredSeq).score;
      }
      return scored;
    };
    const best = prefetched?.best ?? bestOfSet(scored, capacity * 2 + 16);
    const out = prefetched === undefined ? await rowsOf(best, capacity) : withScores(best, prefetched.rows);
    if (out.length >= capacity || best.length === scored.count) return out;
    // Too few eligible among the best: which of the others are eligible, then the rows of the best of those.
    const checked = new Set(best.map((c) => c.seq));
    const rest: ScoredSeq[] = [];
    for (let i = 0; i < scored.count; i++) {
      const seq = scored.seqs[i] as number;
      if (!checked.has(seq)) rest.push({ seq, score: scored.scores[i] as number });
    }
    const p = new Params();
    const seqs = p.add(rest.map((c) => c.seq));
    const { rows: passing } = await client.query<{ seq: string | number }>(
      `SELECT seq FROM aif_memories WHERE seq = ANY(${seqs}::bigint[]) AND ${eligible(p)}`,
      p.values,
    );
    const ok = new Set(passing.map((r) => Number(r.seq)));
    const more = rest
      .filter((c) => ok.has(c.seq))
      .sort(byRank)
      .slice(0, capacity - out.length);
    return more.length === 0 ? out : [...out, ...(await rowsOf(more, more.length))];
  };

  const store: SqlMemoryStore = {
    specificationVersion: "v1",
    storeId: client.backend,
    capabilities: { vectorSearch: info.backend === "pgvector" ? "native" : "scan", persistent: true },
    vectorSearch: info,

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
      // One clock read per batch: the records take consecutive milliseconds from there, strictly increasing as
      // one read per record would give them (as the in-memory store does).
      const batchStartMs = Math.trunc(Math.max(clock(), lastMs + 1));
      lastMs = batchStartMs + parsed.length - 1;
      const rows = parsed.map((input, i) => {
        const embedding = embeddings?.[i] ?? null;
        const createdAtMs = batchStartMs + i;
        const record = buildMemoryRecord(input, iso.format(createdAtMs), embedding?.length ?? null);
        return prepare(record, embedding, createdAtMs);
      });
      remember(await client.transaction((tx) => writeRows(tx, rows)));
      await analyzeIfGrown(rows.length);
      return rows.map((r) => r.record);
    },

    async search(input) {
      const query = parseInput(searchMemoryInputSchema, input, "memory search");
      const nowMs = query.now === undefined ? clock() : Date.parse(query.now);
      const asOfMs = query.asOf === undefined ? undefined : Date.parse(query.asOf);
      const scoring = query.scoring;
      const terms = query.text === undefined ? [] : [...new Set(tokenize(query.text))].slice(0, 64);
      const lexical = scoring.lexical.enabled && terms.length > 0;
      const wantsVector = scoring.vector.enabled && (query.embedding !== undefined || embedder !== undefined);

      const baseReranks =
        scoring.activation.enabled ||
        scoring.decay.enabled ||
        scoring.importance.enabled ||
        scoring.generativeAgents.enabled;
      // The user's corpus row (document count, total length, memories with an embedding) and, for BM25, the
      // segment rows of the query terms' buckets, in one round trip and one row. Each segment row travels as
      // "identity \u001f postings" (rows separated by \u001e; PGlite decodes every field of a result on its own,
      // and a field per row cost more than the text), its postings left out when the store holds them already.
      const buckets = lexical ? [...new Set(terms.map(termBucket))] : [];
      const held = postingsCache.held(query.scope.userId, buckets);
      // As the in-memory store: without a re-ranking component or a second retriever the final order is the
      // BM25 order, so only the top k rows need to travel.
      const capacityFor = (hasEmbeddings: boolean) =>
        baseReranks || (wantsVector && hasEmbeddings) ? Math.max(query.k, scoring.candidateCount) : query.k;
      const scoreTexts = (textsOf: ReadonlyMap<number, readonly SegmentText[]>, n: number, totalTokens: number) => {
        const lists: ScoredPostings[] = [];
        for (const term of terms) {
          const parts = (textsOf.get(termBucket(term)) ?? [])
            .map((segment) => segment.postings(term))
            .filter((part) => part.seqs.length > 0);
          let documentFrequency = 0;
          for (const part of parts) documentFrequency += part.seqs.length;
          for (const part of parts) {
            lists.push({ seqs: part.seqs, tfs: part.tfs, lengths: part.lengths, documentFrequency });
          }
        }
        return scoreInto(
          lists,
          {
            documentCount: n,
            averageLength: totalTokens / Math.max(1, n) || 1,
            k1: scoring.lexical.k1,
            b: scoring.lexical.b,
          },
          scratch,
        );
      };
      // A user searched before, every bucket's rows held, no filters: score from the held rows and the user's
      // last corpus figures now, and fetch the best candidates' rows in the same statement as the postings. The
      // answer says whether that guess stands: the same corpus figures and exactly the held rows (none new, none
      // gone) mean the same scores, and both functions read one snapshot. Otherwise the rows are scored and
      // fetched again. One round trip per search instead of two while nothing is written in between.
      const known = lastCorpus.get(query.scope.userId);
      const plainFilters = filtersSql(query.filters, new Params()) === "true";
      let guess: { scored: ScoredSet; best: ScoredSeq[]; capacity: number; known: CorpusFigures } | undefined;
      if (lexical && plainFilters && known !== undefined && held.size > 0) {
        const capacity = capacityFor(known.embeddedCount > 0);
        const scored = scoreTexts(heldByBucket(held), known.docCount, known.totalTokens);
        // This search owns the scored set while it waits for the database (see below).
        scratch.result = undefined;
        guess = { scored, best: bestOfSet(scored, capacity * 2 + 16), capacity, known };
      }
      const statsRow = (
        guess === undefined
          ? await queryTexts(client, SEARCH_POSTINGS, [
              query.scope.userId,
              intArrayLiteral(buckets),
              textArrayLiteral(held.keys()),
            ])
          : await queryTexts(client, e.name === "embedding" ? SEARCH_POSTINGS_ROWS : SEARCH_POSTINGS_ROWS_VEC, [
              query.scope.userId,
              intArrayLiteral(buckets),
              textArrayLiteral(held.keys()),
              intArrayLiteral(guess.best.map((c) => c.seq)),
              query.scope.agentId ?? null,
              query.scope.sessionId ?? null,
              query.scope.namespace ?? null,
              String(nowMs),
              asOfMs === undefined ? null : String(asOfMs),
              String(guess.capacity),
            ])
      )[0];
      // A user who never wrote has no corpus row: nothing to retrieve (the in-memory store has no shard).
      if (statsRow === undefined) {
        if (guess !== undefined) scratch.result ??= guess.scored;
        lastCorpus.delete(query.scope.userId);
        return { hits: [], candidateCount: 0, retrievers: [] };
      }
      const figures: CorpusFigures = {
        docCount: Number(statsRow[0] ?? 0),
        totalTokens: Number(statsRow[1] ?? 0),
        embeddedCount: Number(statsRow[2] ?? 0),
      };
      const answer = statsRow[3] ?? null;
      rememberCorpus(query.scope.userId, figures);
      const n = figures.docCount;
      const hasEmbeddings = figures.embeddedCount > 0;
      const capacity = capacityFor(hasEmbeddings);
      const candidates = new Map<string, ScoringCandidate>();
      const retrievers: Array<"bm25" | "vector"> = [];

      if (lexical) {
        retrievers.push("bm25");
        const stands =
          guess !== undefined &&
          figures.docCount === guess.known.docCount &&
          figures.totalTokens === guess.known.totalTokens &&
          hasEmbeddings === guess.known.embeddedCount > 0 &&
          answersExactlyHeld(answer, held);
        const textsOf = postingsCache.receive(query.scope.userId, held, answer);
        let scored: ScoredSet;
        if (stands && guess !== undefined) scored = guess.scored;
        else {
          if (guess !== undefined) scratch.result ??= guess.scored;
          scored = scoreTexts(textsOf, n, figures.totalTokens);
        }
        // This search owns the scored set while it waits for the database; a concurrent search scores into
        // buffers of its own, and the set goes back to the scratch afterwards.
        scratch.result = undefined;
        let rows: Awaited<ReturnType<typeof eligibleBest>>;
        try {
          rows = await eligibleBest(
            query,
            scored,
            capacity,
            nowMs,
            asOfMs,
            stands && guess !== undefined ? { best: guess.best, rows: statsRow[4] ?? null } : undefined,
          );
        } finally {
          scratch.result ??= scored;
        }
        rows.forEach((row, i) => {
          candidates.set(row.id, {
            record: rowToRecord(row),
            bm25: { raw: row.score, rank: i + 1 },
            accessTimesMs: (row.access_times_ms ?? []).map(Number),
          });
        });
      }

      let queryVector: Float32Array | null = null;
      if (scoring.vector.enabled && hasEmbeddings) {
        if (query.embedding) queryVector = normalizeVector(query.embedding);
        else if (embedder && query.text !== undefined && query.text.trim() !== "") {
          const [v] = await embedder.embed([query.text]);
          if (v) queryVector = normalizeVector(v);
        }
      }
      if (queryVector) {
        // As the in-memory store: the vector retriever counts as run whenever the user has embeddings, even if
        // none is eligible (it changes how relevance is normalised under RRF).
        retrievers.push("vector");
        const ranked = await vectorNeighbours(query, queryVector, capacity, nowMs, asOfMs, n);
        ranked.forEach(({ row, cosine }, i) => {
          const existing = candidates.get(row.id);
          const vector = { cosine, rank: i + 1 };
          if (existing) existing.vector = vector;
          else
            candidates.set(row.id, {
              record: rowToRecord(row),
              vector,
              accessTimesMs: (row.access_times_ms ?? []).map(Number),
            });
        });
      }
      const verified = [...candidates.values()].filter((c) => filtersMatch(c.record, query.filters));
      const hits = rankCandidates(verified, scoring, { referenceMs: asOfMs ?? nowMs, k: query.k, retrievers });
      if (query.recordAccess && hits.length > 0) {
        const ids = hits.map((h) => h.memory.id);
        // One statement, so one implicit transaction: every hit's log is updated or none is.
        await client.query(
          `UPDATE aif_memories SET access_count = access_count + 1, last_accessed_ms = $2,
             access_times_ms = (array_append(access_times_ms, $2::float8))[greatest(1, cardinality(access_times_ms) + 2 - $3::int):]
           WHERE id = ANY($1::text[])`,
          [ids, nowMs, accessLogLimit],
        );
        for (const hit of hits) {
          hit.memory = {
            ...hit.memory,
            accessCount: hit.memory.accessCount + 1,
            lastAccessedAt: new Date(nowMs).toISOString(),
          };
        }
      }
      return { hits, candidateCount: candidates.size, retrievers };
    },

    async get(input) {
      const ref = parseInput(memoryRefSchema, input, "memory reference");
      return rowToRecord(await fetchOne(client, ref.scope, ref.id));
    },

    async list(input) {
      const q = parseInput(listMemoryInputSchema, input, "memory list");
      const p = new Params();
      const kinds = q.kinds ? ` AND kind = ANY(${p.add(q.kinds)}::text[])` : "";
      const sql = `SELECT ${COLUMNS} FROM aif_memories WHERE ${scopeSql(q.scope, p)} AND status = ANY(${p.add(q.statuses)}::text[])${kinds}
        ORDER BY seq ASC LIMIT ${p.add(q.limit)} OFFSET ${p.add(q.offset)}`;
      const { rows } = await client.query<MemoryRow>(sql, p.values);
      return rows.map(rowToRecord);
    },

    async update(input) {
      const patch = parseInput(updateMemoryInputSchema, input, "memory update");
      const current = await fetchOne(client, patch.scope, patch.id);
      const [embedding] =
        patch.embedding !== undefined || patch.content !== undefined
          ? await embedAll([patch.content ?? current.content], [patch.embedding])
          : [current.embedding ? Float32Array.from(current.embedding) : null];
      const { next, written } = await client.transaction(async (tx) => {
        const locked = rowToRecord(await fetchOne(tx, patch.scope, patch.id, true));
        const versions = supersedeMemoryRecord(locked, patch, nowIso(), embedding?.length ?? null);
        const { previous } = versions;
        await tx.query(
          "UPDATE aif_memories SET status = 'superseded', superseded_by = $2, valid_to_ms = $3 WHERE id = $1",
          [previous.id, previous.supersededBy, previous.validTo === null ? null : Date.parse(previous.validTo)],
        );
        return { next: versions.next, written: await writeRows(tx, [prepare(versions.next, embedding ?? null)]) };
      });
      remember(written);
      return next;
    },

    async forget(input) {
      const q = parseInput(forgetMemoryInputSchema, input, "memory forget");
      return client.transaction(async (tx) => {
        const row = await fetchOne(tx, q.scope, q.id, true);
        if (row.status !== "active") {
          throw new ConflictError(`memory "${q.id}" is ${row.status}, not active`, {
            hint: "forget the latest version of the memory (see history)",
          });
        }
        const at = Date.parse(nowIso());
        await tx.query(
          "UPDATE aif_memories SET status = 'forgotten', forgotten_at_ms = $2, forget_reason = $3 WHERE id = $1",
          [q.id, at, q.reason],
        );
        return rowToRecord({ ...row, status: "forgotten", forgotten_at_ms: at, forget_reason: q.reason });
      });
    },

    async purge(input) {
      const q = parseInput(purgeMemoryInputSchema, input, "memory purge");
      return client.transaction(async (tx) => {
        const p = new Params();
        let where: string;
        if (q.id !== undefined) {
          const row = await fetchOne(tx, q.scope, q.id, true);
          where = `${lineageSql(p.add(row.lineage_id))} AND user_id = ${p.add(row.user_id)}`;
        } else where = scopeSql(q.scope, p);
        const { rows } = await tx.query<{
          user_id: string;
          seq: string | number;
          content: string;
          token_count: number;
          has_embedding: boolean;
        }>(
          `DELETE FROM aif_memories WHERE ${where}
           RETURNING user_id, seq, content, token_count, ${e.name} IS NOT NULL AS has_embedding`,
          p.values,
        );
        if (rows.length > 0) {
          await removePostings(
            tx,
            rows.map((r) => ({ userId: r.user_id, seq: Number(r.seq), content: r.content })),
          );
          await adjustStatistics(
            tx,
            rows.map((r) => ({
              userId: r.user_id,
              tokenCount: Number(r.token_count),
              embedded: r.has_embedding,
            })),
            -1,
          );
        }
        return { purgedCount: rows.length };
      });
    },

    async history(input) {
      const ref = parseInput(memoryRefSchema, input, "memory reference");
      const row = await fetchOne(client, ref.scope, ref.id);
      const { rows } = await client.query<MemoryRow>(
        `SELECT ${COLUMNS} FROM aif_memories WHERE ${lineageSql("$1")} AND user_id = $2 ORDER BY version ASC`,
        [row.lineage_id, row.user_id],
      );
      return rows.map(rowToRecord);
    },

    async stats(input) {
      const q = parseInput(memoryStatsInputSchema, input, "memory stats");
      const p = new Params();
      const { rows } = await client.query<{
        status: string;
        kind: string;
        n: string | number;
        emb: string | number;
        acc: string | number;
      }>(
        `SELECT status, kind, count(*) AS n, count(${e.name}) AS emb, COALESCE(sum(access_count), 0) AS acc
         FROM aif_memories WHERE ${scopeSql(q.scope, p)} GROUP BY status, kind`,
        p.values,
      );
      const stats: MemoryStoreStats = {
        totalCount: 0,
        activeCount: 0,
        supersededCount: 0,
        forgottenCount: 0,
        activeByKind: { episodicCount: 0, semanticCount: 0, proceduralCount: 0 },
        withEmbeddingCount: 0,
        accessCount: 0,
      };
      for (const r of rows) {
        const n = Number(r.n);
        stats.totalCount += n;
        stats[`${r.status as MemoryRecord["status"]}Count` as const] += n;
        if (r.status === "active") stats.activeByKind[`${r.kind as MemoryRecord["kind"]}Count` as const] += n;
        stats.withEmbeddingCount += Number(r.emb);
        stats.accessCount += Number(r.acc);
      }
      return stats;
    },

    async close() {
      if (options.closeClient ?? true) await client.close();
    },
  };
  return store;
}
