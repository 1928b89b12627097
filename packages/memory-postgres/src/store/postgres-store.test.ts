import { createHashingEmbedder, createInMemoryStore, runMemoryStoreContract } from "@aifactory/memory";
import { afterAll, describe, expect, it } from "vitest";
import { openPgClient } from "../sql/pg-client";
import type { SqlClient } from "../sql/sql-client";
import { createSqlMemoryStore } from "./sql-memory-store";
import {
  compareDifferentialSearches,
  DIFFERENTIAL_CLOCK,
  dropMemorySchema,
  isolatedSchemaUrl,
  writeDifferentialScenario,
} from "./test-helpers";

const url = process.env.AIF_TEST_POSTGRES_URL;
let shared: SqlClient | undefined;
async function freshClient(): Promise<SqlClient> {
  shared ??= openPgClient(await isolatedSchemaUrl(url as string, "aif_test_contract"));
  await dropMemorySchema(shared);
  return shared;
}
async function freshStore() {
  return createSqlMemoryStore(await freshClient(), { closeClient: false, onWarning: () => {} });
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

  describe("PostgreSQL server vector path", () => {
    it("reports its vector path; without pgvector it warns once and ranks as the in-memory store", async () => {
      const embedder = createHashingEmbedder();
      const warnings: string[] = [];
      const options = { embedder, clock: DIFFERENTIAL_CLOCK };
      const store = await createSqlMemoryStore(await freshClient(), {
        ...options,
        closeClient: false,
        onWarning: (m) => warnings.push(m),
      });
      const native = store.vectorSearch.backend === "pgvector";
      // Debian 12's PostgreSQL 15 (CI) has no pgvector: the in-process fallback. A server with it runs natively.
      expect(store.capabilities.vectorSearch).toBe(native ? "native" : "scan");
      if (!native) expect(store.vectorSearch).toMatchObject({ index: "none", storage: "real[]" });
      const reference = createInMemoryStore(options);
      await writeDifferentialScenario(store);
      await writeDifferentialScenario(reference);
      const result = await compareDifferentialSearches(
        store,
        reference,
        async (text) => (await embedder.embed([text]))[0] as number[],
      );
      expect(result.withVector).toBeGreaterThanOrEqual(40);
      expect(warnings).toHaveLength(native ? 0 : 1);
    }, 120_000);
  });
}
