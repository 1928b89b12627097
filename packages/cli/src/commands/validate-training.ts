import { formatSignificant } from "@aifactory/core";
import { validateTrainingModel } from "@aifactory/workloads";
import type { Command } from "commander";
import type { CliContext } from "../context";
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
    .description("training step time vs Narayanan et al. 2021 and Korthikanti et al. 2022")
    .action(() => {
      const report = validateTrainingModel();
      const result = {
        rows: report.rows.map((row) => ({
          id: row.id,
          source: row.source,
          ...(row.url === undefined ? {} : { url: row.url }),
          model: row.model,
          gpus: row.gpus,
          parallelism: row.parallelism,
          published: row.publishedStepSeconds,
          predicted: row.predictedStepSeconds,
          error: row.errorRatio,
          predictedMfuRatio: row.predictedMfuRatio,
        })),
        meanAbsolutePercentError: report.meanAbsolutePercentError,
        maxAbsolutePercentError: report.maxAbsolutePercentError,
      };
      context.print(result, () => {
        const table = renderTable(
          result.rows.map((row) => ({
            run: row.id,
            GPUs: row.gpus,
            parallelism: row.parallelism,
            "published s": formatSignificant(row.published, 4),
            "predicted s": formatSignificant(row.predicted, 4),
            error: `${row.error >= 0 ? "+" : ""}${formatSignificant(row.error * 100, 2)}%`,
          })),
        );
        return `${table}\nmean absolute percentage error: ${formatSignificant(result.meanAbsolutePercentError, 3)}% (max ${formatSignificant(result.maxAbsolutePercentError, 3)}%)`;
      });
    });
}
