import type { SqlClient } from "./sql-client";

/**
 * One schema migration: its version, a name, the statements, and the extension it needs (if any).
 *
 * @since 0.1.0
 * @category SQL
 */
export interface MemoryMigration {
  /** Applied in increasing order; recorded in `aif_memory_migrations`. */
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
  /** `vector`: applied only once the pgvector extension is enabled in the database. */
  readonly requiresExtension?: "vector";
}

/**
 * The schema migrations, in order. The same statements run on PGlite and on a PostgreSQL server. Times are
 * stored as milliseconds since the epoch in `double precision` (exact up to 2^53). The memories table keeps
 * 20% free space per page (fillfactor 80) so that the access-log update after each search is a HOT update that
 * touches no index.
 *
 * Version 3 needs pgvector: it moves embeddings from the portable `real[]` column into a `vector` column
 * (`embedding_vec`, one copy only) and starts the table of embedding lengths in use, from which the store
 * keeps one partial HNSW index per length (`aif_memories_embedding_hnsw_<dims>`; pgvector indexes a fixed
 * length only). A database without pgvector skips version 3 and applies it on the first open with it.
 *
 * Version 4 builds the BM25 term postings (`aif_memory_postings`: user, term, memory `seq`, tf, memory length)
 * from the rows already stored, adds per-term bounds (`max_tf`, `min_dl`) to `aif_memory_terms`, and drops
 * the GIN index of the `tsvector` column, which search no longer reads.
 *
 * Version 5 adds `aif_bm25_top`, the pruned BM25 search as one plpgsql function.
 *
 * Version 6 replaces the one-row-per-posting layout (and the per-term statistics, and `aif_bm25_top`) with
 * segments: `aif_memory_segments (user_id, bucket, level, segment, postings)`, one row per (user, term bucket)
 * per written batch, the batch's postings of the bucket's terms as text, merged level by level (see the
 * store's README). It rebuilds the segments from the previous postings with `aif_term_bucket`, the SQL twin of
 * the store's term hash, and new rows no longer fill the `terms` and `term_counts` columns.
 *
 * @example
 * ```ts
 * import { MEMORY_MIGRATIONS } from "@aifactory/memory-postgres";
 * MEMORY_MIGRATIONS.map((m) => m.version); // [1, 2, 3, 4, 5, 6, 7, 8]
 * ```
 * @since 0.1.0
 * @category SQL
 */
