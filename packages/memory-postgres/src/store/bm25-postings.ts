/**
 * Exact BM25 top-k over the term postings (`aif_memory_postings`) with MaxScore pruning in SQL. Internal to the
 * store: not exported from the package.
 *
 * Scoring reads only the postings of the query terms (an index scan of the primary key `(user_id, term, seq)`
 * that carries `tf` and the memory's length `dl`), never the memories' term arrays. Each query term has an
 * upper bound of its contribution, from its largest tf and its shortest memory (kept in `aif_memory_terms`;
 * BM25 grows with tf and shrinks with length), inflated by a relative 1e-9 as in the in-memory store, so
 * rounding can never prune a memory that belongs:
 *
 * 1. Round A scores every memory in the lists of the highest-bound terms (usually the rarest: the shortest
 *    lists), enough of them to hold `capacity` postings; the other terms' contributions are probed by primary
 *    key for those memories only. The best `fetch` are checked for eligibility (scope, status, validity,
 *    filters) and the `capacity`-th eligible score is the threshold θ. When the other terms' bounds add up to
 *    less than θ, no memory outside those lists can enter: the answer is final.
 * 2. Otherwise round B (MaxScore; Turtle & Flood 1995): the terms of smallest bound whose bounds add up to
 *    less than θ are non-essential. Candidates come from the essential lists only, are dropped when their
 *    partial score plus the non-essential bounds is below θ, and the survivors get the non-essential
 *    contributions by probe.
 * 3. When a round cannot settle the answer (too few eligible memories among the best `fetch`, as with a
 *    selective filter), one exhaustive statement scores every posting of every query term and applies the
 *    eligibility conditions before ranking.
 *
 * Ties go to the older memory (smaller `seq`), as in the in-memory store; the scores equal its scores up to
 * the order of summation.
 */

import type { SqlExecutor } from "../sql/sql-client";

/** Builds parameterised SQL fragments; values only ever travel as `$n` parameters. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Relative slack on every bound (as in the in-memory store's MaxScore). */
const BOUND_SLACK = 1 + 1e-9;

/** A query term present in the user's index, with its BM25 statistics. */
export interface PlannedTerm {
  term: string;
  idf: number;
  /** Memories holding the term (the length of its posting list). */
  df: number;
  /** Upper bound of the term's contribution to any memory's score. */
  bound: number;
}

/**
 * Upper bound of `idf · tf(k1+1) / (tf + k1(1 − b + b·dl/avgdl))` for tf ≤ maxTf and dl ≥ minLength.
 *
 * @param idf - the term's idf
 * @param maxTf - its largest term frequency
 * @param minLength - the shortest memory holding it
 * @param avgdl - the average memory length
 * @param k1 - BM25 k1
 * @param b - BM25 b
 * @returns the bound, inflated by a relative 1e-9
 */
export function termBound(idf: number, maxTf: number, minLength: number, avgdl: number, k1: number, b: number): number {
  if (maxTf <= 0) return 0;
  const norm = k1 * (1 - b + (b * minLength) / avgdl);
  return ((idf * (maxTf * (k1 + 1))) / (maxTf + norm)) * BOUND_SLACK;
}

/** What {@link bm25Search} needs. */
export interface Bm25SearchInput {
  userId: string;
  /** The query's terms present in the user's index, in query order. */
  terms: readonly PlannedTerm[];
  k1: number;
  b: number;
  avgdl: number;
  /** How many memories to return. */
  capacity: number;
  /** SQL condition on `aif_memories` columns (scope, status, validity, filters), with its parameters. */
  eligible: (p: Params) => string;
  /** The columns to return from `aif_memories`. */
  columns: string;
}

interface RankedRow {
  score: number | string;
  eligible?: boolean;
}

/** The BM25 contribution of posting `x` (columns tf, dl) for query term `q` (column idf), in float8. */
function contributionSql(input: Bm25SearchInput, p: Params): string {
  const k1 = p.add(input.k1);
  const b = p.add(input.b);
  const k1p1 = p.add(input.k1 + 1);
  const avgdl = p.add(input.avgdl);
  return `((q.idf * (x.tf * ${k1p1}::float8)) / (x.tf + ${k1}::float8 * (1 - ${b}::float8 + (${b}::float8 * x.dl) / ${avgdl}::float8)))`;
}

/**
 * The eligible memories with the highest BM25 scores, best first (ties: smaller `seq`), at most `capacity`,
 * each row with a `score` column. See the module comment for the algorithm.
 *
 * @param db - a connection
 * @param input - the query's terms, statistics, capacity and eligibility
 * @returns the rows
 */
