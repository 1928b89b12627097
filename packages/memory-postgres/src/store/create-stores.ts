import { openPgClient } from "../sql/pg-client";
import { openPgliteClient } from "../sql/pglite-client";
import { createSqlMemoryStore, type SqlMemoryStore, type SqlMemoryStoreOptions } from "./sql-memory-store";

/**
 * Options of {@link createPgliteMemoryStore}.
 *
 * @since 0.1.0
 * @category Store
 */
export interface PgliteMemoryStoreOptions extends SqlMemoryStoreOptions {
  /** A directory to persist the database in; omitted: in memory. */
  dataDir?: string;
}

/**
 * A `MemoryStoreV1` on embedded PGlite (Postgres compiled to WebAssembly): no server, persisted in
 * `dataDir` when given. The default backend of this package. PGlite starts with pgvector loaded
 * (`@electric-sql/pglite-pgvector`), so vector search runs in SQL with an HNSW index; `usePgvector: false`
 * leaves it out (vector search then ranks in JavaScript).
 *
 * @param options - data directory, embedder, clock, pgvector use and index
 * @returns a store; `store.vectorSearch` says which vector path runs
 * @throws AifError `INVALID_CONFIGURATION` when `usePgvector: false` opens a directory whose embeddings are in
 *   a pgvector column
 * @example
 * ```ts
 * // not run in tests: writes a PGlite database under ./memory-db
 * import { createPgliteMemoryStore } from "@aifactory/memory-postgres";
 * const store = await createPgliteMemoryStore({ dataDir: "./memory-db" });
 * await store.add({ scope: { userId: "alice" }, content: "Alice is vegetarian" });
 * await store.close();
 * ```
 * @since 0.1.0
 * @category Store
 */
export async function createPgliteMemoryStore(options: PgliteMemoryStoreOptions = {}): Promise<SqlMemoryStore> {
  const { dataDir, ...rest } = options;
  const client = await openPgliteClient(dataDir, { pgvector: options.usePgvector ?? true });
  try {
    return await createSqlMemoryStore(client, rest);
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * Options of {@link createPostgresMemoryStore}.
 *
 * @since 0.1.0
 * @category Store
 */
export interface PostgresMemoryStoreOptions extends SqlMemoryStoreOptions {
  /** e.g. `postgres://user:password@127.0.0.1:5432/db`. */
  connectionString: string;
  /** Pool size (default 4). */
  maxConnections?: number;
}

/**
 * A `MemoryStoreV1` on a PostgreSQL server through `pg`, with the same schema and migrations as PGlite.
 * Uses pgvector when the extension is installed or can be created (`CREATE EXTENSION vector`), with the same
 * HNSW indexes as PGlite; otherwise vectors are ranked in JavaScript after reading the user's eligible
 * embeddings, with a one-time warning (Debian 12's PostgreSQL 15 ships no pgvector package).
 *
 * @param options - connection string, pool size, embedder, clock, pgvector use and index
 * @returns a store; `store.vectorSearch` says which vector path runs
 * @example
 * ```ts
 * // not run in tests: needs a PostgreSQL server with pgvector
 * import { createPostgresMemoryStore } from "@aifactory/memory-postgres";
 * const store = await createPostgresMemoryStore({ connectionString: "postgres://aif:aif@127.0.0.1:5432/aif_test" });
 * ```
 * @since 0.1.0
 * @category Store
 */
export async function createPostgresMemoryStore(options: PostgresMemoryStoreOptions): Promise<SqlMemoryStore> {
  const { connectionString, maxConnections, ...rest } = options;
  const client = openPgClient(connectionString, maxConnections);
  try {
    return await createSqlMemoryStore(client, rest);
  } catch (error) {
    await client.close();
    throw error;
  }
}
