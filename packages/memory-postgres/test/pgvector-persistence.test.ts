import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHashingEmbedder, syntheticMemoryCorpus } from "@aifactory/memory";
import { afterAll, describe, expect, it } from "vitest";
import { createPgliteMemoryStore } from "../src/store/create-stores";

const embedder = createHashingEmbedder();
const scope = { userId: "persist" };
const corpus = syntheticMemoryCorpus({ n: 300, seed: 11 });
const inputs = Array.from({ length: 300 }, (_, i) => ({ ...corpus.memory(i), scope }));
const queries = Array.from({ length: 5 }, () => corpus.query());

interface Answer {
  retrievers: string;
  contents: string[];
  scores: number[];
}

/** The top hits of a few embedding-only and hybrid searches. */
async function answers(store: Awaited<ReturnType<typeof createPgliteMemoryStore>>): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const text of queries) {
    const [embedding] = await embedder.embed([text]);
    for (const input of [
      { scope, embedding, k: 5, recordAccess: false },
      { scope, text, k: 5, recordAccess: false },
    ]) {
      const { hits, retrievers } = await store.search(input);
      out.push({
        retrievers: retrievers.join("+"),
        contents: hits.map((h) => h.memory.content),
        scores: hits.map((h) => h.score),
      });
    }
  }
  return out;
}

describe("PGlite directory with pgvector: persistence", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("a reopened directory keeps its vectors, its HNSW index and its answers", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "aif-memory-pgvector-"));
    dirs.push(dataDir);
    const first = await createPgliteMemoryStore({ dataDir, embedder, vectorIndexMinRows: 0 });
    expect(first.vectorSearch).toMatchObject({ backend: "pgvector", index: "hnsw", storage: "vector" });
    await first.addMany(inputs);
    const before = await answers(first);
    expect(before.filter((a) => a.retrievers === "bm25+vector").length).toBe(5);
    await first.close();

    const second = await createPgliteMemoryStore({ dataDir, embedder, vectorIndexMinRows: 0 });
    try {
      expect(second.vectorSearch.backend).toBe("pgvector");
      expect((await second.stats({ scope })).withEmbeddingCount).toBe(300);
      expect(await answers(second)).toEqual(before);
    } finally {
      await second.close();
    }
    // Opened without pgvector, the directory's vector column cannot be read: a clear error, not wrong answers.
    await expect(createPgliteMemoryStore({ dataDir, usePgvector: false })).rejects.toMatchObject({
      code: "INVALID_CONFIGURATION",
    });
  }, 240_000);

  it("a directory written without pgvector moves its embeddings into the vector column on the next open", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "aif-memory-pgvector-migrate-"));
    dirs.push(dataDir);
    const plain = await createPgliteMemoryStore({ dataDir, embedder, usePgvector: false });
    expect(plain.vectorSearch).toMatchObject({
      backend: "in-process",
      storage: "real[]",
      reason: "usePgvector: false",
    });
    await plain.addMany(inputs);
    const before = await answers(plain);
    await plain.close();

    const upgraded = await createPgliteMemoryStore({ dataDir, embedder, vectorIndexMinRows: 0 });
    try {
      expect(upgraded.vectorSearch).toMatchObject({ backend: "pgvector", storage: "vector" });
      expect((await upgraded.stats({ scope })).withEmbeddingCount).toBe(300);
      // Same memories, same scores to 1e-5 (single- vs double-precision sums), same order.
      const after = await answers(upgraded);
      expect(after.map((a) => [a.retrievers, a.contents])).toEqual(before.map((a) => [a.retrievers, a.contents]));
      after.forEach((a, i) => {
        a.scores.forEach((score, r) => {
          expect(score).toBeCloseTo(before[i]?.scores[r] ?? Number.NaN, 5);
        });
      });
    } finally {
      await upgraded.close();
    }
  }, 240_000);
});
