/**
 * The corpora of the lexical benchmark bench/fts5-bench.ts (deterministic, seeded):
 *
 * - `zipf`: the `@aifactory/memory` synthetic corpus (Zipf pseudo-words, three-word queries);
 * - `locomo`: turns of LoCoMo (shared/reference/locomo/locomo10.json) repeated with variations (speaker names,
 *   a few words swapped for words of other turns, a session tag) and LoCoMo's own questions as queries: real
 *   English with very common words, whose long posting lists the synthetic corpus never has.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { syntheticMemoryCorpus } from "@aifactory/memory";

/** Texts to load and queries to run. */
export interface Corpus {
  name: string;
  texts: string[];
  queries: string[];
}

/** Mulberry32: a small seeded PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The synthetic Zipf corpus of `n` memories and `queryCount` three-word queries. */
export function zipfCorpus(n: number, queryCount: number): Corpus {
  const c = syntheticMemoryCorpus({ n, seed: 1 });
  const texts = Array.from({ length: n }, (_, i) => c.memory(i).content);
  return { name: "zipf", texts, queries: Array.from({ length: queryCount }, () => c.query()) };
}

/** LoCoMo's JSON (`AIF_LOCOMO_PATH`, or shared/reference next to the checkout), if present. */
export function findLocomo(): string | undefined {
  const candidates = [
    process.env.AIF_LOCOMO_PATH,
    join(import.meta.dirname, "../../../../shared/reference/locomo/locomo10.json"),
    join(import.meta.dirname, "../../../shared/reference/locomo/locomo10.json"),
  ];
  return candidates.find((p): p is string => p !== undefined && existsSync(p));
}

/** `n` LoCoMo turns with variations and `queryCount` LoCoMo questions. */
export function locomoCorpus(path: string, n: number, queryCount: number): Corpus {
  type Turn = { speaker: string; text: string };
  const data = JSON.parse(readFileSync(path, "utf8")) as Array<{
    conversation: Record<string, unknown>;
    qa?: Array<{ question?: string }>;
  }>;
  const turns: Turn[] = [];
  const questions: string[] = [];
  for (const sample of data) {
    for (const [key, value] of Object.entries(sample.conversation)) {
      if (/^session_\d+$/.test(key) && Array.isArray(value)) turns.push(...(value as Turn[]));
    }
    for (const qa of sample.qa ?? []) if (qa.question) questions.push(qa.question);
  }
  const random = mulberry32(42);
  const words = turns.flatMap((t) => t.text.split(/\s+/)).filter((w) => /^[A-Za-z]{3,}$/.test(w));
  const names = [...new Set(turns.map((t) => t.speaker))];
  const texts = Array.from({ length: n }, (_, i) => {
    const turn = turns[i % turns.length] as Turn;
    // Variation: another speaker now and then, two words swapped for words of other turns, a session tag.
    const tokens = turn.text.split(/\s+/);
    for (let s = 0; s < 2 && tokens.length > 3; s++) {
      tokens[Math.floor(random() * tokens.length)] = words[Math.floor(random() * words.length)] as string;
    }
    const speaker = random() < 0.2 ? (names[Math.floor(random() * names.length)] as string) : turn.speaker;
    return `${speaker}: ${tokens.join(" ")} (session ${Math.floor(i / 20)})`;
  });
  const queries = Array.from(
    { length: queryCount },
    () => questions[Math.floor(random() * questions.length)] as string,
  );
  return { name: "locomo", texts, queries };
}
