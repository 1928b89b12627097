/**
 * Levenshtein edit distance between two strings (insertions, deletions and substitutions cost 1).
 *
 * @param a - first string
 * @param b - second string
 * @returns the edit distance
 * @example
 * ```ts
 * import { editDistance } from "@aifactory/core";
 * editDistance("nvidia-h100-sx", "nvidia-h100-sxm"); // 1
 * ```
 * @since 0.1.0
 * @category Text
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = charA === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/**
 * The candidates nearest to `input`, for "did you mean ...?" hints.
 *
 * Candidates that contain the input (or are contained in it) rank first, then candidates that hold every word
 * and number of the input (at least two: `llama-70b` finds `llama-3.1-70b`), then the others, each group by edit
 * distance; a candidate is kept when it is in one of the first two groups or its distance is at most
 * `maxDistance` (default: a third of the longer string, at least 2).
 *
 * @param input - what the user typed
 * @param candidates - the valid values
 * @param limit - how many suggestions to return at most (default 3)
 * @returns suggestions, nearest first; empty when nothing is close
 * @example
 * ```ts
 * import { closestMatches } from "@aifactory/core";
 * closestMatches("nvidia-h100-sx", ["nvidia-h100-sxm", "nvidia-h100-pcie", "amd-mi300x"]);
 * // ["nvidia-h100-sxm", "nvidia-h100-pcie"]
 * ```
 * @since 0.1.0
 * @category Text
 */
export function closestMatches(input: string, candidates: Iterable<string>, limit = 3, maxDistance?: number): string[] {
  const needle = input.toLowerCase();
  const needleTokens = idTokens(needle);
  const scored: Array<{ candidate: string; score: number; tier: number }> = [];
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    const distance = editDistance(needle, hay);
    const bound = maxDistance ?? Math.max(2, Math.ceil(Math.max(needle.length, hay.length) / 3));
    const contains = needle.length >= 3 && (hay.includes(needle) || needle.includes(hay));
    // Every word and number of the input is in the candidate ("llama-70b" in "llama-3.1-70b", "llama3-8b" in
    // "llama-3.1-8b"), with at least two of them.
    const tokens = needleTokens.length >= 2 && containsAllTokens(idTokens(hay), needleTokens);
    if (distance <= bound || contains || tokens) {
      scored.push({ candidate, score: distance, tier: contains ? 0 : tokens ? 1 : 2 });
    }
  }
  // "nvidia-h100" is nearer, by edits, to "nvidia-b200" (2) than to "nvidia-h100-sxm" (4): containment first,
  // then the candidates that hold every token of the input, then the others, each by edit distance.
  scored.sort((x, y) => x.tier - y.tier || x.score - y.score || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

/** The words and numbers of an id: split at punctuation and between letters and digits (`llama3-8b` -> llama 3 8 b). */
function idTokens(id: string): string[] {
  return id.match(/[a-z]+|[0-9]+/g) ?? [];
}

/** Whether `tokens` holds each of `wanted`, as many times as `wanted` has it. */
function containsAllTokens(tokens: readonly string[], wanted: readonly string[]): boolean {
  const left = [...tokens];
  for (const token of wanted) {
    const at = left.indexOf(token);
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return true;
}
