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
 */

/** Postings per block of the block-max bounds. */
export const POSTING_BLOCK = 64;
const BLOCK_SHIFT = 6;
/** Relative slack on every bound, so floating-point rounding can never prune a document that belongs. */
const BOUND_SLACK = 1 + 1e-9;

/**
 * One term's posting list: documents in increasing order with their term frequencies, plus the largest tf and
 * the shortest document length per list and per block of {@link POSTING_BLOCK} postings.
 */
export interface BoundedPosting {
  /** Null while the list holds one document (most terms: names, numbers), kept inline in `firstDoc`/`firstTf`. */
  docs: Int32Array | null;
  tfs: Uint16Array | null;
  count: number;
  firstDoc: number;
  firstTf: number;
  maxTf: number;
  minLength: number;
  /** Per-block bounds; null while the list fits in one block (the list's bounds are the block's). */
  blockMaxTf: Uint16Array | null;
  blockMinLength: Float32Array | null;
}

/** An empty posting list with room for a few documents. */
export function newBoundedPosting(): BoundedPosting {
  return {
    docs: null,
    tfs: null,
    count: 0,
    firstDoc: -1,
    firstTf: 0,
    maxTf: 0,
    minLength: Number.POSITIVE_INFINITY,
    blockMaxTf: null,
    blockMinLength: null,
  };
}

function growTo<T extends Int32Array | Uint16Array | Float32Array>(array: T, minLength: number): T {
  if (array.length >= minLength) return array;
  let size = Math.max(1, array.length * 2);
  while (size < minLength) size *= 2;
  const Ctor = array.constructor as new (n: number) => T;
  const next = new Ctor(size);
  next.set(array);
  return next;
}

/**
 * Appends a document (larger than every document already in the list) and updates the bounds.
 *
 * @param posting - the list
 * @param doc - the document number
 * @param tf - its term frequency (capped at 65 535)
 * @param length - its length in terms
 */
export function appendPosting(posting: BoundedPosting, doc: number, tf: number, length: number): void {
  const i = posting.count;
  const capped = Math.min(tf, 65_535);
  const block = i >> BLOCK_SHIFT;
  if (block > 0 && (posting.blockMaxTf === null || posting.blockMinLength === null)) {
    // The list leaves its first block: that block's bounds are the list's so far.
    posting.blockMaxTf = new Uint16Array(4);
    posting.blockMinLength = new Float32Array(4);
    posting.blockMaxTf[0] = posting.maxTf;
    posting.blockMinLength[0] = posting.minLength;
  }
  if (i === 0) {
    posting.firstDoc = doc;
    posting.firstTf = capped;
  } else {
    let docs = posting.docs;
    let tfs = posting.tfs;
    if (docs === null || tfs === null) {
      docs = new Int32Array(4);
      tfs = new Uint16Array(4);
      docs[0] = posting.firstDoc;
      tfs[0] = posting.firstTf;
    }
    docs = growTo(docs, i + 1);
    tfs = growTo(tfs, i + 1);
    docs[i] = doc;
    tfs[i] = capped;
    posting.docs = docs;
    posting.tfs = tfs;
  }
  posting.count = i + 1;
  if (capped > posting.maxTf) posting.maxTf = capped;
  if (length < posting.minLength) posting.minLength = length;
  const blockMaxTf = posting.blockMaxTf;
  const blockMinLength = posting.blockMinLength;
  if (block === 0 || blockMaxTf === null || blockMinLength === null) return;
  if ((i & (POSTING_BLOCK - 1)) === 0) {
    posting.blockMaxTf = growTo(blockMaxTf, block + 1);
    posting.blockMinLength = growTo(blockMinLength, block + 1);
    posting.blockMaxTf[block] = capped;
    posting.blockMinLength[block] = length;
  } else {
    if (capped > (blockMaxTf[block] as number)) blockMaxTf[block] = capped;
    if (length < (blockMinLength[block] as number)) blockMinLength[block] = length;
  }
}

/**
 * Removes a document from a list (if present) and recomputes the list's bounds.
 *
 * @param posting - the list
 * @param doc - the document to drop
 * @param lengths - document lengths by document number
 */
export function removePosting(posting: BoundedPosting, doc: number, lengths: Float32Array): void {
  const docs = postingDocs(posting);
  const tfs = postingTfs(posting);
  const count = posting.count;
  posting.docs = null;
  posting.tfs = null;
  posting.count = 0;
  posting.firstDoc = -1;
  posting.firstTf = 0;
  posting.blockMaxTf = null;
  posting.blockMinLength = null;
  posting.maxTf = 0;
  posting.minLength = Number.POSITIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const d = docs[i] as number;
    if (d !== doc) appendPosting(posting, d, tfs[i] as number, lengths[d] as number);
  }
}

/**
 * The documents of a list (its first `count` entries are meaningful).
 *
 * @param posting - the list
 * @returns the documents, increasing
 */
export function postingDocs(posting: BoundedPosting): Int32Array {
  return posting.docs ?? Int32Array.of(posting.firstDoc);
}

/**
 * The term frequencies of a list, aligned with {@link postingDocs}.
 *
 * @param posting - the list
 * @returns the term frequencies
 */
export function postingTfs(posting: BoundedPosting): Uint16Array {
  return posting.tfs ?? Uint16Array.of(posting.firstTf);
}

/** One query term: its list and idf. */
export interface QueryTermList {
  posting: BoundedPosting;
  idf: number;
}

