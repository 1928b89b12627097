import {
  type Assumption,
  assertFiniteResult,
  InvalidInputError,
  parseInput,
  positiveInt,
  ratio,
} from "@aifactory/core";
import type { AcceleratorId } from "@aifactory/hardware";
import { z } from "zod";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import type { ArchitectureId } from "../architecture/catalog";
import { type InferenceEfficiencyInput, inferenceEfficiencySchema } from "../inference/inference-efficiency";
import { kvPrecisionSchema, weightPrecisionSchema } from "../inference/serving-config";
import {
  createIterationBreakdown,
  iterationTime,
  type ServingLayout,
  servingMemory,
} from "../inference/serving-iteration";
import { isolatedPrefillSeconds } from "../inference/serving-model";
import { resolveServingArchitecture, servingHardware, servingTerms } from "../inference/serving-terms";
import { type AcceleratorSpec, resolveAccelerator } from "../training/accelerator-spec";

/**
 * One agentic task: `turns` turns on a serving instance. Each turn appends `tokensPerTurn` input tokens (user
 * message or tool output) to the context, generates `outputTokensPerTurn` tokens, then waits for a tool call of
 * `toolLatencyMs` (mean; exponential with that mean unless `toolLatencyP90Ms` is given, then log-normal).
 * During the tool wait the task's KV is `hold` (kept in HBM), `offload` (copied to host memory at
 * `offloadGBps` and back), or `recompute` (dropped and prefilled again). `prefixHitRatio`, when given, replaces
 * the reuse the turn structure implies.
 *
 * @example
 * ```ts
 * import { agentTaskConfigSchema } from "@aifactory/workloads";
 * agentTaskConfigSchema.parse({ turns: 30, tokensPerTurn: 800, outputTokensPerTurn: 300, toolLatencyMs: 2000 })
 *   .kvPolicy; // "hold"
 * ```
 * @since 0.1.0
 * @category Agentic
 */
export const agentTaskConfigSchema = z
  .object({
    /** Turns of the task (at most 100,000: the model loops over them). */
    turns: positiveInt.max(100_000, { message: "at most 100,000 turns" }),
    /** System prompt and tool definitions before the first turn, tokens. */
    systemPromptTokens: z.number().int().nonnegative().default(2000),
    tokensPerTurn: positiveInt,
    outputTokensPerTurn: positiveInt,
    toolLatencyMs: z.number().finite().nonnegative(),
    toolLatencyP90Ms: z.number().finite().nonnegative().optional(),
    kvPolicy: z.enum(["hold", "offload", "recompute"]).default("hold"),
    /** Host link rate for offload, GB/s per direction (PCIe Gen5 x16: 64 GB/s nominal). */
    offloadGBps: z.number().finite().positive().default(64),
    prefixHitRatio: ratio.optional(),
    tp: positiveInt.default(1),
    weights: weightPrecisionSchema.default("fp8"),
    kv: kvPrecisionSchema.default("fp8"),
    /** Sequences sharing the instance's decode batch (sets the per-token cost). */
    concurrency: positiveInt.default(32),
  })
  .strict();

/**
 * An agentic task configuration (defaults applied).
 *
 * @since 0.1.0
 * @category Agentic
 */
export type AgentTaskConfig = z.infer<typeof agentTaskConfigSchema>;

/**
 * What {@link estimateAgentTask} takes.
 *
 * @since 0.1.0
 * @category Agentic
 */
export interface AgentTaskInput {
  architecture: ArchitectureId | ArchitectureInput | Architecture;
  accelerator: AcceleratorId | AcceleratorSpec;
  config: z.input<typeof agentTaskConfigSchema>;
  efficiency?: InferenceEfficiencyInput;
}

/**
 * One point of the task's KV footprint over time.
 *
 * @since 0.1.0
 * @category Agentic
 */
export interface KvHeldPoint {
  timeSeconds: number;
  /** KV bytes of this task in HBM from this time on. */
  bytes: number;
}

/**
 * The result of {@link estimateAgentTask}. Field names are the CLI's JSON contract.
 *
 * @since 0.1.0
 * @category Agentic
 */
