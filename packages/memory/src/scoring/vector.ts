/**
 * Scales a vector to unit length (a zero vector stays zero), so a dot product is the cosine similarity.
 *
 * @param vector - any finite vector
 * @returns a new Float32Array of unit length
 * @example
 * ```ts
 * import { normalizeVector } from "@aifactory/memory";
 * normalizeVector([3, 4]); // Float32Array [0.6, 0.8]
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function normalizeVector(vector: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (vector[i] as number) ** 2;
  const out = new Float32Array(vector.length);
  if (sum === 0) return out;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) out[i] = (vector[i] as number) * inv;
  return out;
}

/**
 * Cosine similarity of two vectors of the same length (0 when either is zero or the lengths differ).
 *
 * @param a - first vector
 * @param b - second vector
 * @returns a number in [−1, 1]
 * @example
 * ```ts
 * import { cosineSimilarity } from "@aifactory/memory";
 * cosineSimilarity([1, 0], [1, 1]); // ≈ 0.7071
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Dot product of two equal-length vectors (the cosine when both are unit length).
 *
 * @param a - first vector
 * @param b - second vector
 * @returns Σ a_i·b_i
 * @example
 * ```ts
 * import { dotProduct } from "@aifactory/memory";
 * dotProduct([1, 2], [3, 4]); // 11
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function dotProduct(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) dot += (a[i] as number) * (b[i] as number);
  return dot;
}
