/**
 * Exact BM25 top-k over an inverted index with dynamic pruning: document-at-a-time MaxScore (Turtle & Flood
 * 1995, "Query evaluation: strategies and optimizations", IP&M 31(6); in its document-at-a-time form as
 * described by Mallia, Siedlaczek & Suel 2019, "An experimental study of index compression and DAAT query
 * processing methods", ECIR). Internal to the stores: not exported from the package.
 *
 * Every posting list carries an upper bound of its term's contribution (from the largest term frequency and
 * the shortest document in the list, since BM25 grows with tf and shrinks with document length). Terms are
 * ordered by bound; the lists whose bounds together cannot lift a document above the current k-th score
 * ("non-essential") are no longer walked, only probed (binary search) for documents found in the others, and
 * a document is abandoned as soon as its partial score plus the bounds of its unprobed terms cannot enter the
 * top k. Per-block bounds (64 postings) tighten the probe of a non-essential list.
 *
 * Exactness: bounds are inflated by a relative 1e-9 (far above rounding error); a document's score is always
 * the sum of its term contributions in one fixed order (the term order of the query plan), whatever was
 * pruned; ties at the k-th place go to the smaller document number (the older memory), and documents are
 * visited in increasing order, so a later document with a score equal to the k-th never displaces it. The
 * result is therefore identical, ids and scores, to {@link bm25TopKExhaustive}, which the property tests check.
 *
 * The index is the columnar {@link TermIndex}; a search reuses the buffers of a {@link Bm25Scratch} (plan,
 * cursors, partial scores and the top-k heap), so it allocates little beyond its k results.
 */

import { BLOCK_SHIFT, type TermIndex } from "./term-index";

/** Relative slack on every bound, so floating-point rounding can never prune a document that belongs. */
const BOUND_SLACK = 1 + 1e-9;
const NO_DOC = 2_147_483_647;

/** One query term: its id in the index and its idf. */
export interface QueryTerm {
  term: number;
  idf: number;
}

/** What a top-k search needs from the index. */
export interface Bm25TopKInput {
  index: TermIndex;
  /** The query's terms, in query order (duplicates removed), each present in the index. */
  terms: readonly QueryTerm[];
  /** Document lengths by document number. */
  lengths: Float32Array;
  averageLength: number;
  k1: number;
  b: number;
  /** How many documents to return (≥ 1). */
  k: number;
  /** Whether a document may be returned (scope, filters, status, validity); asked only of documents that would enter the top k. */
  eligible: (doc: number) => boolean;
}

/** A scored document. */
export interface ScoredDoc {
  doc: number;
  score: number;
}

/**
 * A bounded min-heap keeping the best `capacity` (score, doc) pairs: higher score first, then smaller doc.
 * Its arrays are reused across searches ({@link TopK.reset}).
 */
class TopK {
  scores = new Float64Array(16);
  docs = new Int32Array(16);
  size = 0;
  capacity = 0;
  /** Empties the heap for a new search keeping the best `capacity` pairs. */
  reset(capacity: number): void {
    if (this.scores.length < capacity) {
      this.scores = new Float64Array(capacity);
      this.docs = new Int32Array(capacity);
    }
    this.capacity = capacity;
    this.size = 0;
  }
  /** Whether (score, doc) would enter (better than the worst kept, or room left). */
  admits(score: number, doc: number): boolean {
    if (this.size < this.capacity) return true;
    const s = this.scores[0] as number;
    return score > s || (score === s && doc < (this.docs[0] as number));
  }
  /** The k-th score once full, −Infinity before. */
  threshold(): number {
    return this.size < this.capacity ? Number.NEGATIVE_INFINITY : (this.scores[0] as number);
  }
  /** Adds a pair that {@link admits} accepted. */
  push(score: number, doc: number): void {
    const scores = this.scores;
    const docs = this.docs;
    // "a is worse than b": lower score, or same score and larger doc.
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        const ps = scores[p] as number;
        if (ps < score || (ps === score && (docs[p] as number) > doc)) break;
        scores[i] = ps;
        docs[i] = docs[p] as number;
        i = p;
      }
      scores[i] = score;
      docs[i] = doc;
      return;
    }
    let i = 0;
    const size = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      let m = l;
      if (r < size) {
        const ls = scores[l] as number;
        const rs = scores[r] as number;
        if (rs < ls || (rs === ls && (docs[r] as number) > (docs[l] as number))) m = r;
      }
      const ms = scores[m] as number;
      if (ms > score || (ms === score && (docs[m] as number) < doc)) break;
      scores[i] = ms;
      docs[i] = docs[m] as number;
      i = m;
    }
    scores[i] = score;
    docs[i] = doc;
  }
  /** Best first. */
  sorted(): ScoredDoc[] {
    const out: ScoredDoc[] = [];
    for (let i = 0; i < this.size; i++) out.push({ score: this.scores[i] as number, doc: this.docs[i] as number });
    return out.sort((x, y) => y.score - x.score || x.doc - y.doc);
  }
}

