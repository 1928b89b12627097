import { assertFiniteResult, formatCount, formatUsd } from "@aifactory/core";
import { tokenCost } from "@aifactory/economics";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { TOKEN_COST_FLAG_NAMES, withFlagNames } from "../flag-names";
import { parseNumberOption } from "../options";
import { renderKeyValues } from "../table";

/**
 * Registers `aif token-cost --gpu-hour-usd x --tokens-per-second-per-gpu y`: price per million tokens from
 * `@aifactory/economics`'s `tokenCost`; prints `usdPerMillionTokens`.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif token-cost --gpu-hour-usd 2.5 --tokens-per-second-per-gpu 1500 --json
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerTokenCostCommands(program: Command, context: CliContext): void {
  program
    .command("token-cost")
    .description("USD per million tokens from a GPU-hour price and a throughput")
    .requiredOption("--gpu-hour-usd <x>", "cost of one accelerator-hour, USD")
    .requiredOption("--tokens-per-second-per-gpu <y>", "sustained tokens per second per accelerator")
    .action((flags: { gpuHourUsd: string; tokensPerSecondPerGpu: string }) => {
      const result = withFlagNames(TOKEN_COST_FLAG_NAMES, () =>
        tokenCost({
          costUsdPerAcceleratorHour: parseNumberOption("--gpu-hour-usd", flags.gpuHourUsd, { min: Number.MIN_VALUE }),
          tokensPerSecondPerAccelerator: parseNumberOption("--tokens-per-second-per-gpu", flags.tokensPerSecondPerGpu, {
            min: Number.MIN_VALUE,
          }),
        }),
      );
      context.print(assertFiniteResult(result, "token cost"), () =>
        renderKeyValues([
          ["USD per million tokens", formatUsd(result.usdPerMillionTokens)],
          ["tokens per GPU-hour", formatCount(result.tokensPerGpuHour)],
        ]),
      );
    });
}