export interface AgentTaskResult {
  architectureId: string;
  acceleratorId: string;
  config: AgentTaskConfig;
  /** GPU time the task's compute takes (its share of batched iterations, x tp GPUs), seconds. */
  gpuSecondsPerTask: number;
  /** HBM the task's KV occupies while idle, as GPU-seconds of the instance's KV capacity. */
  kvHoldGpuSecondsEquivalent: number;
  /** Wall-clock time of the task, seconds. */
  taskSeconds: number;
  /** Whether the weights fit on the `tp` GPUs with room for KV cache (false: the figures are what it would take). */
  fits: boolean;
  ttftMsPerTurn: number[];
  /** Share of context tokens whose prefill was saved by prefix reuse. */
  prefillSavedRatio: number;
  kvBytesHeldPeak: number;
  kvBytesHeldOverTime: KvHeldPoint[];
  breakdown: {
    prefillGpuSeconds: number;
    decodeGpuSeconds: number;
    offloadSeconds: number;
    toolWaitSeconds: number;
    prefilledTokens: number;
    reusedTokens: number;
    finalContextTokens: number;
    kvBytesPerToken: number;
  };
  assumptions: Assumption[];
  warnings: string[];
}

/**
 * The assumptions every agentic estimate states (statements of method: basis `method`, a kebab-case `name`, the sentence in `text`).
 *
 * @since 0.1.0
 * @category Agentic
 */
export const AGENT_ASSUMPTIONS: readonly Assumption[] = Object.freeze([
  {
    name: "prefix-reuse",
    basis: "method",
    text: "Turn t prefills its new tokens against the cached context (hold, offload) or the whole context (recompute); a given prefixHitRatio replaces that reuse: cached = ratio x context before the turn.",
  },
  {
    name: "decode-share",
    basis: "method",
    text: "Decode is priced by the serving model at the given concurrency; the task's GPU-seconds are its 1/concurrency share of each iteration times tp GPUs. Prefill runs alone (its full cost is the task's).",
  },
  {
    name: "tool-latency",
    basis: "method",
    text: "Tool latency: the mean is used for wall time; with a p90 the log-normal mean is exp(mu + sigma^2/2) with sigma = ln(p90/median)/1.2816 and median = toolLatencyMs.",
  },
  {
    name: "kv-offload",
    basis: "method",
    text: "Offload copies the KV to host memory and back over the host link; the copy back delays the next turn's first token.",
  },
  {
    name: "idle-kv-charge",
    basis: "method",
    text: "The KV held while idle is charged as the share of the instance's KV capacity it blocks, times tp GPUs, times the idle time.",
  },
]);

/**
 * Estimates one agentic task: GPU-seconds, TTFT per turn, KV bytes held over time and the prefill saved by
 * prefix reuse, for a KV policy during tool calls.
 *
 * @param input - model, accelerator, task configuration, efficiency factors
 * @returns the estimate
 * @throws InvalidInputError for bad fields; NotFoundError for unknown ids
 * @example
 * ```ts
 * import { estimateAgentTask } from "@aifactory/workloads";
 * const task = estimateAgentTask({ architecture: "llama-3.1-70b", accelerator: "nvidia-h100-sxm",
 *   config: { turns: 30, tokensPerTurn: 800, outputTokensPerTurn: 300, toolLatencyMs: 2000, tp: 4 } });
 * task.prefillSavedRatio > 0.8; // true
 * ```
 * @since 0.1.0
 * @category Agentic
 */
