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
 * @example
 * ```ts
 * import { MEMORY_MIGRATIONS } from "@aifactory/memory-postgres";
 * MEMORY_MIGRATIONS.map((m) => m.version); // [1, 2, 3, 4]
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
];

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
 * await migrateMemorySchema(client); // [1, 2, 4]
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
