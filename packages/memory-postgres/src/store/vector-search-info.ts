import { AifError } from "@aifactory/core";
import { z } from "zod";
import { migrateMemorySchema } from "../sql/migrations";
import type { SqlClient } from "../sql/sql-client";

/**
 * Which vector path a SQL store runs, and why: `backend` `pgvector` ranks embeddings inside Postgres
 * (inner product on unit vectors, i.e. cosine similarity); with `index` `hnsw`, users holding at least
 * `vectorIndexMinRows` memories are searched through a partial HNSW index per embedding length (built once
 * some user reaches that size), everyone else exactly. `in-process` reads a user's eligible embeddings and
 * ranks them in JavaScript (exact, but every vector search moves about `4 × dimensions` bytes per memory of
 * the user). `storage` is the column
 * type the embeddings live in (`vector` once pgvector has been enabled, else `real[]`). `reason` says why in
 * words (e.g. that the server has no pgvector package).
 *
 * @example
 * ```ts
 * // not run in tests: boots PGlite (PostgreSQL in WebAssembly), several seconds; the package's tests cover it
 * import { createPgliteMemoryStore } from "@aifactory/memory-postgres";
 * const store = await createPgliteMemoryStore();
 * store.vectorSearch.backend; // "pgvector"
 * ```
 * @since 0.1.0
 * @category Store
 */
export const vectorSearchInfoSchema = z.object({
  backend: z.enum(["pgvector", "in-process"]),
  index: z.enum(["hnsw", "none"]),
  storage: z.enum(["vector", "real[]"]),
  pgvectorVersion: z.string().nullable(),
  reason: z.string(),
});

/**
 * See {@link vectorSearchInfoSchema}.
 *
 * @since 0.1.0
 * @category Store
 */
export type VectorSearchInfo = z.infer<typeof vectorSearchInfoSchema>;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Migrates the schema and decides the vector path: enables pgvector when wanted and possible (then applies
 * the migrations that need it), and refuses a database whose embeddings are in a `vector` column when the
 * extension cannot run (a PGlite directory opened without pgvector loaded).
 *
 * @param client - an open client
 * @param options - whether pgvector is wanted, and the index wanted with it
 * @returns the vector path
 * @throws AifError `INVALID_CONFIGURATION` when the embeddings are in a `vector` column that cannot be read
 */
export async function setUpVectorSearch(
  client: SqlClient,
  options: { usePgvector: boolean; vectorIndex: "hnsw" | "none" },
): Promise<VectorSearchInfo> {
  await migrateMemorySchema(client);
  const installedVersion = async () =>
    (await client.query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'")).rows[0]
      ?.v ?? null;
  let version = await installedVersion();
  let reason: string;
  if (options.usePgvector && version === null) {
    const available = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    if (available.rows.length === 0) {
      reason =
        client.backend === "pglite"
          ? "this PGlite instance was started without the pgvector extension (@electric-sql/pglite-pgvector)"
          : "the server has no pgvector package (pg_available_extensions lists no 'vector'; Debian 12's PostgreSQL 15 ships none)";
    } else {
      try {
        await client.query("CREATE EXTENSION IF NOT EXISTS vector");
        version = await installedVersion();
        reason = `pgvector ${version} enabled`;
      } catch (error) {
        reason = `CREATE EXTENSION vector failed: ${messageOf(error)}`;
      }
    }
  } else {
    reason = options.usePgvector ? `pgvector ${version}` : "usePgvector: false";
  }
  // The extension can be recorded in the catalog yet unusable: a PGlite directory opened without its code.
  let usable = false;
  if (version !== null) {
    try {
      await client.query("SELECT '[1]'::vector");
      usable = true;
    } catch (error) {
      if (options.usePgvector) reason = `the vector extension is installed but cannot run: ${messageOf(error)}`;
    }
  }
  const pgvector = options.usePgvector && usable;
  if (pgvector) await migrateMemorySchema(client, { vector: true });
  const vectorColumn = (await client.query("SELECT 1 FROM aif_memory_migrations WHERE version = 3")).rows.length > 0;
  if (vectorColumn && !usable) {
    throw new AifError(
      "INVALID_CONFIGURATION",
      "this memory database keeps its embeddings in a pgvector column, but the vector extension cannot run here",
      {
        hint:
          client.backend === "pglite"
            ? "open it with pgvector loaded: createPgliteMemoryStore without usePgvector: false (or PGlite.create({ extensions: { vector } }))"
            : "install pgvector on the server (e.g. the postgresql-<version>-pgvector package) or restore the database elsewhere",
        details: { backend: client.backend },
      },
    );
  }
  return {
    backend: pgvector ? "pgvector" : "in-process",
    index: pgvector && options.vectorIndex === "hnsw" ? "hnsw" : "none",
    storage: vectorColumn ? "vector" : "real[]",
    pgvectorVersion: version,
    reason,
  };
}
