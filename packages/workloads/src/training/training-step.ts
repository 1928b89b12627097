import { type Assumption, assertFiniteResult, type InputProblem, InvalidInputError, parseInput } from "@aifactory/core";
import type { AcceleratorId } from "@aifactory/hardware";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import { type ArchitectureId, resolveArchitecture } from "../architecture/catalog";
import type { KernelSources, KernelTablesOption } from "../kernels/kernel-option";
import { type AcceleratorSpec, acceleratorMemoryBytes, resolveAccelerator } from "./accelerator-spec";
import { type TrainingEfficiencyInput, trainingEfficiencySchema } from "./efficiency";
import { trainingEfficiencyAssumptions } from "./efficiency-assumptions";
import { architectureTerms } from "./model-terms";
import {
  createStepNumbers,
  evaluateStep,
  hardwareTerms,
  MOE_DISPATCHER_CODES,
  type NumericConfig,
  RECOMPUTE_MODULE_BITS,
  trainingKernelSources,
} from "./step-core";
import { type TrainingConfig, type TrainingConfigInput, trainingConfigSchema } from "./training-config";

/**
 * What {@link estimateTrainingStep} takes: the model (id or data), the accelerator (plain data, so unlisted
 * hardware works), the configuration and optional efficiency factors.
 *
 * @example
 * ```ts
 * import { type TrainingStepInput } from "@aifactory/workloads";
 * const input: TrainingStepInput = { architecture: "llama-3.1-8b", accelerator: "nvidia-h100-sxm",
 *   config: { acceleratorCount: 8, globalBatch: 64, sequenceTokens: 8192 } };
 * ```
 * @since 0.1.0
 * @category Training
 */
export interface TrainingStepInput {
  architecture: ArchitectureId | ArchitectureInput | Architecture;
  /** Accelerator id (resolved in `@aifactory/hardware`) or plain accelerator data. */
  accelerator: AcceleratorId | AcceleratorSpec;
  config: TrainingConfigInput;
  efficiency?: TrainingEfficiencyInput;
  /**
   * Measured kernel tables for the GEMMs (forward, data and weight gradients) and the TP all-reduce inside a
   * scale-up domain: `"builtin"` (default; A100, H100, H200, B200, GB200, B300, GB300), `"none"` (roofline x
   * efficiency factors), or your own tables. See {@link KernelTablesOption}.
   */
  kernels?: KernelTablesOption;
}

/**
 * Memory per GPU of the busiest pipeline stage, bytes.
 *
 * @example
 * ```ts
 * import { type TrainingMemory, estimateTrainingStep } from "@aifactory/workloads";
 * const memory: TrainingMemory = estimateTrainingStep({ architecture: "llama-3.1-8b",
 *   accelerator: "nvidia-h100-sxm", config: { acceleratorCount: 8, globalBatch: 64, sequenceTokens: 8192 } }).memory;
 * memory.fits; // true or false
 * ```
 * @since 0.1.0
 * @category Training
 */
export interface TrainingMemory {
  totalBytes: number;
  weightsBytes: number;
  gradientsBytes: number;
  optimizerBytes: number;
  activationsBytes: number;
  /** CUDA context, NCCL and allocator reserve (3 GiB estimate), FSDP gather buffers and MoE dispatch buffers. */
  buffersBytes: number;
  /** MoE dispatch buffers inside `buffersBytes` (token copies sent and received, or the gathered tokens). */
  moeBuffersBytes: number;
  /** What the model may fill (see `acceleratorMemoryBytes`). */
  capacityBytes: number;
  fits: boolean;
}

/**
 * Where one step's time goes, seconds. Compute terms are summed over the microbatches of the step; exposed
 * communication is what is not hidden behind compute.
 *
 * @example
 * ```ts
 * import { type TrainingStepBreakdown, estimateTrainingStep } from "@aifactory/workloads";
 * const { breakdown } = estimateTrainingStep({ architecture: "llama-3.1-8b",
 *   accelerator: "nvidia-h100-sxm", config: { acceleratorCount: 8, globalBatch: 64, sequenceTokens: 8192 } });
 * const b: TrainingStepBreakdown = breakdown;
 * ```
 * @since 0.1.0
 * @category Training
 */
