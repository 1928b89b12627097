import { z } from "zod";
import type { Random } from "../harness/prng";

/**
 * A distribution of token counts for synthetic requests: fixed, uniform (inclusive), or normal (clamped to
 * [min, max]).
 *
 * @example
 * ```ts
 * import { lengthDistributionSchema } from "@aifactory/bench";
 * lengthDistributionSchema.parse({ kind: "uniform", min: 128, max: 1024 });
 * ```
 * @since 0.1.0
 * @category Serving
 */
export const lengthDistributionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fixed"), tokens: z.number().int().positive() }),
  z.object({ kind: z.literal("uniform"), min: z.number().int().positive(), max: z.number().int().positive() }),
  z.object({
    kind: z.literal("normal"),
    mean: z.number().positive(),
    standardDeviation: z.number().nonnegative(),
    min: z.number().int().positive().default(1),
    max: z.number().int().positive().optional(),
  }),
]);

/**
 * A token-length distribution; see {@link lengthDistributionSchema}.
 *
 * @example
 * ```ts
 * import { createRandom, type LengthDistribution, sampleLength } from "@aifactory/bench";
 * const prompts: LengthDistribution = { kind: "uniform", min: 128, max: 1024 };
 * sampleLength(prompts, createRandom(1)) >= 128; // true
 * ```
 * @since 0.1.0
 * @category Serving
 */
export type LengthDistribution = z.input<typeof lengthDistributionSchema>;

/**
 * Draws one token count (an integer >= 1).
 *
 * @param distribution - the distribution
 * @param random - a seeded PRNG
 * @returns a token count
 * @example
 * ```ts
 * import { createRandom, sampleLength } from "@aifactory/bench";
 * sampleLength({ kind: "uniform", min: 100, max: 200 }, createRandom(1)); // 100..200
 * ```
 * @since 0.1.0
 * @category Serving
 */
export function sampleLength(distribution: LengthDistribution, random: Random): number {
  switch (distribution.kind) {
    case "fixed":
      return distribution.tokens;
    case "uniform": {
      const low = Math.min(distribution.min, distribution.max);
      const high = Math.max(distribution.min, distribution.max);
      return low + Math.floor(random() * (high - low + 1));
    }
    case "normal": {
      // Box-Muller.
      const u = Math.max(random(), 1e-12);
      const v = random();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      const value = Math.round(distribution.mean + z * distribution.standardDeviation);
      const min = distribution.min ?? 1;
      return Math.max(min, Math.min(distribution.max ?? Number.MAX_SAFE_INTEGER, value));
    }
    default:
      return 1;
  }
}
