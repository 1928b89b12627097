import { parseInput, positiveInt } from "@aifactory/core";
import { z } from "zod";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import { type ArchitectureId, resolveArchitecture } from "../architecture/catalog";
import { type TrainingConfig, type TrainingConfigInput, trainingConfigSchema } from "../training/training-config";
import { type ConfigValue, toToml } from "./config-text";
import { DEPLOY_ENGINE_VERSIONS, type LaunchConfig, type TrainingEngine, trainingEngineSchema } from "./launch-config";
import { modelPath } from "./model-path";

/**
 * Options of {@link emitTrainingLaunch}.
 *
 * - `acceleratorsPerNode`: GPUs per node for `torchrun --nproc-per-node` (default 8); the node count is `acceleratorCount / acceleratorsPerNode`.
 * - `fp8Recipe`: Megatron-Core's `--fp8-recipe` for `precision: "fp8"`: `delayed` (its default), `tensorwise`,
 *   `mxfp8` or `blockwise`; torchtitan takes `tensorwise` or `rowwise` (`float8.recipe_name`). Default
 *   `tensorwise` (the recipe both have).
 * - `tokenizer`: the tokenizer Megatron loads (`--tokenizer-model`; default the architecture's Hugging Face
 *   repository).
 * - `torchtitanModel`: `{ name, flavor }` of a torchtitan model registration (default: derived for the Llama 3.1
 *   8B/70B/405B and DeepSeek-V3 671B catalog entries).
 *
 * @example
 * ```ts
 * import { trainingLaunchOptionsSchema } from "@aifactory/workloads";
 * trainingLaunchOptionsSchema.parse({}).fp8Recipe; // "tensorwise"
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export const trainingLaunchOptionsSchema = z
  .object({
    acceleratorsPerNode: positiveInt.default(8),
    fp8Recipe: z.enum(["delayed", "tensorwise", "mxfp8", "blockwise", "rowwise"]).default("tensorwise"),
    tokenizer: z.string().min(1).optional(),
    torchtitanModel: z
      .object({ name: z.string().min(1), flavor: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();

/**
 * Training launch options as a user writes them. See {@link trainingLaunchOptionsSchema}.
 *
 * @example
 * ```ts
 * import { type TrainingLaunchOptionsInput } from "@aifactory/workloads";
 * const options: TrainingLaunchOptionsInput = { acceleratorsPerNode: 4, fp8Recipe: "mxfp8" };
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export type TrainingLaunchOptionsInput = z.input<typeof trainingLaunchOptionsSchema>;

type TrainingLaunchOptions = z.output<typeof trainingLaunchOptionsSchema>;

/** Megatron arguments, notes and unsupported settings (kept as data for the tests). */
export interface MegatronArgs {
  args: string[];
  notes: string[];
  unsupported: string[];
}

function dataParallel(config: TrainingConfig): number {
  return config.dp ?? Math.max(1, Math.floor(config.acceleratorCount / (config.tp * config.pp * config.cp)));
}

