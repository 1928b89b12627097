import { type Extensions, PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import type { SqlClient } from "./sql-client";

/**
 * Options of {@link openPgliteClient}.
 *
 * @since 0.1.0
 * @category SQL
 */
export interface PgliteClientOptions {
  /**
   * Load pgvector (0.8 from `@electric-sql/pglite-pgvector`, a 50 kB WebAssembly bundle) so that
   * `CREATE EXTENSION vector` works. Default true. A data directory whose store once ran with pgvector needs
   * it: its embeddings live in a `vector` column.
   */
  pgvector?: boolean;
}

/**
 * Opens an embedded PGlite database: in memory when `dataDir` is omitted, else persisted in that directory
 * (created if missing), with the pgvector extension loaded unless `options.pgvector` is false.
 *
 * @param dataDir - a directory for persistence, or undefined for an in-memory database
 * @param options - whether to load pgvector (default true)
 * @returns a SQL client
 * @example
 * ```ts
 * import { openPgliteClient } from "@aifactory/memory-postgres";
 * const client = await openPgliteClient();
 * await client.query("select 1 as one");
 * await client.close();
 * ```
 * @since 0.1.0
 * @category SQL
 */
export async function openPgliteClient(dataDir?: string, options: PgliteClientOptions = {}): Promise<SqlClient> {
  const extensions: Extensions = (options.pgvector ?? true) ? { vector } : {};
  const db = dataDir === undefined ? await PGlite.create({ extensions }) : await PGlite.create(dataDir, { extensions });
  return wrapPglite(db);
}

/**
 * Wraps an existing PGlite instance (for callers who configure PGlite themselves, e.g. with extensions; pass
 * `extensions: { vector }` from `@electric-sql/pglite-pgvector` for native vector search).
 *
 * @param db - a PGlite instance
 * @returns a SQL client; `close()` closes the instance
 * @example
 * ```ts
 * import { type Extensions, PGlite } from "@electric-sql/pglite";
 * import { wrapPglite } from "@aifactory/memory-postgres";
 * const client = wrapPglite(await PGlite.create());
 * ```
 * @since 0.1.0
 * @category SQL
 */
export function wrapPglite(db: PGlite): SqlClient {
  return {
    backend: "pglite",
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, params as unknown[]);
      return { rows: result.rows };
    },
    transaction(body) {
      return db.transaction((tx) =>
        body({
          async query<Row>(sql: string, params: readonly unknown[] = []) {
            const result = await tx.query<Row>(sql, params as unknown[]);
            return { rows: result.rows };
          },
        }),
      );
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
