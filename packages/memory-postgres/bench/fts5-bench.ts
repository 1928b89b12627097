/**
 * The Postgres store against SQLite FTS5, side by side (issue #23):
 * `pnpm --filter @aifactory/memory-postgres bench:fts5 [n] [queries] [reps] [corpora]`
 * (defaults 100 000, 200, 3, `zipf,locomo`).
 *
 * For each corpus of `n` short memories (bench/corpora.ts), all in one user's scope:
 * - ingest: `reps` fresh loads into the PGlite store (`addMany`, batches of 1 000) and into SQLite FTS5
 *   (better-sqlite3 12, in memory, one transaction of prepared INSERTs per batch of 1 000), alternating;
 *   memories per second over the whole load, median of the `reps` loads;
 * - search: the same queries, interleaved one by one (PGlite then SQLite, then the order swapped for the next
 *   query), `reps` passes over the last loaded databases: p50 and p99 of each pass, median of the `reps`
 *   passes. PGlite: the store's `search` (lexical only, k = 10, no access logging), which returns whole
 *   records; SQLite: `SELECT rowid, content ... WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10` with the same
 *   stemmed terms OR-ed (FTS5's default tokenizer does not stem, so the store's terms are quoted);
 * - with `AIF_TEST_POSTGRES_URL` set, a PostgreSQL server's store too (same loads and passes against SQLite);
 *   `AIF_BENCH_BACKENDS=postgres` runs the server only (default `pglite,postgres`; `pglite-disk` adds PGlite
 *   in a temporary data directory: logged tables and real files, as a persistent embedded store runs).
 *
 * Each line names the machine (CPU model, cores) and the 1-minute load average before and after; on a shared
 * machine compare the ratios, measured under the same load.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type AddMemoryInput, type MemoryStoreV1, termFrequencies, tokenize } from "@aifactory/memory";
import { createSqlMemoryStore, openPgClient, openPgliteClient, type SqlClient } from "../src/index";
import { type Corpus, findLocomo, locomoCorpus, zipfCorpus } from "./corpora";

const args = process.argv.slice(2);
const n = Number(args[0] ?? 100_000);
const queryCount = Number(args[1] ?? 200);
const reps = Number(args[2] ?? 3);
const wanted = (args[3] ?? "zipf,locomo").split(",");
const k = 10;
const batchSize = 1_000;
const scope = { userId: "bench-user" };
const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, Node ${process.versions.node}`;
const load = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
const round2 = (x: number) => Math.round(x * 100) / 100;
const print = (line: Record<string, unknown>) => console.log(JSON.stringify({ ...line, machine }));

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}
const median = (xs: readonly number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
function summary(latencies: readonly number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

// SQLite FTS5 ---------------------------------------------------------------------------------------------
type SqliteStatement = { run(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] };
type SqliteDatabase = {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  transaction<T extends (...a: never[]) => unknown>(f: T): T;
  close(): void;
};
const require = createRequire(import.meta.url);
const Sqlite = require(process.env.AIF_BENCH_SQLITE_MODULE ?? "better-sqlite3") as new (path: string) => SqliteDatabase;

interface Side {
  ingestPerSecond: number;
  search: (text: string) => unknown | Promise<unknown>;
  close: () => Promise<void> | void;
}

function loadSqlite(texts: readonly string[]): Side {
  const db = new Sqlite(":memory:");
  db.exec("CREATE VIRTUAL TABLE docs USING fts5(content)");
  const insert = db.prepare("INSERT INTO docs(rowid, content) VALUES (?, ?)");
  const insertBatch = db.transaction((rows: Array<[number, string]>) => {
    for (const [id, content] of rows) insert.run(id, content);
  });
  const started = performance.now();
  for (let done = 0; done < texts.length; done += batchSize) {
    insertBatch(texts.slice(done, done + batchSize).map((content, i): [number, string] => [done + i + 1, content]));
  }
  const ingestPerSecond = texts.length / ((performance.now() - started) / 1000);
  const statement = db.prepare("SELECT rowid, content FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?");
  return {
    ingestPerSecond,
    search(text) {
      const terms = [...termFrequencies(tokenize(text)).keys()].map((t) => `"${t}"`);
      return terms.length === 0 ? [] : statement.all(terms.join(" OR "), k);
    },
    close: () => db.close(),
  };
}

// The Postgres store ----------------------------------------------------------------------------------------
async function loadStore(texts: readonly string[], open: () => Promise<SqlClient>): Promise<Side> {
  const client = await open();
  const store: MemoryStoreV1 = await createSqlMemoryStore(client, { usePgvector: false, onWarning: () => {} });
  const started = performance.now();
  for (let done = 0; done < texts.length; done += batchSize) {
    const batch: AddMemoryInput[] = texts.slice(done, done + batchSize).map((content) => ({ scope, content }));
    await store.addMany(batch);
  }
  const ingestPerSecond = texts.length / ((performance.now() - started) / 1000);
  return {
    ingestPerSecond,
    search: (text) => store.search({ scope, text, k, recordAccess: false, scoring: { vector: { enabled: false } } }),
    close: () => store.close(),
  };
}

async function compare(corpus: Corpus, backend: string, open: () => Promise<SqlClient>): Promise<void> {
  const loadBefore = load();
  const storeIngest: number[] = [];
  const sqliteIngest: number[] = [];
  let store: Side | undefined;
  let sqlite: Side | undefined;
  for (let r = 0; r < reps; r++) {
    await store?.close();
    await sqlite?.close();
    sqlite = loadSqlite(corpus.texts);
    store = await loadStore(corpus.texts, open);
    storeIngest.push(store.ingestPerSecond);
    sqliteIngest.push(sqlite.ingestPerSecond);
  }
  if (store === undefined || sqlite === undefined) return;
  const loadAfterIngest = load();
  // Warm-up: the first queries of the list, both sides.
  for (const text of corpus.queries.slice(0, 20)) {
    await store.search(text);
    await sqlite.search(text);
  }
  const passes: Array<{ store: ReturnType<typeof summary>; sqlite: ReturnType<typeof summary> }> = [];
  for (let r = 0; r < reps; r++) {
    const a: number[] = [];
    const b: number[] = [];
    for (const [i, text] of corpus.queries.entries()) {
      const sides: Array<[Side, number[]]> = [
        [store, a],
        [sqlite, b],
      ];
      if (i % 2 === 1) sides.reverse();
      for (const [side, latencies] of sides) {
        const started = performance.now();
        await side.search(text);
        latencies.push(performance.now() - started);
      }
    }
    passes.push({ store: summary(a), sqlite: summary(b) });
  }
  await store.close();
  await sqlite.close();
  const s = {
    ingestPerSecond: Math.round(median(storeIngest)),
    searchP50Ms: round2(median(passes.map((p) => p.store.p50Ms))),
    searchP99Ms: round2(median(passes.map((p) => p.store.p99Ms))),
  };
  const f = {
    ingestPerSecond: Math.round(median(sqliteIngest)),
    searchP50Ms: round2(median(passes.map((p) => p.sqlite.p50Ms))),
    searchP99Ms: round2(median(passes.map((p) => p.sqlite.p99Ms))),
  };
  print({
    corpus: corpus.name,
    backend,
    n,
    k,
    queries: corpus.queries.length,
    reps,
    store: s,
    sqliteFts5: f,
    ratio: {
      searchP50: round2(s.searchP50Ms / f.searchP50Ms),
      searchP99: round2(s.searchP99Ms / f.searchP99Ms),
      ingest: round2(f.ingestPerSecond / s.ingestPerSecond),
    },
    passes: passes.map((p) => ({
      store: [round2(p.store.p50Ms), round2(p.store.p99Ms)],
      sqlite: [round2(p.sqlite.p50Ms), round2(p.sqlite.p99Ms)],
    })),
    storeIngestRuns: storeIngest.map(Math.round),
    loadBefore,
    loadAfterIngest,
    loadAfter: load(),
    date: new Date().toISOString(),
  });
}

const corpora: Corpus[] = [];
if (wanted.includes("zipf")) corpora.push(zipfCorpus(n, queryCount));
const locomo = findLocomo();
if (wanted.includes("locomo")) {
  if (locomo) corpora.push(locomoCorpus(locomo, n, queryCount));
  else print({ note: "LoCoMo not found (shared/reference/locomo/locomo10.json): zipf corpus only" });
}
const url = process.env.AIF_TEST_POSTGRES_URL;
const backends = (process.env.AIF_BENCH_BACKENDS ?? "pglite,postgres").split(",");
for (const corpus of corpora) {
  if (backends.includes("pglite")) {
    await compare(corpus, "pglite", () => openPgliteClient(undefined, { pgvector: false }));
  }
  if (backends.includes("pglite-disk")) {
    // A data directory: logged tables and real files, as a persistent embedded store runs.
    await compare(corpus, "pglite-disk", () => {
      const dir = mkdtempSync(join(tmpdir(), "aif-fts5-bench-"));
      process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
      return openPgliteClient(dir, { pgvector: false });
    });
  }
  if (url !== undefined && backends.includes("postgres")) {
    await compare(corpus, "postgres", async () => {
      const client = openPgClient(url);
      await client.query(
        "DROP TABLE IF EXISTS aif_memories, aif_memory_terms, aif_memory_corpus, aif_memory_postings, aif_memory_segments, aif_memory_migrations, aif_memory_vector_dims",
      );
      return client;
    });
  }
}
