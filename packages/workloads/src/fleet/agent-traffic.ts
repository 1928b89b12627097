import { finitePositive, parseInput, positiveInt } from "@aifactory/core";
import { z } from "zod";
import { agentTaskConfigSchema } from "../agentic/agent-task";
import type { FleetTrafficInput } from "./traffic";

/**
 * How many agent tasks arrive, how fast: task starts are a Poisson process at `tasksPerSecond`.
 *
 * @example
 * ```ts
 * import { agentArrivalSchema } from "@aifactory/workloads";
 * agentArrivalSchema.parse({ tasksPerSecond: 2, tasks: 500 }).seed; // 1
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export const agentArrivalSchema = z
  .object({
    tasksPerSecond: finitePositive,
    tasks: positiveInt.max(1_000_000),
    seed: z.number().int().default(1),
  })
  .strict();

/**
 * Fleet traffic from an agentic task (the same configuration `estimateAgentTask` reads): each task is a session of
 * `turns` model calls; the first prompt is the system prompt (shared by every task, so a prefix cache serves it)
 * plus `tokensPerTurn`; each later call appends the previous answer and `tokensPerTurn` of tool output; calls are
 * `toolLatencyMs` apart (exponentially distributed when a `toolLatencyP90Ms` spread is given, fixed otherwise).
 *
 * @param config - the agentic task configuration
 * @param arrival - task arrival rate and count
 * @returns synthetic traffic for {@link simulateFleet}
 * @example
 * ```ts
 * import { agentSessionTraffic } from "@aifactory/workloads";
 * const traffic = agentSessionTraffic({ turns: 20, tokensPerTurn: 800, outputTokensPerTurn: 200,
 *   toolLatencyMs: 1500 }, { tasksPerSecond: 1, tasks: 100 });
 * traffic.requests; // 2000
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function agentSessionTraffic(
  config: z.input<typeof agentTaskConfigSchema>,
  arrival: z.input<typeof agentArrivalSchema>,
): Extract<FleetTrafficInput, { arrival: unknown }> {
  const task = parseInput(agentTaskConfigSchema, config, "agent task configuration");
  const rate = parseInput(agentArrivalSchema, arrival, "agent arrival");
  return {
    arrival: { kind: "poisson", ratePerSecond: rate.tasksPerSecond },
    requests: Math.min(5_000_000, rate.tasks * task.turns),
    inputTokens: { kind: "fixed", tokens: task.tokensPerTurn },
    outputTokens: { kind: "fixed", tokens: task.outputTokensPerTurn },
    sharedPrefixTokens: task.systemPromptTokens,
    sessions: {
      turns: { kind: "fixed", tokens: task.turns },
      newInputTokens: { kind: "fixed", tokens: task.tokensPerTurn },
      idleSeconds: task.toolLatencyMs / 1e3,
      idleExponential: task.toolLatencyP90Ms !== undefined,
    },
    seed: rate.seed,
  };
}
