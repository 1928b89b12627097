import type { EmbedderV1 } from "../spec/embedder-v1";

/** FNV-1a 32-bit hash of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Options of {@link createHashingEmbedder}.
 *
 * @since 0.1.0
 * @category Embedding
 */
export interface HashingEmbedderOptions {
  /** Vector length (default 256). */
  dimensions?: number;
  /** Character n-gram lengths (default 3 and 4). */
  ngramLengths?: readonly number[];
}

/**
 * A dependency-free, deterministic embedder: character n-grams of each word (with boundary marks) hashed into
 * a fixed-size vector with a sign hash (the "hashing trick", Weinberger et al. 2009; subword n-grams as in
 * fastText, Bojanowski et al. 2017), L2-normalised. It captures spelling overlap (plurals, inflections,
 * typos), not meaning: use a real model through `EmbedderV1` for semantic search. Useful offline, in tests,
 * and as a second signal for hybrid retrieval.
 *
 * @param options - dimensions and n-gram lengths
 * @returns an `EmbedderV1`
 * @example
 * ```ts
 * import { createHashingEmbedder } from "@aifactory/memory";
 * const embedder = createHashingEmbedder({ dimensions: 64 });
 * const [v] = await embedder.embed(["hiking in the Alps"]);
 * v?.length; // 64
 * ```
 * @since 0.1.0
 * @category Embedding
 */
export function createHashingEmbedder(options: HashingEmbedderOptions = {}): EmbedderV1 {
  const dimensions = options.dimensions ?? 256;
  const lengths = options.ngramLengths ?? [3, 4];
  const embedOne = (text: string): number[] => {
    const v = new Float64Array(dimensions);
    for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
      const word = `<${match[0]}>`;
      for (const n of lengths) {
        for (let i = 0; i + n <= word.length; i++) {
          const h = fnv1a(word.slice(i, i + n));
          v[h % dimensions] = (v[h % dimensions] as number) + ((h >>> 31) & 1 ? -1 : 1);
        }
      }
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return Array.from(v, (x) => x * inv);
  };
  return {
    specificationVersion: "v1",
    id: `hashing-ngram-${dimensions}`,
    dimensions,
    embed: async (texts) => texts.map(embedOne),
  };
}
