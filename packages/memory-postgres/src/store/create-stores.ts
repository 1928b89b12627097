import type { MemoryStoreV1 } from "@aifactory/memory";
import { openPgClient } from "../sql/pg-client";
import { openPgliteClient } from "../sql/pglite-client";
import { createSqlMemoryStore, type SqlMemoryStoreOptions } from "./sql-memory-store";

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
 * `dataDir` when given. The default backend of this package.
 *
 * @param options - data directory, embedder, clock
 * @returns a store
 * @example
 * ```ts
 * import { createPgliteMemoryStore } from "@aifactory/memory-postgres";
 * const store = await createPgliteMemoryStore({ dataDir: "./memory-db" });
 * await store.add({ scope: { userId: "alice" }, content: "Alice is vegetarian" });
 * await store.close();
 * ```
 * @since 0.1.0
 * @category Store
 */
export async function createPgliteMemoryStore(options: PgliteMemoryStoreOptions = {}): Promise<MemoryStoreV1> {
  const { dataDir, ...rest } = options;
  return createSqlMemoryStore(await openPgliteClient(dataDir), rest);
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
 * Uses pgvector when the extension can be enabled; otherwise vectors are compared in JS (Debian 12's
 * PostgreSQL 15 ships no pgvector package).
 *
 * @param options - connection string, pool size, embedder, clock
 * @returns a store
 * @example
 * ```ts
 * import { createPostgresMemoryStore } from "@aifactory/memory-postgres";
 * const store = await createPostgresMemoryStore({ connectionString: "postgres://aif:aif@127.0.0.1:5432/aif_test" });
 * ```
 * @since 0.1.0
 * @category Store
 */
export async function createPostgresMemoryStore(options: PostgresMemoryStoreOptions): Promise<MemoryStoreV1> {
  const { connectionString, maxConnections, ...rest } = options;
  return createSqlMemoryStore(openPgClient(connectionString, maxConnections), rest);
}