function megatronModelArgs(
  arch: Architecture,
  config: TrainingConfig,
  out: MegatronArgs,
  acceleratorsPerNode: number,
): void {
  const a = out.args;
  a.push("--num-layers", String(arch.layers), "--hidden-size", String(arch.hiddenSize));
  a.push("--ffn-hidden-size", String(arch.ffnHiddenSize), "--num-attention-heads", String(arch.attentionHeads));
  if (arch.mla === undefined && arch.kvHeads < arch.attentionHeads) {
    a.push("--group-query-attention", "--num-query-groups", String(arch.kvHeads));
  }
  if (arch.headDim !== undefined && arch.mla === undefined) a.push("--kv-channels", String(arch.headDim));
  if (arch.ffnActivation === "swiglu") a.push("--swiglu");
  a.push("--normalization", arch.normalization === "rmsnorm" ? "RMSNorm" : "LayerNorm");
  a.push("--position-embedding-type", arch.positionEmbedding === "rope" ? "rope" : "learned_absolute");
  if (!arch.linearBias) a.push("--disable-bias-linear");
  if (!arch.tiedEmbeddings) a.push("--untie-embeddings-and-output-weights");
  if (arch.qkNorm) a.push("--qk-layernorm");
  const maxPositions = Math.max(config.sequenceTokens, arch.maxSequenceTokens ?? 0);
  a.push("--max-position-embeddings", String(maxPositions));
  if (arch.mla !== undefined) {
    a.push("--multi-latent-attention", "--kv-lora-rank", String(arch.mla.kvLoraRank));
    if (arch.mla.qLoraRank > 0) a.push("--q-lora-rank", String(arch.mla.qLoraRank));
    a.push("--qk-head-dim", String(arch.mla.qkNopeHeadDim), "--qk-pos-emb-head-dim", String(arch.mla.qkRopeHeadDim));
    a.push("--v-head-dim", String(arch.mla.vHeadDim));
  }
  if (arch.moe !== undefined) {
    const moe = arch.moe;
    a.push("--num-experts", String(moe.experts), "--moe-router-topk", String(moe.topK));
    a.push("--moe-ffn-hidden-size", String(moe.expertFfnHiddenSize), "--moe-grouped-gemm");
    if (moe.sharedExperts > 0) {
      a.push("--moe-shared-expert-intermediate-size", String(moe.sharedExperts * moe.expertFfnHiddenSize));
    }
    if (moe.denseLayers > 0) {
      a.push("--moe-layer-freq", `([0]*${moe.denseLayers}+[1]*${arch.layers - moe.denseLayers})`);
    }
    const m = config.moe;
    a.push("--moe-token-dispatcher-type", m.dispatcher === "deepep" ? "flex" : m.dispatcher);
    if (m.dispatcher === "deepep") a.push("--moe-enable-deepep");
    if (m.maxNodesPerToken !== undefined) {
      // Node-limited routing: one routing group per node of the EP group (arguments.py's --moe-router-num-groups help).
      const nodes = Math.max(1, Math.ceil(config.ep / acceleratorsPerNode));
      a.push(
        "--moe-router-num-groups",
        String(nodes),
        "--moe-router-group-topk",
        String(Math.min(nodes, m.maxNodesPerToken)),
      );
    }
    if (m.routing === "forced-balanced") a.push("--moe-router-force-load-balancing");
    if (m.capacityFactor !== undefined) a.push("--moe-expert-capacity-factor", String(m.capacityFactor));
    if (m.padToCapacity) a.push("--moe-pad-expert-input-to-capacity");
  }
  if (arch.slidingWindow !== undefined) {
    out.unsupported.push(
      "architecture.slidingWindow: Megatron's --window-size/--window-attn-skip-freq take a layer pattern the architecture does not record; not emitted",
    );
  }
  out.notes.push(
    `vocabulary: ${arch.vocabSize} entries come from the tokenizer (Megatron pads to --make-vocab-size-divisible-by)`,
  );
}

/**
 * Megatron-LM `pretrain_gpt.py` arguments for a training configuration (names and choices from
 * `megatron/training/arguments.py` at 000c4ac2, Megatron-Core 0.15 development line).
 *
 * @param config - the configuration (defaults applied)
 * @param arch - the architecture, when known (model-shape arguments)
 * @param options - options (defaults applied)
 * @param tokenizer - tokenizer path or repository
 * @returns arguments after `pretrain_gpt.py`
 */
