import { parseInput } from "@aifactory/core";
import type { MemoryStoreProviderV1 } from "@aifactory/memory";
import { z } from "zod";
import { createPgliteMemoryStore, createPostgresMemoryStore } from "./create-stores";

const vectorOptions = {
  usePgvector: z.boolean().optional(),
  vectorIndex: z.enum(["hnsw", "none"]).optional(),
  vectorIndexMinRows: z.number().int().min(0).optional(),
  hnswEfSearch: z.number().int().min(1).max(1_000).optional(),
};
const pgliteOptionsSchema = z.object({ dataDir: z.string().min(1).optional(), ...vectorOptions }).strict();
const postgresOptionsSchema = z
  .object({
    connectionString: z.string().min(1),
    maxConnections: z.number().int().min(1).max(100).optional(),
    ...vectorOptions,
  })
  .strict();

/** Drops undefined keys (`exactOptionalPropertyTypes`). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

/**
 * The `memoryStores` provider of {@link createPgliteMemoryStore} (options: `dataDir`, `usePgvector`,
 * `vectorIndex`, `vectorIndexMinRows`, `hnswEfSearch`).
 *
 * @example
 * ```ts
 * // not run in tests: writes a PGlite database under ./agent-memory
 * import { pgliteStoreProvider } from "@aifactory/memory-postgres";
 * const store = await pgliteStoreProvider.create({ dataDir: "./agent-memory" });
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const pgliteStoreProvider: MemoryStoreProviderV1 = {
  specificationVersion: "v1",
  id: "pglite",
  description: "embedded PGlite (Postgres in WebAssembly), in memory or persisted in a directory",
  create: async (options = {}) =>
    createPgliteMemoryStore(defined(parseInput(pgliteOptionsSchema, options, "pglite options"))),
};

/**
 * The `memoryStores` provider of {@link createPostgresMemoryStore} (options: `connectionString`,
 * `maxConnections`, `usePgvector`, `vectorIndex`, `vectorIndexMinRows`, `hnswEfSearch`).
 *
 * @example
 * ```ts
 * // not run in tests: needs a PostgreSQL server with pgvector
 * import { postgresStoreProvider } from "@aifactory/memory-postgres";
 * const store = await postgresStoreProvider.create({ connectionString: "postgres://aif:aif@127.0.0.1:5432/aif_test" });
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const postgresStoreProvider: MemoryStoreProviderV1 = {
  specificationVersion: "v1",
  id: "postgres",
  description: "a PostgreSQL server through a connection string (pgvector when available)",
  create: async (options = {}) => {
    const parsed = parseInput(postgresOptionsSchema, options, "postgres options");
    return createPostgresMemoryStore({ ...defined(parsed), connectionString: parsed.connectionString });
  },
};
