/**
 * BM25 term postings in segments (`aif_memory_segments`, migration 6), and exact BM25 scoring over them in
 * JavaScript. Internal to the store: not exported from the package.
 *
 * Why segments: PGlite (PostgreSQL compiled to WebAssembly, one thread) pays a fixed cost per row written, and
 * one row per (term, memory) made the postings insert half of all ingest time. Each write now adds one row
 * per (user, term bucket) for the whole batch: the batch's postings grouped by term, as text, in the bucket
 * of the term's FNV-1a hash. `TERM_BUCKETS` rows at most per batch, whatever the vocabulary.
 *
 * A row's `postings` is a sequence of entries `\n<term>\t<d>,<tf>,<dl>,<d>,<tf>,<dl>...` where `d` is the
 * memory's `seq` minus the previous one of the entry (the first is absolute), `tf` the term's count in the
 * memory and `dl` the memory's length in terms; all decimal. Terms never hold whitespace (the tokenizer's
 * terms are letters and digits), so `\n<term>\t` finds a term's entries and nothing else. Decimal text (not
 * bytea: PGlite moves bytea as hex text, byte by byte in JavaScript) is also what SQL can write, which is how
 * migration 6 rebuilds the segments from the previous layout.
 *
 * Rows of the same (user, bucket, level) are concatenated into one row of the next level once there are
 * `MERGE_FANOUT` of them (a log-structured merge), so a search reads a few rows per query term's bucket.
 * Every (term, memory) posting lives in exactly one row: a term's document frequency is the number of its
 * postings, read in the same rows as the postings themselves (no per-term table to keep in step on ingest).
 * A purge rewrites the buckets of the purged memories' terms without their postings.
 *
 * Search reads the query terms' buckets and the user's corpus row in one statement and scores every posting
 * of every query term (exhaustive, so exact; a few thousand additions at 100k memories). Eligibility (scope
 * below the user, status, validity, filters) is checked in SQL for the best candidates only, with a fallback
 * to all candidates when too few of the best are eligible. Ties go to the older memory (smaller `seq`), as in
 * the in-memory store; scores equal its scores up to the order of summation.
 */

import { bm25Idf, termFrequencies, tokenize } from "@aifactory/memory";
import type { SqlExecutor } from "../sql/sql-client";
import { queryAsText } from "../sql/text-params";

/** Builds parameterised SQL fragments; values only ever travel as `$n` parameters. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Buckets of the term hash. Part of the schema (migration 6 and `aif_term_bucket` use the same number). */
export const TERM_BUCKETS = 512;

/** Rows of one (user, bucket, level) that are merged into one row of the next level. */
export const MERGE_FANOUT = 8;

/** Separates the rows of one insert inside a single text parameter (never in a term or in encoded postings). */
const ROW_SEPARATOR = "\u001e";

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/**
 * The term's bucket: FNV-1a (32 bits) of its UTF-8 bytes, modulo {@link TERM_BUCKETS}; the SQL function
 * `aif_term_bucket` (migration 6) computes the same.
 *
 * @param term - a tokenizer term
 * @returns 0..TERM_BUCKETS-1
 */
export function termBucket(term: string): number {
  let h = 0x811c9dc5;
  let ascii = true;
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    if (c >= 128) {
      ascii = false;
      break;
    }
    h = Math.imul(h ^ c, 16777619) >>> 0;
  }
  if (!ascii) {
    h = 0x811c9dc5;
    for (const byte of utf8.encode(term)) h = Math.imul(h ^ byte, 16777619) >>> 0;
  }
  return h % TERM_BUCKETS;
}

/** One memory to index: its `seq`, term counts and length. */
export interface IndexedMemory {
  seq: number;
  terms: ReadonlyMap<string, number>;
  tokenCount: number;
}

/** Segment rows of one user's batch: each row's bucket, and the rows' postings texts joined by `\u001e`. */
export interface EncodedSegments {
  buckets: number[];
  /** The rows' postings, in the order of `buckets`, separated by {@link ROW_SEPARATOR}. */
  joined: string;
}

