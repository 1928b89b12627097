import { runMemoryStoreContract } from "@aifactory/memory";
import { afterAll, describe, it } from "vitest";
import { openPgClient } from "../sql/pg-client";
import type { SqlClient } from "../sql/sql-client";
import { createSqlMemoryStore } from "./sql-memory-store";
import { dropMemorySchema, isolatedSchemaUrl } from "./test-helpers";

const url = process.env.AIF_TEST_POSTGRES_URL;
let shared: SqlClient | undefined;
async function freshStore() {
  shared ??= openPgClient(await isolatedSchemaUrl(url as string, "aif_test_contract"));
  await dropMemorySchema(shared);
  return createSqlMemoryStore(shared, { closeClient: false });
}
afterAll(async () => {
  await shared?.close();
});

if (url === undefined) {
  describe("PostgreSQL server store", () => {
    it.skip("skipped: AIF_TEST_POSTGRES_URL is not set (e.g. postgres://aif:aif@127.0.0.1:5432/aif_test)", () => {});
  });
} else {
  runMemoryStoreContract(freshStore, { describe, it }, { name: "PostgreSQL store: MemoryStoreV1 contract" });
}
