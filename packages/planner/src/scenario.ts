import { finitePositive, kebabId, positiveInt, ratio } from "@aifactory/core";
import { ALLOCATION_SHARE_DEFAULT } from "@aifactory/economics";
import { kernelTablesSchema } from "@aifactory/kernels";
import {
  fleetEngineSchema,
  moeTrainingSchema,
  pipelineScheduleSchema,
  recomputeModuleSchema,
  syntheticTrafficSchema,
} from "@aifactory/workloads";
import { z } from "zod";

/**
 * A model: a catalog architecture id (`llama-3.1-70b`) or a full architecture object for unlisted models
 * (validated by `@aifactory/workloads` when the plan runs).
 *
 * @since 0.1.0
 * @category Scenario
 */
export const modelRefSchema = z.union([
  z.string().min(1).describe("catalog architecture id, e.g. llama-3.1-70b"),
  z.record(z.string(), z.unknown()).describe("an architecture object (see @aifactory/workloads architectureSchema)"),
]);

/**
 * Parallelism of a pretraining run. Omit it to let the planner search for the fastest configuration that fits.
 *
 * @since 0.1.0
 * @category Scenario
 */
export const trainingParallelismSchema = z
  .object({
    tp: positiveInt.default(1).describe("tensor-parallel size"),
    pp: positiveInt.default(1).describe("pipeline-parallel size"),
    vpp: positiveInt.default(1).describe("virtual pipeline stages per rank (interleaved 1F1B)"),
    cp: positiveInt.default(1).describe("context-parallel size"),
    ep: positiveInt.default(1).describe("expert-parallel size"),
    zeroStage: z
      .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])
      .default(1)
      .describe("ZeRO stage"),
    microBatch: positiveInt.default(1).describe("micro-batch size, sequences"),
    recompute: z.enum(["none", "selective", "full"]).default("selective").describe("activation recomputation"),
    etp: positiveInt.optional().describe("expert tensor-parallel size (default: tp)"),
    recomputeModules: z
      .array(recomputeModuleSchema)
      .optional()
      .describe("selective-recompute modules (Megatron-Core --recompute-modules)"),
    pipelineSchedule: pipelineScheduleSchema.optional().describe("1f1b, interleaved or dualpipe"),
    overlapExpertParallel: z
      .boolean()
      .default(false)
      .describe("overlap MoE dispatch/combine with another microbatch's compute (combined 1F1B)"),
    mtpLayers: z.number().int().nonnegative().default(0).describe("multi-token-prediction layers trained"),
    moe: moeTrainingSchema.optional().describe("MoE dispatcher, node-limited routing, routing regime, capacity"),
  })
  .strict();

/**
 * Pretraining: train `model` on `tokens` tokens.
 *
 * @since 0.1.0
 * @category Scenario
 */
export const pretrainingWorkloadSchema = z
  .object({
    kind: z.literal("pretraining"),
    model: modelRefSchema,
    tokens: finitePositive.describe("training tokens"),
    globalBatchSequences: positiveInt.describe("global batch, sequences"),
    sequenceTokens: positiveInt.describe("sequence length, tokens"),
    precision: z.enum(["bf16", "fp8"]).default("bf16").describe("GEMM precision"),
    parallelism: trainingParallelismSchema.optional().describe("omit to search for the fastest that fits"),
  })
  .strict();

const weightPrecision = z.enum(["bf16", "fp8", "fp8-block", "fp4", "int4"]);
const kvPrecision = z.enum(["bf16", "fp8"]);

/**
 * Serving: a model behind an SLO for a planning period. Omit `parallelism` to search TP/EP/batch (and
 * aggregated vs disaggregated) for the highest output tokens/s per GPU that meets the SLO.
 *
 * @since 0.1.0
 * @category Scenario
 */