export function estimateAgentTask(input: AgentTaskInput): AgentTaskResult {
  const arch = resolveServingArchitecture(input.architecture);
  const accelerator = resolveAccelerator(input.accelerator);
  const config = parseInput(agentTaskConfigSchema, input.config, "agent task configuration");
  const efficiency = parseInput(inferenceEfficiencySchema, input.efficiency ?? {}, "efficiency factors");
  const finalContext = config.systemPromptTokens + config.turns * (config.tokensPerTurn + config.outputTokensPerTurn);
  if (arch.maxSequenceTokens !== undefined && finalContext > arch.maxSequenceTokens) {
    throw new InvalidInputError("agent task configuration", [
      {
        path: "turns",
        message: `the conversation grows to ${finalContext} tokens, beyond ${arch.id}'s context window (${arch.maxSequenceTokens})`,
        received: config.turns,
        hint: "fewer turns or shorter turns (an agent that summarises its context is a shorter task here)",
      },
    ]);
  }
  const terms = servingTerms(arch, config.weights, config.kv);
  const hw = servingHardware(accelerator, efficiency, config.weights);
  const layout: ServingLayout = { tp: config.tp, pp: 1, ep: 1, attentionDp: false, microBatchOverlap: false };
  const memory = servingMemory(terms, hw, layout, efficiency);
  const warnings: string[] = [];
  if (!memory.fits) warnings.push(`${arch.id} does not fit on ${config.tp} x ${accelerator.id}: raise tp`);
  const kvBytesPerToken = terms.kvBytesPerTokenLayer * terms.layers;
  const instanceKvBytes = Math.max(memory.kvCacheBytes * config.tp, 1);

  let toolSeconds = config.toolLatencyMs / 1e3;
  if (
    config.toolLatencyP90Ms !== undefined &&
    config.toolLatencyP90Ms > config.toolLatencyMs &&
    config.toolLatencyMs > 0
  ) {
    const sigma = Math.log(config.toolLatencyP90Ms / config.toolLatencyMs) / 1.2816;
    toolSeconds = (config.toolLatencyMs / 1e3) * Math.exp((sigma * sigma) / 2);
  }

  const scratch = createIterationBreakdown();
  let context = config.systemPromptTokens;
  let time = 0;
  let prefillGpuSeconds = 0;
  let decodeGpuSeconds = 0;
  let offloadSeconds = 0;
  let kvHoldGpuSeconds = 0;
  let prefilledTokens = 0;
  let reusedTokens = 0;
  let peak = 0;
  const ttftMsPerTurn: number[] = [];
  const held: KvHeldPoint[] = [{ timeSeconds: 0, bytes: 0 }];
  let cachedInHbm = 0;
  for (let turn = 0; turn < config.turns; turn++) {
    const before = context;
    context += config.tokensPerTurn;
    let cached: number;
    if (config.prefixHitRatio !== undefined) cached = config.prefixHitRatio * before;
    else cached = config.kvPolicy === "recompute" ? 0 : cachedInHbm;
    if (turn === 0 && config.prefixHitRatio === undefined) cached = 0;
    const fresh = context - cached;
    let reload = 0;
    if (config.kvPolicy === "offload" && turn > 0 && cached > 0) {
      reload = (cached * kvBytesPerToken) / (config.offloadGBps * 1e9);
      offloadSeconds += 2 * reload;
    }
    const prefill = isolatedPrefillSeconds(terms, hw, layout, efficiency, fresh, cached);
    prefilledTokens += fresh;
    reusedTokens += cached;
    prefillGpuSeconds += prefill * config.tp;
    ttftMsPerTurn.push((reload + prefill) * 1e3);
    time += reload + prefill;
    held.push({ timeSeconds: time, bytes: context * kvBytesPerToken });
    // Decode: the task's share of iterations at the instance's batch.
    const batch = config.concurrency;
    const iteration = iterationTime(
      terms,
      hw,
      layout,
      efficiency,
      batch,
      1,
      context + config.outputTokensPerTurn / 2,
      0,
      0,
      scratch,
    ).iterationSeconds;
    time += config.outputTokensPerTurn * iteration;
    decodeGpuSeconds += (config.outputTokensPerTurn * iteration * config.tp) / batch;
    context += config.outputTokensPerTurn;
    const bytes = context * kvBytesPerToken;
    peak = Math.max(peak, bytes);
    held.push({ timeSeconds: time, bytes });
    // Tool wait.
    if (turn < config.turns - 1) {
      if (config.kvPolicy === "hold") {
        kvHoldGpuSeconds += (bytes / instanceKvBytes) * config.tp * toolSeconds;
        cachedInHbm = context;
      } else if (config.kvPolicy === "offload") {
        held.push({ timeSeconds: time, bytes: 0 });
        cachedInHbm = context;
      } else {
        held.push({ timeSeconds: time, bytes: 0 });
        cachedInHbm = 0;
      }
      time += toolSeconds;
      if (config.kvPolicy === "hold") held.push({ timeSeconds: time, bytes });
    }
  }
  held.push({ timeSeconds: time, bytes: 0 });
  if (peak > instanceKvBytes) {
    warnings.push("the task's final context exceeds the instance's KV capacity: it would be preempted or offloaded");
  }
  const total = prefilledTokens + reusedTokens;
  return assertFiniteResult(
    {
      architectureId: arch.id,
      acceleratorId: accelerator.id,
      config,
      gpuSecondsPerTask: prefillGpuSeconds + decodeGpuSeconds,
      kvHoldGpuSecondsEquivalent: kvHoldGpuSeconds,
      taskSeconds: time,
      fits: memory.fits,
      ttftMsPerTurn,
      prefillSavedRatio: total > 0 ? reusedTokens / total : 0,
      kvBytesHeldPeak: peak,
      kvBytesHeldOverTime: held,
      breakdown: {
        prefillGpuSeconds,
        decodeGpuSeconds,
        offloadSeconds,
        toolWaitSeconds: toolSeconds * Math.max(0, config.turns - 1),
        prefilledTokens,
        reusedTokens,
        finalContextTokens: context,
        kvBytesPerToken,
      },
      assumptions: [...AGENT_ASSUMPTIONS],
      warnings,
    },
    "agent task estimate",
  );
}