export interface TrainingStepBreakdown {
  microbatches: number;
  microbatchSeconds: number;
  matmulSeconds: number;
  attentionSeconds: number;
  elementwiseSeconds: number;
  recomputeSeconds: number;
  logitsSeconds: number;
  tensorParallelExposedSeconds: number;
  contextParallelExposedSeconds: number;
  expertParallelExposedSeconds: number;
  /** Multi-token-prediction layers and their head on the last stage. */
  mtpSeconds: number;
  /** Busiest EP rank's routed load over the even share (1 = balanced). */
  moeLoadRatio: number;
  /** Share of token-expert copies dropped by the capacity factor (estimate; 0 when dropless). */
  moeDroppedShare: number;
  pipelineCommExposedSeconds: number;
  pipelineBubbleSeconds: number;
  dataParallelExposedSeconds: number;
  dataParallelTotalSeconds: number;
  optimizerSeconds: number;
  /** Slowdown of compute by the communication hidden behind it. */
  overlapInterferenceSeconds: number;
}

/**
 * The result of {@link estimateTrainingStep}. Field names are the CLI's JSON contract.
 *
 * @example
 * ```ts
 * import { type TrainingStepResult, estimateTrainingStep } from "@aifactory/workloads";
 * const result: TrainingStepResult = estimateTrainingStep({ architecture: "llama-3.1-8b",
 *   accelerator: "nvidia-h100-sxm", config: { acceleratorCount: 8, globalBatch: 64, sequenceTokens: 8192 } });
 * result.mfuRatio;
 * ```
 * @since 0.1.0
 * @category Training
 */
export interface TrainingStepResult {
  architectureId: string;
  acceleratorId: string;
  config: TrainingConfig & { dp: number };
  stepTimeSeconds: number;
  /** Model FLOPs (PaLM convention, no recompute, no causal halving) per second per GPU, TFLOP/s. */
  modelTflopsPerGpu: number;
  /** Model FLOPs plus recomputation, per second per GPU, TFLOP/s. */
  hardwareTflopsPerGpu: number;
  mfuRatio: number;
  hfuRatio: number;
  tokensPerSecond: number;
  tokensPerStep: number;
  modelFlopsPerStep: number;
  memory: TrainingMemory;
  breakdown: TrainingStepBreakdown;
  /** Where each kernel class's time came from (measured tables with `kernels: "builtin"` or a file). */
  kernelSources: KernelSources;
  assumptions: Assumption[];
  warnings: string[];
}

/**
 * Every constraint a configuration violates (empty when valid). Used by {@link estimateTrainingStep} and the
 * search; exported so tools can show all problems at once.
 *
 * @param arch - the architecture
 * @param accelerator - the accelerator
 * @param config - a parsed configuration
 * @returns the problems, each naming the field, the value and the rule
 * @example
 * ```ts
 * import { getArchitecture, trainingConfigProblems, trainingConfigSchema } from "@aifactory/workloads";
 * const a100 = { id: "a100", denseTflops: { bf16: 312 }, memoryGB: 80, memoryBandwidthGBps: 2039,
 *   scaleUp: { bandwidthGBpsPerDirection: 300, scaleUpDomainSize: 8 } };
 * const config = trainingConfigSchema.parse({ acceleratorCount: 64, tp: 3, globalBatch: 64, sequenceTokens: 2048 });
 * trainingConfigProblems(getArchitecture("gpt-3-175b"), a100, config).length > 0; // true
 * ```
 * @since 0.1.0
 * @category Training
 */
