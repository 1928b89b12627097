import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createInMemoryStore } from "../store/in-memory-store";
import { termFrequencies, tokenize } from "../text/tokenize";
import { bm25Idf, bm25TermScore } from "./bm25";
import { type Bm25Scratch, bm25TopK, bm25TopKExhaustive, newBm25Scratch, type QueryTerm } from "./bm25-top-k";
import { appendTermPosting, internTerm, newTermIndex, removeTermPosting } from "./term-index";

/** Builds an index from documents given as term lists; `removed` documents are appended then removed. */
function buildIndex(documents: number[][], removed: ReadonlySet<number>) {
  const lengths = new Float32Array(Math.max(1, documents.length));
  const index = newTermIndex();
  let total = 0;
  documents.forEach((terms, doc) => {
    const tf = new Map<number, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    lengths[doc] = terms.length;
    total += terms.length;
    for (const [term, f] of tf) appendTermPosting(index, internTerm(index, String(term)), doc, f, terms.length);
  });
  for (const doc of removed) {
    for (const term of new Set(documents[doc])) removeTermPosting(index, String(term), doc, lengths);
    total -= lengths[doc] as number;
  }
  const n = documents.length - removed.size;
  /** The query's terms present in the index, with their idf. */
  const queryTerms = (query: readonly number[]): QueryTerm[] =>
    query
      .map((t) => index.ids.get(String(t)))
      .filter((term): term is number => term !== undefined)
      .map((term) => ({ term, idf: bm25Idf(n, index.count[term] as number) }));
  return { lengths, index, averageLength: total / Math.max(1, n) || 1, n, queryTerms };
}

// Small vocabularies and short documents make many equal scores, the hard case for exact pruning.
const corpusArb = fc.record({
  documents: fc.array(fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 9 }), {
    minLength: 1,
    maxLength: 400,
  }),
  query: fc.uniqueArray(fc.integer({ min: 0, max: 13 }), { minLength: 1, maxLength: 6 }),
  k: fc.integer({ min: 1, max: 30 }),
  k1: fc.constantFrom(0, 0.5, 1.2, 2),
  b: fc.constantFrom(0, 0.3, 0.75, 1),
  eligibleSeed: fc.integer({ min: 0, max: 6 }),
  removeEvery: fc.integer({ min: 0, max: 9 }),
});

describe("bm25TopK (MaxScore) against exhaustive scoring", () => {
  it("returns the same documents and bit-identical scores on random corpora and queries", () => {
    // One scratch for every query, as a store reuses it: leftovers of a query must never leak into the next.
    const scratch: Bm25Scratch = newBm25Scratch();
    fc.assert(
      fc.property(corpusArb, ({ documents, query, k, k1, b, eligibleSeed, removeEvery }) => {
        const removed = new Set(
          removeEvery === 0 ? [] : documents.map((_, i) => i).filter((i) => i % 7 === removeEvery),
        );
        const index = buildIndex(documents, removed);
        const input = {
          index: index.index,
          terms: index.queryTerms(query),
          lengths: index.lengths,
          averageLength: index.averageLength,
          k1,
          b,
          k,
          eligible: (doc: number) => !removed.has(doc) && (eligibleSeed === 0 || doc % (eligibleSeed + 1) !== 0),
        };
        expect(bm25TopK(input, scratch)).toEqual(bm25TopKExhaustive(input));
      }),
      { numRuns: 300 },
    );
  });

  it("prunes: a long common list is not walked once the rare terms fill the top k", () => {
    // 2 000 documents hold the common term; 20 hold both. The top 10 need both terms.
    const documents = Array.from({ length: 4_000 }, (_, i) => (i % 2 === 0 ? (i % 200 === 0 ? [0, 1] : [0, 2]) : [3]));
    const index = buildIndex(documents, new Set());
    let asked = 0;
    const input = {
      index: index.index,
      terms: index.queryTerms([0, 1]),
      lengths: index.lengths,
      averageLength: index.averageLength,
      k1: 1.2,
      b: 0.75,
      k: 10,
      eligible: () => {
        asked++;
        return true;
      },
    };
    const pruned = bm25TopK(input);
    expect(pruned).toEqual(bm25TopKExhaustive({ ...input, eligible: () => true }));
    expect(asked).toBeLessThan(40);
  });
});

