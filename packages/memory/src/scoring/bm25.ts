/**
 * BM25 inverse document frequency, the non-negative form used by Lucene:
 * `idf = ln(1 + (N − df + 0.5) / (df + 0.5))` (Robertson & Zaragoza 2009, "The Probabilistic Relevance
 * Framework: BM25 and Beyond", eq. 3.3, with Lucene's +1 inside the log so that very common terms never score
 * negative).
 *
 * @param documentCount - N, documents in the collection
 * @param documentFrequency - df, documents that contain the term
 * @returns the idf weight (≥ 0)
 * @example
 * ```ts
 * import { bm25Idf } from "@aifactory/memory";
 * bm25Idf(1000, 10) > bm25Idf(1000, 500); // true
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function bm25Idf(documentCount: number, documentFrequency: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/**
 * BM25 score of one term in one document:
 * `idf · tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl))` (Robertson & Zaragoza 2009).
 *
 * @param termFrequency - tf, occurrences of the term in the document
 * @param documentLength - dl, terms in the document
 * @param averageDocumentLength - avgdl over the collection (> 0)
 * @param idf - from {@link bm25Idf}
 * @param k1 - term-frequency saturation (default 1.2)
 * @param b - length normalisation (default 0.75)
 * @returns the term's contribution to the document's score
 * @example
 * ```ts
 * import { bm25Idf, bm25TermScore } from "@aifactory/memory";
 * bm25TermScore(2, 10, 12, bm25Idf(100, 5));
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function bm25TermScore(
  termFrequency: number,
  documentLength: number,
  averageDocumentLength: number,
  idf: number,
  k1 = 1.2,
  b = 0.75,
): number {
  const norm = k1 * (1 - b + (b * documentLength) / averageDocumentLength);
  return (idf * (termFrequency * (k1 + 1))) / (termFrequency + norm);
}