export function trainingConfigProblems(
  arch: Architecture,
  accelerator: AcceleratorSpec,
  config: TrainingConfig,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const { tp, pp, vpp, cp, ep, acceleratorCount: gpus } = config;
  const modelParallel = tp * pp * cp;
  if (gpus % modelParallel !== 0) {
    problems.push({
      path: "acceleratorCount",
      message: `must be a multiple of tp x pp x cp = ${modelParallel}`,
      received: gpus,
      hint: "change the GPU count or the parallel sizes",
    });
  }
  const dp = config.dp ?? Math.max(1, Math.floor(gpus / modelParallel));
  if (config.dp !== undefined && tp * pp * cp * config.dp !== gpus) {
    problems.push({
      path: "dp",
      message: `tp x pp x cp x dp = ${tp * pp * cp * config.dp} must equal acceleratorCount (${gpus})`,
      received: config.dp,
    });
  }
  if (arch.attentionHeads % tp !== 0) {
    problems.push({ path: "tp", message: `must divide attentionHeads (${arch.attentionHeads})`, received: tp });
  }
  const kvHeads = arch.mla ? arch.attentionHeads : arch.kvHeads;
  if (kvHeads % tp !== 0 && tp % kvHeads !== 0) {
    problems.push({ path: "tp", message: `must divide kvHeads (${kvHeads}) or be a multiple of it`, received: tp });
  }
  if (!arch.moe || arch.moe.denseLayers > 0) {
    if (arch.ffnHiddenSize % tp !== 0) {
      problems.push({ path: "tp", message: `must divide ffnHiddenSize (${arch.ffnHiddenSize})`, received: tp });
    }
  }
  const etp = config.etp ?? tp;
  if (arch.moe && arch.moe.expertFfnHiddenSize % etp !== 0) {
    problems.push({
      path: config.etp === undefined ? "tp" : "etp",
      message: `must divide the expert FFN width (${arch.moe.expertFfnHiddenSize})`,
      received: etp,
      ...(config.etp === undefined ? { hint: "or set etp (expert tensor parallelism) separately" } : {}),
    });
  }
  if (config.etp !== undefined && config.etp > 1 && !arch.moe) {
    problems.push({ path: "etp", message: `${arch.id} has no experts; etp must be 1`, received: config.etp });
  }
  if (tp > 1 && tp > accelerator.scaleUp.scaleUpDomainSize) {
    problems.push({
      path: "tp",
      message: `must not exceed the scale-up domain (${accelerator.scaleUp.scaleUpDomainSize} GPUs)`,
      received: tp,
      hint: "tensor parallelism needs the scale-up fabric; use pp or cp across domains",
    });
  }
  if (pp * vpp > arch.layers) {
    problems.push({
      path: "pp",
      message: `pp x vpp = ${pp * vpp} must not exceed layers (${arch.layers})`,
      received: pp,
    });
  }
  if (vpp > 1 && pp === 1) {
    problems.push({ path: "vpp", message: "virtual stages need pp > 1", received: vpp });
  }
  const sequencesPerStep = config.microBatch * dp;
  if (config.globalBatch % sequencesPerStep !== 0) {
    problems.push({
      path: "globalBatch",
      message: `must be a multiple of microBatch x dp = ${sequencesPerStep}`,
      received: config.globalBatch,
    });
  } else if (vpp > 1 && (config.globalBatch / sequencesPerStep) % pp !== 0) {
    problems.push({
      path: "vpp",
      message: `interleaving needs the microbatch count (${config.globalBatch / sequencesPerStep}) to be a multiple of pp (${pp})`,
      received: vpp,
    });
  }
  if (cp > 1 && config.sequenceTokens % (2 * cp) !== 0) {
    problems.push({
      path: "cp",
      message: `2 x cp = ${2 * cp} must divide sequenceTokens (${config.sequenceTokens})`,
      received: cp,
    });
  }
  if (config.sequenceParallel && tp > 1 && (config.sequenceTokens / cp) % tp !== 0) {
    problems.push({
      path: "sequenceParallel",
      message: `sequence parallelism needs tp (${tp}) to divide sequenceTokens / cp (${config.sequenceTokens / cp})`,
      received: true,
    });
  }
  if (ep > 1) {
    if (!arch.moe) {
      problems.push({ path: "ep", message: `${arch.id} has no experts; ep must be 1`, received: ep });
    } else {
      if (arch.moe.experts % ep !== 0) {
        problems.push({ path: "ep", message: `must divide the expert count (${arch.moe.experts})`, received: ep });
      }
    }
  }
  if (arch.moe) {
    // Parallel folding: the experts' etp x ep x expert-dp grid covers the same tp x cp x dp GPUs of a stage.
    if ((tp * cp * dp) % (etp * ep) !== 0) {
      problems.push({
        path: config.etp === undefined ? "ep" : "etp",
        message: `etp x ep (${etp * ep}) must divide the GPUs of a pipeline stage, tp x cp x dp (${tp * cp * dp})`,
        received: config.etp === undefined ? ep : etp,
      });
    }
    // Megatron-Core requires sequence parallelism for MoE layers under tensor parallelism.
    if (tp > 1 && !config.sequenceParallel) {
      problems.push({
        path: "sequenceParallel",
        message: "MoE models with tp > 1 need sequence parallelism (Megatron-Core requires it)",
        received: false,
        hint: "enable sequenceParallel (the default)",
      });
    }
  }
  const schedule = config.pipelineSchedule;
  if (schedule === "interleaved" && vpp === 1) {
    problems.push({ path: "pipelineSchedule", message: "interleaved 1F1B needs vpp > 1", received: schedule });
  }
  if ((schedule === "1f1b" || schedule === "dualpipe") && vpp > 1) {
    problems.push({
      path: "vpp",
      message: `${schedule} has no virtual stages; vpp must be 1`,
      received: vpp,
      hint: 'use pipelineSchedule "interleaved" for vpp > 1',
    });
  }
  if (schedule === "dualpipe") {
    const microbatches = config.globalBatch / (config.microBatch * dp);
    if (pp < 2 || pp % 2 !== 0) {
      problems.push({ path: "pp", message: "DualPipe needs an even pipeline size of at least 2", received: pp });
    } else if (Number.isInteger(microbatches) && (microbatches < pp || microbatches % 2 !== 0)) {
      problems.push({
        path: "globalBatch",
        message: `DualPipe needs an even microbatch count of at least pp (${pp}); it is ${microbatches}`,
        received: config.globalBatch,
      });
    }
  }
  if (config.recomputeModules !== undefined && config.recompute !== "selective") {
    problems.push({
      path: "recomputeModules",
      message: `recompute modules apply to selective recomputation only (recompute is "${config.recompute}")`,
      received: config.recomputeModules,
      hint: 'set recompute to "selective" or leave recomputeModules out',
    });
  }
  if (!arch.moe) {
    const moeOnly = (config.recomputeModules ?? []).filter(
      (m) => m === "moe" || m === "moe_act" || m === "shared_experts",
    );
    if (moeOnly.length > 0) {
      problems.push({
        path: "recomputeModules",
        message: `${arch.id} has no MoE layers: ${moeOnly.join(", ")} do not apply`,
        received: config.recomputeModules,
      });
    }
  }
  if (!arch.mla && (config.recomputeModules ?? []).includes("mla_up_proj")) {
    problems.push({
      path: "recomputeModules",
      message: `${arch.id} has no MLA attention: mla_up_proj does not apply`,
      received: config.recomputeModules,
    });
  }
  if (config.moe.capacityFactor === undefined && config.moe.padToCapacity) {
    problems.push({
      path: "moe.padToCapacity",
      message: "padding to capacity needs a capacity factor",
      received: true,
      hint: "set moe.capacityFactor (e.g. 1.0) or turn padToCapacity off",
    });
  }
  if (config.precision === "fp8" && accelerator.denseTflops.fp8 === undefined) {
    problems.push({
      path: "precision",
      message: `${accelerator.id} has no FP8 peak in its figures`,
      received: "fp8",
      hint: "use bf16, or give the accelerator a denseTflops.fp8 figure",
    });
  }
  if (config.precision !== "fp8" && (config.fp8PrimaryWeights || config.fp8ActivationCache !== "gemm-inputs")) {
    problems.push({
      path: config.fp8PrimaryWeights ? "fp8PrimaryWeights" : "fp8ActivationCache",
      message: 'applies to FP8 training only (precision is "bf16")',
      received: config.fp8PrimaryWeights ? true : config.fp8ActivationCache,
      hint: 'set precision to "fp8" or leave the option out',
    });
  }
  if (config.offloadOptimizer && accelerator.hostLinkGBps === undefined) {
    problems.push({
      path: "offloadOptimizer",
      message: `${accelerator.id} has no hostLinkGBps: optimizer offload cannot be priced`,
      received: true,
      hint: "give the accelerator a hostLinkGBps (PCIe 5 x16: 64) or turn offloadOptimizer off",
    });
  }
  if (accelerator.denseTflops.bf16 === undefined && accelerator.denseTflops.fp16 === undefined) {
    problems.push({
      path: "accelerator.denseTflops.bf16",
      message: "a 16-bit dense peak is needed",
      received: undefined,
    });
  }
  return problems;
}