export function megatronArgs(
  config: TrainingConfig,
  arch: Architecture | undefined,
  options: TrainingLaunchOptions,
  tokenizer: string,
): MegatronArgs {
  const out: MegatronArgs = { args: [], notes: [], unsupported: [] };
  const a = out.args;
  a.push("--tensor-model-parallel-size", String(config.tp), "--pipeline-model-parallel-size", String(config.pp));
  if (config.vpp > 1) a.push("--num-virtual-stages-per-pipeline-rank", String(config.vpp));
  if (config.cp > 1) a.push("--context-parallel-size", String(config.cp));
  if (config.ep > 1) a.push("--expert-model-parallel-size", String(config.ep));
  if (config.etp !== undefined) a.push("--expert-tensor-parallel-size", String(config.etp));
  if (config.sequenceParallel && config.tp > 1) a.push("--sequence-parallel");
  const dp = dataParallel(config);
  if (config.dp !== undefined && config.dp * config.tp * config.pp * config.cp !== config.acceleratorCount) {
    out.unsupported.push(
      `dp=${config.dp}: Megatron derives dp = world size / (tp x pp x cp) = ${Math.floor(config.acceleratorCount / (config.tp * config.pp * config.cp))}; launch on dp x tp x pp x cp = ${config.dp * config.tp * config.pp * config.cp} GPUs instead`,
    );
  }
  a.push("--micro-batch-size", String(config.microBatch), "--global-batch-size", String(config.globalBatch));
  a.push("--seq-length", String(config.sequenceTokens));
  a.push("--bf16");
  if (config.precision === "fp8") {
    const recipe = options.fp8Recipe === "rowwise" ? "tensorwise" : options.fp8Recipe;
    if (options.fp8Recipe === "rowwise") {
      out.unsupported.push(
        "fp8Recipe=rowwise: not a Megatron-Core recipe (delayed, tensorwise, mxfp8, blockwise); tensorwise emitted",
      );
    }
    a.push("--fp8-format", "hybrid", "--fp8-recipe", recipe);
    if (config.fp8PrimaryWeights) a.push("--fp8-param-gather");
  }
  if (config.fp8ActivationCache === "gemm-and-swiglu-inputs") {
    out.unsupported.push(
      "fp8ActivationCache=gemm-and-swiglu-inputs: no Megatron-Core argument stores the SwiGLU inputs in FP8; not emitted",
    );
  }
  if (config.recompute === "selective") {
    a.push("--recompute-granularity", "selective");
    if (config.recomputeModules !== undefined) a.push("--recompute-modules", ...config.recomputeModules);
  } else if (config.recompute === "full") {
    a.push("--recompute-granularity", "full", "--recompute-method", "uniform", "--recompute-num-layers", "1");
  }
  a.push("--optimizer", "adam");
  if (config.zeroStage === 1) a.push("--use-distributed-optimizer");
  else if (config.zeroStage >= 2) {
    a.push(
      "--use-megatron-fsdp",
      "--data-parallel-sharding-strategy",
      config.zeroStage === 2 ? "optim_grads" : "optim_grads_params",
      "--ckpt-format",
      "fsdp_dtensor",
    );
    out.notes.push(
      `ZeRO ${config.zeroStage}: Megatron FSDP with --data-parallel-sharding-strategy (its checkpoint format fsdp_dtensor)`,
    );
  }
  if (config.optimizerMoments === "bf16" || config.offloadOptimizer) a.push("--use-precision-aware-optimizer");
  if (config.optimizerMoments === "bf16") a.push("--exp-avg-dtype", "bf16", "--exp-avg-sq-dtype", "bf16");
  if (config.offloadOptimizer) a.push("--optimizer-cpu-offload");
  if (config.overlap.dataParallel) {
    a.push("--overlap-grad-reduce");
    if (config.zeroStage === 1) a.push("--overlap-param-gather");
  }
  if (config.overlap.tensorParallel) {
    if (config.sequenceParallel && config.tp > 1) a.push("--tp-comm-overlap");
    else
      out.unsupported.push(
        "overlap.tensorParallel: Megatron's --tp-comm-overlap needs sequence parallelism and tp > 1",
      );
  }
  if (!config.overlap.pipeline && config.pp > 1) a.push("--no-overlap-p2p-communication");
  if (!config.overlap.contextParallel && config.cp > 1) {
    out.unsupported.push("overlap.contextParallel=false: Megatron's ring attention always overlaps (no switch)");
  }
  if (config.overlap.expertParallel && config.ep > 1) a.push("--overlap-moe-expert-parallel-comm");
  a.push("--attention-backend", config.flashAttention ? "flash" : "unfused");
  if (config.mtpLayers > 0) a.push("--mtp-num-layers", String(config.mtpLayers));
  const schedule = config.pipelineSchedule ?? (config.vpp > 1 ? "interleaved" : "1f1b");
  if (schedule === "dualpipe") {
    out.unsupported.push(
      "pipelineSchedule=dualpipe: Megatron-LM has no DualPipe schedule; 1F1B (interleaved with vpp) is what runs",
    );
  } else if (schedule === "interleaved" && config.vpp === 1) {
    out.unsupported.push(
      "pipelineSchedule=interleaved with vpp=1: Megatron interleaves only with virtual stages; 1F1B runs",
    );
  }
  if (arch !== undefined) megatronModelArgs(arch, config, out, options.acceleratorsPerNode);
  else out.notes.push("model shape: give the architecture to emit --num-layers, --hidden-size and the rest");
  a.push("--tokenizer-type", "HuggingFaceTokenizer", "--tokenizer-model", tokenizer);
  a.push("--mock-data");
  out.notes.push("data: --mock-data runs on synthetic tokens; replace it with --data-path for a real run");
  out.notes.push(`data parallel: ${dp} (world size / (tp x pp x cp))`);
  return out;
}

