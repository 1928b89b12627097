import { z } from "zod";
import { finiteNonNegative, finitePositive, nonNegativeInt, positiveInt } from "../schema/primitives";
import { type SeededRandom, standardNormalSample } from "./seeded-random";

/** `minTokens <= maxTokens` when both are given (a clamp with crossed bounds would return `maxTokens` always). */
function boundsOrdered(dist: { minTokens?: number | undefined; maxTokens?: number | undefined }): boolean {
  return dist.minTokens === undefined || dist.maxTokens === undefined || dist.minTokens <= dist.maxTokens;
}
const BOUNDS_ORDERED = { message: "minTokens must not exceed maxTokens", path: ["minTokens"] };

/**
 * A distribution of token counts (prompt or output lengths). Samples are rounded to whole tokens and clamped to
 * `[minTokens, maxTokens]` (default 1 and unbounded; `minTokens` must not exceed `maxTokens`, except for `uniform`,
 * whose bounds may come in either order).
 *
 * - `fixed`: every request the same (what trtllm-bench, vLLM's and SGLang's synthetic benchmarks use);
 * - `uniform`: integers in `[minTokens, maxTokens]`;
 * - `normal`: mean and standard deviation (genai-perf's `--synthetic-input-tokens-mean/-stddev`);
 * - `lognormal`: median and log-space sigma (the usual fit of chat prompt lengths);
 * - `exponential`: a mean (memoryless lengths: the M/M/c check);
 * - `empirical`: draw from observed values, optionally weighted (one non-negative weight per value, at least one
 *   positive).
 *
 * @example
 * ```ts
 * import { lengthDistributionSchema } from "@aifactory/core";
 * lengthDistributionSchema.parse({ kind: "lognormal", medianTokens: 800, sigma: 0.8, maxTokens: 8000 }).kind;
 * // "lognormal"
 * ```
 * @since 0.2.0
 * @category Random
 */
export const lengthDistributionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fixed"), tokens: positiveInt }).strict(),
  z.object({ kind: z.literal("uniform"), minTokens: positiveInt, maxTokens: positiveInt }).strict(),
  z
    .object({
      kind: z.literal("normal"),
      meanTokens: finitePositive,
      stdTokens: finiteNonNegative,
      minTokens: positiveInt.optional(),
      maxTokens: positiveInt.optional(),
    })
    .strict()
    .refine(boundsOrdered, BOUNDS_ORDERED),
  z
    .object({
      kind: z.literal("lognormal"),
      medianTokens: finitePositive,
      sigma: finiteNonNegative,
      minTokens: positiveInt.optional(),
      maxTokens: positiveInt.optional(),
    })
    .strict()
    .refine(boundsOrdered, BOUNDS_ORDERED),
  z
    .object({
      kind: z.literal("exponential"),
      meanTokens: finitePositive,
      minTokens: positiveInt.optional(),
      maxTokens: positiveInt.optional(),
    })
    .strict()
    .refine(boundsOrdered, BOUNDS_ORDERED),
  z
    .object({
      kind: z.literal("empirical"),
      tokens: z.array(positiveInt).min(1).max(1_000_000),
      weights: z.array(finiteNonNegative).optional(),
    })
    .strict()
    .superRefine((dist, ctx) => {
      const w = dist.weights;
      if (w === undefined) return;
      if (w.length !== dist.tokens.length) {
        ctx.addIssue({
          code: "custom",
          path: ["weights"],
          message: `has ${w.length} weights for ${dist.tokens.length} tokens (one weight per value)`,
        });
      } else if (!w.some((x) => x > 0)) {
        ctx.addIssue({ code: "custom", path: ["weights"], message: "needs at least one positive weight" });
      }
    }),
]);

/**
 * A token-length distribution. See {@link lengthDistributionSchema}.
 *
 * @since 0.2.0
 * @category Random
 */
export type LengthDistribution = z.infer<typeof lengthDistributionSchema>;

/** Cumulative weights of weighted `empirical` distributions, computed once per weights array. */
const cumulativeCache = new WeakMap<readonly number[], Float64Array>();

/**
 * The cumulative weights of an `empirical` distribution, or undefined when it is drawn uniformly: no weights, or
 * weights that do not match the values one for one or never exceed zero (what the schema refuses; a distribution
 * built in code falls back to equal weights, in {@link sampleLength} and {@link meanLength} alike).
 */
function cumulativeWeights(
  tokens: readonly number[],
  weights: readonly number[] | undefined,
): Float64Array | undefined {
  if (weights === undefined || weights.length !== tokens.length) return undefined;
  let cumulative = cumulativeCache.get(weights);
  if (cumulative === undefined) {
    cumulative = new Float64Array(weights.length);
    // Weights relative to the largest: a sum of weights near 1e308 would be Infinity (NaN means, last value
    // always drawn).
    let largest = 0;
    for (const w of weights) if (Number.isFinite(w) && w > largest) largest = w;
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      total += Number.isFinite(w) && w > 0 ? w / largest : 0;
      cumulative[i] = total;
    }
    cumulativeCache.set(weights, cumulative);
  }
  return (cumulative[cumulative.length - 1] as number) > 0 ? cumulative : undefined;
}

