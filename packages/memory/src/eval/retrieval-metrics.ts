/**
 * Recall@k: the share of the relevant items that appear in the first k of a ranking.
 *
 * @param ranking - item ids, best first (duplicates are ignored after their first occurrence)
 * @param relevant - the relevant ids (non-empty)
 * @param k - cut-off (≥ 1)
 * @returns a ratio in [0, 1] (0 when `relevant` is empty)
 * @example
 * ```ts
 * import { recallAtK } from "@aifactory/memory";
 * recallAtK(["a", "b", "c"], new Set(["a", "c", "d"]), 2); // 1/3
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export function recallAtK(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  const seen = new Set<string>();
  let found = 0;
  for (const id of ranking) {
    if (seen.size >= k) break;
    if (seen.has(id)) continue;
    seen.add(id);
    if (relevant.has(id)) found++;
  }
  return found / relevant.size;
}

/**
 * NDCG@k with binary relevance (Järvelin & Kekäläinen 2002): `DCG = Σ_i rel_i / log2(i + 1)` over the
 * first k distinct items, divided by the DCG of an ideal ranking (all relevant items first).
 *
 * @param ranking - item ids, best first
 * @param relevant - the relevant ids
 * @param k - cut-off (≥ 1)
 * @returns a ratio in [0, 1] (0 when `relevant` is empty)
 * @example
 * ```ts
 * import { ndcgAtK } from "@aifactory/memory";
 * ndcgAtK(["x", "a"], new Set(["a"]), 5); // 1 / log2(3) ≈ 0.631
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export function ndcgAtK(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  const seen = new Set<string>();
  let dcg = 0;
  for (const id of ranking) {
    if (seen.size >= k) break;
    if (seen.has(id)) continue;
    seen.add(id);
    if (relevant.has(id)) dcg += 1 / Math.log2(seen.size + 1);
  }
  let ideal = 0;
  for (let i = 1; i <= Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 1);
  return dcg / ideal;
}
