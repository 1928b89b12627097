import { AifError, formatSignificant } from "@aifactory/core";
import {
  createInMemoryStore,
  evaluateLocomo,
  type LocomoEvaluation,
  type LocomoRetriever,
  type MemoryStoreBenchmarkResult,
  type MemoryStoreV1,
  runMemoryStoreBenchmark,
} from "@aifactory/memory";
import { createPgliteMemoryStore, createPostgresMemoryStore } from "@aifactory/memory-postgres";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { parseChoiceOption, parseNumberOption, readJsonFile } from "../options";
import { renderKeyValues, renderTable } from "../table";

const RETRIEVERS = ["bm25", "hybrid", "cognitive"] as const satisfies readonly LocomoRetriever[];
const STORES = ["memory", "pglite", "postgres"] as const;

function parseKs(raw: string): number[] {
  const ks = raw
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => parseNumberOption("--k", part, { int: true, min: 1, max: 1_000 }));
  if (ks.length === 0) parseNumberOption("--k", raw, { int: true, min: 1 });
  return ks;
}

const pct = (value: number | undefined) => (value === undefined ? "" : `${formatSignificant(value * 100, 3)}%`);

function renderEvaluation(result: LocomoEvaluation): string {
  const groups = [
    ["all", result.overall] as const,
    ...Object.values(result.byCategory).map((g) => [`${g.category} ${g.categoryName}`, g] as const),
  ];
  const rows = groups.map(([category, g]) => {
    const row: Record<string, string | number> = { category, questions: g.questions };
    for (const k of result.ks) {
      row[`turn R@${k}`] = pct(g.turn.recall[String(k)]);
      row[`turn nDCG@${k}`] = pct(g.turn.ndcg[String(k)]);
      row[`session R@${k}`] = pct(g.session.recall[String(k)]);
    }
    return row;
  });
  const head = renderKeyValues([
    ["retriever", result.retriever],
    ["conversations", result.conversations],
    ["turns", result.turns],
    ["questions skipped (no known evidence)", result.skippedQuestions],
  ]);
  return `${head}\n${renderTable(rows)}`;
}

/** Where LoCoMo comes from: it is CC BY-NC 4.0, so it is never bundled and users download it themselves. */
const LOCOMO_DOWNLOAD =
  "download data/locomo10.json from https://github.com/snap-research/locomo (e.g. curl -LO https://raw.githubusercontent.com/snap-research/locomo/main/data/locomo10.json; CC BY-NC 4.0) and pass --data path/to/locomo10.json";

function readLocomoData(path: string): unknown {
  try {
    return readJsonFile(path, "LoCoMo data");
  } catch (error) {
    if (error instanceof AifError && (error.cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
      throw new AifError("INVALID_INPUT", `--data: LoCoMo file "${path}" not found`, {
        hint: LOCOMO_DOWNLOAD,
        cause: error,
      });
    }
    throw error;
  }
}

function renderBenchmark(result: MemoryStoreBenchmarkResult): string {
  return renderKeyValues([
    ["store", result.storeId],
    ["memories", result.n],
    ["ingest", `${formatSignificant(result.ingestPerSecond, 3)} memories/s (batches of ${result.batchSize})`],
    ["search p50", `${formatSignificant(result.searchP50Ms, 3)} ms`],
    ["search p99", `${formatSignificant(result.searchP99Ms, 3)} ms`],
    ["queries", result.queries],
  ]);
}

async function openStore(
  kind: (typeof STORES)[number],
  flags: { url?: string; dataDir?: string },
): Promise<MemoryStoreV1> {
  if (kind === "memory") return createInMemoryStore();
  if (kind === "pglite") return createPgliteMemoryStore(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir });
  const url = flags.url ?? process.env.AIF_POSTGRES_URL;
  if (url === undefined) {
    throw new AifError("INVALID_INPUT", "--store postgres needs a connection string", {
      hint: "pass --url postgres://user:password@host:5432/db or set AIF_POSTGRES_URL",
    });
  }
  return createPostgresMemoryStore({ connectionString: url });
}

/**
 * Registers `aif memory eval locomo` and `aif memory bench`.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * # locomo10.json: from https://github.com/snap-research/locomo (data/locomo10.json)
 * aif memory eval locomo --data path/to/locomo10.json --retriever bm25 --k 5,10 --json
 * aif memory bench --store memory --n 100000 --json
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerMemoryCommands(program: Command, context: CliContext): void {
  const memory = program.command("memory").description("agent memory: retrieval evaluation and store benchmarks");
  const evaluate = memory.command("eval").description("evaluate memory retrieval on a benchmark");
  evaluate
    .command("locomo")
    .description(
      "evidence recall@k and NDCG@k on LoCoMo (turn and session level, per category: 1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop, 5 adversarial)",
    )
    .requiredOption(
      "--data <path>",
      "LoCoMo's locomo10.json: download data/locomo10.json from https://github.com/snap-research/locomo (CC BY-NC 4.0; never bundled)",
    )
    .option("--retriever <name>", `one of ${RETRIEVERS.join(", ")}`, "bm25")
    .option("--k <list>", "comma-separated cut-offs", "5,10")
    .option("--conversations <n>", "only the first n conversations")
    .action(async (flags: { data: string; retriever: string; k: string; conversations?: string }) => {
      const retriever = parseChoiceOption("--retriever", flags.retriever, RETRIEVERS);
      const ks = parseKs(flags.k);
      const maxConversations =
        flags.conversations === undefined
          ? undefined
          : parseNumberOption("--conversations", flags.conversations, { int: true, min: 1 });
      const data = readLocomoData(flags.data);
      const progress = context.progress(`LoCoMo ${retriever}`, maxConversations ?? 10);
      try {
        const result = await evaluateLocomo(data, {
          retriever,
          ks,
          ...(maxConversations === undefined ? {} : { maxConversations }),
          onProgress: (done) => progress.update(done),
        });
        context.print(result, () => renderEvaluation(result));
      } finally {
        progress.stop();
      }
    });

  memory
    .command("bench")
    .description(
      "ingest n synthetic memories in batches, then time searches (ingestPerSecond, searchP50Ms, searchP99Ms)",
    )
    .option("--store <kind>", `one of ${STORES.join(", ")}`, "memory")
    .option("--n <count>", "memories to ingest", "10000")
    .option("--batch-size <count>", "memories per addMany", "1000")
    .option("--queries <count>", "searches to time", "200")
    .option("--url <connection>", "PostgreSQL connection string (--store postgres; or AIF_POSTGRES_URL)")
    .option("--data-dir <path>", "PGlite directory (--store pglite; default in memory)")
    .action(
      async (flags: {
        store: string;
        n: string;
        batchSize: string;
        queries: string;
        url?: string;
        dataDir?: string;
      }) => {
        const kind = parseChoiceOption("--store", flags.store, STORES);
        const n = parseNumberOption("--n", flags.n, { int: true, min: 1, max: 10_000_000 });
        const batchSize = parseNumberOption("--batch-size", flags.batchSize, { int: true, min: 1, max: 10_000 });
        const queries = parseNumberOption("--queries", flags.queries, { int: true, min: 1, max: 100_000 });
        const store = await openStore(kind, flags);
        const progress = context.progress(`ingest into ${kind}`, n);
        try {
          const result = await runMemoryStoreBenchmark(store, {
            n,
            batchSize,
            queries,
            onProgress: (done) => progress.update(done),
          });
          context.print(result, () => renderBenchmark(result));
        } finally {
          progress.stop();
          await store.close();
        }
      },
    );
}