describe("in-memory store search against a reference BM25", () => {
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
  it("returns the exhaustive top-k (ids and scores) with scope, status and filters applied", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            words: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 7 }),
            agent: fc.constantFrom("a1", "a2"),
            forget: fc.boolean(),
          }),
          { minLength: 1, maxLength: 80 },
        ),
        fc.uniqueArray(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<"a1" | undefined>(undefined, "a1"),
        async (memories, queryWords, k, agentId) => {
          const store = createInMemoryStore({ clock: () => Date.parse("2026-01-01T00:00:00Z") });
          const added = await store.addMany(
            memories.map((m) => ({ scope: { userId: "u", agentId: m.agent }, content: m.words.join(" ") })),
          );
          await store.add({ scope: { userId: "other" }, content: queryWords.join(" ") });
          for (let i = 0; i < added.length; i++) {
            if ((memories[i] as (typeof memories)[number]).forget) {
              await store.forget({
                scope: { userId: "u" },
                id: (added[i] as (typeof added)[number]).id,
                reason: "test",
              });
            }
          }
          const text = queryWords.join(" ");
          const { hits } = await store.search({
            scope: { userId: "u", agentId },
            text,
            k,
            scoring: { candidateCount: k },
            recordAccess: false,
          });
          // Reference: the whole user's corpus statistics, every visible memory scored.
          const docs = added.map((r) => termFrequencies(tokenize(r.content)));
          const lengths = docs.map((d) => [...d.values()].reduce((a, v) => a + v, 0));
          const avgdl = lengths.reduce((a, v) => a + v, 0) / docs.length;
          const terms = [...new Set(tokenize(text))];
          const df = new Map(terms.map((t) => [t, docs.filter((d) => d.has(t)).length]));
          const expected = added
            .map((r, i) => ({
              id: r.id,
              visible:
                !(memories[i] as (typeof memories)[number]).forget &&
                (agentId === undefined || r.scope.agentId === agentId),
              score: terms.reduce((acc, t) => {
                const tf = (docs[i] as Map<string, number>).get(t) ?? 0;
                return tf === 0
                  ? acc
                  : acc + bm25TermScore(tf, lengths[i] as number, avgdl, bm25Idf(docs.length, df.get(t) ?? 0));
              }, 0),
              i,
            }))
            .filter((e) => e.visible && e.score > 0)
            .sort((x, y) => y.score - x.score || x.i - y.i)
            .slice(0, k);
          const got = hits.map((h) => ({ id: h.memory.id, raw: h.explanation.find((c) => c.name === "bm25")?.value }));
          expect(got.length).toBe(expected.length);
          got.forEach((g, i) => {
            expect(g.raw).toBeCloseTo((expected[i] as (typeof expected)[number]).score, 9);
          });
          // Ids must agree wherever the scores are not tied (summation order may differ in the last bit).
          const strict = (s: number) => expected.filter((e) => e.score > s + 1e-9).map((e) => e.id);
          const kth = expected[expected.length - 1]?.score ?? 0;
          expect(new Set(got.map((g) => g.id))).toEqual(
            new Set([...strict(kth), ...got.filter((g) => Math.abs((g.raw ?? 0) - kth) <= 1e-9).map((g) => g.id)]),
          );
          for (const id of strict(kth)) expect(got.map((g) => g.id)).toContain(id);
          // The BM25-only fast path (top k retrieved) ranks exactly like the re-ranking path (top 200 retrieved,
          // then re-ranked by a component that adds nothing).
          const reranked = await store.search({
            scope: { userId: "u", agentId },
            text,
            k,
            scoring: { candidateCount: 200, importance: { enabled: true, weight: 0 } },
            recordAccess: false,
          });
          expect(reranked.hits.map((h) => [h.memory.id, h.score])).toEqual(hits.map((h) => [h.memory.id, h.score]));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("term index", () => {
  it("gives an emptied term's id to the next new term, with fresh bounds", () => {
    const index = newTermIndex();
    const lengths = Float32Array.of(3, 5, 2);
    const gone = internTerm(index, "gone");
    appendTermPosting(index, gone, 0, 9, 3);
    appendTermPosting(index, gone, 1, 2, 5);
    removeTermPosting(index, "gone", 0, lengths);
    removeTermPosting(index, "gone", 1, lengths);
    expect(index.ids.has("gone")).toBe(false);
    const next = internTerm(index, "next");
    expect(next).toBe(gone);
    appendTermPosting(index, next, 2, 1, 2);
    expect([index.count[next], index.maxTf[next], index.minLength[next], index.long[next]]).toEqual([
      1,
      1,
      2,
      undefined,
    ]);
  });
});
