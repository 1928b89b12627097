import { tokenize } from "../text/tokenize";

/**
 * Jaccard similarity of the term sets of two texts (|A∩B| / |A∪B| over {@link tokenize} terms): 1 for the
 * same words in any order, 0 for no shared word.
 *
 * @param a - first text
 * @param b - second text
 * @returns similarity in [0, 1] (1 when both have no terms)
 * @example
 * ```ts
 * import { termJaccard } from "@aifactory/memory";
 * termJaccard("Alice likes green tea", "alice likes tea"); // 0.75
 * ```
 * @since 0.1.0
 * @category Consolidation
 */
export function termJaccard(a: string, b: string): number {
  return setJaccard(new Set(tokenize(a)), new Set(tokenize(b)));
}

/**
 * Jaccard similarity of two sets.
 *
 * @param a - first set
 * @param b - second set
 * @returns |A∩B| / |A∪B| (1 when both are empty)
 * @example
 * ```ts
 * import { setJaccard } from "@aifactory/memory";
 * setJaccard(new Set(["a", "b"]), new Set(["b"])); // 0.5
 * ```
 * @since 0.1.0
 * @category Consolidation
 */
export function setJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}
