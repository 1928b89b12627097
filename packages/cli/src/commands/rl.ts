import { assertFiniteResult, formatCount, formatDuration, formatSignificant, InvalidInputError } from "@aifactory/core";
import { estimateRlStep, type RlStepResult } from "@aifactory/workloads";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { RL_FLAG_NAMES, withFlagNames } from "../flag-names";
import { parseChoiceOption, parseNumberOption } from "../options";
import { renderKeyValues } from "../table";
import { loadServingAccelerator, loadServingModel } from "./serve";

interface RlFlags {
  policy?: string;
  gpu?: string;
  gpus?: string;
  promptsPerStep?: string;
  groupSize: string;
  isl?: string;
  oslMean?: string;
  oslMax?: string;
  placement: string;
  async?: boolean;
  algorithm: string;
  rolloutGpuRatio?: string;
  rewardSeconds?: string;
}

function need(flag: string, value: string | undefined): string {
  if (value === undefined) {
    throw new InvalidInputError(`option ${flag}`, [
      { path: flag, message: "is required", received: undefined, hint: `pass ${flag} <value>` },
    ]);
  }
  return value;
}

function int(flag: string, raw: string): number {
  return parseNumberOption(flag, raw, { int: true, min: 1 });
}

/** The phases by the words the output uses for them (not the result's field names). */
const PHASE_LABELS: Record<keyof RlStepResult["phases"], string> = {
  rolloutSeconds: "rollout",
  logprobSeconds: "log-prob passes",
  rewardSeconds: "reward",
  trainingSeconds: "training",
  weightSyncSeconds: "weight sync",
};

function render(result: RlStepResult): string {
  const p = result.phases;
  const share = (seconds: number) =>
    `${formatDuration(seconds)} (${formatSignificant((100 * seconds) / result.stepTimeSeconds, 3)}%)`;
  const b = result.breakdown;
  const lines: (readonly [string, unknown])[] = [
    ["policy / accelerator", `${result.architectureId} on ${result.config.acceleratorCount} x ${result.acceleratorId}`],
    ["placement", `${result.config.placement}${result.config.async ? ", one-step off-policy" : ", synchronous"}`],
    ["step time", formatDuration(result.stepTimeSeconds)],
    ["bound by", PHASE_LABELS[result.boundBy]],
    ["samples/s", formatCount(result.samplesPerSecond)],
    ["rollout", share(p.rolloutSeconds)],
    ["log-prob passes", share(p.logprobSeconds)],
    ["reward", share(p.rewardSeconds)],
    ["training", share(p.trainingSeconds)],
    ["weight sync", share(p.weightSyncSeconds)],
    [
      "rollout pool",
      `${b.rolloutInstances} x tp ${b.rolloutTp}, ${b.rolloutConcurrencyPerInstance.toLocaleString("en-US")} sequences each; response median ${b.medianOutputTokens.toLocaleString("en-US")}, max ${b.maxOutputTokens.toLocaleString("en-US")} tokens`,
    ],
    [
      "utilisation",
      `rollout ${formatSignificant(result.utilization.rolloutPoolRatio * 100, 3)}%, training ${formatSignificant(result.utilization.trainingPoolRatio * 100, 3)}%`,
    ],
  ];
  const warnings = result.warnings.map((w) => `warning: ${w}`).join("\n");
  return renderKeyValues(lines) + (warnings ? `\n${warnings}` : "");
}

/**
 * Registers `aif rl`: one RL post-training step (GRPO/PPO) with its phases and the phase that bounds it.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif rl --policy qwen3-32b --gpu nvidia-h100-sxm --gpus 32 --prompts-per-step 512 --group-size 16 --isl 2048 --osl-mean 8192 --osl-max 20480 --json
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerRlCommands(program: Command, context: CliContext): void {
  program
    .command("rl")
    .description("time of one RL post-training step (GRPO/PPO): rollout, log-probs, reward, training, weight sync")
    .option("--policy <id|file>", "policy architecture id or JSON/YAML file")
    .option("--gpu <id|file>", "accelerator id or JSON/YAML file")
    .option("--gpus <n>", "GPUs in total")
    .option("--prompts-per-step <n>", "prompts per step")
    .option("--group-size <n>", "responses per prompt", "8")
    .option("--isl <tokens>", "prompt tokens")
    .option("--osl-mean <tokens>", "mean response tokens")
    .option("--osl-max <tokens>", "longest response tokens (default 4 x mean)")
    .option("--placement <kind>", "colocated | disaggregated", "colocated")
    .option("--async", "one-step off-policy (disaggregated)")
    .option("--algorithm <name>", "grpo | ppo", "grpo")
    .option("--rollout-gpu-ratio <r>", "share of GPUs generating when disaggregated", "0.5")
    .option("--reward-seconds <s>", "verifier / sandbox time per step outside the pools", "0")
    .action((flags: RlFlags) => {
      const result = withFlagNames(RL_FLAG_NAMES, () =>
        estimateRlStep({
          policy: loadServingModel(need("--policy", flags.policy), context.catalog),
          accelerator: loadServingAccelerator(need("--gpu", flags.gpu), context.catalog),
          config: {
            acceleratorCount: int("--gpus", need("--gpus", flags.gpus)),
            promptsPerStep: int("--prompts-per-step", need("--prompts-per-step", flags.promptsPerStep)),
            groupSize: int("--group-size", flags.groupSize),
            inputTokens: int("--isl", need("--isl", flags.isl)),
            meanOutputTokens: int("--osl-mean", need("--osl-mean", flags.oslMean)),
            ...(flags.oslMax === undefined ? {} : { maxOutputTokens: int("--osl-max", flags.oslMax) }),
            placement: parseChoiceOption("--placement", flags.placement, ["colocated", "disaggregated"] as const),
            async: flags.async === true,
            algorithm: parseChoiceOption("--algorithm", flags.algorithm, ["grpo", "ppo"] as const),
            rolloutAcceleratorRatio: parseNumberOption("--rollout-gpu-ratio", flags.rolloutGpuRatio ?? "0.5", {
              min: 0.01,
              max: 0.99,
            }),
            rewardSeconds: parseNumberOption("--reward-seconds", flags.rewardSeconds ?? "0", { min: 0 }),
          },
        }),
      );
      context.print(assertFiniteResult(result, "RL step estimate"), () => render(result));
    });
}
