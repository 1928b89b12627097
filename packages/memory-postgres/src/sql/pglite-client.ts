import { PGlite } from "@electric-sql/pglite";
import type { SqlClient } from "./sql-client";

/**
 * Opens an embedded PGlite database: in memory when `dataDir` is omitted, else persisted in that directory
 * (created if missing).
 *
 * @param dataDir - a directory for persistence, or undefined for an in-memory database
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
export async function openPgliteClient(dataDir?: string): Promise<SqlClient> {
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  return wrapPglite(db);
}

/**
 * Wraps an existing PGlite instance (for callers who configure PGlite themselves, e.g. with extensions).
 *
 * @param db - a PGlite instance
 * @returns a SQL client; `close()` closes the instance
 * @example
 * ```ts
 * import { PGlite } from "@electric-sql/pglite";
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
