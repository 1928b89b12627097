/**
 * Lexical (BM25) benchmark of @aifactory/memory-postgres: `pnpm --filter @aifactory/memory-postgres bench:lexical [n]`
 * (also the first part of `pnpm bench`).
 *
 * For each corpus of `n` short memories (default 100 000), all in one user's scope (the worst case):
 * - ingest into PGlite in batches of 1 000 (memories/s over the whole load);
 * - search p50/p99 through the term postings (the store's `search`, lexical only, k = 10, no access logging);
 * - the same queries through the previous version's SQL scoring (a GIN `tsvector` index for candidates and BM25
 *   computed for every matching row with `array_position` per term), on the same rows in the same process,
 *   after building that index: the baseline ratio;
 * - SQLite FTS5 (`bm25()`, better-sqlite3) on the same texts, when a better-sqlite3 module can be loaded
 *   (`AIF_BENCH_SQLITE_MODULE`, a path to it, or `better-sqlite3` resolvable from here). The package does not
 *   depend on it; the line says so when it is missing;
 * - a PostgreSQL server too when AIF_TEST_POSTGRES_URL is set.
 *
 * Corpora (deterministic, seeded): `zipf`, the `@aifactory/memory` synthetic corpus (Zipf pseudo-words,
 * three-word queries); `locomo`, turns of LoCoMo (shared/reference/locomo/locomo10.json) repeated with
 * variations (speaker names, a few words swapped for words of other turns, a session tag) and LoCoMo's own
 * questions as queries: real English with very common words, whose long posting lists the synthetic corpus
 * never has. Each line records the 1-minute load average before and after (2 cores: above 2 means waiting for a
 * core); compare ratios measured in the same run.
 */
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { type AddMemoryInput, bm25Idf, type MemoryStoreV1, termFrequencies, tokenize } from "@aifactory/memory";
import { createSqlMemoryStore, openPgClient, openPgliteClient, type SqlClient } from "../src/index";
import { type Corpus, findLocomo, locomoCorpus, zipfCorpus } from "./corpora";

const [n = 100_000, queryCount = 300] = process.argv.slice(2).map(Number);
const k = 10;
const batchSize = 1_000;
const scope = { userId: "bench-user" };
const load = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
const print = (line: Record<string, unknown>) =>
  console.log(JSON.stringify({ ...line, cores: availableParallelism() }));
const round2 = (x: number) => Math.round(x * 100) / 100;

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}
function latencySummary(latencies: readonly number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { searchP50Ms: round2(percentile(sorted, 50)), searchP99Ms: round2(percentile(sorted, 99)) };
}

async function ingest(store: MemoryStoreV1, texts: readonly string[]): Promise<number> {
  let ms = 0;
  for (let done = 0; done < texts.length; done += batchSize) {
    const batch: AddMemoryInput[] = texts.slice(done, done + batchSize).map((content) => ({ scope, content }));
    const started = performance.now();
    await store.addMany(batch);
    ms += performance.now() - started;
  }
  return texts.length / (ms / 1000);
}

async function timeStoreSearches(store: MemoryStoreV1, queries: readonly string[]) {
  const latencies: number[] = [];
  const answers: string[][] = [];
  for (const text of queries) {
    const started = performance.now();
    const result = await store.search({ scope, text, k, recordAccess: false, scoring: { vector: { enabled: false } } });
    latencies.push(performance.now() - started);
    answers.push(result.hits.map((h) => h.memory.content));
  }
  return { ...latencySummary(latencies), answers };
}

/**
 * The previous version's lexical search, verbatim in its SQL: GIN candidates, BM25 for every match from the
 * row's term arrays (`array_position` per term), then the winners' rows.
 */