/** Appends the decimal digits of a non-negative integer to `out` at `at`; returns the new end. */
function writeDecimal(out: Uint8Array, at: number, value: number): number {
  if (value < 10) {
    out[at] = 48 + value;
    return at + 1;
  }
  if (value < 0x80000000) {
    // Integer division in 32 bits: the common case (seq deltas, counts, lengths).
    let digits = 0;
    for (let v = value; v > 0; v = (v / 10) | 0) digits++;
    let v = value;
    for (let i = digits - 1; i >= 0; i--) {
      const q = (v / 10) | 0;
      out[at + i] = 48 + v - q * 10;
      v = q;
    }
    return at + digits;
  }
  let digits = 0;
  for (let v = value; v >= 1; v = Math.floor(v / 10)) digits++;
  let v = value;
  for (let i = digits - 1; i >= 0; i--) {
    out[at + i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + digits;
}

/** Writes `text` as UTF-8 at `at` (room for 3 bytes per UTF-16 unit); returns the new end. */
function writeUtf8(out: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 128) return at + utf8.encodeInto(text, out.subarray(at)).written;
  }
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/**
 * The segment rows of one user's memories: per bucket, an entry per term with its memories in `seq` order.
 * Written as bytes and decoded once (a string per posting cost more than the database's insert). Terms are
 * numbered in order of first appearance, postings and terms ordered by counting sorts (by term, then by bucket):
 * no comparison sort, a single map lookup per posting.
 *
 * @param memories - the memories
 * @returns the buckets and their postings texts
 */
export function encodeSegments(memories: readonly IndexedMemory[]): EncodedSegments {
  let inOrder = true;
  for (let i = 1; i < memories.length && inOrder; i++) {
    inOrder = (memories[i - 1] as IndexedMemory).seq < (memories[i] as IndexedMemory).seq;
  }
  const sorted = inOrder ? memories : [...memories].sort((x, y) => x.seq - y.seq);
  // Term ids in order of first appearance, and postings as (term id, memory index, tf) in memory order.
  const ids = new Map<string, number>();
  const names: string[] = [];
  let total = 0;
  for (const m of sorted) total += m.terms.size;
  const postingTerm = new Int32Array(total);
  const postingDoc = new Int32Array(total);
  const postingTf = new Int32Array(total);
  let p = 0;
  let doc = 0;
  const add = (tf: number, term: string) => {
    let id = ids.get(term);
    if (id === undefined) {
      id = names.length;
      ids.set(term, id);
      names.push(term);
    }
    postingTerm[p] = id;
    postingDoc[p] = doc;
    postingTf[p] = tf;
    p++;
  };
  for (; doc < sorted.length; doc++) (sorted[doc] as IndexedMemory).terms.forEach(add);
  // Counting sort by term (stable: each term's postings stay in seq order).
  const termCount = names.length;
  const start = new Int32Array(termCount + 1);
  for (let i = 0; i < total; i++) {
    const t = (postingTerm[i] as number) + 1;
    start[t] = (start[t] as number) + 1;
  }
  for (let t = 0; t < termCount; t++) start[t + 1] = (start[t + 1] as number) + (start[t] as number);
  const next = start.slice(0, termCount);
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const t = postingTerm[i] as number;
    order[next[t] as number] = i;
    next[t] = (next[t] as number) + 1;
  }
  // Terms by bucket, each bucket's terms in id order (a counting sort over the buckets).
  const bucketOf = new Int32Array(termCount);
  const bucketStart = new Int32Array(TERM_BUCKETS + 1);
  let size = 0;
  for (let t = 0; t < termCount; t++) {
    const name = names[t] as string;
    const bucket = termBucket(name);
    bucketOf[t] = bucket;
    bucketStart[bucket + 1] = (bucketStart[bucket + 1] as number) + 1;
    size += name.length * 3 + 3;
  }
  for (let b = 0; b < TERM_BUCKETS; b++)
    bucketStart[b + 1] = (bucketStart[b + 1] as number) + (bucketStart[b] as number);
  const byBucket = new Int32Array(termCount);
  for (let t = 0; t < termCount; t++) {
    const b = bucketOf[t] as number;
    byBucket[bucketStart[b] as number] = t;
    bucketStart[b] = (bucketStart[b] as number) + 1;
  }
  const seqOf = new Float64Array(sorted.length);
  const lengthOf = new Int32Array(sorted.length);
  for (let d = 0; d < sorted.length; d++) {
    seqOf[d] = (sorted[d] as IndexedMemory).seq;
    lengthOf[d] = (sorted[d] as IndexedMemory).tokenCount;
  }
  // Per posting: three numbers of at most 16 digits and their commas.
  const out = new Uint8Array(size + total * 51);
  let at = 0;
  const buckets: number[] = [];
  let previous = -1;
  for (let k = 0; k < termCount; k++) {
    const t = byBucket[k] as number;
    const bucket = bucketOf[t] as number;
    if (bucket !== previous) {
      if (previous >= 0) out[at++] = 30;
      buckets.push(bucket);
      previous = bucket;
    }
    out[at++] = 10;
    at = writeUtf8(out, at, names[t] as string);
    out[at++] = 9;
    let last = 0;
    const end = start[t + 1] as number;
    for (let j = start[t] as number; j < end; j++) {
      const i = order[j] as number;
      const d = postingDoc[i] as number;
      const seq = seqOf[d] as number;
      if (j > (start[t] as number)) out[at++] = 44;
      at = writeDecimal(out, at, seq - last);
      out[at++] = 44;
      at = writeDecimal(out, at, postingTf[i] as number);
      out[at++] = 44;
      at = writeDecimal(out, at, lengthOf[d] as number);
      last = seq;
    }
  }
  return { buckets, joined: utf8Decoder.decode(out.subarray(0, at)) };
}

