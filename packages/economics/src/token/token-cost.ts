import { assertFiniteResult, finitePositive, parseInput } from "@aifactory/core";
import { z } from "zod";

/**
 * Input of {@link tokenCost}.
 *
 * @example
 * ```ts
 * import { tokenCostInputSchema } from "@aifactory/economics";
 * tokenCostInputSchema.parse({ costUsdPerAcceleratorHour: 2, tokensPerSecondPerAccelerator: 1000 });
 * ```
 * @since 0.1.0
 * @category Tokens
 */
export const tokenCostInputSchema = z
  .object({
    /** Cost of one accelerator-hour, USD (a cloud price or `costPerGpuHourUsd` of a TCO). */
    costUsdPerAcceleratorHour: finitePositive,
    /** Sustained tokens per second per accelerator. */
    tokensPerSecondPerAccelerator: finitePositive,
    /** Share of hours serving at that throughput (default 1). */
    utilizationRatio: z.number().finite().gt(0).max(1).default(1),
  })
  .strict();

/**
 * Input of {@link tokenCost} as written.
 *
 * @example
 * ```ts
 * import { tokenCost, type TokenCostInput } from "@aifactory/economics";
 * const input: TokenCostInput = { costUsdPerAcceleratorHour: 2, tokensPerSecondPerAccelerator: 1500 };
 * tokenCost(input);
 * ```
 * @since 0.1.0
 * @category Tokens
 */
export type TokenCostInput = z.input<typeof tokenCostInputSchema>;

/**
 * Result of {@link tokenCost}.
 *
 * @example
 * ```ts
 * import { tokenCost, type TokenCostResult } from "@aifactory/economics";
 * const cost: TokenCostResult = tokenCost({ costUsdPerAcceleratorHour: 2, tokensPerSecondPerAccelerator: 1500 });
 * ```
 * @since 0.1.0
 * @category Tokens
 */
export interface TokenCostResult {
  usdPerMillionTokens: number;
  tokensPerGpuHour: number;
  breakdown: { costUsdPerAcceleratorHour: number; tokensPerSecondPerAccelerator: number; utilizationRatio: number };
}

/**
 * Price per million tokens from a cost per accelerator-hour and a throughput:
 * `usdPerMillionTokens = costUsdPerAcceleratorHour / (tokensPerSecondPerAccelerator x 3600 x utilization) x 1e6`.
 *
 * @param input - validated with {@link tokenCostInputSchema}
 * @returns USD per million tokens and tokens per GPU-hour
 * @throws InvalidInputError for non-positive inputs
 * @example
 * ```ts
 * import { tokenCost } from "@aifactory/economics";
 * tokenCost({ costUsdPerAcceleratorHour: 3.6, tokensPerSecondPerAccelerator: 1000 }).usdPerMillionTokens; // 1
 * ```
 * @since 0.1.0
 * @category Tokens
 */
export function tokenCost(input: TokenCostInput): TokenCostResult {
  const p = parseInput(tokenCostInputSchema, input, "token cost input");
  const tokensPerGpuHour = p.tokensPerSecondPerAccelerator * 3600 * p.utilizationRatio;
  return assertFiniteResult(
    {
      usdPerMillionTokens: (p.costUsdPerAcceleratorHour / tokensPerGpuHour) * 1e6,
      tokensPerGpuHour,
      breakdown: {
        costUsdPerAcceleratorHour: p.costUsdPerAcceleratorHour,
        tokensPerSecondPerAccelerator: p.tokensPerSecondPerAccelerator,
        utilizationRatio: p.utilizationRatio,
      },
    },
    "token cost",
  );
}