/**
 * Turns a parsed configuration into the numeric form the step core reads (dp derived when absent).
 *
 * @internal
 * @param config - a parsed configuration
 * @returns the numbers
 * @example
 * ```ts
 * import { trainingConfigSchema } from "@aifactory/workloads";
 * import { toNumericConfig } from "@aifactory/workloads/internal";
 * toNumericConfig(trainingConfigSchema.parse({ acceleratorCount: 16, tp: 8, globalBatch: 32, sequenceTokens: 2048 })).dp; // 2
 * ```
 * @since 0.1.0
 * @category Training
 */
export function toNumericConfig(config: TrainingConfig): NumericConfig {
  const dp = config.dp ?? Math.max(1, Math.floor(config.acceleratorCount / (config.tp * config.pp * config.cp)));
  return {
    tp: config.tp,
    pp: config.pp,
    vpp: config.vpp,
    cp: config.cp,
    ep: config.ep,
    etp: config.etp ?? config.tp,
    dp,
    zeroStage: config.zeroStage,
    sequenceParallel: config.sequenceParallel,
    microBatch: config.microBatch,
    globalBatch: config.globalBatch,
    sequenceTokens: config.sequenceTokens,
    recompute: config.recompute === "full" ? 2 : config.recompute === "selective" ? 1 : 0,
    fp8: config.precision === "fp8",
    flashAttention: config.flashAttention,
    offloadOptimizer: config.offloadOptimizer,
    overlapDataParallel: config.overlap.dataParallel,
    overlapTensorParallel: config.overlap.tensorParallel,
    overlapContextParallel: config.overlap.contextParallel,
    overlapExpertParallel: config.overlap.expertParallel,
    overlapPipeline: config.overlap.pipeline,
    moeDispatcher: MOE_DISPATCHER_CODES[config.moe.dispatcher],
    moeMaxNodesPerToken: config.moe.maxNodesPerToken ?? 0,
    moeForcedBalance: config.moe.routing === "forced-balanced",
    moeCapacityFactor: config.moe.capacityFactor ?? 0,
    moePadToCapacity: config.moe.padToCapacity,
    dualPipe: config.pipelineSchedule === "dualpipe",
    mtpLayers: config.mtpLayers,
    recomputeModules: (config.recomputeModules ?? ["core_attn"]).reduce(
      (bits, module) => bits | RECOMPUTE_MODULE_BITS[module],
      0,
    ),
    bf16OptimizerMoments: config.optimizerMoments === "bf16",
    fp8PrimaryWeights: config.fp8PrimaryWeights,
    fp8SwigluInputs: config.fp8ActivationCache === "gemm-and-swiglu-inputs",
  };
}