/** torchtitan's TOML as data. */
export type TorchtitanJob = { [section: string]: { [key: string]: ConfigValue } };

const TORCHTITAN_MODELS: Readonly<Record<string, { name: string; flavor: string }>> = Object.freeze({
  // torchtitan/models/llama3/__init__.py llama3_configs and deepseek_v3/__init__.py deepseekv3_configs.
  "llama-3.1-8b": { name: "llama3", flavor: "8B" },
  "llama-3.1-70b": { name: "llama3", flavor: "70B" },
  "llama-3.1-405b": { name: "llama3", flavor: "405B" },
  "deepseek-v3": { name: "deepseek_v3", flavor: "671B" },
});

/**
 * A torchtitan job configuration (sections and keys of `torchtitan/config/job_config.py` at 6404b932).
 *
 * @param config - the configuration (defaults applied)
 * @param arch - the architecture, when known
 * @param options - options (defaults applied)
 * @returns the job as data, notes and unsupported settings
 */
export function torchtitanJob(
  config: TrainingConfig,
  arch: Architecture | undefined,
  options: TrainingLaunchOptions,
): { job: TorchtitanJob; notes: string[]; unsupported: string[] } {
  const notes: string[] = [];
  const unsupported: string[] = [];
  const dp = dataParallel(config);
  const model = options.torchtitanModel ?? (arch === undefined ? undefined : TORCHTITAN_MODELS[arch.id]);
  if (model === undefined) {
    unsupported.push(
      `model: torchtitan builds models from its own registry; ${arch?.id ?? "this architecture"} has no known registration (pass torchtitanModel { name, flavor })`,
    );
  }
  const parallelism: { [key: string]: ConfigValue } = {};
  if (config.zeroStage === 0) {
    parallelism.data_parallel_replicate_degree = dp;
    parallelism.data_parallel_shard_degree = 1;
  } else {
    parallelism.data_parallel_replicate_degree = 1;
    parallelism.data_parallel_shard_degree = dp;
    // FSDP2 keeps parameters unsharded from forward to backward when not resharding: ZeRO-2's trade.
    parallelism.fsdp_reshard_after_forward = config.zeroStage === 3 ? "always" : "never";
    if (config.zeroStage === 1) {
      unsupported.push(
        "zeroStage=1: torchtitan shards with FSDP2 only; emitted as ZeRO-2-like FSDP (fsdp_reshard_after_forward never)",
      );
    }
  }
  parallelism.tensor_parallel_degree = config.tp;
  parallelism.pipeline_parallel_degree = config.pp;
  parallelism.context_parallel_degree = config.cp;
  parallelism.expert_parallel_degree = config.ep;
  const schedule = config.pipelineSchedule ?? (config.vpp > 1 ? "interleaved" : "1f1b");
  if (config.pp > 1) {
    parallelism.pipeline_parallel_microbatch_size = config.microBatch;
    if (schedule === "dualpipe") {
      unsupported.push(
        "pipelineSchedule=dualpipe: not among the schedules the pinned torchtitan names; Interleaved1F1B emitted",
      );
    }
    parallelism.pipeline_parallel_schedule = schedule === "1f1b" && config.vpp === 1 ? "1F1B" : "Interleaved1F1B";
    if (config.vpp > 1) {
      if (arch !== undefined && arch.layers % (config.pp * config.vpp) === 0) {
        parallelism.pipeline_parallel_layers_per_stage = arch.layers / (config.pp * config.vpp);
      } else {
        notes.push(`vpp ${config.vpp}: set pipeline_parallel_layers_per_stage to layers / (pp x vpp) for your model`);
      }
    }
  }
  if (config.ep > 1 && !(config.cp <= config.ep && config.ep <= (config.zeroStage === 0 ? 1 : dp) * config.cp)) {
    unsupported.push(
      `ep=${config.ep}: torchtitan's dp2ep needs context_parallel_degree <= ep <= data_parallel_shard_degree x context_parallel_degree`,
    );
  }
  if (config.etp !== undefined && config.etp !== config.tp) {
    unsupported.push(`etp=${config.etp}: the pinned torchtitan has no expert tensor-parallel degree (experts use tp)`);
  }
  if (!config.sequenceParallel && config.tp > 1) {
    unsupported.push("sequenceParallel=false: torchtitan's tensor parallelism always shards the sequence (no switch)");
  }
  const training: { [key: string]: ConfigValue } = {
    // Without PP, a rank's local batch is one micro-batch and global_batch_size sets gradient accumulation; with
    // PP, the local batch is split into pipeline micro-batches.
    local_batch_size: config.pp > 1 ? Math.max(1, Math.floor(config.globalBatch / dp)) : config.microBatch,
    global_batch_size: config.globalBatch,
    seq_len: config.sequenceTokens,
    mixed_precision_param: "bfloat16",
  };
  if (config.offloadOptimizer) {
    training.enable_cpu_offload = true;
    notes.push("enable_cpu_offload offloads FSDP parameters and gradients as well as optimizer states");
  }
  const job: TorchtitanJob = {
    job: { description: `aifactory: ${arch?.id ?? "model"} on ${config.acceleratorCount} GPUs` },
    model: {
      name: model?.name ?? "<model-name>",
      flavor: model?.flavor ?? "<flavor>",
      ...(config.precision === "fp8" ? { converters: ["float8"] } : {}),
    },
    training,
    parallelism,
    activation_checkpoint:
      config.recompute === "selective" ? { mode: "selective", selective_ac_option: "op" } : { mode: config.recompute },
  };
  if (config.recompute === "selective" && config.recomputeModules !== undefined) {
    unsupported.push(
      "recomputeModules: torchtitan's per-op selective checkpointing has its own policy (no module list); selective_ac_option op emitted",
    );
  }
  if (config.precision === "fp8") {
    const recipe = options.fp8Recipe === "rowwise" ? "rowwise" : "tensorwise";
    if (options.fp8Recipe !== "rowwise" && options.fp8Recipe !== "tensorwise") {
      unsupported.push(
        `fp8Recipe=${options.fp8Recipe}: torchtitan's float8 recipes are tensorwise and rowwise; tensorwise emitted`,
      );
    }
    const float8: { [key: string]: ConfigValue } = { recipe_name: recipe };
    if (config.fp8PrimaryWeights && recipe === "tensorwise" && config.zeroStage > 0) {
      float8.enable_fsdp_float8_all_gather = true;
      float8.precompute_float8_dynamic_scale_for_fsdp = true;
    } else if (config.fp8PrimaryWeights) {
      unsupported.push(
        "fp8PrimaryWeights: torchtitan all-gathers FP8 weights only with FSDP and the tensorwise recipe",
      );
    }
    job.float8 = float8;
  }
  if (config.optimizerMoments === "bf16") {
    unsupported.push(
      "optimizerMoments=bf16: torchtitan's AdamW keeps its moments in the parameter dtype (fp32); no switch",
    );
  }
  if (config.fp8ActivationCache === "gemm-and-swiglu-inputs") {
    unsupported.push("fp8ActivationCache=gemm-and-swiglu-inputs: no torchtitan switch; not emitted");
  }
  if (config.mtpLayers > 0)
    unsupported.push(`mtpLayers=${config.mtpLayers}: the pinned torchtitan trains no MTP modules`);
  if (config.ep > 1 && config.moe.dispatcher !== "alltoall") {
    unsupported.push(
      `moe.dispatcher=${config.moe.dispatcher}: torchtitan's expert parallelism uses all-to-all (no choice)`,
    );
  }
  if (
    config.moe.maxNodesPerToken !== undefined ||
    config.moe.capacityFactor !== undefined ||
    config.moe.routing !== "learned"
  ) {
    unsupported.push(
      "moe routing options (node limit, capacity, forced balance): set in the torchtitan model flavor, not the job",
    );
  }
  if (!config.flashAttention) {
    unsupported.push("flashAttention=false: torchtitan runs PyTorch SDPA (fused kernels); no unfused switch");
  }
  if (config.overlap.tensorParallel && config.tp > 1) {
    notes.push("overlap.tensorParallel: torchtitan's enable_async_tensor_parallel needs training.compile; not emitted");
  }
  return { job, notes, unsupported };
}

