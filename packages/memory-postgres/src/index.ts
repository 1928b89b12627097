/**
 * @aifactory/memory-postgres: the `MemoryStoreV1` of `@aifactory/memory` on Postgres, embedded PGlite by
 * default or a PostgreSQL server through a connection string.
 *
 * @packageDocumentation
 */

/**
 * The npm name of this package.
 *
 * @since 0.1.0
 */
export const packageName = "@aifactory/memory-postgres";

export { MEMORY_MIGRATIONS, type MemoryMigration, migrateMemorySchema } from "./sql/migrations";
export { openPgClient } from "./sql/pg-client";
export { openPgliteClient, type PgliteClientOptions, wrapPglite } from "./sql/pglite-client";
export type { PreparedStatement, SqlClient, SqlExecutor } from "./sql/sql-client";
export {
  runSqlClientContract,
  type SqlClientContractCase,
  type SqlClientContractOptions,
  type SqlClientFactory,
  sqlClientContractCases,
} from "./sql/sql-client-contract";
export {
  createPgliteMemoryStore,
  createPostgresMemoryStore,
  type PgliteMemoryStoreOptions,
  type PostgresMemoryStoreOptions,
} from "./store/create-stores";
export { createSqlMemoryStore, type SqlMemoryStore, type SqlMemoryStoreOptions } from "./store/sql-memory-store";
export { pgliteStoreProvider, postgresStoreProvider } from "./store/store-providers";
export { type VectorSearchInfo, vectorSearchInfoSchema } from "./store/vector-search-info";