export const servingWorkloadSchema = z
  .object({
    kind: z.literal("serving"),
    model: modelRefSchema,
    weights: weightPrecision.default("fp8").describe("weight format"),
    kv: kvPrecision.default("fp8").describe("KV-cache format"),
    inputTokens: positiveInt.describe("input tokens per request"),
    outputTokens: positiveInt.describe("output tokens per request"),
    ttftMs: finitePositive.describe("SLO: time to first token, ms"),
    tpotMs: finitePositive.describe("SLO: time per output token, ms"),
    prefixHitRatio: ratio.default(0).describe("share of input tokens served from the prefix cache"),
    mtpAcceptance: ratio.default(0).describe("speculative/MTP per-token acceptance (0 = off)"),
    disaggregated: z.boolean().default(false).describe("also consider separate prefill and decode pools"),
    parallelism: z
      .object({
        tp: positiveInt.default(1),
        ep: positiveInt.default(1),
        attentionDp: z.boolean().default(false),
        concurrency: positiveInt.describe("sequences in flight per instance"),
      })
      .strict()
      .optional()
      .describe("omit to search under the SLO"),
    loadRatio: ratio.default(0.7).describe("average load as a share of the SLO-limited throughput"),
    days: finitePositive.default(30).describe("planning period, days"),
  })
  .strict();

/**
 * RL post-training (GRPO/PPO) for a number of steps.
 *
 * @since 0.1.0
 * @category Scenario
 */
export const rlWorkloadSchema = z
  .object({
    kind: z.literal("rl"),
    model: modelRefSchema.describe("the policy"),
    algorithm: z.enum(["grpo", "ppo"]).default("grpo"),
    promptsPerStep: positiveInt.describe("prompts per step"),
    groupSize: positiveInt.default(8).describe("responses per prompt"),
    inputTokens: positiveInt.describe("prompt tokens"),
    meanOutputTokens: positiveInt.describe("mean response tokens"),
    maxOutputTokens: positiveInt.optional().describe("longest response tokens (bounds a synchronous step)"),
    placement: z.enum(["colocated", "disaggregated"]).default("colocated"),
    async: z.boolean().default(false).describe("one-step off-policy"),
    rewardSeconds: z.number().finite().nonnegative().default(0).describe("verifier time per step, s"),
    steps: positiveInt.describe("training steps"),
  })
  .strict();

/**
 * An agentic fleet: multi-turn tasks with tool calls, for a planning period.
 *
 * @since 0.1.0
 * @category Scenario
 */
export const agenticWorkloadSchema = z
  .object({
    kind: z.literal("agentic"),
    model: modelRefSchema,
    turns: positiveInt.describe("model calls per task"),
    systemPromptTokens: z.number().int().nonnegative().default(2000).describe("shared system prompt and tools"),
    tokensPerTurn: positiveInt.describe("tokens appended per turn (user or tool output)"),
    outputTokensPerTurn: positiveInt.describe("tokens generated per turn"),
    toolLatencyMs: z.number().finite().nonnegative().describe("tool time per turn, ms"),
    kvPolicy: z.enum(["hold", "offload", "recompute"]).default("hold").describe("KV during tool calls"),
    tp: positiveInt.default(1).describe("tensor-parallel size per instance"),
    weights: weightPrecision.default("fp8"),
    kv: kvPrecision.default("fp8"),
    concurrency: positiveInt.default(32).describe("tasks in flight per instance"),
    tasksPerDay: finitePositive.describe("tasks the fleet runs per day"),
    days: finitePositive.default(30).describe("planning period, days"),
  })
  .strict();

/**
 * An inference fleet under traffic: synthetic traffic (an open-loop arrival process, length distributions,
 * sessions, a shared system prompt) and P99 SLOs. The scenario's accelerators (`hardware.count / (tp x pp)`
 * replicas, each running `engine`) are simulated request by request; with `size` the plan also finds the smallest
 * fleet of the scenario's accelerator and of each of `alsoAccelerators` that meets the SLOs, priced and powered.
 *
 * @since 0.3.0
 * @category Scenario
 */