/**
 * Buffers a search reuses: the query plan, list cursors, partial scores and the top-k heap. One per store
 * (searches are synchronous while they use it); {@link bm25TopK} makes a fresh one when none is given.
 */
export interface Bm25Scratch {
  /** Plan slot → position in `input.terms`, ordered by increasing bound. */
  order: Int32Array;
  /** Bound of each query term, by position in `input.terms`. */
  termBound: Float64Array;
  docsOf: Int32Array[];
  tfsOf: Uint16Array[];
  blockTfOf: Uint16Array[];
  blockLengthOf: Float32Array[];
  /** One-element arrays standing in for the lists of single-document terms, per plan slot. */
  singleDoc: Int32Array[];
  singleTf: Uint16Array[];
  singleBlockTf: Uint16Array[];
  singleBlockLength: Float32Array[];
  count: Int32Array;
  idf: Float64Array;
  bound: Float64Array;
  pos: Int32Array;
  prefix: Float64Array;
  contribution: Float64Array;
  top: TopK;
}

/**
 * Empty search buffers (they grow to the longest query and the largest k seen).
 *
 * @returns the buffers
 */
export function newBm25Scratch(): Bm25Scratch {
  return {
    order: new Int32Array(0),
    termBound: new Float64Array(0),
    docsOf: [],
    tfsOf: [],
    blockTfOf: [],
    blockLengthOf: [],
    singleDoc: [],
    singleTf: [],
    singleBlockTf: [],
    singleBlockLength: [],
    count: new Int32Array(0),
    idf: new Float64Array(0),
    bound: new Float64Array(0),
    pos: new Int32Array(0),
    prefix: new Float64Array(0),
    contribution: new Float64Array(0),
    top: new TopK(),
  };
}

function ensureTerms(scratch: Bm25Scratch, n: number): void {
  if (scratch.order.length >= n) return;
  const size = Math.max(8, n, scratch.order.length * 2);
  scratch.order = new Int32Array(size);
  scratch.termBound = new Float64Array(size);
  scratch.count = new Int32Array(size);
  scratch.idf = new Float64Array(size);
  scratch.bound = new Float64Array(size);
  scratch.pos = new Int32Array(size);
  scratch.prefix = new Float64Array(size);
  scratch.contribution = new Float64Array(size);
  while (scratch.singleDoc.length < size) {
    scratch.singleDoc.push(new Int32Array(1));
    scratch.singleTf.push(new Uint16Array(1));
    scratch.singleBlockTf.push(new Uint16Array(1));
    scratch.singleBlockLength.push(new Float32Array(1));
  }
}

/** Upper bound of `idf · tf(k1+1) / (tf + k1(1 − b + b·dl/avgdl))` for tf ≤ maxTf and dl ≥ minLength. */
function termBound(idf: number, maxTf: number, minLength: number, avgdl: number, k1: number, b: number): number {
  if (maxTf <= 0) return 0;
  const norm = k1 * (1 - b + (b * minLength) / avgdl);
  return ((idf * (maxTf * (k1 + 1))) / (maxTf + norm)) * BOUND_SLACK;
}

/**
 * Query plan: the terms with a non-empty list, in increasing order of bound, ties in query order (that order
 * is also the order scores are summed in). Fills `order`, `count`, `idf`, `bound` and the list arrays of the
 * scratch for slots 0..m−1.
 *
 * @returns m, the number of planned lists
 */
