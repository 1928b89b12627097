import { formatCount, formatSignificant } from "@aifactory/core";
import { validateMoeTrainingModel, validateTrainingModel, validationFamilies } from "@aifactory/workloads";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { parseChoiceOption } from "../options";
import { renderTable } from "../table";

/**
 * Registers `aif validate training`: the step-time model against every published calibration run.
 *
 * @param program - the root command (`validate` is created if no other area made it yet)
 * @param context - output helpers
 */
export function registerValidateTrainingCommands(program: Command, context: CliContext): void {
  const validate =
    program.commands.find((command) => command.name() === "validate") ??
    program.command("validate").description("compare the models with published measurements");
  validate
    .command("training")
    .description(
      "training step time vs Narayanan et al. 2021 and Korthikanti et al. 2022 (dense, A100), and throughput vs the Megatron-Core MoE runs (H100, GB200)",
    )
    .option("--kernels <builtin|none>", "measured kernel tables (builtin, the default) or the analytic path", "builtin")
    .action((flags: { kernels: string }) => {
      const kernels = parseChoiceOption("--kernels", flags.kernels, ["builtin", "none"] as const);
      const report = validateTrainingModel({}, kernels);
      const moe = validateMoeTrainingModel({}, kernels);
      const result = {
        rows: report.rows.map((row) => ({
          id: row.id,
          source: row.source,
          ...(row.url === undefined ? {} : { url: row.url }),
          model: row.model,
          acceleratorCount: row.acceleratorCount,
          parallelism: row.parallelism,
          published: row.publishedStepSeconds,
          predicted: row.predictedStepSeconds,
          error: row.errorRatio,
          predictedMfuRatio: row.predictedMfuRatio,
        })),
        meanAbsolutePercentError: report.meanAbsolutePercentError,
        maxAbsolutePercentError: report.maxAbsolutePercentError,
        kernels,
        moe: {
          rows: moe.rows,
          medianAbsolutePercentError: moe.medianAbsolutePercentError,
          hopperMedianAbsolutePercentError: moe.hopperMedianAbsolutePercentError,
          blackwellMedianAbsolutePercentError: moe.blackwellMedianAbsolutePercentError,
        },
      };
      context.print(result, () => {
        const table = renderTable(
          result.rows.map((row) => ({
            run: row.id,
            GPUs: row.acceleratorCount,
            parallelism: row.parallelism,
            "published s": formatSignificant(row.published, 3),
            "predicted s": formatSignificant(row.predicted, 3),
            error: `${row.error >= 0 ? "+" : ""}${formatSignificant(row.error * 100, 2)}%`,
          })),
        );
        const moeTable = renderTable(
          moe.rows.map((row) => ({
            run: row.id,
            GPU: row.gpu,
            parallelism: row.parallelism,
            "published tok/s/GPU": formatCount(row.publishedTokensPerSecondPerGpu),
            "predicted tok/s/GPU": Number.isFinite(row.predictedTokensPerSecondPerGpu)
              ? formatCount(row.predictedTokensPerSecondPerGpu)
              : "-",
            error: Number.isFinite(row.errorRatio)
              ? `${row.errorRatio >= 0 ? "+" : ""}${formatSignificant(row.errorRatio * 100, 2)}%`
              : "-",
            "left out because": row.excludedBecause ?? "",
          })),
        );
        return [
          `dense (step time, kernels ${kernels})`,
          table,
          `mean absolute percentage error: ${formatSignificant(result.meanAbsolutePercentError, 3)}% (max ${formatSignificant(result.maxAbsolutePercentError, 3)}%)`,
          "",
          "MoE (tokens/s per GPU, Megatron-Core)",
          moeTable,
          `median absolute error: ${formatSignificant(moe.medianAbsolutePercentError, 3)}% (Hopper ${formatSignificant(moe.hopperMedianAbsolutePercentError, 3)}%, Blackwell ${formatSignificant(moe.blackwellMedianAbsolutePercentError, 3)}%)`,
        ].join("\n");
      });
    });
  validate
    .command("families")
    .description("error by family (dense/MoE x GPU generation x training/serving), measured kernels vs analytic")
    .action(() => {
      const families = validationFamilies();
      context.print({ families }, () =>
        renderTable(
          families.map((f) => ({
            family: f.family,
            rows: f.rows,
            statistic: `${f.statistic} |error|`,
            "measured kernels": Number.isFinite(f.measuredKernelsPercent)
              ? `${formatSignificant(f.measuredKernelsPercent, 3)}%`
              : "-",
            analytic: Number.isFinite(f.analyticPercent) ? `${formatSignificant(f.analyticPercent, 3)}%` : "-",
            what: f.note,
          })),
        ),
      );
    });
}