/**
 * The statements of method every training estimate lists (basis `method`, a kebab-case `name`, the sentence in
 * `text`); an estimate adds the efficiency factors it used as named values (`matmulRatio`, `memoryBandwidthRatio`,
 * ..., basis `given` or `default`).
 *
 * @example
 * ```ts
 * import { TRAINING_ASSUMPTIONS } from "@aifactory/workloads";
 * TRAINING_ASSUMPTIONS.find((a) => a.name === "activation-memory")?.basis; // "method"
 * ```
 * @since 0.1.0
 * @category Training
 */
export const TRAINING_ASSUMPTIONS: readonly Assumption[] = Object.freeze([
  {
    name: "flop-convention",
    basis: "method",
    text: "MFU/HFU use the PaLM convention (6 x active matmul params + 12 x layers x heads x head dim x sequence per token, no causal halving) against the dense peak of the GEMM precision; HFU adds recomputed FLOPs.",
  },
  {
    name: "optimizer-memory",
    basis: "method",
    text: "Mixed-precision Adam: bf16 weights (2 B/param), fp32 main gradients (4 B), fp32 master weights + m + v (12 B) (Megatron-LM distributed-optimizer table); ZeRO 1/2/3 shard optimizer / + gradients / + weights over dp x cp (experts over the expert data-parallel group).",
  },
  {
    name: "activation-memory",
    basis: "method",
    text: "Activations per Korthikanti et al. 2022 (34 sbh + 5 a s^2 b per layer, generalised to GQA/SwiGLU/MoE); the first pipeline stage holds min(microbatches, pp) microbatches, x (1 + (pp-1)/(pp vpp)) when interleaved.",
  },
  {
    name: "hbm-capacity",
    basis: "method",
    text: 'HBM capacity: a vendor "GB" of HBM is read as GiB (80 GB H100 = 85.9e9 B, as AIConfigurator does); 3 GiB are reserved for CUDA context, NCCL and allocator slack.',
  },
  {
    name: "rank-placement",
    basis: "method",
    text: "Ranks are placed tp, cp, ep, dp, pp from the innermost (Megatron-LM order); a group spanning scale-up domains uses a hierarchical algorithm over scale-up then scale-out.",
  },
  {
    name: "pipeline-bubble",
    basis: "method",
    text: "Pipeline bubble (pp-1)/vpp microbatch times (Narayanan et al. 2021, interleaved 1F1B); the slowest (last) stage also runs the output head; when pp x vpp does not divide the layers (uneven split, as Llama 3 405B and DeepSeek-V3 were trained), the busiest stage holds ceil(layers / pp) layers.",
  },
  {
    name: "moe-layers",
    basis: "method",
    text: "MoE layers: experts on etp x ep x expert-dp of the stage's GPUs (Megatron-Core parallel folding); the busiest EP rank sets the time: with learned routing it carries the binomial maximum of uniformly random routing (plus the power-law skew moeRoutingSkewAlpha when set), forced-balanced routing is even; a capacity factor caps (or, padded, fixes) that load and drops the excess. Dispatchers: NCCL all-to-all of every top-k copy, all-gather + reduce-scatter of the EP group's tokens, or DeepEP (one scale-out copy per destination node, bounded by node-limited routing, then scale-up forwarding; DeepEP's measured tables inside one 8-GPU node).",
  },
  {
    name: "ep-overlap",
    basis: "method",
    text: "EP overlap (Megatron-Core's combined 1F1B, DualPipe): a microbatch's dispatch and combine hide behind another's compute, except for the pipeline warm-up and cool-down passes; DualPipe's bubble is (pp/2 - 1)(F&B + B - 3W) with two stages' parameters and pp + 1 microbatches of activations per rank (DeepSeek-V3 report, table 2).",
  },
  {
    name: "kernel-times",
    basis: "method",
    text: "GEMMs (forward, data and weight gradients) and the TP all-reduce inside a scale-up domain take their times from measured kernel tables where the accelerator has them (kernelSources says which); elsewhere GEMMs run at the dense peak x the accelerator's published maximum achievable matmul ratio (MAMF) x 0.92; attention at 0.55 of the bf16 peak; memory-bound kernels at 0.8 of HBM bandwidth; collectives at 0.8 of link rates.",
  },
  {
    name: "fp8",
    basis: "method",
    text: "FP8 (Transformer Engine style): GEMMs in FP8, attention and elementwise in bf16, cast/transpose traffic priced, 1 B/param FP8 weight caches, GEMM inputs saved in FP8.",
  },
  {
    name: "overlap-slowdown",
    basis: "method",
    text: "Communication hidden behind compute slows that compute by 0.15 s per second hidden (NCCL's SM and HBM share).",
  },
]);