function plan(input: Bm25TopKInput, scratch: Bm25Scratch): number {
  const { index, terms, k1, b, averageLength } = input;
  ensureTerms(scratch, terms.length);
  const { order, termBound: tb } = scratch;
  let m = 0;
  for (let j = 0; j < terms.length; j++) {
    const t = (terms[j] as QueryTerm).term;
    if ((index.count[t] as number) <= 0) continue;
    tb[j] = termBound(
      (terms[j] as QueryTerm).idf,
      index.maxTf[t] as number,
      index.minLength[t] as number,
      averageLength,
      k1,
      b,
    );
    // Stable insertion by bound.
    let i = m++;
    while (i > 0 && (tb[order[i - 1] as number] as number) > (tb[j] as number)) {
      order[i] = order[i - 1] as number;
      i--;
    }
    order[i] = j;
  }
  for (let i = 0; i < m; i++) {
    const j = order[i] as number;
    const { term: t, idf } = terms[j] as QueryTerm;
    scratch.count[i] = index.count[t] as number;
    scratch.idf[i] = idf;
    scratch.bound[i] = tb[j] as number;
    const long = index.long[t];
    if (long === undefined) {
      const doc = scratch.singleDoc[i] as Int32Array;
      const tf = scratch.singleTf[i] as Uint16Array;
      const blockTf = scratch.singleBlockTf[i] as Uint16Array;
      const blockLength = scratch.singleBlockLength[i] as Float32Array;
      doc[0] = index.firstDoc[t] as number;
      tf[0] = index.firstTf[t] as number;
      blockTf[0] = index.maxTf[t] as number;
      blockLength[0] = index.minLength[t] as number;
      scratch.docsOf[i] = doc;
      scratch.tfsOf[i] = tf;
      scratch.blockTfOf[i] = blockTf;
      scratch.blockLengthOf[i] = blockLength;
    } else {
      scratch.docsOf[i] = long.docs;
      scratch.tfsOf[i] = long.tfs;
      if (long.blockMaxTf === null || long.blockMinLength === null) {
        const blockTf = scratch.singleBlockTf[i] as Uint16Array;
        const blockLength = scratch.singleBlockLength[i] as Float32Array;
        blockTf[0] = index.maxTf[t] as number;
        blockLength[0] = index.minLength[t] as number;
        scratch.blockTfOf[i] = blockTf;
        scratch.blockLengthOf[i] = blockLength;
      } else {
        scratch.blockTfOf[i] = long.blockMaxTf;
        scratch.blockLengthOf[i] = long.blockMinLength;
      }
    }
  }
  return m;
}

/**
 * The exact BM25 top `k` among eligible documents, with MaxScore pruning (see the module comment).
 *
 * @param input - the query's terms, index statistics and eligibility
 * @param scratch - buffers to reuse (default: fresh ones)
 * @returns the best `k` documents, best first (higher score, then smaller doc)
 */
