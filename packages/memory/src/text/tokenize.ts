/**
 * English function words that carry no retrieval signal. A short list on purpose: a long stop list hurts
 * questions such as "who was there" less than it hurts names and numbers it may swallow.
 *
 * @example
 * ```ts
 * import { ENGLISH_STOPWORDS } from "@aifactory/memory";
 * ENGLISH_STOPWORDS.has("the"); // true
 * ```
 * @since 0.1.0
 * @category Text
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([
  "a",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "but",
  "by",
  "for",
  "if",
  "in",
  "into",
  "is",
  "it",
  "of",
  "on",
  "or",
  "so",
  "such",
  "that",
  "the",
  "their",
  "then",
  "there",
  "these",
  "they",
  "this",
  "to",
  "was",
  "were",
  "will",
  "with",
  "i",
  "me",
  "my",
  "you",
  "your",
  "we",
  "our",
  "he",
  "she",
  "him",
  "her",
  "his",
  "its",
  "do",
  "does",
  "did",
  "have",
  "has",
  "had",
  "been",
  "am",
  "what",
  "which",
  "who",
  "whom",
  "when",
  "where",
  "how",
  "about",
  "from",
  "up",
  "out",
  "just",
  "also",
  "too",
  "very",
  "can",
  "would",
  "could",
  "should",
  "oh",
  "yeah",
]);

/**
 * Harman's "S" stemmer (Harman 1991, "How effective is suffixing?", JASIS 42(1)): only plural endings are
 * removed, so it never conflates words with different meanings the way an aggressive stemmer can.
 *
 * @param word - a lower-case token
 * @returns the token without its plural ending
 * @example
 * ```ts
 * import { sStem } from "@aifactory/memory";
 * sStem("memories"); // "memory"
 * ```
 * @since 0.1.0
 * @category Text
 */
export function sStem(word: string): string {
  const n = word.length;
  if (n <= 3 || word.charCodeAt(n - 1) !== 115 /* s */) return word;
  if (word.endsWith("ies") && !word.endsWith("eies") && !word.endsWith("aies")) return `${word.slice(0, -3)}y`;
  if (word.endsWith("es") && !word.endsWith("aes") && !word.endsWith("ees") && !word.endsWith("oes")) {
    return word.slice(0, -1);
  }
  if (!word.endsWith("us") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

const TOKEN_PATTERN = /[\p{L}\p{N}]+/gu;

/**
 * Splits text into retrieval terms: Unicode letters and digits, lower-cased, English stop words removed,
 * plural endings stripped with {@link sStem}. The same function feeds BM25 in every store, so scores agree
 * across backends.
 *
 * @param text - any text
 * @returns the terms in order (duplicates kept, for term frequencies)
 * @example
 * ```ts
 * import { tokenize } from "@aifactory/memory";
 * tokenize("The cats went hiking in May"); // ["cat", "went", "hiking", "may"]
 * ```
 * @since 0.1.0
 * @category Text
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  // ASCII fast path (most memories); any other character sends the text through the Unicode pattern.
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    if (c >= 128) return tokenizeUnicode(lower);
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      pushTerm(out, lower.slice(start, i));
      start = -1;
    }
  }
  return out;
}

function pushTerm(out: string[], raw: string): void {
  if (raw.length > 64 || ENGLISH_STOPWORDS.has(raw)) return;
  out.push(sStem(raw));
}

function tokenizeUnicode(lower: string): string[] {
  const out: string[] = [];
  for (const match of lower.matchAll(TOKEN_PATTERN)) pushTerm(out, match[0]);
  return out;
}

/**
 * Counts how often each term occurs.
 *
 * @param terms - terms from {@link tokenize}
 * @returns a map from term to count
 * @example
 * ```ts
 * import { termFrequencies } from "@aifactory/memory";
 * termFrequencies(["a", "b", "a"]).get("a"); // 2
 * ```
 * @since 0.1.0
 * @category Text
 */
export function termFrequencies(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/**
 * A rough token count for budgeting a context window: one token per four characters, the rule of thumb
 * OpenAI gives for English text ("What are tokens and how to count them?", OpenAI Help Center).
 *
 * @param text - any text
 * @returns an estimated token count (at least 1 for non-empty text)
 * @example
 * ```ts
 * import { estimateTokens } from "@aifactory/memory";
 * estimateTokens("twelve chars"); // 3
 * ```
 * @since 0.1.0
 * @category Text
 */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}