export const fleetWorkloadSchema = z
  .object({
    kind: z.literal("fleet"),
    model: modelRefSchema,
    engine: fleetEngineSchema.prefault({}).describe("engine of every replica: tp, weights, kv, limits, scheduling"),
    traffic: syntheticTrafficSchema
      .extend({ requests: positiveInt.max(200_000).default(4000).describe("requests simulated per evaluation") })
      .describe("arrival process, prompt and output lengths, sessions"),
    ttftP99Ms: finitePositive.describe("SLO: P99 time to first token, ms"),
    tpotP99Ms: finitePositive.describe("SLO: P99 time per output token, ms"),
    size: z.boolean().default(true).describe("also size the smallest fleet per accelerator that meets the SLOs"),
    maxReplicas: positiveInt.max(10_000).default(256).describe("largest fleet the sizing tries"),
    alsoAccelerators: z.array(z.string().min(1)).max(8).default([]).describe("other accelerators to size and compare"),
    router: z.enum(["round-robin", "least-loaded", "prefix-aware", "central-queue"]).default("least-loaded"),
    headroomFactors: z
      .array(finitePositive)
      .max(16)
      .default([0.5, 0.75, 1, 1.25, 1.5])
      .describe("offered-rate multiples of the headroom curve"),
    days: finitePositive.default(30).describe("planning period, days"),
  })
  .strict();

/**
 * The hardware: an accelerator from the catalog, how many, and optionally the system they sit in.
 *
 * @since 0.1.0
 * @category Scenario
 */
export const scenarioHardwareSchema = z
  .object({
    accelerator: z
      .string()
      .min(1)
      .describe("accelerator id, e.g. nvidia-h100-sxm (built-in or added by a pack; checked when the plan runs)"),
    count: positiveInt.describe("number of accelerators"),
    system: z.string().min(1).optional().describe("system id for host power, e.g. nvidia-dgx-h100"),
    averagePowerWatts: finitePositive
      .optional()
      .describe(
        "measured average power per accelerator, W (instead of TDP x utilisation; needed where the catalog has no TDP)",
      ),
    scaleOutFabric: z
      .object({
        leafGroupAccelerators: positiveInt.describe(
          "accelerators under one leaf group (rail-optimized: leaf down ports x accelerators per node)",
        ),
        leafOversubscriptionRatio: z.number().finite().min(1).describe("leaf down:up bandwidth, 1 = non-blocking"),
      })
      .strict()
      .optional()
      .describe(
        "the scale-out fabric where it is oversubscribed (see scaleOutFabricProfile): all-to-all traffic leaving a leaf group shares the uplinks; default non-blocking",
      ),
  })
  .strict();

/**
 * The site: grid region (carbon, electricity price), cooling and PUE.
 *
 * @since 0.1.0
 * @category Scenario
 */
export const scenarioSiteSchema = z
  .object({
    region: z.string().min(1).default("us").describe("grid region id, e.g. us, us-va, fr, world"),
    cooling: z.enum(["air", "liquid"]).default("air").describe("picks the default PUE"),
    pue: z.number().finite().min(1).max(3).optional().describe("facility PUE; default from cooling"),
    electricityUsdPerKWh: finitePositive.optional().describe("default: the region's industrial price"),
    includeHost: z.boolean().default(true).describe("count host CPU/memory/NIC power"),
    includeEmbodied: z.boolean().default(true).describe("amortise embodied carbon of the accelerators"),
  })
  .strict();

/**
 * How the hardware is paid for.
 *
 * @since 0.1.0
 * @category Scenario
 */
export const scenarioEconomicsSchema = z
  .object({
    ownership: z.enum(["owned", "cloud"]).default("owned").describe("buy the hardware or rent it"),
    depreciationYears: finitePositive.default(5).describe("service life for owned hardware, years"),
    acceleratorPriceUsd: finitePositive.optional().describe("per accelerator; default from the price catalog"),
    onDemandUsdPerAcceleratorHour: finitePositive
      .optional()
      .describe("rental price; default from the cloud price catalog"),
    utilizationRatio: ratio.default(0.8).describe("share of owned hours doing useful work"),
    interestRatioPerYear: z
      .number()
      .finite()
      .min(0)
      .max(1)
      .optional()
      .describe("cost of capital per year, e.g. 0.08 (default 0: straight-line depreciation only)"),
    maintenanceRatioPerYear: ratio.optional().describe("maintenance per year as a share of hardware capex (default 0)"),
    storageUsd: z.number().finite().nonnegative().optional().describe("storage capex, USD (default 0)"),
    staffUsdPerYear: z.number().finite().nonnegative().optional().describe("staff and other fixed opex per year, USD"),
  })
  .strict();