export async function bm25Search<Row extends RankedRow>(db: SqlExecutor, input: Bm25SearchInput): Promise<Row[]> {
  const { terms, capacity } = input;
  // Past `capacity`, rows that eligibility may remove (other agents' memories, forgotten or superseded ones).
  const fetch = capacity * 2 + 16;

  const round = async (essential: ReadonlySet<string>, theta: number | null, nonEssentialBound: number) => {
    const p = new Params();
    const user = p.add(input.userId);
    const q = `${p.add(terms.map((t) => t.term))}::text[], ${p.add(terms.map((t) => t.idf))}::float8[], ${p.add(terms.map((t) => essential.has(t.term)))}::boolean[]`;
    const contribution = contributionSql(input, p);
    const prune =
      theta === null
        ? ""
        : `HAVING sum(${contribution}) + ${p.add(nonEssentialBound)}::float8 >= ${p.add(theta)}::float8`;
    const probed =
      essential.size < terms.length
        ? ` + COALESCE((SELECT sum(${contribution}) FROM q CROSS JOIN LATERAL (
              SELECT tf, dl FROM aif_memory_postings WHERE user_id = ${user} AND term = q.term AND seq = c.seq) x
            WHERE NOT q.essential), 0)`
        : "";
    // The leading comment names the step (tests count them).
    const sql = `/* bm25 ${theta === null ? "first" : "maxscore"} */ WITH q AS MATERIALIZED (SELECT * FROM unnest(${q}) AS q(term, idf, essential)),
      c AS (
        SELECT x.seq, sum(${contribution}) AS partial
        FROM (SELECT * FROM q WHERE q.essential) q CROSS JOIN LATERAL (
          SELECT seq, tf, dl FROM aif_memory_postings WHERE user_id = ${user} AND term = q.term) x
        GROUP BY x.seq ${prune}),
      ranked AS MATERIALIZED (
        SELECT c.seq AS ranked_seq, c.partial${probed} AS score FROM c ORDER BY score DESC, c.seq LIMIT ${p.add(fetch)})
      SELECT ${input.columns}, ranked.score, COALESCE((${input.eligible(p)}), false) AS eligible
      FROM ranked JOIN aif_memories ON aif_memories.seq = ranked.ranked_seq
      ORDER BY ranked.score DESC, ranked.ranked_seq`;
    const { rows } = await db.query<Row>(sql, p.values);
    return { eligible: rows.filter((r) => r.eligible === true), complete: rows.length < fetch };
  };

  const exhaustive = async () => {
    const p = new Params();
    const user = p.add(input.userId);
    const q = `${p.add(terms.map((t) => t.term))}::text[], ${p.add(terms.map((t) => t.idf))}::float8[]`;
    const contribution = contributionSql(input, p);
    const sql = `/* bm25 exhaustive */ WITH q AS MATERIALIZED (SELECT * FROM unnest(${q}) AS q(term, idf)),
      c AS (
        SELECT x.seq, sum(${contribution}) AS score
        FROM q CROSS JOIN LATERAL (
          SELECT seq, tf, dl FROM aif_memory_postings WHERE user_id = ${user} AND term = q.term) x
        GROUP BY x.seq),
      ranked AS MATERIALIZED (
        SELECT c.seq AS ranked_seq, c.score FROM c JOIN aif_memories ON aif_memories.seq = c.seq
        WHERE ${input.eligible(p)} ORDER BY c.score DESC, c.seq LIMIT ${p.add(capacity)})
      SELECT ${input.columns}, ranked.score FROM ranked JOIN aif_memories ON aif_memories.seq = ranked.ranked_seq
      ORDER BY ranked.score DESC, ranked.ranked_seq`;
    return (await db.query<Row>(sql, p.values)).rows;
  };

  // Round A: the highest-bound terms, until their lists hold `capacity` postings.
  const descending = [...terms].sort((x, y) => y.bound - x.bound);
  const first = new Set<string>();
  let postings = 0;
  for (const t of descending) {
    first.add(t.term);
    postings += t.df;
    if (postings >= capacity) break;
  }
  const a = await round(first, null, 0);
  if (first.size === terms.length) {
    return a.eligible.length >= capacity || a.complete ? a.eligible.slice(0, capacity) : exhaustive();
  }
  if (a.eligible.length < capacity) return exhaustive();
  const theta = Number((a.eligible[capacity - 1] as Row).score);
  let othersBound = 0;
  for (const t of terms) if (!first.has(t.term)) othersBound += t.bound;
  if (othersBound < theta) return a.eligible.slice(0, capacity);

  // Round B: MaxScore with θ from round A.
  const ascending = [...terms].sort((x, y) => x.bound - y.bound);
  const nonEssential = new Set<string>();
  let nonEssentialBound = 0;
  for (const t of ascending) {
    if (nonEssentialBound + t.bound >= theta) break;
    nonEssentialBound += t.bound;
    nonEssential.add(t.term);
  }
  const essential = new Set(terms.filter((t) => !nonEssential.has(t.term)).map((t) => t.term));
  const bRound = await round(essential, theta, nonEssentialBound);
  return bRound.eligible.length >= capacity ? bRound.eligible.slice(0, capacity) : exhaustive();
}
