import { runMemoryStoreContract } from "@aifactory/memory";
import { afterAll, describe, it } from "vitest";
import { openPgliteClient } from "../sql/pglite-client";
import type { SqlClient } from "../sql/sql-client";
import { createSqlMemoryStore } from "./sql-memory-store";
import { dropMemorySchema } from "./test-helpers";

// Starting PGlite costs seconds (initdb in WebAssembly): one instance serves every case, with the schema
// dropped and migrated again before each.
let shared: SqlClient | undefined;
async function freshStore() {
  shared ??= await openPgliteClient();
  await dropMemorySchema(shared);
  return createSqlMemoryStore(shared, { closeClient: false });
}
afterAll(async () => {
  await shared?.close();
});

runMemoryStoreContract(
  freshStore,
  { describe, it },
  { name: "PGlite store: MemoryStoreV1 contract", timeoutMs: 60_000 },
);