async function timeOldSqlSearches(client: SqlClient, queries: readonly string[]) {
  const latencies: number[] = [];
  const answers: string[][] = [];
  const k1 = 1.2;
  const b = 0.75;
  for (const text of queries) {
    const started = performance.now();
    const terms = [...new Set(tokenize(text))].slice(0, 64);
    const stats = (
      await client.query<{ term: string | null; df: string | number; total: string | number }>(
        `SELECT NULL::text AS term, doc_count AS df, total_tokens AS total FROM aif_memory_corpus WHERE user_id = $1
         UNION ALL SELECT term, df, 0 FROM aif_memory_terms WHERE user_id = $1 AND term = ANY($2::text[])`,
        [scope.userId, terms],
      )
    ).rows;
    const corpusRow = stats.find((r) => r.term === null);
    const docs = Number(corpusRow?.df ?? 0);
    const avgdl = Number(corpusRow?.total ?? 0) / Math.max(1, docs) || 1;
    const present = stats.filter((r) => r.term !== null && Number(r.df) > 0);
    let contents: string[] = [];
    if (present.length > 0) {
      const values: unknown[] = [];
      const add = (v: unknown) => {
        values.push(v);
        return `$${values.length}`;
      };
      const norm = `(${add(k1)}::float8 * (1 - ${add(b)}::float8 + ${add(b)}::float8 * token_count / ${add(avgdl)}::float8))`;
      const k1p = add(k1 + 1);
      const scoreTerms = present.map((r) => {
        const tf = `COALESCE(term_counts[array_position(terms, ${add(r.term)}::text)], 0)::float8`;
        return `(${add(bm25Idf(docs, Number(r.df)))}::float8 * ${tf} * ${k1p}::float8 / (${tf} + ${norm}))`;
      });
      const tsquery = present.map((r) => `'${r.term}'`).join(" | ");
      const sql = `SELECT content, ranked.score FROM (
          SELECT id AS ranked_id, seq AS ranked_seq, (${scoreTerms.join(" + ")}) AS score FROM aif_memories
          WHERE user_id = ${add(scope.userId)} AND tsv @@ ${add(tsquery)}::tsquery AND status = 'active'
            AND (valid_to_ms IS NULL OR valid_to_ms > ${add(Date.now())})
          ORDER BY score DESC, seq ASC LIMIT ${add(k)}
        ) ranked JOIN aif_memories ON aif_memories.id = ranked.ranked_id
        ORDER BY ranked.score DESC, ranked.ranked_seq ASC`;
      contents = (await client.query<{ content: string }>(sql, values)).rows.map((r) => r.content);
    }
    latencies.push(performance.now() - started);
    answers.push(contents);
  }
  return { ...latencySummary(latencies), answers };
}

/** The previous schema's full-text index, rebuilt on the same rows for the baseline. */
async function buildOldIndex(client: SqlClient): Promise<number> {
  const started = performance.now();
  await client.query("UPDATE aif_memories SET tsv = array_to_tsvector(terms)");
  await client.query("CREATE INDEX IF NOT EXISTS aif_bench_old_tsv ON aif_memories USING gin (tsv)");
  await client.query("VACUUM ANALYZE aif_memories");
  return (performance.now() - started) / 1000;
}

// SQLite FTS5 peer -------------------------------------------------------------------------------------------
type SqliteDatabase = {
  exec(sql: string): void;
  prepare(sql: string): { run(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] };
  transaction<T extends (...a: never[]) => unknown>(f: T): T;
  close(): void;
};
function loadSqlite(): { open: () => SqliteDatabase; from: string } | { missing: string } {
  const require = createRequire(import.meta.url);
  const from = process.env.AIF_BENCH_SQLITE_MODULE ?? "better-sqlite3";
  try {
    const Database = require(from) as new (path: string) => SqliteDatabase;
    return { open: () => new Database(":memory:"), from };
  } catch (error) {
    return { missing: `better-sqlite3 not loadable from "${from}": ${(error as Error).message.split("\n")[0]}` };
  }
}

function sqliteRun(open: () => SqliteDatabase, corpus: Corpus) {
  const db = open();
  db.exec("CREATE VIRTUAL TABLE docs USING fts5(content)");
  const insert = db.prepare("INSERT INTO docs(rowid, content) VALUES (?, ?)");
  const insertBatch = db.transaction((rows: Array<[number, string]>) => {
    for (const [id, content] of rows) insert.run(id, content);
  });
  let ms = 0;
  for (let done = 0; done < corpus.texts.length; done += batchSize) {
    const rows = corpus.texts
      .slice(done, done + batchSize)
      .map((content, i): [number, string] => [done + i + 1, content]);
    const started = performance.now();
    insertBatch(rows as never);
    ms += performance.now() - started;
  }
  // Same terms as the stores' tokenizer, OR-ed (FTS5's own tokenizer does not stem, so the terms are quoted).
  const search = db.prepare("SELECT rowid, content FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?");
  const latencies: number[] = [];
  for (const text of corpus.queries) {
    const terms = [...termFrequencies(tokenize(text)).keys()].map((t) => `"${t}"`);
    const started = performance.now();
    if (terms.length > 0) search.all(terms.join(" OR "), k);
    latencies.push(performance.now() - started);
  }
  db.close();
  return { ingestPerSecond: Math.round(corpus.texts.length / (ms / 1000)), ...latencySummary(latencies) };
}