/** A term's postings: parallel arrays of `seq`, tf and memory length. */
export interface TermPostings {
  seqs: number[];
  tfs: number[];
  lengths: number[];
  /**
   * The term's document frequency when these are only part of its postings (the rest in other lists given to
   * {@link scoreAll}); default `seqs.length`.
   */
  documentFrequency?: number;
}

/** Decodes the numbers of one entry starting at `at`, appending to `out`; returns where the entry ends. */
function decodeEntry(text: string, at: number, out: TermPostings): number {
  let field = 0;
  let value = 0;
  let seq = 0;
  let i = at;
  for (; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      continue;
    }
    if (field === 0) {
      seq += value;
      out.seqs.push(seq);
    } else if (field === 1) out.tfs.push(value);
    else out.lengths.push(value);
    field = field === 2 ? 0 : field + 1;
    value = 0;
    if (c === 10) break;
  }
  return i;
}

/**
 * Every posting of `term` in the given postings texts (the rows of its bucket).
 *
 * @param texts - postings texts
 * @param term - the term
 * @returns its postings
 */
export function termPostings(texts: readonly string[], term: string): TermPostings {
  const out: TermPostings = { seqs: [], tfs: [], lengths: [] };
  const needle = `\n${term}\t`;
  for (const text of texts) {
    let at = text.indexOf(needle);
    while (at >= 0) {
      const end = decodeEntry(text, at + needle.length, out);
      at = text.indexOf(needle, end);
    }
  }
  return out;
}

/** Every entry of a postings text, as term -> postings (entries of one term appended). */
export function decodeAll(texts: readonly string[]): Map<string, TermPostings> {
  const out = new Map<string, TermPostings>();
  for (const text of texts) {
    let at = text.indexOf("\n");
    while (at >= 0) {
      const tab = text.indexOf("\t", at);
      const term = text.slice(at + 1, tab);
      let postings = out.get(term);
      if (postings === undefined) {
        postings = { seqs: [], tfs: [], lengths: [] };
        out.set(term, postings);
      }
      const end = decodeEntry(text, tab + 1, postings);
      at = end < text.length ? end : -1;
    }
  }
  return out;
}

/**
 * Writes one segment row per bucket for memories just inserted.
 *
 * @param db - a connection inside the write's transaction
 * @param memories - per user, the memories inserted
 * @returns the buckets written (for {@link mergeSegments})
 */
export async function writeSegments(
  db: SqlExecutor,
  memories: ReadonlyMap<string, readonly IndexedMemory[]>,
): Promise<number[]> {
  const users: string[] = [];
  const buckets: number[] = [];
  const segments: number[] = [];
  const texts: string[] = [];
  for (const [userId, list] of memories) {
    if (list.length === 0) continue;
    // The batch's smallest seq names its segment: unique per user, as every seq is.
    let segment = Number.POSITIVE_INFINITY;
    for (const m of list) segment = Math.min(segment, m.seq);
    const encoded = encodeSegments(list);
    for (const bucket of encoded.buckets) {
      users.push(userId);
      buckets.push(bucket);
      segments.push(segment);
    }
    texts.push(encoded.joined);
  }
  if (texts.length === 0) return [];
  // One text parameter split in SQL: PGlite quotes and escapes each element of a text[] parameter in JavaScript.
  await queryAsText(
    db,
    `INSERT INTO aif_memory_segments (user_id, bucket, level, segment, postings)
     SELECT u.user_id, u.bucket, 0, u.segment, u.postings
     FROM unnest($1::text[], $2::int[], $3::bigint[], string_to_array($4, chr(30))) AS u(user_id, bucket, segment, postings)`,
    [users, buckets, segments, texts.join(ROW_SEPARATOR)],
  );
  return [...new Set(buckets)];
}