/** What a top-k search needs from the index. */
export interface Bm25TopKInput {
  lists: readonly QueryTermList[];
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
 */
class TopK {
  readonly scores: Float64Array;
  readonly docs: Int32Array;
  size = 0;
  constructor(readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.docs = new Int32Array(capacity);
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

/** Upper bound of `idf · tf(k1+1) / (tf + k1(1 − b + b·dl/avgdl))` for tf ≤ maxTf and dl ≥ minLength. */
function termBound(idf: number, maxTf: number, minLength: number, avgdl: number, k1: number, b: number): number {
  if (maxTf <= 0) return 0;
  const norm = k1 * (1 - b + (b * minLength) / avgdl);
  return ((idf * (maxTf * (k1 + 1))) / (maxTf + norm)) * BOUND_SLACK;
}

/** Query plan: the lists in increasing order of bound (that order is also the order scores are summed in). */
function plan(input: Bm25TopKInput) {
  const { k1, b, averageLength } = input;
  const lists = input.lists
    .filter((l) => l.posting.count > 0)
    .map((l) => ({ ...l, bound: termBound(l.idf, l.posting.maxTf, l.posting.minLength, averageLength, k1, b) }))
    .sort((x, y) => x.bound - y.bound);
  return lists;
}

/**
 * The exact BM25 top `k` among eligible documents, with MaxScore pruning (see the module comment).
 *
 * @param input - the query's lists, index statistics and eligibility
 * @returns the best `k` documents, best first (higher score, then smaller doc)
 */
export function bm25TopK(input: Bm25TopKInput): ScoredDoc[] {
  const lists = plan(input);
  const m = lists.length;
  if (m === 0 || input.k < 1) return [];
  const { k1, b, lengths, eligible } = input;
  const avgdl = input.averageLength;
  const k1p1 = k1 + 1;
  const docsOf = lists.map((l) => postingDocs(l.posting));
  const tfsOf = lists.map((l) => postingTfs(l.posting));
  const blockTfOf = lists.map((l) => l.posting.blockMaxTf ?? Uint16Array.of(l.posting.maxTf));
  const blockLenOf = lists.map((l) => l.posting.blockMinLength ?? Float32Array.of(l.posting.minLength));
  const count = Int32Array.from(lists, (l) => l.posting.count);
  const idf = Float64Array.from(lists, (l) => l.idf);
  const pos = new Int32Array(m);
  // prefix[i]: sum of the bounds of lists 0..i.
  const prefix = new Float64Array(m);
  let acc = 0;
  for (let i = 0; i < m; i++) {
    acc += (lists[i] as (typeof lists)[number]).bound;
    prefix[i] = acc;
  }
  const contribution = new Float64Array(m);
  const top = new TopK(input.k);
  let theta = Number.NEGATIVE_INFINITY;
  // Lists [0, essential) are non-essential: their bounds together cannot beat theta.
  let essential = 0;
  const score = (i: number, p: number, doc: number): number => {
    const tf = (tfsOf[i] as Uint16Array)[p] as number;
    const norm = k1 * (1 - b + (b * (lengths[doc] as number)) / avgdl);
    return ((idf[i] as number) * (tf * k1p1)) / (tf + norm);
  };

  for (;;) {
    // The next candidate: the smallest current document among the essential lists.
    let doc = 2_147_483_647;
    for (let i = essential; i < m; i++) {
      const p = pos[i] as number;
      if (p < (count[i] as number)) {
        const d = (docsOf[i] as Int32Array)[p] as number;
        if (d < doc) doc = d;
      }
    }
    if (doc === 2_147_483_647) break;
    let partial = 0;
    for (let i = essential; i < m; i++) {
      const p = pos[i] as number;
      if (p < (count[i] as number) && (docsOf[i] as Int32Array)[p] === doc) {
        const c = score(i, p, doc);
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
          (blockLenOf[i] as Float32Array)[block] as number,
          avgdl,
          k1,
          b,
        );
        if (partial + blockBound + (i > 0 ? (prefix[i - 1] as number) : 0) <= theta) {
          alive = false;
          break;
        }
        const c = score(i, p, doc);
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
 * @param input - the query's lists, index statistics and eligibility
 * @returns the best `k` documents, best first
 */
export function bm25TopKExhaustive(input: Bm25TopKInput): ScoredDoc[] {
  const lists = plan(input);
  const { k1, b, lengths, eligible } = input;
  const avgdl = input.averageLength;
  const perDoc = new Map<number, Float64Array>();
  lists.forEach((list, i) => {
    const docs = postingDocs(list.posting);
    const tfs = postingTfs(list.posting);
    for (let p = 0; p < list.posting.count; p++) {
      const doc = docs[p] as number;
      const tf = tfs[p] as number;
      const norm = k1 * (1 - b + (b * (lengths[doc] as number)) / avgdl);
      let row = perDoc.get(doc);
      if (!row) {
        row = new Float64Array(lists.length);
        perDoc.set(doc, row);
      }
      row[i] = (list.idf * (tf * (k1 + 1))) / (tf + norm);
    }
  });
  const top = new TopK(Math.max(1, input.k));
  for (const doc of [...perDoc.keys()].sort((x, y) => x - y)) {
    const row = perDoc.get(doc) as Float64Array;
    let total = 0;
    for (let i = 0; i < row.length; i++) total += row[i] as number;
    if (total > 0 && eligible(doc) && top.admits(total, doc)) top.push(total, doc);
  }
  return input.k < 1 ? [] : top.sorted();
}
