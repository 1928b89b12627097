import { bm25Idf, bm25TermScore } from "@aifactory/memory";
import { describe, expect, it } from "vitest";
import {
  bestOf,
  bestOfSet,
  byRank,
  decodeAll,
  encodeSegments,
  type IndexedMemory,
  type ScoredSeq,
  scoreAll,
  scoreInto,
  termBucket,
  termPostings,
} from "./bm25-postings";

/** Mulberry32: a small seeded PRNG. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WORDS = ["coffee", "walk", "café", "東京", "ñandú", "x1", "42", "zeppelin", "a".repeat(64)];

function memories(count: number, seed: number, firstSeq: number, step: number): IndexedMemory[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => {
    const terms = new Map<string, number>();
    for (let w = 0; w < 1 + Math.floor(random() * 6); w++) {
      const term = WORDS[Math.floor(random() * WORDS.length)] as string;
      terms.set(term, (terms.get(term) ?? 0) + 1 + Math.floor(random() * 3));
    }
    let tokenCount = 0;
    for (const tf of terms.values()) tokenCount += tf;
    return { seq: firstSeq + i * step, terms, tokenCount };
  });
}

/** Splits an encoded batch back into (bucket, text) rows. */
function rows(list: readonly IndexedMemory[]): Array<[number, string]> {
  const encoded = encodeSegments(list);
  const texts = encoded.joined.split("\u001e");
  expect(texts.length).toBe(encoded.buckets.length);
  return encoded.buckets.map((b, i) => [b, texts[i] as string]);
}

describe("BM25 segments", () => {
  it("encode then decode gives every posting back, in its term's bucket, for seqs up to 2^53", () => {
    for (const [firstSeq, step] of [
      [1, 1],
      [1_000, 977],
      [2 ** 53 - 10_000, 97],
    ] as const) {
      const list = memories(60, firstSeq % 1000, firstSeq, step);
      // Two segments of one bucket concatenated, as a merge leaves them.
      const byBucket = new Map<number, string>();
      for (const part of [list.slice(0, 25), list.slice(25)]) {
        for (const [bucket, text] of rows(part)) byBucket.set(bucket, (byBucket.get(bucket) ?? "") + text);
      }
      const decoded: string[] = [];
      for (const [bucket, text] of byBucket) {
        for (const [term, p] of decodeAll([text])) {
          expect(termBucket(term)).toBe(bucket);
          const direct = termPostings([text], term);
          expect(direct).toEqual(p);
          p.seqs.forEach((seq, i) => {
            decoded.push(`${term} ${seq} ${p.tfs[i]} ${p.lengths[i]}`);
          });
        }
      }
      const expected = list.flatMap((m) => [...m.terms].map(([term, tf]) => `${term} ${m.seq} ${tf} ${m.tokenCount}`));
      expect(decoded.sort()).toEqual(expected.sort());
    }
  });

  it("a term is never found inside another term's entry", () => {
    const list: IndexedMemory[] = [
      { seq: 1, terms: new Map([["ab", 1]]), tokenCount: 1 },
      { seq: 2, terms: new Map([["b", 2]]), tokenCount: 2 },
    ];
    const texts = rows(list).map(([, text]) => text);
    expect(termPostings(texts, "b").seqs).toEqual([2]);
    expect(termPostings(texts, "a").seqs).toEqual([]);
  });

  it("scores are the in-memory formula summed per memory, with a dense array or a map alike", () => {
    const params = { documentCount: 500, averageLength: 4.5, k1: 1.2, b: 0.75 };
    for (const step of [1, 5_000_000]) {
      const list = memories(300, 7, 10, step);
      const texts = rows(list).map(([, text]) => text);
      const lists = ["coffee", "東京", "zeppelin"].map((t) => termPostings(texts, t));
      const scored = scoreAll(lists, params, { scores: new Float64Array(0) });
      const expected = new Map<number, number>();
      for (const l of lists) {
        const idf = bm25Idf(params.documentCount, l.seqs.length);
        l.seqs.forEach((seq, i) => {
          const c = bm25TermScore(l.tfs[i] as number, l.lengths[i] as number, params.averageLength, idf, 1.2, 0.75);
          expected.set(seq, (expected.get(seq) ?? 0) + c);
        });
      }
      expect(new Map(scored.map((c) => [c.seq, c.score]))).toEqual(expected);
    }
  });

  it("bestOf keeps the best candidates, ties to the smaller seq", () => {
    const random = mulberry32(3);
    const candidates: ScoredSeq[] = Array.from({ length: 2_000 }, (_, i) => ({
      seq: i,
      score: Math.floor(random() * 50) / 7,
    }));
    for (const count of [1, 10, 36, 2_000, 3_000]) {
      expect(bestOf(candidates, count)).toEqual([...candidates].sort(byRank).slice(0, count));
    }
  });

  it("scoreInto and bestOfSet give what scoreAll and bestOf give, parts of a term's postings scored with its whole df", () => {
    const params = { documentCount: 500, averageLength: 4.5, k1: 1.2, b: 0.75 };
    const scratch = { scores: new Float64Array(0) };
    for (const step of [1, 5_000_000]) {
      const list = memories(300, 11, 10, step);
      const texts = rows(list).map(([, text]) => text);
      const lists = ["coffee", "東京", "zeppelin"].map((t) => termPostings(texts, t));
      const expected = new Map(scoreAll(lists, params, scratch).map((c) => [c.seq, c.score]));
      // The same postings split in two disjoint parts per term, each carrying the term's df.
      const parts = lists.flatMap((l) => {
        const half = Math.floor(l.seqs.length / 2);
        const part = (from: number, to: number) => ({
          seqs: Float64Array.from(l.seqs.slice(from, to)),
          tfs: Int32Array.from(l.tfs.slice(from, to)),
          lengths: Int32Array.from(l.lengths.slice(from, to)),
          documentFrequency: l.seqs.length,
        });
        return [part(0, half), part(half, l.seqs.length)];
      });
      const set = scoreInto(parts, params, scratch);
      const got = new Map<number, number>();
      for (let i = 0; i < set.count; i++) got.set(set.seqs[i] as number, set.scores[i] as number);
      expect([...got.keys()].sort((x, y) => x - y)).toEqual([...expected.keys()].sort((x, y) => x - y));
      for (const [seq, score] of expected) expect(got.get(seq)).toBeCloseTo(score, 12);
      const all = scoreAll(parts, params, { scores: new Float64Array(0) });
      for (const count of [1, 10, 36, set.count, set.count + 5]) {
        expect(bestOfSet(set, count)).toEqual(bestOf(all, count));
      }
    }
    // Ties go to the smaller seq, as bestOf.
    const random = mulberry32(5);
    const n = 2_000;
    const tied = { seqs: new Float64Array(n), scores: new Float64Array(n), count: n };
    for (let i = 0; i < n; i++) {
      tied.seqs[i] = n - i;
      tied.scores[i] = Math.floor(random() * 50) / 7;
    }
    const objects = Array.from({ length: n }, (_, i) => ({
      seq: tied.seqs[i] as number,
      score: tied.scores[i] as number,
    }));
    for (const count of [1, 36, n]) expect(bestOfSet(tied, count)).toEqual([...objects].sort(byRank).slice(0, count));
  });
});
