/**
 * A text embedder a store can use for vector search. Pluggable: wrap any model (a local ONNX model, an
 * HTTP API). Stores work without one (lexical BM25 only), so everything runs offline by default.
 *
 * @example
 * ```ts
 * import type { EmbedderV1 } from "@aifactory/memory";
 * const embedder: EmbedderV1 = {
 *   specificationVersion: "v1",
 *   id: "constant",
 *   dimensions: 2,
 *   embed: async (texts) => texts.map(() => [1, 0]),
 * };
 * ```
 * @since 0.1.0
 * @category Spec
 */
export interface EmbedderV1 {
  /** Always `"v1"`. */
  readonly specificationVersion: "v1";
  /** A stable id of the model, e.g. `"hashing-ngram-256"`. */
  readonly id: string;
  /** Length of every vector it returns. */
  readonly dimensions: number;
  /**
   * Embeds a batch of texts.
   *
   * @param texts - the texts
   * @returns one vector of `dimensions` finite numbers per text, in order
   */
  embed(texts: readonly string[]): Promise<number[][]>;
}