/**
 * Concatenates every (user, bucket, level) group of at least {@link MERGE_FANOUT} rows into one row of the next
 * level, level after level. Concatenation keeps every entry valid: each entry starts from an absolute seq.
 *
 * @param db - a connection inside a write's transaction
 * @param users - the users whose segments may have filled a level
 * @param buckets - the buckets to check, or null for every bucket
 */
export async function mergeSegments(
  db: SqlExecutor,
  users: readonly string[],
  buckets: readonly number[] | null,
): Promise<void> {
  if (users.length === 0 || buckets?.length === 0) return;
  // Level by level from 0: a level fills only when the one below was merged (or by an upgrade's rows).
  for (let level = 0; level < 16; level++) {
    const { rows } = await db.query<{ merged: number }>(
      `WITH full_levels AS (
         SELECT user_id, bucket, level FROM aif_memory_segments
         WHERE user_id = ANY($1::text[]) AND ${buckets === null ? "$3::int[] IS NULL" : "bucket = ANY($3::int[])"} AND level = $4
         GROUP BY user_id, bucket, level HAVING count(*) >= $2),
       merged AS (
         DELETE FROM aif_memory_segments s USING full_levels f
         WHERE s.user_id = f.user_id AND s.bucket = f.bucket AND s.level = f.level
         RETURNING s.user_id, s.bucket, s.level, s.segment, s.postings),
       inserted AS (
         INSERT INTO aif_memory_segments (user_id, bucket, level, segment, postings)
         SELECT user_id, bucket, level + 1, min(segment), string_agg(postings, '' ORDER BY segment)
         FROM merged GROUP BY user_id, bucket, level
         RETURNING level)
       SELECT count(*)::int AS merged FROM inserted`,
      [users, MERGE_FANOUT, buckets, level],
    );
    if (Number(rows[0]?.merged ?? 0) === 0) return;
  }
}

/**
 * Removes the postings of purged memories: every bucket of their terms is read, decoded, and written back as
 * one row without them.
 *
 * @param db - a connection inside the purge's transaction
 * @param purged - the purged memories: user, seq and content
 */
export async function removePostings(
  db: SqlExecutor,
  purged: ReadonlyArray<{ userId: string; seq: number; content: string }>,
): Promise<void> {
  const perUser = new Map<string, { seqs: Set<number>; buckets: Set<number> }>();
  for (const m of purged) {
    let u = perUser.get(m.userId);
    if (u === undefined) {
      u = { seqs: new Set(), buckets: new Set() };
      perUser.set(m.userId, u);
    }
    u.seqs.add(m.seq);
    for (const term of termFrequencies(tokenize(m.content)).keys()) u.buckets.add(termBucket(term));
  }
  for (const [userId, { seqs, buckets }] of perUser) {
    const { rows } = await db.query<{ bucket: number; level: number; segment: string | number; postings: string }>(
      `DELETE FROM aif_memory_segments WHERE user_id = $1 AND bucket = ANY($2::int[])
       RETURNING bucket, level, segment, postings`,
      [userId, [...buckets]],
    );
    const byBucket = new Map<number, { level: number; segment: number; texts: string[] }>();
    for (const row of rows) {
      const bucket = Number(row.bucket);
      const b = byBucket.get(bucket) ?? { level: 0, segment: Number.POSITIVE_INFINITY, texts: [] };
      b.level = Math.max(b.level, Number(row.level));
      b.segment = Math.min(b.segment, Number(row.segment));
      b.texts.push(row.postings);
      byBucket.set(bucket, b);
    }
    const out: Array<{ bucket: number; level: number; segment: number; text: string }> = [];
    for (const [bucket, b] of byBucket) {
      let text = "";
      for (const [term, p] of decodeAll(b.texts)) {
        const order = p.seqs.map((_, i) => i).filter((i) => !seqs.has(p.seqs[i] as number));
        if (order.length === 0) continue;
        order.sort((x, y) => (p.seqs[x] as number) - (p.seqs[y] as number));
        let last = 0;
        const parts: string[] = [];
        for (const i of order) {
          const seq = p.seqs[i] as number;
          parts.push(`${seq - last},${p.tfs[i]},${p.lengths[i]}`);
          last = seq;
        }
        text += `\n${term}\t${parts.join(",")}`;
      }
      if (text !== "") out.push({ bucket, level: b.level, segment: b.segment, text });
    }
    if (out.length > 0) {
      await db.query(
        `INSERT INTO aif_memory_segments (user_id, bucket, level, segment, postings)
         SELECT $1, u.bucket, u.level, u.segment, u.postings
         FROM unnest($2::int[], $3::int[], $4::bigint[], string_to_array($5, chr(30))) AS u(bucket, level, segment, postings)`,
        [
          userId,
          out.map((o) => o.bucket),
          out.map((o) => o.level),
          out.map((o) => o.segment),
          out.map((o) => o.text).join(ROW_SEPARATOR),
        ],
      );
    }
  }
}