/**
 * Estimates one training step: time with its breakdown, model and hardware TFLOP/s per GPU, MFU, HFU,
 * tokens/s and memory per GPU with whether it fits.
 *
 * Invalid configurations throw; a configuration that does not fit in memory is a result with
 * `memory.fits === false` and the full breakdown.
 *
 * @param input - architecture, accelerator, configuration, efficiency factors
 * @returns the estimate
 * @throws InvalidInputError naming every violated constraint (TP not dividing heads, PP not dividing layers,
 *   dimensions not multiplying to the GPU count, ...) or every bad field
 * @example
 * ```ts
 * import { estimateTrainingStep } from "@aifactory/workloads";
 * const a100 = { id: "nvidia-a100-sxm-80gb", denseTflops: { bf16: 312 }, memoryGB: 80,
 *   memoryBandwidthGBps: 2039, scaleUp: { bandwidthGBpsPerDirection: 300, scaleUpDomainSize: 8 },
 *   scaleOutGbitpsPerAccelerator: 200 };
 * const result = estimateTrainingStep({
 *   architecture: "gpt-3-175b", accelerator: a100,
 *   config: { acceleratorCount: 64, tp: 8, pp: 8, vpp: 3, globalBatch: 64, sequenceTokens: 2048 },
 * });
 * result.mfuRatio > 0 && result.mfuRatio < 1; // true
 * ```
 * @since 0.1.0
 * @category Training
 */