/**
 * When the cluster can be online: supply and power.
 *
 * @since 0.1.0
 * @category Scenario
 */
export const scenarioSupplySchema = z
  .object({
    startQuarter: z
      .string()
      .regex(/^\d{4}-Q[1-4]$/, { message: "must be YYYY-Qn, e.g. 2027-Q1" })
      .default("2027-Q1")
      .describe("first quarter of orders"),
    allocationShareRatio: ratio
      .default(ALLOCATION_SHARE_DEFAULT.value)
      .describe("buyer's share of the vendor's output"),
    availablePowerMW: z.number().finite().nonnegative().optional().describe("power available at the site today"),
  })
  .strict();

/**
 * Packs a scenario plans with: each a pack file's path (relative to the scenario file; read by `aif plan` or
 * `inlineScenarioPacks`) or an inline pack (`factory-pack.schema.json`: accelerators, systems, fabrics,
 * architectures, grid regions, prices). Their ids are then valid in every field of the scenario.
 *
 * @since 0.10.0
 * @category Scenario
 */
export const scenarioPacksSchema = z
  .array(
    z.union([
      z.string().min(1).describe("a pack file, relative to the scenario file"),
      z.record(z.string(), z.unknown()).describe("an inline pack (see factory-pack.schema.json)"),
    ]),
  )
  .max(64)
  .describe("packs that add accelerators, systems, fabrics, architectures, grid regions and prices");

/**
 * A scenario: one workload on one cluster at one site, with its economics. The single input of
 * {@link plan}; loadable from JSON or YAML and published as JSON Schema.
 *
 * @example
 * ```ts
 * import { scenarioSchema } from "@aifactory/planner";
 * const scenario = scenarioSchema.parse({
 *   id: "my-run",
 *   name: "Llama 3.1 8B on 64 H100",
 *   workload: { kind: "pretraining", model: "llama-3.1-8b", tokens: 1e12, globalBatchSequences: 512, sequenceTokens: 8192 },
 *   hardware: { accelerator: "nvidia-h100-sxm", count: 64 },
 * });
 * ```
 * @since 0.1.0
 * @category Scenario
 */
export const scenarioSchema = z
  .object({
    schemaVersion: z.literal(1).default(1),
    id: kebabId.describe("scenario id"),
    name: z.string().min(1).describe("a readable name"),
    description: z.string().optional(),
    packs: scenarioPacksSchema.optional(),
    workload: z.discriminatedUnion("kind", [
      pretrainingWorkloadSchema,
      servingWorkloadSchema,
      rlWorkloadSchema,
      agenticWorkloadSchema,
      fleetWorkloadSchema,
    ]),
    hardware: scenarioHardwareSchema,
    site: scenarioSiteSchema.default(scenarioSiteSchema.parse({})),
    economics: scenarioEconomicsSchema.default(scenarioEconomicsSchema.parse({})),
    supply: scenarioSupplySchema.default(scenarioSupplySchema.parse({})),
    kernels: z
      .union([z.enum(["builtin", "none"]), kernelTablesSchema])
      .default("builtin")
      .describe(
        "measured kernel tables: builtin (A100..GB300), none (analytic roofline), or a table set from aif bench kernels",
      ),
  })
  .strict();

/**
 * A parsed scenario (defaults applied).
 *
 * @since 0.1.0
 * @category Scenario
 */
export type Scenario = z.output<typeof scenarioSchema>;

/**
 * A scenario as written (defaults optional).
 *
 * @since 0.1.0
 * @category Scenario
 */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/**
 * The workload of a scenario.
 *
 * @since 0.1.0
 * @category Scenario
 */
export type Workload = Scenario["workload"];