export function bm25TopK(input: Bm25TopKInput, scratch: Bm25Scratch = newBm25Scratch()): ScoredDoc[] {
  if (input.k < 1) return [];
  const m = plan(input, scratch);
  if (m === 0) return [];
  const { k1, b, lengths, eligible } = input;
  const avgdl = input.averageLength;
  const k1p1 = k1 + 1;
  const { docsOf, tfsOf, blockTfOf, blockLengthOf, count, idf, pos, prefix, contribution } = scratch;
  // prefix[i]: sum of the bounds of lists 0..i.
  let acc = 0;
  for (let i = 0; i < m; i++) {
    acc += scratch.bound[i] as number;
    prefix[i] = acc;
    pos[i] = 0;
  }
  const top = scratch.top;
  top.reset(input.k);
  let theta = Number.NEGATIVE_INFINITY;
  // Lists [0, essential) are non-essential: their bounds together cannot beat theta.
  let essential = 0;

  for (;;) {
    // The next candidate: the smallest current document among the essential lists.
    let doc = NO_DOC;
    for (let i = essential; i < m; i++) {
      const p = pos[i] as number;
      if (p < (count[i] as number)) {
        const d = (docsOf[i] as Int32Array)[p] as number;
        if (d < doc) doc = d;
      }
    }
    if (doc === NO_DOC) break;
    const norm = k1 * (1 - b + (b * (lengths[doc] as number)) / avgdl);
    let partial = 0;
    for (let i = essential; i < m; i++) {
      const p = pos[i] as number;
      if (p < (count[i] as number) && (docsOf[i] as Int32Array)[p] === doc) {
        const tf = (tfsOf[i] as Uint16Array)[p] as number;
        const c = ((idf[i] as number) * (tf * k1p1)) / (tf + norm);
        contribution[i] = c;
        partial += c;
        pos[i] = p + 1;
      } else {
        contribution[i] = 0;
      }
    }
    // Probe the non-essential lists, highest bound first, while the document can still enter.
    let alive = true;
    for (let i = essential - 1; i >= 0; i--) {
      if (partial + (prefix[i] as number) <= theta) {
        alive = false;
        break;
      }
      const docs = docsOf[i] as Int32Array;
      const n = count[i] as number;
      let p = pos[i] as number;
      if (p < n && (docs[p] as number) < doc) {
        // Skip whole blocks whose last document is before `doc`, then binary search inside the block.
        let block = p >> BLOCK_SHIFT;
        const lastBlock = (n - 1) >> BLOCK_SHIFT;
        while (block < lastBlock && (docs[((block + 1) << BLOCK_SHIFT) - 1] as number) < doc) block++;
        let lo = Math.max(p, block << BLOCK_SHIFT);
        let hi = Math.min(n, (block + 1) << BLOCK_SHIFT);
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((docs[mid] as number) < doc) lo = mid + 1;
          else hi = mid;
        }
        p = lo;
        pos[i] = p;
      }
      if (p < n && docs[p] === doc) {
        // The block's bound replaces the list's: abandon early when even it cannot lift the document.
        const block = p >> BLOCK_SHIFT;
        const blockBound = termBound(
          idf[i] as number,
          (blockTfOf[i] as Uint16Array)[block] as number,
          (blockLengthOf[i] as Float32Array)[block] as number,
          avgdl,
          k1,
          b,
        );
        if (partial + blockBound + (i > 0 ? (prefix[i - 1] as number) : 0) <= theta) {
          alive = false;
          break;
        }
        const tf = (tfsOf[i] as Uint16Array)[p] as number;
        const c = ((idf[i] as number) * (tf * k1p1)) / (tf + norm);
        contribution[i] = c;
        partial += c;
      } else {
        contribution[i] = 0;
      }
    }
    if (!alive) continue;
    // The score in the plan's fixed order, whatever was pruned.
    let total = 0;
    for (let i = 0; i < m; i++) total += contribution[i] as number;
    if (total <= 0 || !top.admits(total, doc) || !eligible(doc)) continue;
    top.push(total, doc);
    const next = top.threshold();
    if (next > theta) {
      theta = next;
      while (essential < m && (prefix[essential] as number) <= theta) essential++;
    }
  }
  return top.sorted();
}

/**
 * The same result as {@link bm25TopK} by scoring every document of every list (the reference of the tests).
 *
 * @param input - the query's terms, index statistics and eligibility
 * @returns the best `k` documents, best first
 */
export function bm25TopKExhaustive(input: Bm25TopKInput): ScoredDoc[] {
  const scratch = newBm25Scratch();
  const m = plan(input, scratch);
  const { k1, b, lengths, eligible } = input;
  const avgdl = input.averageLength;
  const perDoc = new Map<number, Float64Array>();
  for (let i = 0; i < m; i++) {
    const docs = scratch.docsOf[i] as Int32Array;
    const tfs = scratch.tfsOf[i] as Uint16Array;
    const idf = scratch.idf[i] as number;
    for (let p = 0; p < (scratch.count[i] as number); p++) {
      const doc = docs[p] as number;
      const tf = tfs[p] as number;
      const norm = k1 * (1 - b + (b * (lengths[doc] as number)) / avgdl);
      let row = perDoc.get(doc);
      if (!row) {
        row = new Float64Array(m);
        perDoc.set(doc, row);
      }
      row[i] = (idf * (tf * (k1 + 1))) / (tf + norm);
    }
  }
  const top = new TopK();
  top.reset(Math.max(1, input.k));
  for (const doc of [...perDoc.keys()].sort((x, y) => x - y)) {
    const row = perDoc.get(doc) as Float64Array;
    let total = 0;
    for (let i = 0; i < row.length; i++) total += row[i] as number;
    if (total > 0 && eligible(doc) && top.admits(total, doc)) top.push(total, doc);
  }
  return input.k < 1 ? [] : top.sorted();
}
