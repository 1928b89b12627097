import { formatSignificant } from "@aifactory/core";
import { validateServingModel } from "@aifactory/workloads";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { parseChoiceOption } from "../options";
import { renderTable } from "../table";

/**
 * Adds `serving` to the `validate` command: the serving model against TensorRT-LLM's published
 * max-throughput rows (H100/H200) and DeepSeek's production figures.
 *
 * @param validate - the `validate` command (the lead creates it)
 * @param context - output helpers
 * @example
 * ```sh
 * aif validate serving --json
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerValidateServingCommand(validate: Command, context: CliContext): void {
  validate
    .command("serving")
    .description("serving throughput vs TensorRT-LLM perf-overview (H100/H200) and DeepSeek day-6 figures")
    .option("--kernels <builtin|none>", "measured kernel tables (builtin, the default) or the analytic path", "builtin")
    .action((flags: { kernels: string }) => {
      const report = validateServingModel(
        {},
        parseChoiceOption("--kernels", flags.kernels, ["builtin", "none"] as const),
      );
      const result = {
        rows: report.rows.map((row) => ({
          id: row.id,
          model: row.model,
          gpu: row.gpu,
          acceleratorCount: row.acceleratorCount,
          inputTokens: row.inputTokens,
          outputTokens: row.outputTokens,
          metric: row.metric,
          published: row.published,
          predicted: row.predicted,
          error: row.errorRatio,
          inMedian: row.inMedian,
          source: row.source,
          ...(row.url === undefined ? {} : { url: row.url }),
        })),
        medianAbsolutePercentError: report.medianAbsolutePercentError,
        denseMedianAbsolutePercentError: report.denseMedianAbsolutePercentError,
        moeMedianAbsolutePercentError: report.moeMedianAbsolutePercentError,
        maxAbsolutePercentError: report.maxAbsolutePercentError,
      };
      context.print(result, () => {
        const table = renderTable(
          result.rows.map((row) => ({
            run: row.id,
            GPUs: row.acceleratorCount,
            "isl/osl": `${row.inputTokens}/${row.outputTokens}`,
            published: formatSignificant(row.published, 3),
            predicted: formatSignificant(row.predicted, 3),
            error: `${row.error >= 0 ? "+" : ""}${formatSignificant(row.error * 100, 3)}%`,
          })),
        );
        return `${table}\nmedian absolute percentage error: ${formatSignificant(result.medianAbsolutePercentError, 3)}% (dense ${formatSignificant(result.denseMedianAbsolutePercentError, 3)}%, MoE ${formatSignificant(result.moeMedianAbsolutePercentError, 3)}%)`;
      });
    });
}
