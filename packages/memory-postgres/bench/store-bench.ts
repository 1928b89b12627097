/**
 * `pnpm bench` for @aifactory/memory-postgres: PGlite at 100k memories (issue #7 targets on a 2-core machine:
 * search p99 < 50 ms, batched ingest ≥ 2 000 memories/s), and the in-memory store on the same corpus in the
 * same process as the baseline. A PostgreSQL server too when AIF_TEST_POSTGRES_URL is set.
 * Usage: pnpm --filter @aifactory/memory-postgres bench [n]
 */
import { createInMemoryStore, runMemoryStoreBenchmark } from "@aifactory/memory";
import { createPgliteMemoryStore, createPostgresMemoryStore } from "../src/index";

const n = Number(process.argv[2] ?? 100_000);
const targets = { searchP99Ms: 50, ingestPerSecond: 2_000 };
const stores = [
  ["in-memory (baseline)", () => Promise.resolve(createInMemoryStore())],
  ["pglite", () => createPgliteMemoryStore()],
] as Array<[string, () => Promise<import("@aifactory/memory").MemoryStoreV1>]>;
const url = process.env.AIF_TEST_POSTGRES_URL;
if (url !== undefined) stores.push(["postgres", () => createPostgresMemoryStore({ connectionString: url })]);
for (const [label, open] of stores) {
  const store = await open();
  const result = await runMemoryStoreBenchmark(store, { n, batchSize: 1_000, queries: 300 });
  await store.close();
  const meetsTargets = result.searchP99Ms < targets.searchP99Ms && result.ingestPerSecond >= targets.ingestPerSecond;
  console.log(JSON.stringify({ label, ...result, targets, meetsTargets }));
}
