import { AifError, assertFiniteResult, formatBytes, formatDuration, formatSignificant } from "@aifactory/core";
import { type AgentTaskResult, estimateAgentTask } from "@aifactory/workloads";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { AGENT_FLAG_NAMES, withFlagNames } from "../flag-names";
import { parseChoiceOption, parseNumberOption, parseRatioOption, requiredOption } from "../options";
import { renderKeyValues } from "../table";
import { loadServingAccelerator, loadServingModel } from "./serve";

interface AgentFlags {
  model?: string;
  gpu?: string;
  turns?: string;
  tokensPerTurn?: string;
  outputTokensPerTurn?: string;
  toolLatencyMs?: string;
  toolLatencyP90Ms?: string;
  systemPromptTokens: string;
  kvPolicy: string;
  prefixHitRatio?: string;
  tp: string;
  weights: string;
  kv: string;
  concurrency: string;
}

function int(flag: string, raw: string, min = 1): number {
  return parseNumberOption(flag, raw, { int: true, min });
}

function render(result: AgentTaskResult): string {
  const t = result.ttftMsPerTurn;
  const lines: (readonly [string, unknown])[] = [
    ["model / accelerator", `${result.architectureId} on ${result.config.tp} x ${result.acceleratorId}`],
    ["turns", `${result.config.turns} (KV during tool calls: ${result.config.kvPolicy})`],
    ["GPU-seconds per task", formatSignificant(result.gpuSecondsPerTask, 3)],
    ["KV hold (GPU-seconds equivalent)", formatSignificant(result.kvHoldGpuSecondsEquivalent, 3)],
    ["task wall time", formatDuration(result.taskSeconds)],
    ["TTFT first / last turn", `${formatDuration((t[0] ?? 0) / 1000)} / ${formatDuration((t.at(-1) ?? 0) / 1000)}`],
    ["prefill saved by reuse", `${formatSignificant(result.prefillSavedRatio * 100, 3)}%`],
    ["KV held peak", formatBytes(result.kvBytesHeldPeak)],
  ];
  const warnings = result.warnings.map((w) => `warning: ${w}`).join("\n");
  return renderKeyValues(lines) + (warnings ? `\n${warnings}` : "");
}

/**
 * Registers `aif agent`: the cost of one multi-turn agentic task with tool calls.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif agent --model llama-3.1-70b --gpu nvidia-h100-sxm --tp 4 --turns 30 --tokens-per-turn 800 --output-tokens-per-turn 300 --tool-latency-ms 2000 --json
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerAgentCommands(program: Command, context: CliContext): void {
  program
    .command("agent")
    .description("GPU-seconds, TTFT per turn and KV footprint of a multi-turn agentic task")
    .option("--model <id|file>", "architecture id or JSON/YAML file")
    .option("--gpu <id|file>", "accelerator id or JSON/YAML file")
    .option("--turns <n>", "turns per task")
    .option("--tokens-per-turn <n>", "input tokens each turn adds (user or tool output)")
    .option("--output-tokens-per-turn <n>", "tokens generated per turn")
    .option("--tool-latency-ms <ms>", "mean tool-call latency")
    .option("--tool-latency-p90-ms <ms>", "p90 tool-call latency (log-normal)")
    .option("--system-prompt-tokens <n>", "system prompt and tool definitions", "2000")
    .option("--kv-policy <policy>", "hold | offload | recompute during tool calls", "hold")
    .option("--prefix-hit-ratio <r>", "prefix-cache hit ratio (default: from the turn structure)")
    .option("--tp <n>", "tensor parallel size of the instance", "1")
    .option("--weights <format>", "bf16 | fp8 | fp4 | int4", "fp8")
    .option("--kv <format>", "bf16 | fp8", "fp8")
    .option("--concurrency <n>", "sequences sharing the decode batch", "32")
    .action((flags: AgentFlags) => {
      const result = withFlagNames(AGENT_FLAG_NAMES, () =>
        estimateAgentTask({
          architecture: loadServingModel(requiredOption("--model", flags.model), context.catalog),
          accelerator: loadServingAccelerator(requiredOption("--gpu", flags.gpu), context.catalog),
          config: {
            turns: int("--turns", requiredOption("--turns", flags.turns)),
            tokensPerTurn: int("--tokens-per-turn", requiredOption("--tokens-per-turn", flags.tokensPerTurn)),
            outputTokensPerTurn: int(
              "--output-tokens-per-turn",
              requiredOption("--output-tokens-per-turn", flags.outputTokensPerTurn),
            ),
            toolLatencyMs: parseNumberOption(
              "--tool-latency-ms",
              requiredOption("--tool-latency-ms", flags.toolLatencyMs),
              {
                min: 0,
              },
            ),
            ...(flags.toolLatencyP90Ms === undefined
              ? {}
              : { toolLatencyP90Ms: parseNumberOption("--tool-latency-p90-ms", flags.toolLatencyP90Ms, { min: 0 }) }),
            systemPromptTokens: int("--system-prompt-tokens", flags.systemPromptTokens, 0),
            kvPolicy: parseChoiceOption("--kv-policy", flags.kvPolicy, ["hold", "offload", "recompute"] as const),
            ...(flags.prefixHitRatio === undefined
              ? {}
              : { prefixHitRatio: parseRatioOption("--prefix-hit-ratio", flags.prefixHitRatio) }),
            tp: int("--tp", flags.tp),
            weights: parseChoiceOption("--weights", flags.weights, [
              "bf16",
              "fp8",
              "fp8-block",
              "fp4",
              "int4",
            ] as const),
            kv: parseChoiceOption("--kv", flags.kv, ["bf16", "fp8"] as const),
            concurrency: int("--concurrency", flags.concurrency),
          },
        }),
      );
      context.print(assertFiniteResult(result, "agent-task estimate"), () => render(result));
      if (!result.fits) {
        throw new AifError(
          "INVALID_CONFIGURATION",
          `${result.architectureId} does not fit on ${result.config.tp} x ${result.acceleratorId}: the figures above are what it would take`,
          { hint: "raise --tp or use smaller weights (--weights fp8, fp4)" },
        );
      }
    });
}