/**
 * The job file an emitted torchtitan launch reads (`--job.config_file`).
 *
 * @example
 * ```ts
 * import { TORCHTITAN_CONFIG_FILE } from "@aifactory/workloads";
 * TORCHTITAN_CONFIG_FILE; // "torchtitan.toml"
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export const TORCHTITAN_CONFIG_FILE = "torchtitan.toml";

/**
 * Emits the launch command and configuration that run a training configuration on Megatron-LM
 * (`torchrun ... pretrain_gpt.py` with Megatron-Core arguments) or torchtitan (`torchrun -m torchtitan.train` with a
 * job TOML): TP, PP, virtual stages, CP, EP (and expert TP), data parallelism and ZeRO stage (distributed optimizer
 * or FSDP), micro/global batch, sequence length, BF16/FP8, recomputation, optimizer precision and offload,
 * communication overlap, MoE dispatch and routing, MTP, and the model shape (Megatron). Settings the framework
 * cannot express are listed in `unsupported` with the reason. Pure: no files are written.
 *
 * Versions and sources: {@link DEPLOY_ENGINE_VERSIONS} (Megatron-LM `arguments.py` at 000c4ac2, torchtitan
 * `job_config.py` at 6404b932).
 *
 * @param config - the training configuration (as for `estimateTrainingStep`)
 * @param engine - `megatron` or `torchtitan`
 * @param options - `architecture` (id or object) and the {@link trainingLaunchOptionsSchema} options
 * @returns the command, files, notes and unsupported settings
 * @throws InvalidInputError for an invalid configuration, engine or option
 * @throws NotFoundError for an unknown architecture id
 * @example
 * ```ts
 * import { emitTrainingLaunch } from "@aifactory/workloads";
 * const launch = emitTrainingLaunch(
 *   { acceleratorCount: 64, tp: 8, pp: 2, globalBatch: 512, sequenceTokens: 8192 },
 *   "megatron",
 *   { architecture: "llama-3.1-70b" },
 * );
 * launch.command.includes("--tensor-model-parallel-size"); // true
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export function emitTrainingLaunch(
  config: TrainingConfigInput,
  engine: TrainingEngine,
  options: TrainingLaunchOptionsInput & { architecture?: ArchitectureId | ArchitectureInput | Architecture } = {},
): LaunchConfig {
  const { architecture, ...rest } = options;
  const parsedEngine = parseInput(trainingEngineSchema, engine, "training engine");
  const parsed = parseInput(trainingConfigSchema, config, "training configuration");
  const opts = parseInput(trainingLaunchOptionsSchema, rest, "training launch options");
  const arch = architecture === undefined ? undefined : resolveArchitecture(architecture);
  const notes: string[] = [];
  const nodes = Math.max(1, Math.ceil(parsed.acceleratorCount / opts.acceleratorsPerNode));
  const perNode = Math.min(parsed.acceleratorCount, opts.acceleratorsPerNode);
  if (parsed.acceleratorCount % perNode !== 0) {
    notes.push(
      `${parsed.acceleratorCount} GPUs do not fill ${nodes} nodes of ${opts.acceleratorsPerNode}: adjust --nnodes/--nproc-per-node`,
    );
  }
  const torchrun = ["torchrun", `--nproc-per-node=${perNode}`, `--nnodes=${nodes}`];
  if (nodes > 1)
    notes.push("multi-node: add --node-rank, --master-addr and --master-port (or --rdzv-endpoint) per node");
  const pinned = DEPLOY_ENGINE_VERSIONS[parsedEngine];
  if (parsedEngine === "megatron") {
    const found: string[] = [];
    const tokenizer = opts.tokenizer ?? modelPath(undefined, arch, found);
    if (opts.tokenizer === undefined) {
      notes.push(
        tokenizer === "<model>"
          ? "tokenizer: replace <model> with the tokenizer's path or Hugging Face repository"
          : `tokenizer: ${tokenizer} (the Hugging Face repository the architecture's shape comes from)`,
      );
    }
    const m = megatronArgs(parsed, arch, opts, tokenizer);
    return {
      engine: parsedEngine,
      version: pinned.version,
      sources: [...pinned.sources],
      command: [...torchrun, "pretrain_gpt.py", ...m.args],
      configFiles: [],
      notes: [...notes, ...m.notes],
      unsupported: m.unsupported,
    };
  }
  const t = torchtitanJob(parsed, arch, opts);
  return {
    engine: parsedEngine,
    version: pinned.version,
    sources: [...pinned.sources],
    command: [...torchrun, "-m", "torchtitan.train", "--job.config_file", TORCHTITAN_CONFIG_FILE],
    configFiles: [{ path: TORCHTITAN_CONFIG_FILE, content: toToml(t.job) }],
    notes: [...notes, ...t.notes],
    unsupported: t.unsupported,
  };
}