export function estimateTrainingStep(input: TrainingStepInput): TrainingStepResult {
  const arch = resolveArchitecture(input.architecture);
  const accelerator = resolveAccelerator(input.accelerator);
  const config = parseInput(trainingConfigSchema, input.config, "training configuration");
  const efficiency = parseInput(trainingEfficiencySchema, input.efficiency ?? {}, "efficiency factors");
  const problems = trainingConfigProblems(arch, accelerator, config);
  if (problems.length > 0) {
    throw new InvalidInputError(
      `training configuration for ${arch.id} on ${config.acceleratorCount} x ${accelerator.id}`,
      problems,
      "change the parallel sizes so that every listed constraint holds (or run `aif train search`)",
    );
  }
  const numeric = toNumericConfig(config);
  const terms = architectureTerms(arch);
  const hw = hardwareTerms(accelerator, efficiency, numeric.fp8, input.kernels);
  const n = evaluateStep(terms, hw, numeric, createStepNumbers());
  const gpus = numeric.tp * numeric.pp * numeric.cp * numeric.dp;
  const capacityBytes = acceleratorMemoryBytes(accelerator);
  const modelFlopsPerSecondPerGpu = n.modelFlopsPerStep / n.stepTimeSeconds / gpus;
  const hardwareFlopsPerSecondPerGpu = n.hardwareFlopsPerStep / n.stepTimeSeconds / gpus;
  const tokensPerStep = config.globalBatch * config.sequenceTokens;
  const warnings: string[] = [];
  const fits = n.totalBytes <= capacityBytes;
  if (!fits) {
    warnings.push(
      `needs ${(n.totalBytes / 2 ** 30).toFixed(1)} GiB per GPU but ${accelerator.id} has ${(capacityBytes / 2 ** 30).toFixed(1)} GiB: raise tp/pp, use ZeRO or recompute`,
    );
  }
  if (numeric.tp > 1 && accelerator.scaleUp.bandwidthGBpsPerDirection === 0) {
    warnings.push("the accelerator has no scale-up bandwidth: TP traffic is priced on the scale-out network");
  }
  if (accelerator.scaleOutGbitpsPerAccelerator === undefined && gpus > accelerator.scaleUp.scaleUpDomainSize) {
    warnings.push("no scale-out rate given: traffic across scale-up domains is priced at the scale-up rate");
  }
  if (n.pipelineBubbleSeconds > 0.2 * n.stepTimeSeconds) {
    warnings.push(
      `pipeline bubble is ${((100 * n.pipelineBubbleSeconds) / n.stepTimeSeconds).toFixed(0)}% of the step: more microbatches or vpp would help`,
    );
  }
  if (arch.maxSequenceTokens !== undefined && config.sequenceTokens > arch.maxSequenceTokens) {
    warnings.push(
      `sequence length ${config.sequenceTokens} is beyond ${arch.id}'s context window (${arch.maxSequenceTokens}): this is context extension, with its own recipe`,
    );
  }
  if (arch.layers % (numeric.pp * numeric.vpp) !== 0) {
    warnings.push(
      `pp x vpp = ${numeric.pp * numeric.vpp} does not divide ${arch.layers} layers: uneven split, the busiest stage holds ${Math.ceil(arch.layers / numeric.pp)} layers`,
    );
  }
  const kernelSources = trainingKernelSources(terms, hw, numeric);
  if (hw.kernels !== undefined && kernelSources.gemm === "analytic") {
    warnings.push(
      `no measured ${hw.gemmDtype} GEMM table covers these shapes on ${accelerator.id}: GEMMs are priced by the roofline x efficiency factors`,
    );
  }
  if (arch.moe && numeric.ep === 1 && numeric.dp * numeric.cp > 1) {
    warnings.push("MoE model without expert parallelism: every GPU holds all experts of its stage");
  }
  if (n.moeDroppedShare > 0.001) {
    warnings.push(
      `capacity factor ${config.moe.capacityFactor}: about ${(100 * n.moeDroppedShare).toFixed(1)}% of token-expert copies are dropped (a quality cost this model does not price)`,
    );
  }
  if (arch.moe && config.moe.routing === "forced-balanced") {
    warnings.push(
      "forced-balanced routing is a benchmarking mode (--moe-router-force-load-balancing): real training routes unevenly and runs slower",
    );
  }
  if (numeric.overlapExpertParallel && numeric.ep > 1 && numeric.pp > 1 && numeric.vpp === 1 && !numeric.dualPipe) {
    warnings.push(
      "EP overlap with non-interleaved 1F1B: Megatron-Core's combined 1F1B overlap needs vpp > 1 (or pp = 1); priced as if available",
    );
  }
  return assertFiniteResult(
    {
      architectureId: arch.id,
      acceleratorId: accelerator.id,
      config: { ...config, dp: numeric.dp },
      kernelSources,
      stepTimeSeconds: n.stepTimeSeconds,
      modelTflopsPerGpu: modelFlopsPerSecondPerGpu / 1e12,
      hardwareTflopsPerGpu: hardwareFlopsPerSecondPerGpu / 1e12,
      mfuRatio: modelFlopsPerSecondPerGpu / hw.matmulPeakFlops,
      hfuRatio: hardwareFlopsPerSecondPerGpu / hw.matmulPeakFlops,
      tokensPerSecond: tokensPerStep / n.stepTimeSeconds,
      tokensPerStep,
      modelFlopsPerStep: n.modelFlopsPerStep,
      memory: {
        totalBytes: n.totalBytes,
        weightsBytes: n.weightsBytes,
        gradientsBytes: n.gradientsBytes,
        optimizerBytes: n.optimizerBytes,
        activationsBytes: n.activationsBytes,
        buffersBytes: n.buffersBytes,
        moeBuffersBytes: n.moeBuffersBytes,
        capacityBytes,
        fits,
      },
      breakdown: {
        microbatches: n.microbatches,
        microbatchSeconds: n.microbatchSeconds,
        matmulSeconds: n.matmulSeconds * n.microbatches,
        attentionSeconds: n.attentionSeconds * n.microbatches,
        elementwiseSeconds: n.elementwiseSeconds * n.microbatches,
        recomputeSeconds: n.recomputeSeconds * n.microbatches,
        logitsSeconds: n.logitsSeconds * n.microbatches,
        tensorParallelExposedSeconds: n.tensorParallelSeconds * n.microbatches,
        contextParallelExposedSeconds: n.contextParallelSeconds * n.microbatches,
        expertParallelExposedSeconds: n.expertParallelSeconds * n.microbatches,
        mtpSeconds: n.mtpSeconds * n.microbatches,
        moeLoadRatio: n.moeLoadRatio,
        moeDroppedShare: n.moeDroppedShare,
        pipelineCommExposedSeconds: n.pipelineCommSeconds,
        pipelineBubbleSeconds: n.pipelineBubbleSeconds,
        dataParallelExposedSeconds: n.dataParallelSeconds,
        dataParallelTotalSeconds: n.dataParallelTotalSeconds,
        optimizerSeconds: n.optimizerSeconds,
        overlapInterferenceSeconds: n.overlapInterferenceSeconds,
      },
      assumptions: [
        ...TRAINING_ASSUMPTIONS,
        ...trainingEfficiencyAssumptions(accelerator.id, numeric.fp8, efficiency, input.efficiency),
      ],
      warnings,
    },
    "training estimate",
  );
}