export const MEMORY_MIGRATIONS: readonly MemoryMigration[] = [
  {
    version: 1,
    name: "memories, term statistics, corpus statistics",
    statements: [
      `CREATE TABLE IF NOT EXISTS aif_memories (
        seq bigserial UNIQUE,
        id text PRIMARY KEY,
        lineage_id text NOT NULL,
        version integer NOT NULL,
        user_id text NOT NULL,
        agent_id text,
        session_id text,
        namespace text,
        kind text NOT NULL CHECK (kind IN ('episodic', 'semantic', 'procedural')),
        content text NOT NULL,
        metadata jsonb NOT NULL,
        importance double precision NOT NULL CHECK (importance >= 0 AND importance <= 1),
        valid_from_ms double precision NOT NULL,
        valid_to_ms double precision,
        created_at_ms double precision NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'superseded', 'forgotten')),
        supersedes text,
        superseded_by text,
        forgotten_at_ms double precision,
        forget_reason text,
        source jsonb,
        embedding real[],
        token_count integer NOT NULL,
        terms text[] NOT NULL,
        term_counts integer[] NOT NULL,
        tsv tsvector NOT NULL,
        access_count integer NOT NULL DEFAULT 0,
        last_accessed_ms double precision,
        access_times_ms double precision[] NOT NULL DEFAULT '{}'
      ) WITH (fillfactor = 80)`,
      "CREATE INDEX IF NOT EXISTS aif_memories_tsv ON aif_memories USING gin (tsv)",
      "CREATE INDEX IF NOT EXISTS aif_memories_user ON aif_memories (user_id, status)",
      "CREATE INDEX IF NOT EXISTS aif_memories_lineage ON aif_memories (lineage_id)",
      `CREATE TABLE IF NOT EXISTS aif_memory_terms (
        user_id text NOT NULL,
        term text NOT NULL,
        df integer NOT NULL,
        PRIMARY KEY (user_id, term)
      )`,
      `CREATE TABLE IF NOT EXISTS aif_memory_corpus (
        user_id text PRIMARY KEY,
        doc_count bigint NOT NULL,
        total_tokens bigint NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: "per-user count of memories with an embedding",
    statements: [
      "ALTER TABLE aif_memory_corpus ADD COLUMN IF NOT EXISTS embedded_count bigint NOT NULL DEFAULT 0",
      `UPDATE aif_memory_corpus c SET embedded_count = s.n
       FROM (SELECT user_id, count(*) AS n FROM aif_memories WHERE embedding IS NOT NULL GROUP BY user_id) s
       WHERE c.user_id = s.user_id`,
    ],
  },
  {
    version: 3,
    name: "pgvector: embeddings in a vector column, embedding lengths in use",
    requiresExtension: "vector",
    statements: [
      "ALTER TABLE aif_memories ADD COLUMN IF NOT EXISTS embedding_vec vector",
      "UPDATE aif_memories SET embedding_vec = embedding::vector, embedding = NULL WHERE embedding IS NOT NULL",
      "CREATE TABLE IF NOT EXISTS aif_memory_vector_dims (dims integer PRIMARY KEY)",
      `INSERT INTO aif_memory_vector_dims (dims)
       SELECT DISTINCT vector_dims(embedding_vec) FROM aif_memories WHERE embedding_vec IS NOT NULL
       ON CONFLICT DO NOTHING`,
    ],
  },
  {
    version: 4,
    name: "BM25 term postings with per-term bounds; the tsvector index retired",
    statements: [
      // One row per (user, term, memory): the inverted index BM25 reads. `dl` (the memory's length in terms)
      // is repeated in each posting so that scoring reads the postings only. The primary key serves every
      // search (user and term first) and carries tf and dl, so a vacuumed table answers by index-only scans.
      `CREATE TABLE IF NOT EXISTS aif_memory_postings (
        user_id text NOT NULL,
        term text NOT NULL,
        seq bigint NOT NULL,
        tf integer NOT NULL,
        dl integer NOT NULL,
        PRIMARY KEY (user_id, term, seq) INCLUDE (tf, dl)
      )`,
      `INSERT INTO aif_memory_postings (user_id, term, seq, tf, dl)
       SELECT m.user_id, t.term, m.seq, t.tf, m.token_count
       FROM aif_memories m CROSS JOIN LATERAL unnest(m.terms, m.term_counts) AS t(term, tf)
       ON CONFLICT DO NOTHING`,
      // Upper bounds of a term's BM25 contribution: its largest tf and the shortest memory holding it. They only
      // ever loosen on purge (never wrong), and are exact after this rebuild.
      "ALTER TABLE aif_memory_terms ADD COLUMN IF NOT EXISTS max_tf integer NOT NULL DEFAULT 1",
      "ALTER TABLE aif_memory_terms ADD COLUMN IF NOT EXISTS min_dl integer NOT NULL DEFAULT 0",
      `UPDATE aif_memory_terms t SET max_tf = s.max_tf, min_dl = s.min_dl
       FROM (SELECT user_id, term, max(tf) AS max_tf, min(dl) AS min_dl FROM aif_memory_postings GROUP BY user_id, term) s
       WHERE t.user_id = s.user_id AND t.term = s.term`,
      // The GIN index is no longer read; new rows leave tsv NULL (older rows keep theirs, unused).
      "DROP INDEX IF EXISTS aif_memories_tsv",
      "ALTER TABLE aif_memories ALTER COLUMN tsv DROP NOT NULL",
    ],
  },
  {
    version: 5,
    name: "BM25 top k in one plpgsql function (cached generic plans)",
    statements: [
      // An unfiltered search in one call: statistics, scoring and the eligibility of the best rows, with plans
      // prepared once per session (at 100k memories, planning the per-round statements took longer than
      // running them). Scope, status, validity and as-of are parameters; searches with other filters keep the
      // statement-per-round path of src/store/bm25-postings.ts. The row with hit_seq NULL carries the user's
      // counts and the steps that ran.
      `CREATE OR REPLACE FUNCTION aif_bm25_top(
  p_user text, p_agent text, p_session text, p_namespace text, p_terms text[], p_k1 float8, p_b float8,
  p_capacity int, p_capacity_embedded int, p_now float8, p_as_of float8)
RETURNS TABLE (hit_seq bigint, hit_score float8, doc_count bigint, embedded_count bigint, bm25_steps text)
LANGUAGE plpgsql STABLE ROWS 20
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
  v_n bigint;
  v_total bigint;
  v_embedded bigint;
  v_avgdl float8;
  v_c0 float8;
  v_c1 float8;
  v_cap int;
  v_fetch int;
  v_terms text[];
  v_w float8[];
  v_seq bigint[];
  v_score float8[];
  v_ok boolean[];
  v_count int := 0;
  v_steps text := '';
  i int;
BEGIN
  SELECT c.doc_count, c.total_tokens, c.embedded_count INTO v_n, v_total, v_embedded
  FROM aif_memory_corpus c WHERE c.user_id = p_user;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  v_avgdl := v_total::float8 / greatest(1, v_n)::float8;
  IF v_avgdl = 0 THEN
    v_avgdl := 1;
  END IF;
  -- A posting's contribution is w·tf / (tf + c0 + c1·dl) with w = idf·(k1 + 1), c0 = k1(1 − b), c1 = k1·b/avgdl:
  -- BM25 with the per-query constants folded (the in-memory store's value up to rounding).
  v_c0 := p_k1 * (1 - p_b);
  v_c1 := p_k1 * p_b / v_avgdl;
  v_cap := CASE WHEN v_embedded > 0 THEN p_capacity_embedded ELSE p_capacity END;
  v_fetch := v_cap * 2 + 16;
  -- The query's terms present in the user's index, in query order, with their weights.
  SELECT array_agg(s.term ORDER BY s.ord), array_agg(s.idf * (p_k1 + 1) ORDER BY s.ord)
  INTO v_terms, v_w
  FROM (
    SELECT q.term, q.ord,
      ln(1 + (v_n::float8 - t.df::float8 + 0.5::float8) / (t.df::float8 + 0.5::float8)) AS idf
    FROM unnest(p_terms) WITH ORDINALITY AS q(term, ord)
    JOIN aif_memory_terms t ON t.user_id = p_user AND t.term = q.term
    WHERE t.df > 0) s;
  IF coalesce(cardinality(v_terms), 0) > 0 THEN
    -- One pass: every posting of the query terms (index-only range scans), summed per memory; only the best
    -- v_fetch are looked up for eligibility.
    v_steps := 'single';
    SELECT array_agg(r.seq ORDER BY r.score DESC, r.seq), array_agg(r.score ORDER BY r.score DESC, r.seq),
      array_agg(r.ok ORDER BY r.score DESC, r.seq)
    INTO v_seq, v_score, v_ok
    FROM (
      SELECT c.seq, c.score, COALESCE(
        m.user_id = p_user AND (p_agent IS NULL OR m.agent_id = p_agent)
        AND (p_session IS NULL OR m.session_id = p_session) AND (p_namespace IS NULL OR m.namespace = p_namespace)
        AND CASE WHEN p_as_of IS NULL
          THEN m.status = 'active' AND (m.valid_to_ms IS NULL OR m.valid_to_ms > p_now)
          ELSE m.status <> 'forgotten' AND m.valid_from_ms <= p_as_of AND (m.valid_to_ms IS NULL OR m.valid_to_ms > p_as_of)
        END, false) AS ok
      FROM (
        SELECT x.seq, sum((q.w * x.tf) / (x.tf + v_c0 + v_c1 * x.dl)) AS score
        FROM unnest(v_terms, v_w) AS q(term, w)
        CROSS JOIN LATERAL (SELECT p.seq, p.tf, p.dl FROM aif_memory_postings p
          WHERE p.user_id = p_user AND p.term = q.term) x
        GROUP BY x.seq
        ORDER BY score DESC, x.seq
        LIMIT v_fetch
      ) c
      -- A parameterised probe per candidate (a generic plan cannot know how few rows the LIMIT leaves).
      LEFT JOIN LATERAL (SELECT * FROM aif_memories m WHERE m.seq = c.seq LIMIT 1) m ON true
    ) r;
    FOR i IN 1..coalesce(cardinality(v_seq), 0) LOOP
      IF v_ok[i] THEN
        v_count := v_count + 1;
      END IF;
    END LOOP;
    IF v_count < v_cap AND coalesce(cardinality(v_seq), 0) >= v_fetch THEN
      -- Too few eligible among the best (a narrow scope, forgotten or expired memories): rank the eligible ones.
      v_steps := v_steps || ' exhaustive';
      RETURN QUERY
      SELECT c.seq, c.score, NULL::bigint, NULL::bigint, NULL::text
      FROM (
        SELECT x.seq, sum((q.w * x.tf) / (x.tf + v_c0 + v_c1 * x.dl)) AS score
        FROM unnest(v_terms, v_w) AS q(term, w)
        CROSS JOIN LATERAL (SELECT p.seq, p.tf, p.dl FROM aif_memory_postings p
          WHERE p.user_id = p_user AND p.term = q.term) x
        GROUP BY x.seq) c
      JOIN aif_memories m ON m.seq = c.seq
      WHERE m.user_id = p_user AND (p_agent IS NULL OR m.agent_id = p_agent)
        AND (p_session IS NULL OR m.session_id = p_session) AND (p_namespace IS NULL OR m.namespace = p_namespace)
        AND CASE WHEN p_as_of IS NULL
          THEN m.status = 'active' AND (m.valid_to_ms IS NULL OR m.valid_to_ms > p_now)
          ELSE m.status <> 'forgotten' AND m.valid_from_ms <= p_as_of AND (m.valid_to_ms IS NULL OR m.valid_to_ms > p_as_of)
        END
      ORDER BY c.score DESC, c.seq
      LIMIT v_cap;
    ELSE
      v_count := 0;
      FOR i IN 1..coalesce(cardinality(v_seq), 0) LOOP
        EXIT WHEN v_count >= v_cap;
        IF v_ok[i] THEN
          v_count := v_count + 1;
          hit_seq := v_seq[i];
          hit_score := v_score[i];
          RETURN NEXT;
        END IF;
      END LOOP;
    END IF;
  END IF;
  hit_seq := NULL;
  hit_score := NULL;
  doc_count := v_n;
  embedded_count := v_embedded;
  bm25_steps := v_steps;
  RETURN NEXT;
END
$fn$`,
    ],
  },
  {
    version: 6,
    name: "BM25 postings in per-batch segments by term bucket; per-posting rows, term statistics and aif_bm25_top retired",
    statements: [
      // Postings as decimal text (see src/store/bm25-postings.ts for the format), stored out of line without
      // compression: writes and reads skip pglz, and the rows are read whole.
      `CREATE TABLE IF NOT EXISTS aif_memory_segments (
        user_id text NOT NULL,
        bucket integer NOT NULL,
        level integer NOT NULL,
        segment bigint NOT NULL,
        postings text NOT NULL,
        PRIMARY KEY (user_id, bucket, level, segment)
      )`,
      "ALTER TABLE aif_memory_segments ALTER COLUMN postings SET STORAGE EXTERNAL",
      // FNV-1a (32 bits) of the term's UTF-8 bytes modulo 512: the store's termBucket, for this rebuild.
      `CREATE OR REPLACE FUNCTION aif_term_bucket(p_term text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  v_bytes bytea := convert_to(p_term, 'UTF8');
  v_hash bigint := 2166136261;
  i integer;
BEGIN
  FOR i IN 0..length(v_bytes) - 1 LOOP
    v_hash := ((v_hash # get_byte(v_bytes, i)) * 16777619) & 4294967295;
  END LOOP;
  RETURN (v_hash % 512)::integer;
END
$fn$`,
      // Every user's postings as one row per bucket, at level 3 (it merges only with other rows of that level).
      `INSERT INTO aif_memory_segments (user_id, bucket, level, segment, postings)
       SELECT e.user_id, e.bucket, 3, min(e.first_seq), string_agg(e.entry, '' ORDER BY e.first_seq)
       FROM (
         SELECT d.user_id, aif_term_bucket(d.term) AS bucket, min(d.seq) AS first_seq,
           E'\n' || d.term || E'\t' || string_agg(d.delta || ',' || d.tf || ',' || d.dl, ',' ORDER BY d.seq) AS entry
         FROM (
           SELECT p.user_id, p.term, p.seq, p.tf, p.dl,
             p.seq - lag(p.seq, 1, 0::bigint) OVER (PARTITION BY p.user_id, p.term ORDER BY p.seq) AS delta
           FROM aif_memory_postings p) d
         GROUP BY d.user_id, d.term) e
       GROUP BY e.user_id, e.bucket`,
      "DROP FUNCTION IF EXISTS aif_bm25_top(text, text, text, text, text[], float8, float8, int, int, float8, float8)",
      "DROP TABLE IF EXISTS aif_memory_postings",
      "DROP TABLE IF EXISTS aif_memory_terms",
      "ALTER TABLE aif_memories ALTER COLUMN terms DROP NOT NULL, ALTER COLUMN term_counts DROP NOT NULL",
    ],
  },
  {
    version: 7,
    name: "lineage index for later versions only (a first version's lineage id is its own id: the primary key finds it)",
    statements: [
      // Every memory's first version carried an entry in this index although the primary key already finds it:
      // a quarter of the index work of every insert, for lookups (history, purge) that are rare.
      "CREATE INDEX IF NOT EXISTS aif_memories_lineage_later ON aif_memories (lineage_id) WHERE version > 1",
      "DROP INDEX IF EXISTS aif_memories_lineage",
    ],
  },
  {
    version: 8,
    name: "a search's two statements as PL/pgSQL functions, planned once per connection",
    statements: [
      // Planning the two statements cost more than running them (0.3-0.6 ms each on PGlite): PL/pgSQL keeps
      // the plan of each statement of a function for the connection's lifetime, generic from the first call.
      `CREATE OR REPLACE FUNCTION aif_search_postings(p_user text, p_buckets integer[], p_held text[])
RETURNS TABLE (out_doc_count bigint, out_total_tokens bigint, out_embedded_count bigint, out_postings text)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $fn$
BEGIN
  RETURN QUERY
  SELECT c.doc_count, c.total_tokens, c.embedded_count,
    (SELECT string_agg(r.identity || chr(31) || CASE WHEN r.identity = ANY(p_held) THEN '' ELSE r.postings END, chr(30))
     FROM (SELECT s.bucket || ':' || s.level || ':' || s.segment || ':' || s.xmin AS identity, s.postings
           FROM aif_memory_segments s WHERE s.user_id = p_user AND s.bucket = ANY(p_buckets)) r)
  FROM aif_memory_corpus c WHERE c.user_id = p_user;
END
$fn$`,
      searchRowsFunction("aif_search_rows", "cardinality(m.embedding)"),
      searchRowsFunction("aif_search_rows_vec", "vector_dims(m.embedding_vec)"),
    ],
  },
];

/**
 * A function that returns, as one JSON array, the rows of the eligible memories among ranked candidates (by
 * `seq`, best first), at most `p_limit`: scope (null agent, session or namespace: any), status and validity
 * now or at `p_as_of`. The store's search without filters; `dims` is the embedding length's SQL (the
 * `vec` variant runs only where pgvector holds the embeddings: PL/pgSQL resolves names when first run).
 */
function searchRowsFunction(name: string, dims: string): string {
  return `CREATE OR REPLACE FUNCTION ${name}(p_seqs bigint[], p_user text, p_agent text, p_session text,
  p_namespace text, p_now float8, p_as_of float8, p_limit integer)
RETURNS text LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan AS $fn$
DECLARE
  v_rows text;
BEGIN
  SELECT json_agg(t ORDER BY t.candidate_rank)::text INTO v_rows FROM (
    SELECT m.id, m.lineage_id, m.version, m.user_id, m.agent_id, m.session_id, m.namespace, m.kind, m.content,
      m.metadata, m.importance, m.valid_from_ms, m.valid_to_ms, m.created_at_ms, m.status, m.supersedes,
      m.superseded_by, m.forgotten_at_ms, m.forget_reason, m.source, ${dims} AS embedding_dims, m.access_count,
      m.last_accessed_ms, m.access_times_ms, m.seq, c.candidate_rank
    FROM unnest(p_seqs) WITH ORDINALITY AS c(candidate_seq, candidate_rank)
    JOIN aif_memories m ON m.seq = c.candidate_seq
    WHERE m.user_id = p_user
      AND (p_agent IS NULL OR m.agent_id = p_agent)
      AND (p_session IS NULL OR m.session_id = p_session)
      AND (p_namespace IS NULL OR m.namespace = p_namespace)
      AND CASE WHEN p_as_of IS NULL
        THEN m.status = 'active' AND (m.valid_to_ms IS NULL OR m.valid_to_ms > p_now)
        ELSE m.status <> 'forgotten' AND m.valid_from_ms <= p_as_of AND (m.valid_to_ms IS NULL OR m.valid_to_ms > p_as_of)
      END
    ORDER BY c.candidate_rank LIMIT p_limit) t;
  RETURN v_rows;
END
$fn$`;
}

/**
 * Applies the migrations that are missing, each in its own transaction, recording them in
 * `aif_memory_migrations`. On a server, an advisory lock keeps concurrent starts from racing. Migrations that
 * need pgvector run only when `options.vector` is true (the caller has enabled the extension); without it they
 * are skipped and the later ones still apply (no migration depends on a pgvector one).
 *
 * @param client - an open SQL client
 * @param options - `vector`: pgvector is enabled, apply the migrations that need it (default false)
 * @returns the versions applied now
 * @example
 * ```ts
 * // not run in tests: boots PGlite (PostgreSQL in WebAssembly), several seconds; the package's tests cover it
 * import { migrateMemorySchema, openPgliteClient } from "@aifactory/memory-postgres";
 * const client = await openPgliteClient();
 * await migrateMemorySchema(client); // [1, 2, 4, 5, 6, 7, 8]
 * ```
 * @since 0.1.0
 * @category SQL
 */
export async function migrateMemorySchema(client: SqlClient, options: { vector?: boolean } = {}): Promise<number[]> {
  const applied: number[] = [];
  await client.query(
    "CREATE TABLE IF NOT EXISTS aif_memory_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  for (const migration of MEMORY_MIGRATIONS) {
    if (migration.requiresExtension === "vector" && !options.vector) continue;
    await client.transaction(async (tx) => {
      if (client.backend === "postgres") await tx.query("SELECT pg_advisory_xact_lock($1)", [727_001]);
      const done = await tx.query("SELECT 1 FROM aif_memory_migrations WHERE version = $1", [migration.version]);
      if (done.rows.length > 0) return;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query("INSERT INTO aif_memory_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    });
  }
  return applied;
}
