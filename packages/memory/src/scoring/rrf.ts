/**
 * Reciprocal-rank fusion: `Σ_r 1 / (k + rank_r)` over the rankings that contain the item (Cormack, Clarke &
 * Büttcher 2009, SIGIR, with k = 60). Ranks start at 1.
 *
 * @param ranks - the item's rank in each ranking that contains it
 * @param k - the smoothing constant (default 60)
 * @returns the fused score
 * @example
 * ```ts
 * import { reciprocalRankFusion } from "@aifactory/memory";
 * reciprocalRankFusion([1, 3]); // 1/61 + 1/63
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function reciprocalRankFusion(ranks: readonly number[], k = 60): number {
  let score = 0;
  for (const rank of ranks) score += 1 / (k + rank);
  return score;
}
