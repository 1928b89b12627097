import type { SqlClient } from "../sql/sql-client";

/**
 * Drops the store's tables so the next store starts from an empty schema (tests only; not exported).
 *
 * @param client - an open client
 */
export async function dropMemorySchema(client: SqlClient): Promise<void> {
  await client.query("DROP TABLE IF EXISTS aif_memories, aif_memory_terms, aif_memory_corpus, aif_memory_migrations");
}

/**
 * A connection string whose sessions use their own schema, so test files that share one server run in
 * parallel without touching each other's tables (tests only).
 *
 * @param url - the server's connection string
 * @param schema - a fixed lower-case identifier chosen by the test
 * @returns the connection string with `options=-c search_path=<schema>`
 */
export async function isolatedSchemaUrl(url: string, schema: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const { openPgClient } = await import("../sql/pg-client");
  const admin = openPgClient(url, 1);
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await admin.close();
  }
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
}
