/**
 * A columnar inverted index for BM25: terms are interned to small integer ids, and everything the scorer reads
 * lives in typed arrays indexed by term id, so a million indexed memories cost a handful of large arrays
 * instead of millions of small heap objects (fewer objects for the garbage collector to copy and trace, which is
 * what dominated the search tail at 1M memories). Internal to the stores: not exported from the package.
 *
 * A term found in one document only (names, numbers: most distinct terms) keeps that document inline in
 * `firstDoc`/`firstTf`; a longer list holds its documents and term frequencies in typed arrays grown by
 * doubling, plus per-block bounds (largest tf, shortest document per {@link POSTING_BLOCK} postings) once it
 * leaves its first block. Every list also keeps its largest tf and shortest document, the bounds of MaxScore.
 */

/** Postings per block of the block-max bounds. */
export const POSTING_BLOCK = 64;
/** log2 of {@link POSTING_BLOCK}. */
export const BLOCK_SHIFT = 6;
/** Largest stored term frequency (tfs are Uint16). */
const MAX_TF = 65_535;

/** The typed arrays of a list that holds more than one document. */
export interface LongPosting {
  docs: Int32Array;
  tfs: Uint16Array;
  /** Per-block bounds; null while the list fits in one block (the list's bounds are the block's). */
  blockMaxTf: Uint16Array | null;
  blockMinLength: Float32Array | null;
}

/** The inverted index of one partition (one user). */
export interface TermIndex {
  /** Term → term id. */
  ids: Map<string, number>;
  /** Ids of terms whose list emptied (purge), reused by the next new term. */
  freeIds: number[];
  /** Term ids handed out so far (the arrays below are meaningful up to here). */
  size: number;
  /** Documents in each term's list. */
  count: Int32Array;
  /** Largest term frequency in each list. */
  maxTf: Uint16Array;
  /** Shortest document (in terms) in each list. */
  minLength: Float32Array;
  /** The list's document while it holds one. */
  firstDoc: Int32Array;
  firstTf: Uint16Array;
  /** Lists of two documents or more; undefined otherwise. */
  long: Array<LongPosting | undefined>;
  /** Where the `docs` and `tfs` arrays of long lists come from. */
  docPool: SegmentPool<Int32Array>;
  tfPool: SegmentPool<Uint16Array>;
}

/** Largest chunk a {@link SegmentPool} carves segments from, in elements. */
const MAX_CHUNK_ELEMENTS = 1 << 18;

/**
 * Typed-array segments for posting lists: power-of-two sizes carved from shared chunks, and recycled by size when
 * a list outgrows one. A list growing by doubling would otherwise allocate a new `ArrayBuffer` at every step
 * (hundreds of thousands of small buffers while a million memories are indexed, each a `malloc` plus the
 * external-memory accounting that makes V8 collect garbage more often). A segment is a `subarray` view, so the
 * scorer reads it as any typed array; a recycled segment holds stale values past the list's count, which no
 * reader looks at. Chunks start small and grow with use, so a partition with few memories stays small.
 */
export class SegmentPool<T extends Int32Array | Uint16Array> {
  /** Recycled segments by log2 of their length. */
  private readonly free: T[][] = [];
  private chunk: T;
  private used = 0;
  private carved = 0;

  constructor(private readonly make: (length: number) => T) {
    this.chunk = make(0);
  }

  /** A segment of `length` elements (a power of two), contents unspecified. */
  take(length: number): T {
    const recycled = this.free[31 - Math.clz32(length)];
    if (recycled !== undefined && recycled.length > 0) return recycled.pop() as T;
    if (length > MAX_CHUNK_ELEMENTS / 4) return this.make(length);
    if (this.used + length > this.chunk.length) {
      // Chunks grow with what was carved so far, up to MAX_CHUNK_ELEMENTS; the unused end of the old one is lost.
      const chunkLength = Math.min(MAX_CHUNK_ELEMENTS, Math.max(256, 2 * this.carved, 4 * length));
      this.chunk = this.make(chunkLength);
      this.used = 0;
    }
    const segment = this.chunk.subarray(this.used, this.used + length) as T;
    this.used += length;
    this.carved += length;
    return segment;
  }

  /** Gives back a segment the caller no longer reads. */
  give(segment: T): void {
    const sizeClass = 31 - Math.clz32(segment.length);
    let list = this.free[sizeClass];
    if (list === undefined) {
      list = [];
      this.free[sizeClass] = list;
    }
    list.push(segment);
  }
}

/**
 * An empty index.
 *
 * @returns the index
 */
export function newTermIndex(): TermIndex {
  const capacity = 64;
  return {
    ids: new Map(),
    freeIds: [],
    size: 0,
    count: new Int32Array(capacity),
    maxTf: new Uint16Array(capacity),
    minLength: new Float32Array(capacity),
    firstDoc: new Int32Array(capacity),
    firstTf: new Uint16Array(capacity),
    long: [],
    docPool: new SegmentPool((length) => new Int32Array(length)),
    tfPool: new SegmentPool((length) => new Uint16Array(length)),
  };
}

/**
 * `array` if it holds `minLength` elements, else a copy with room for at least that many (doubling).
 *
 * @param array - a typed array
 * @param minLength - elements needed
 * @returns an array of at least `minLength` elements starting with `array`'s
 */
export function growTypedArray<
  T extends Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array,