/**
 * Draws one length from a distribution. A weighted `empirical` distribution is drawn by binary search over its
 * cumulative weights, computed on the first draw (so its `weights` array must not be changed afterwards).
 *
 * @param dist - the distribution
 * @param random - a seeded generator
 * @returns a whole number of tokens (>= 1)
 * @example
 * ```ts
 * import { createSeededRandom, sampleLength } from "@aifactory/core";
 * sampleLength({ kind: "fixed", tokens: 128 }, createSeededRandom(1)); // 128
 * ```
 * @since 0.2.0
 * @category Random
 */
export function sampleLength(dist: LengthDistribution, random: SeededRandom): number {
  let value: number;
  let min = 1;
  // Unbounded draws stop at 2^53 - 1: a median or mean near 1e308 must not draw Infinity.
  let max = Number.MAX_SAFE_INTEGER;
  switch (dist.kind) {
    case "fixed":
      return dist.tokens;
    case "uniform": {
      const lo = Math.min(dist.minTokens, dist.maxTokens);
      const hi = Math.max(dist.minTokens, dist.maxTokens);
      return lo + Math.floor(random() * (hi - lo + 1));
    }
    case "normal":
      value = dist.meanTokens + dist.stdTokens * standardNormalSample(random);
      min = dist.minTokens ?? 1;
      max = dist.maxTokens ?? max;
      break;
    case "lognormal":
      value = dist.medianTokens * Math.exp(dist.sigma * standardNormalSample(random));
      min = dist.minTokens ?? 1;
      max = dist.maxTokens ?? max;
      break;
    case "exponential":
      value = -dist.meanTokens * Math.log(1 - random());
      min = dist.minTokens ?? 1;
      max = dist.maxTokens ?? max;
      break;
    case "empirical": {
      const cumulative = cumulativeWeights(dist.tokens, dist.weights);
      if (cumulative === undefined) return dist.tokens[Math.floor(random() * dist.tokens.length)] as number;
      // The first value whose cumulative weight exceeds the pick (zero-weight values are never drawn).
      const pick = random() * (cumulative[cumulative.length - 1] as number);
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] as number) > pick) hi = mid;
        else lo = mid + 1;
      }
      return dist.tokens[lo] as number;
    }
  }
  return Math.min(max, Math.max(min, Math.round(value)));
}

/** A mean brought within the bounds that every draw of the distribution lies in. */
function withinBounds(mean: number, dist: { minTokens?: number | undefined; maxTokens?: number | undefined }): number {
  return Math.min(dist.maxTokens ?? Number.MAX_SAFE_INTEGER, Math.max(dist.minTokens ?? 1, mean));
}

/**
 * The mean of a length distribution (after rounding and clamping only approximately: exact for `fixed`, `uniform`
 * and `empirical`, otherwise the unclamped mean brought within the bounds that every draw lies in, `minTokens`
 * (default 1) to `maxTokens` (default 2^53 - 1), so that a lognormal's `median * exp(sigma^2 / 2)` is never
 * Infinity).
 *
 * @param dist - the distribution
 * @returns mean tokens
 * @example
 * ```ts
 * import { meanLength } from "@aifactory/core";
 * meanLength({ kind: "uniform", minTokens: 100, maxTokens: 300 }); // 200
 * ```
 * @since 0.2.0
 * @category Random
 */
export function meanLength(dist: LengthDistribution): number {
  switch (dist.kind) {
    case "fixed":
      return dist.tokens;
    case "uniform":
      return (dist.minTokens + dist.maxTokens) / 2;
    case "normal":
      return withinBounds(dist.meanTokens, dist);
    case "lognormal":
      return withinBounds(dist.medianTokens * Math.exp((dist.sigma * dist.sigma) / 2), dist);
    case "exponential":
      return withinBounds(dist.meanTokens, dist);
    case "empirical": {
      const cumulative = cumulativeWeights(dist.tokens, dist.weights);
      if (cumulative === undefined) return dist.tokens.reduce((a, b) => a + b, 0) / dist.tokens.length;
      let sum = 0;
      let previous = 0;
      for (let i = 0; i < cumulative.length; i++) {
        const c = cumulative[i] as number;
        sum += (c - previous) * (dist.tokens[i] as number);
        previous = c;
      }
      return sum / previous;
    }
  }
}

/** The largest block hash id: the fleet simulator keeps block ids as 32-bit integers. */
const MAX_HASH_ID = 2_147_483_647;

/**
 * One request of a trace. `hashIds` are the request's prompt blocks in order (Mooncake's convention: equal ids
 * mean an equal prefix of `blockTokens` tokens each); without them, requests with the same `sessionId` share the
 * previous turn's whole context as their prefix.
 *
 * @example
 * ```ts
 * import { traceRecordSchema } from "@aifactory/core";
 * traceRecordSchema.parse({ arrivalSeconds: 0.5, inputTokens: 655, outputTokens: 52, hashIds: [46, 47] });
 * ```
 * @since 0.2.0
 * @category Random
 */
export const traceRecordSchema = z
  .object({
    arrivalSeconds: finiteNonNegative,
    inputTokens: positiveInt,
    outputTokens: positiveInt,
    sessionId: z.string().min(1).max(200).optional(),
    hashIds: z.array(nonNegativeInt.max(MAX_HASH_ID)).max(100_000).optional(),
  })
  .strict();

/**
 * One request of a trace. See {@link traceRecordSchema}.
 *
 * @since 0.2.0
 * @category Random
 */
export type TraceRecord = z.infer<typeof traceRecordSchema>;
