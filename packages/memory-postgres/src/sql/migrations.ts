import type { SqlClient } from "./sql-client";

/**
 * The schema migrations, in order. The same statements run on PGlite and on a PostgreSQL server. Times are
 * stored as milliseconds since the epoch in `double precision` (exact up to 2^53). The memories table keeps
 * 20% free space per page (fillfactor 80) so that the access-log update after each search is a HOT update that
 * touches no index.
 *
 * @example
 * ```ts
 * import { MEMORY_MIGRATIONS } from "@aifactory/memory-postgres";
 * MEMORY_MIGRATIONS.map((m) => m.version); // [1]
 * ```
 * @since 0.1.0
 * @category SQL
 */
export const MEMORY_MIGRATIONS: ReadonlyArray<{ version: number; name: string; statements: readonly string[] }> = [
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
];

/**
 * Applies the migrations that are missing, each in its own transaction, recording them in
 * `aif_memory_migrations`. On a server, an advisory lock keeps concurrent starts from racing.
 *
 * @param client - an open SQL client
 * @returns the versions applied now
 * @example
 * ```ts
 * import { migrateMemorySchema, openPgliteClient } from "@aifactory/memory-postgres";
 * const client = await openPgliteClient();
 * await migrateMemorySchema(client); // [1]
 * ```
 * @since 0.1.0
 * @category SQL
 */
export async function migrateMemorySchema(client: SqlClient): Promise<number[]> {
  const applied: number[] = [];
  await client.query(
    "CREATE TABLE IF NOT EXISTS aif_memory_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  for (const migration of MEMORY_MIGRATIONS) {
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
