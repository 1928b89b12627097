import type { MemoryHit } from "../spec/memory-hit";
import { estimateTokens } from "../text/tokenize";

/**
 * Options of {@link packWorkingMemory}.
 *
 * @since 0.1.0
 * @category Consolidation
 */
export interface WorkingMemoryOptions {
  /** Tokens available for memories in the context window. */
  tokenBudget: number;
  /** Token counter (default: {@link estimateTokens}, ~4 characters per token). */
  countTokens?: (text: string) => number;
  /** Tokens of formatting around each memory (default 4). */
  overheadTokensPerMemory?: number;
  /** Order of the packed memories: `score` (best first, default) or `time` (oldest `validFrom` first). */
  order?: "score" | "time";
}

/**
 * The packed working memory.
 *
 * @since 0.1.0
 * @category Consolidation
 */
export interface WorkingMemory {
  hits: MemoryHit[];
  usedTokens: number;
  tokenBudget: number;
  /** Ids that did not fit. */
  droppedIds: string[];
}

/**
 * Picks the best memories that fit a token budget: the short-term store of Atkinson & Shiffrin (1968) is a
 * context window with a hard capacity. Hits are taken in score order; one that does not fit is skipped and
 * smaller ones after it may still fit (first-fit), so the budget is used without ever reordering by length.
 *
 * @param hits - search hits, best first
 * @param options - budget, token counter, overhead and output order
 * @returns the hits that fit, the tokens used and what was dropped
 * @throws never; a budget below every memory returns no hits
 * @example
 * ```ts
 * import { packWorkingMemory } from "@aifactory/memory";
 * packWorkingMemory([], { tokenBudget: 512 }).usedTokens; // 0
 * ```
 * @since 0.1.0
 * @category Consolidation
 */
export function packWorkingMemory(hits: readonly MemoryHit[], options: WorkingMemoryOptions): WorkingMemory {
  const count = options.countTokens ?? estimateTokens;
  const overhead = options.overheadTokensPerMemory ?? 4;
  const budget = Math.max(0, options.tokenBudget);
  const chosen: MemoryHit[] = [];
  const droppedIds: string[] = [];
  let used = 0;
  for (const hit of [...hits].sort((a, b) => b.score - a.score)) {
    const cost = count(hit.memory.content) + overhead;
    if (used + cost <= budget) {
      chosen.push(hit);
      used += cost;
    } else droppedIds.push(hit.memory.id);
  }
  if (options.order === "time") chosen.sort((a, b) => (a.memory.validFrom < b.memory.validFrom ? -1 : 1));
  return { hits: chosen, usedTokens: used, tokenBudget: budget, droppedIds };
}