/** A candidate memory and its BM25 score. */
export interface ScoredSeq {
  seq: number;
  score: number;
}

/** BM25 parameters and corpus statistics of one search. */
export interface Bm25Parameters {
  documentCount: number;
  averageLength: number;
  k1: number;
  b: number;
}

/** Reusable per-store scratch for {@link scoreAll}: a dense score array over a window of seqs, and the result. */
export interface ScoreScratch {
  scores: Float64Array;
  /** Filled by {@link scoreInto}; grown as needed. */
  result?: ScoredSet;
}

/** Candidates as {@link scoreInto} leaves them: the first `count` entries of two parallel typed arrays. */
export interface ScoredSet {
  seqs: Float64Array;
  scores: Float64Array;
  count: number;
}

/** Above this many seqs between the smallest and largest candidate, scores accumulate in a Map instead. */
const DENSE_WINDOW = 1 << 20;

/** Postings as {@link scoreAll} reads them: arrays or typed arrays (held between searches, out of the GC's way). */
export interface ScoredPostings {
  seqs: ArrayLike<number>;
  tfs: ArrayLike<number>;
  lengths: ArrayLike<number>;
  /** As {@link TermPostings}. */
  documentFrequency?: number;
}

/** Room for at least `size` candidates in the scratch's result (reused between searches). */
function resultOf(scratch: ScoreScratch, size: number): ScoredSet {
  let result = scratch.result;
  if (result === undefined || result.seqs.length < size) {
    const capacity = Math.max(size, 2 * (result?.seqs.length ?? 0), 1024);
    result = { seqs: new Float64Array(capacity), scores: new Float64Array(capacity), count: 0 };
    scratch.result = result;
  }
  result.count = 0;
  return result;
}

/**
 * Scores every memory holding a query term (BM25 as `bm25TermScore` of `@aifactory/memory`, summed in query
 * order) into the scratch's result: the candidates with a positive score, in no particular order, as typed
 * arrays (tens of thousands of candidates for common terms: an object each cost more in garbage collection
 * than the scoring). The result is overwritten by the next call with the same scratch.
 *
 * @param lists - the query terms' postings (terms without postings are skipped); a term's postings may come in
 *   several lists of disjoint memories, each carrying the term's whole `documentFrequency`
 * @param params - N, avgdl, k1 and b
 * @param scratch - reusable buffers
 * @returns the candidates
 */