>(array: T, minLength: number): T {
  if (array.length >= minLength) return array;
  let size = Math.max(4, array.length * 2);
  while (size < minLength) size *= 2;
  const Ctor = array.constructor as new (n: number) => T;
  const next = new Ctor(size);
  next.set(array);
  return next;
}

/**
 * The id of a term, creating an empty list for it when new.
 *
 * @param index - the index
 * @param term - the term
 * @returns its id
 */
export function internTerm(index: TermIndex, term: string): number {
  const known = index.ids.get(term);
  if (known !== undefined) return known;
  let id = index.freeIds.pop();
  if (id === undefined) {
    id = index.size++;
    if (id >= index.count.length) {
      const n = id + 1;
      index.count = growTypedArray(index.count, n);
      index.maxTf = growTypedArray(index.maxTf, n);
      index.minLength = growTypedArray(index.minLength, n);
      index.firstDoc = growTypedArray(index.firstDoc, n);
      index.firstTf = growTypedArray(index.firstTf, n);
    }
    index.long.push(undefined);
  }
  index.count[id] = 0;
  index.maxTf[id] = 0;
  index.minLength[id] = Number.POSITIVE_INFINITY;
  index.firstDoc[id] = -1;
  index.firstTf[id] = 0;
  index.long[id] = undefined;
  index.ids.set(term, id);
  return id;
}

/**
 * Appends a document (larger than every document already in the term's list) and updates the bounds.
 *
 * @param index - the index
 * @param term - the term id
 * @param doc - the document number
 * @param tf - its term frequency (capped at 65 535)
 * @param length - its length in terms
 */
export function appendTermPosting(index: TermIndex, term: number, doc: number, tf: number, length: number): void {
  const i = index.count[term] as number;
  const capped = Math.min(tf, MAX_TF);
  const maxTf = index.maxTf[term] as number;
  const minLength = index.minLength[term] as number;
  index.count[term] = i + 1;
  if (i === 0) {
    index.firstDoc[term] = doc;
    index.firstTf[term] = capped;
    index.maxTf[term] = capped;
    index.minLength[term] = length;
    return;
  }
  let long = index.long[term];
  if (long === undefined) {
    long = { docs: index.docPool.take(4), tfs: index.tfPool.take(4), blockMaxTf: null, blockMinLength: null };
    long.docs[0] = index.firstDoc[term] as number;
    long.tfs[0] = index.firstTf[term] as number;
    index.long[term] = long;
  } else if (i >= long.docs.length) {
    const docs = index.docPool.take(2 * long.docs.length);
    docs.set(long.docs);
    index.docPool.give(long.docs);
    long.docs = docs;
    const tfs = index.tfPool.take(2 * long.tfs.length);
    tfs.set(long.tfs);
    index.tfPool.give(long.tfs);
    long.tfs = tfs;
  }
  long.docs[i] = doc;
  long.tfs[i] = capped;
  const block = i >> BLOCK_SHIFT;
  if (block > 0 && (long.blockMaxTf === null || long.blockMinLength === null)) {
    // The list leaves its first block: that block's bounds are the list's so far.
    long.blockMaxTf = new Uint16Array(4);
    long.blockMinLength = new Float32Array(4);
    long.blockMaxTf[0] = maxTf;
    long.blockMinLength[0] = minLength;
  }
  if (capped > maxTf) index.maxTf[term] = capped;
  if (length < minLength) index.minLength[term] = length;
  const blockMaxTf = long.blockMaxTf;
  const blockMinLength = long.blockMinLength;
  if (block === 0 || blockMaxTf === null || blockMinLength === null) return;
  if ((i & (POSTING_BLOCK - 1)) === 0) {
    const grownTf = growTypedArray(blockMaxTf, block + 1);
    const grownLength = growTypedArray(blockMinLength, block + 1);
    grownTf[block] = capped;
    grownLength[block] = length;
    long.blockMaxTf = grownTf;
    long.blockMinLength = grownLength;
  } else {
    if (capped > (blockMaxTf[block] as number)) blockMaxTf[block] = capped;
    if (length < (blockMinLength[block] as number)) blockMinLength[block] = length;
  }
}

/**
 * Removes a document from a term's list (if present) and recomputes the list's bounds; a list left empty
 * gives its term and id back (the term is no longer in the index).
 *
 * @param index - the index
 * @param term - the term (string), as interned
 * @param doc - the document to drop
 * @param lengths - document lengths by document number
 */
export function removeTermPosting(index: TermIndex, term: string, doc: number, lengths: Float32Array): void {
  const id = index.ids.get(term);
  if (id === undefined) return;
  const count = index.count[id] as number;
  const long = index.long[id];
  const docs = long === undefined ? Int32Array.of(index.firstDoc[id] as number) : long.docs;
  const tfs = long === undefined ? Uint16Array.of(index.firstTf[id] as number) : long.tfs;
  index.count[id] = 0;
  index.maxTf[id] = 0;
  index.minLength[id] = Number.POSITIVE_INFINITY;
  index.firstDoc[id] = -1;
  index.firstTf[id] = 0;
  index.long[id] = undefined;
  for (let i = 0; i < count; i++) {
    const d = docs[i] as number;
    if (d !== doc) appendTermPosting(index, id, d, tfs[i] as number, lengths[d] as number);
  }
  if (long !== undefined) {
    index.docPool.give(long.docs);
    index.tfPool.give(long.tfs);
  }
  if (index.count[id] === 0) {
    index.ids.delete(term);
    index.freeIds.push(id);
  }
}