// Runs -------------------------------------------------------------------------------------------------------
const corpora: Corpus[] = [zipfCorpus(n, queryCount)];
const locomo = findLocomo();
if (locomo) corpora.push(locomoCorpus(locomo, n, queryCount));
else print({ section: "lexical", note: "LoCoMo not found (shared/reference/locomo/locomo10.json): zipf corpus only" });
const sqlite = loadSqlite();
const url = process.env.AIF_TEST_POSTGRES_URL;

for (const corpus of corpora) {
  const backends: Array<[string, () => Promise<SqlClient>]> = [["pglite", () => openPgliteClient()]];
  if (url !== undefined) {
    backends.push([
      "postgres",
      async () => {
        const client = openPgClient(url);
        await client.query(
          "DROP TABLE IF EXISTS aif_memories, aif_memory_terms, aif_memory_corpus, aif_memory_postings, aif_memory_segments, aif_memory_migrations, aif_memory_vector_dims",
        );
        return client;
      },
    ]);
  }
  for (const [backend, open] of backends) {
    const client = await open();
    const store = await createSqlMemoryStore(client, { closeClient: false, usePgvector: false, onWarning: () => {} });
    let loadBefore = load();
    const ingestPerSecond = await ingest(store, corpus.texts);
    print({
      section: "lexical ingest",
      corpus: corpus.name,
      backend,
      n,
      ingestPerSecond: Math.round(ingestPerSecond),
      loadBefore,
      loadAfter: load(),
    });
    await client.query(backend === "pglite" ? "VACUUM ANALYZE" : "ANALYZE");
    // Warm-up, then the postings and the old SQL path alternate by query batch so load drifts hit both alike.
    await timeStoreSearches(store, corpus.queries.slice(0, 20));
    const oldIndexSeconds = await buildOldIndex(client);
    await timeOldSqlSearches(client, corpus.queries.slice(0, 20));
    loadBefore = load();
    const fresh = await timeStoreSearches(store, corpus.queries);
    const old = await timeOldSqlSearches(client, corpus.queries);
    const fresh2 = await timeStoreSearches(store, corpus.queries);
    let differing = 0;
    fresh.answers.forEach((a, i) => {
      if (a.join("\u0000") !== old.answers[i]?.join("\u0000")) differing++;
    });
    print({
      section: "lexical search",
      corpus: corpus.name,
      backend,
      n,
      k,
      queries: corpus.queries.length,
      postings: { searchP50Ms: fresh.searchP50Ms, searchP99Ms: fresh.searchP99Ms },
      postingsRepeat: { searchP50Ms: fresh2.searchP50Ms, searchP99Ms: fresh2.searchP99Ms },
      oldSqlScoring: {
        searchP50Ms: old.searchP50Ms,
        searchP99Ms: old.searchP99Ms,
        indexBuildSeconds: round2(oldIndexSeconds),
      },
      speedupP50: round2(old.searchP50Ms / fresh.searchP50Ms),
      speedupP99: round2(old.searchP99Ms / fresh.searchP99Ms),
      answersDifferingFromOld: differing,
      loadBefore,
      loadAfter: load(),
    });
    await store.close();
    await client.close();
  }
  if ("open" in sqlite) {
    const loadBefore = load();
    print({
      section: "lexical peer",
      corpus: corpus.name,
      peer: "sqlite-fts5 (better-sqlite3, in memory)",
      n,
      k,
      ...sqliteRun(sqlite.open, corpus),
      loadBefore,
      loadAfter: load(),
    });
  } else {
    print({ section: "lexical peer", corpus: corpus.name, peer: "sqlite-fts5", skipped: sqlite.missing });
  }
}