export function scoreInto(lists: readonly ScoredPostings[], params: Bm25Parameters, scratch: ScoreScratch): ScoredSet {
  const { documentCount, averageLength, k1, b } = params;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let total = 0;
  for (const list of lists) {
    const seqs = list.seqs;
    total += seqs.length;
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i] as number;
      if (seq < lo) lo = seq;
      if (seq > hi) hi = seq;
    }
  }
  if (lo > hi) return resultOf(scratch, 0);
  const contribution = (idf: number, tf: number, length: number) =>
    (idf * (tf * (k1 + 1))) / (tf + k1 * (1 - b + (b * length) / averageLength));
  if (hi - lo < DENSE_WINDOW) {
    const width = hi - lo + 1;
    if (scratch.scores.length < width) {
      scratch.scores = new Float64Array(Math.min(DENSE_WINDOW, Math.max(width, scratch.scores.length * 2)));
    }
    const scores = scratch.scores;
    // Touched offsets: at most one per posting, kept in the result's seq array until they are read back.
    const result = resultOf(scratch, Math.min(total, width));
    const touched = result.seqs;
    let count = 0;
    for (const list of lists) {
      const idf = bm25Idf(documentCount, list.documentFrequency ?? list.seqs.length);
      const { seqs, tfs, lengths } = list;
      for (let i = 0; i < seqs.length; i++) {
        const at = (seqs[i] as number) - lo;
        if (scores[at] === 0) touched[count++] = at;
        scores[at] = (scores[at] as number) + contribution(idf, tfs[i] as number, lengths[i] as number);
      }
    }
    let kept = 0;
    for (let j = 0; j < count; j++) {
      const at = touched[j] as number;
      const score = scores[at] as number;
      scores[at] = 0;
      if (score > 0) {
        result.seqs[kept] = at + lo;
        result.scores[kept] = score;
        kept++;
      }
    }
    result.count = kept;
    return result;
  }
  const map = new Map<number, number>();
  for (const list of lists) {
    const idf = bm25Idf(documentCount, list.documentFrequency ?? list.seqs.length);
    for (let i = 0; i < list.seqs.length; i++) {
      const seq = list.seqs[i] as number;
      map.set(seq, (map.get(seq) ?? 0) + contribution(idf, list.tfs[i] as number, list.lengths[i] as number));
    }
  }
  const result = resultOf(scratch, map.size);
  for (const [seq, score] of map) {
    if (score <= 0) continue;
    result.seqs[result.count] = seq;
    result.scores[result.count] = score;
    result.count++;
  }
  return result;
}

/**
 * {@link scoreInto} as objects: every candidate with a positive score, in no particular order.
 *
 * @param lists - the query terms' postings
 * @param params - N, avgdl, k1 and b
 * @param scratch - reusable buffers
 * @returns the candidates
 */
export function scoreAll(lists: readonly ScoredPostings[], params: Bm25Parameters, scratch: ScoreScratch): ScoredSeq[] {
  const set = scoreInto(lists, params, scratch);
  const out: ScoredSeq[] = new Array(set.count);
  for (let i = 0; i < set.count; i++) out[i] = { seq: set.seqs[i] as number, score: set.scores[i] as number };
  return out;
}

/**
 * The best `count` candidates of a scored set, best first ({@link byRank}), as objects; the rest stay in the
 * set. A bounded heap of indices: only the winners become objects.
 *
 * @param set - scored candidates
 * @param count - how many
 * @returns the best, sorted by {@link byRank}
 */
export function bestOfSet(set: ScoredSet, count: number): ScoredSeq[] {
  const { seqs, scores } = set;
  // "i ranks below j": lower score, or the same score and a larger seq.
  const worse = (i: number, j: number) =>
    (scores[i] as number) < (scores[j] as number) ||
    ((scores[i] as number) === (scores[j] as number) && (seqs[i] as number) > (seqs[j] as number));
  const size = Math.min(count, set.count);
  const heap = new Int32Array(size);
  let filled = 0;
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < filled && worse(heap[l] as number, heap[w] as number)) w = l;
      if (r < filled && worse(heap[r] as number, heap[w] as number)) w = r;
      if (w === i) return;
      const t = heap[i] as number;
      heap[i] = heap[w] as number;
      heap[w] = t;
      i = w;
    }
  };
  for (let c = 0; c < set.count && size > 0; c++) {
    if (filled < size) {
      heap[filled] = c;
      let i = filled++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(heap[i] as number, heap[parent] as number)) break;
        const t = heap[i] as number;
        heap[i] = heap[parent] as number;
        heap[parent] = t;
        i = parent;
      }
    } else if (worse(heap[0] as number, c)) {
      heap[0] = c;
      siftDown(0);
    }
  }
  const out: ScoredSeq[] = new Array(filled);
  for (let i = 0; i < filled; i++) {
    const c = heap[i] as number;
    out[i] = { seq: seqs[c] as number, score: scores[c] as number };
  }
  return out.sort(byRank);
}

/** Best first; ties: smaller seq first. */
export const byRank = (x: ScoredSeq, y: ScoredSeq): number => y.score - x.score || x.seq - y.seq;

/**
 * The best `count` candidates, best first: {@link bestOfSet} over objects.
 *
 * @param candidates - scored candidates
 * @param count - how many
 * @returns the best, sorted by {@link byRank}
 */
export function bestOf(candidates: readonly ScoredSeq[], count: number): ScoredSeq[] {
  const set: ScoredSet = {
    seqs: Float64Array.from(candidates, (c) => c.seq),
    scores: Float64Array.from(candidates, (c) => c.score),
    count: candidates.length,
  };
  return bestOfSet(set, count);
}
