import { parseInput, positiveInt } from "@aifactory/core";
import { z } from "zod";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import type { ArchitectureId } from "../architecture/catalog";
import { type ServingConfig, type ServingConfigInput, servingConfigSchema } from "../inference/serving-config";
import { resolveServingArchitecture } from "../inference/serving-terms";
import { type ConfigValue, toYaml } from "./config-text";
import {
  DEPLOY_ENGINE_VERSIONS,
  type LaunchConfig,
  type LaunchFile,
  type ServingEngine,
  servingEngineSchema,
} from "./launch-config";
import { modelPath } from "./model-path";

/**
 * Options of {@link emitServingLaunch}: engine settings a serving configuration does not carry.
 *
 * - `model`: weights path or Hugging Face repository (default: the repository the architecture's sources cite).
 * - `gpuMemoryUtilizationRatio`: share of each GPU's memory vLLM (`--gpu-memory-utilization`) and SGLang
 *   (`--mem-fraction-static`) may take for weights and KV cache. Default 0.9, vLLM's `CacheConfig` default.
 * - `kvCacheFreeMemoryRatio`: share of the memory left after the weights that TensorRT-LLM gives the KV cache
 *   (`kv_cache_free_gpu_memory_fraction`). Default 0.9, `trtllm-serve`'s default.
 * - `chunkedPrefill`: split long prompts into `maxNumTokens` chunks mixed with decode steps, as the steady-state
 *   serving model assumes. Default true.
 * - `cudaGraphBatchSizes`: decode batch sizes to capture; default: every size up to the largest decode batch (the
 *   engine's own list, capped).
 * - `host`, `portNumber`: where the server listens (default `0.0.0.0:8000`).
 *
 * @example
 * ```ts
 * import { servingLaunchOptionsSchema } from "@aifactory/workloads";
 * servingLaunchOptionsSchema.parse({}).gpuMemoryUtilizationRatio; // 0.9
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export const servingLaunchOptionsSchema = z
  .object({
    model: z.string().min(1).optional(),
    gpuMemoryUtilizationRatio: z.number().gt(0).lte(1).default(0.9),
    kvCacheFreeMemoryRatio: z.number().gt(0).lte(1).default(0.9),
    chunkedPrefill: z.boolean().default(true),
    cudaGraphBatchSizes: z.array(positiveInt).min(1).optional(),
    host: z.string().min(1).default("0.0.0.0"),
    portNumber: z.number().int().min(1).max(65535).default(8000),
  })
  .strict();

/**
 * Serving launch options as a user writes them. See {@link servingLaunchOptionsSchema}.
 *
 * @example
 * ```ts
 * import { type ServingLaunchOptionsInput } from "@aifactory/workloads";
 * const options: ServingLaunchOptionsInput = { model: "meta-llama/Llama-3.1-70B-Instruct", portNumber: 8080 };
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export type ServingLaunchOptionsInput = z.input<typeof servingLaunchOptionsSchema>;

/** Options after defaults. */
export type ServingLaunchOptions = z.output<typeof servingLaunchOptionsSchema>;

/**
 * What an engine mapping produces before it is written out: the engine's arguments (after the model), its config
 * files as data, notes and unsupported settings. Kept apart so that the tests check names and values, not text.
 */
export interface EngineArgs {
  /** Flags and values, in order (`--flag value`, `--switch`, `--list a b c`). */
  args: string[];
  /** Config files as data, written out as YAML by the emitter. */
  files: { path: string; data: { [key: string]: ConfigValue } }[];
  notes: string[];
  unsupported: string[];
}

/** What a deployment needs to know about the model besides its path. */
export interface ModelTraits {
  /** Multi-token-prediction modules in the checkpoint (`undefined`: architecture unknown). */
  mtpModules: number | undefined;
  /** Whether the model has MoE layers (`undefined`: unknown). */
  moe: boolean | undefined;
}

function traits(architecture: Architecture | undefined): ModelTraits {
  return {
    mtpModules: architecture?.mtpModules,
    moe: architecture === undefined ? undefined : architecture.moe !== undefined,
  };
}

/** Sequences one engine instance (or, under attention-DP, one rank) decodes at once: the CUDA-graph range. */
function decodeBatch(config: ServingConfig): number {
  const ranks = config.attentionDp ? config.tp : 1;
  const total = config.concurrency ?? config.maxBatchSize * ranks;
  return Math.max(1, Math.min(config.maxBatchSize, Math.ceil(total / ranks)));
}

function common(config: ServingConfig, engine: string, out: EngineArgs): void {
  if (config.concurrency !== undefined && !config.maxThroughput) {
    out.notes.push(
      `load: the estimate runs ${config.concurrency} sequences in flight per instance; drive the server at that concurrency to compare (the engine admits up to its max batch)`,
    );
  }
  if (config.maxThroughput) {
    out.notes.push(
      "load: the estimate runs the largest batch that fits; drive the server with a deep queue to compare",
    );
  }
  if (config.attentionDp && !config.attentionDpBalance) {
    out.unsupported.push(
      `attentionDpBalance=false: ${engine} has no switch to turn off attention-DP prefill balancing; the estimate assumed unbalanced ranks`,
    );
  }
}

function weightNote(config: ServingConfig, out: EngineArgs): void {
  if (config.weights === "fp8-block") {
    out.notes.push(
      "weights fp8-block: load a block-scaled FP8 checkpoint (DeepSeek-V3/R1, Qwen3-FP8); the engine reads its quantization_config, no flag",
    );
  }
}

/**
 * vLLM 0.11.1 `vllm serve` arguments (names and choices from `vllm/engine/arg_utils.py` at 99d7eb5d, value ranges
 * from `vllm/config/cache.py`).
 *
 * @param config - the serving configuration (defaults applied)
 * @param model - model traits
 * @param options - launch options
 * @returns arguments after `vllm serve <model>`
 */
export function vllmArgs(config: ServingConfig, model: ModelTraits, options: ServingLaunchOptions): EngineArgs {
  const out: EngineArgs = { args: [], files: [], notes: [], unsupported: [] };
  const a = out.args;
  a.push("--host", options.host, "--port", String(options.portNumber));
  if (config.attentionDp) {
    // vLLM's data-parallel attention: dp engine ranks of tp 1 each; MoE layers span all dp x tp ranks with EP.
    a.push("--tensor-parallel-size", "1", "--data-parallel-size", String(config.tp));
  } else {
    a.push("--tensor-parallel-size", String(config.tp));
  }
  if (config.pp > 1) a.push("--pipeline-parallel-size", String(config.pp));
  if (config.ep > 1) {
    a.push("--enable-expert-parallel");
    if (config.ep !== config.tp) {
      out.unsupported.push(
        `ep=${config.ep}: vLLM's expert parallelism spans all ${config.tp} TP x DP ranks of a stage (ep = ${config.tp} emitted)`,
      );
    }
  }
  a.push("--max-num-seqs", String(config.maxBatchSize));
  a.push("--max-num-batched-tokens", String(config.maxNumTokens));
  a.push("--max-model-len", String(config.inputTokens + config.outputTokens));
  out.notes.push(
    `--max-model-len ${config.inputTokens + config.outputTokens}: inputTokens + outputTokens of the modelled traffic`,
  );
  if (config.weights === "bf16") a.push("--dtype", "bfloat16");
  else if (config.weights === "fp8") {
    a.push("--quantization", "fp8");
    out.notes.push(
      "weights fp8: --quantization fp8 quantizes a BF16 checkpoint at load time; a pre-quantized FP8 checkpoint needs no flag",
    );
  } else if (config.weights === "fp4") a.push("--quantization", "modelopt_fp4");
  else if (config.weights === "int4") {
    a.push("--quantization", "awq_marlin");
    out.notes.push("weights int4: --quantization awq_marlin expects an AWQ checkpoint (gptq_marlin for GPTQ)");
  }
  weightNote(config, out);
  a.push("--kv-cache-dtype", config.kv === "fp8" ? "fp8" : "auto");
  a.push("--gpu-memory-utilization", String(options.gpuMemoryUtilizationRatio));
  a.push(options.chunkedPrefill ? "--enable-chunked-prefill" : "--no-enable-chunked-prefill");
  if (config.prefixHitRatio > 0) a.push("--enable-prefix-caching");
  else out.notes.push("prefix caching: left at vLLM's default (on); the estimate assumed no prefix hits");
  const graphs = options.cudaGraphBatchSizes;
  if (graphs === undefined) a.push("--max-cudagraph-capture-size", String(decodeBatch(config)));
  else a.push("--cudagraph-capture-sizes", ...graphs.map(String));
  if (config.microBatchOverlap) a.push("--enable-dbo");
  if (config.redundantExperts > 0) {
    a.push("--enable-eplb", "--eplb-config", JSON.stringify({ num_redundant_experts: config.redundantExperts }));
  }
  if (config.ep > 1 && config.attentionDp) {
    out.unsupported.push(
      `moeDispatch=${config.moeDispatch}: vLLM picks its all-to-all kernels with --all2all-backend, whose choices were not checked at the pinned version; left at the default`,
    );
  }
  if (config.mtpAcceptance > 0) {
    if (model.mtpModules === 0) {
      out.unsupported.push(
        "mtpAcceptance: the model has no MTP modules; speculative decoding needs a draft model (--speculative-config with an EAGLE head) that the configuration does not name",
      );
    } else {
      a.push("--speculative-config", JSON.stringify({ method: "mtp", num_speculative_tokens: config.mtpDraftTokens }));
      if (model.mtpModules === undefined) out.notes.push("speculative: assumes the checkpoint carries MTP modules");
    }
  }
  common(config, "vLLM", out);
  return out;
}

/**
 * SGLang 0.5.x `sglang.launch_server` arguments (names and choices from `docs/advanced_features/server_arguments.md`
 * at b36e8e19).
 *
 * @param config - the serving configuration (defaults applied)
 * @param model - model traits
 * @param options - launch options
 * @returns arguments after `python3 -m sglang.launch_server --model-path <model>`
 */
export function sglangArgs(config: ServingConfig, model: ModelTraits, options: ServingLaunchOptions): EngineArgs {
  const out: EngineArgs = { args: [], files: [], notes: [], unsupported: [] };
  const a = out.args;
  a.push("--host", options.host, "--port", String(options.portNumber));
  a.push("--tp-size", String(config.tp));
  if (config.pp > 1) a.push("--pp-size", String(config.pp));
  if (config.attentionDp) a.push("--enable-dp-attention", "--dp-size", String(config.tp));
  if (config.ep > 1) {
    a.push("--ep-size", String(config.ep));
    if (config.attentionDp) a.push("--moe-a2a-backend", config.moeDispatch === "all-to-all" ? "deepep" : "none");
  }
  const ranks = config.attentionDp ? config.tp : 1;
  // SGLang's --max-running-requests bounds the whole server; the configuration's limit is per (DP) rank.
  a.push("--max-running-requests", String(config.maxBatchSize * ranks));
  if (ranks > 1)
    out.notes.push(
      `--max-running-requests ${config.maxBatchSize * ranks}: ${config.maxBatchSize} per DP rank x ${ranks}`,
    );
  a.push("--chunked-prefill-size", options.chunkedPrefill ? String(config.maxNumTokens) : "-1");
  a.push("--max-prefill-tokens", String(config.maxNumTokens));
  a.push("--context-length", String(config.inputTokens + config.outputTokens));
  if (config.weights === "bf16") a.push("--dtype", "bfloat16");
  else if (config.weights === "fp8") a.push("--quantization", "fp8");
  else if (config.weights === "fp4") a.push("--quantization", "modelopt_fp4");
  else if (config.weights === "int4") {
    a.push("--quantization", "awq");
    out.notes.push("weights int4: --quantization awq expects an AWQ checkpoint");
  }
  weightNote(config, out);
  a.push("--kv-cache-dtype", config.kv === "fp8" ? "fp8_e4m3" : "auto");
  a.push("--mem-fraction-static", String(options.gpuMemoryUtilizationRatio));
  if (config.prefixHitRatio > 0) out.notes.push("prefix caching: RadixAttention is on by default (no flag)");
  else out.notes.push("prefix caching: RadixAttention stays on (default); the estimate assumed no prefix hits");
  const graphs = options.cudaGraphBatchSizes;
  if (graphs === undefined) a.push("--cuda-graph-max-bs", String(decodeBatch(config)));
  else a.push("--cuda-graph-bs", ...graphs.map(String));
  if (config.microBatchOverlap) a.push("--enable-two-batch-overlap");
  if (config.redundantExperts > 0) {
    a.push("--ep-num-redundant-experts", String(config.redundantExperts), "--enable-eplb");
  }
  if (config.ep > 1 && !config.attentionDp && config.moeDispatch === "allgather") {
    out.notes.push("moeDispatch allgather: SGLang's default MoE path without DP attention (no flag)");
  }
  if (config.mtpAcceptance > 0) {
    if (model.mtpModules === 0) {
      out.unsupported.push(
        "mtpAcceptance: the model has no MTP modules; SGLang's EAGLE speculative decoding needs a draft model the configuration does not name",
      );
    } else {
      const steps = config.mtpDraftTokens;
      a.push(
        "--speculative-algorithm",
        "NEXTN",
        "--speculative-num-steps",
        String(steps),
        "--speculative-eagle-topk",
        "1",
        "--speculative-num-draft-tokens",
        String(steps + 1),
      );
      if (model.mtpModules === undefined)
        out.notes.push("speculative: assumes the checkpoint carries MTP (NextN) modules");
    }
  }
  common(config, "SGLang", out);
  return out;
}

/**
 * The file name `trtllm-serve --extra_llm_api_options` reads in an emitted TensorRT-LLM launch.
 *
 * @example
 * ```ts
 * import { TRTLLM_EXTRA_OPTIONS_FILE } from "@aifactory/workloads";
 * TRTLLM_EXTRA_OPTIONS_FILE; // "extra-llm-api-config.yml"
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export const TRTLLM_EXTRA_OPTIONS_FILE = "extra-llm-api-config.yml";

/**
 * TensorRT-LLM 1.1 `trtllm-serve` arguments (from `tensorrt_llm/commands/serve.py` at 4c05a748) and the
 * `--extra_llm_api_options` YAML (LLM API fields: `enable_attention_dp`, `kv_cache_config`, `cuda_graph_config`,
 * `speculative_config`).
 *
 * @param config - the serving configuration (defaults applied)
 * @param model - model traits
 * @param options - launch options
 * @returns arguments after `trtllm-serve <model>` and the YAML as data
 */
export function trtllmArgs(config: ServingConfig, model: ModelTraits, options: ServingLaunchOptions): EngineArgs {
  const out: EngineArgs = { args: [], files: [], notes: [], unsupported: [] };
  const a = out.args;
  a.push("--host", options.host, "--port", String(options.portNumber), "--backend", "pytorch");
  a.push("--tp_size", String(config.tp), "--pp_size", String(config.pp));
  if (config.ep > 1) a.push("--ep_size", String(config.ep));
  a.push("--max_batch_size", String(config.maxBatchSize), "--max_num_tokens", String(config.maxNumTokens));
  a.push("--max_seq_len", String(config.inputTokens + config.outputTokens));
  a.push("--kv_cache_free_gpu_memory_fraction", String(options.kvCacheFreeMemoryRatio));
  if (options.chunkedPrefill) a.push("--enable_chunked_prefill");
  a.push("--trust_remote_code");
  a.push("--extra_llm_api_options", TRTLLM_EXTRA_OPTIONS_FILE);
  const graphs = options.cudaGraphBatchSizes;
  const yaml: { [key: string]: ConfigValue } = {
    enable_attention_dp: config.attentionDp,
    kv_cache_config: {
      dtype: config.kv === "fp8" ? "fp8" : "auto",
      enable_block_reuse: config.prefixHitRatio > 0,
      free_gpu_memory_fraction: options.kvCacheFreeMemoryRatio,
    },
    cuda_graph_config:
      graphs === undefined
        ? { enable_padding: true, max_batch_size: decodeBatch(config) }
        : { enable_padding: true, batch_sizes: graphs },
  };
  if (config.prefixHitRatio === 0) {
    out.notes.push("kv_cache_config.enable_block_reuse false: the estimate assumed no prefix hits");
  }
  if (config.weights === "bf16") out.notes.push("weights bf16: load a BF16 checkpoint");
  else if (config.weights === "fp8" || config.weights === "fp4") {
    out.notes.push(
      `weights ${config.weights}: load a ModelOpt ${config.weights === "fp8" ? "FP8" : "NVFP4"} checkpoint; TensorRT-LLM reads the quantization from it (no flag)`,
    );
  } else if (config.weights === "int4") {
    out.notes.push("weights int4: load an INT4 AWQ (W4A16) checkpoint; TensorRT-LLM reads the quantization from it");
  }
  weightNote(config, out);
  if (config.mtpAcceptance > 0) {
    if (model.mtpModules === 0) {
      out.unsupported.push(
        "mtpAcceptance: the model has no MTP modules; a draft-target or EAGLE speculative_config needs a draft model the configuration does not name",
      );
    } else {
      yaml.speculative_config = { decoding_type: "MTP", num_nextn_predict_layers: config.mtpDraftTokens };
      if (model.mtpModules === undefined) out.notes.push("speculative: assumes the checkpoint carries MTP modules");
    }
  }
  if (config.microBatchOverlap) {
    out.unsupported.push(
      "microBatchOverlap: no TensorRT-LLM 1.1 switch for two-batch overlap was found in the pinned sources; not emitted",
    );
  }
  if (config.redundantExperts > 0) {
    out.unsupported.push(
      `redundantExperts=${config.redundantExperts}: TensorRT-LLM's MoE load balancer (moe_config.load_balancer) was not checked at the pinned version; not emitted`,
    );
  }
  if (config.ep > 1 && config.attentionDp) {
    out.notes.push(`moeDispatch ${config.moeDispatch}: TensorRT-LLM picks the MoE exchange itself (no flag)`);
  }
  out.files.push({ path: TRTLLM_EXTRA_OPTIONS_FILE, data: yaml });
  common(config, "TensorRT-LLM", out);
  return out;
}

/**
 * The model, its traits and path for an emitter (architecture optional).
 *
 * @param architecture - id, object or undefined
 * @param given - explicit path
 * @param notes - notes sink
 * @returns model traits and path
 */
export function resolveLaunchModel(
  architecture: ArchitectureId | ArchitectureInput | Architecture | undefined,
  given: string | undefined,
  notes: string[],
): { traits: ModelTraits; path: string; architecture: Architecture | undefined } {
  const resolved = architecture === undefined ? undefined : resolveServingArchitecture(architecture);
  return { traits: traits(resolved), path: modelPath(given, resolved, notes), architecture: resolved };
}

/**
 * Engine arguments for one serving configuration, with the command prefix and YAML files written out.
 *
 * @param config - configuration (defaults applied)
 * @param engine - engine
 * @param model - resolved model
 * @param options - options (defaults applied)
 * @returns the launch
 */
export function servingLaunch(
  config: ServingConfig,
  engine: ServingEngine,
  model: { traits: ModelTraits; path: string },
  options: ServingLaunchOptions,
): { prefix: string[]; engineArgs: EngineArgs; files: LaunchFile[] } {
  const engineArgs =
    engine === "vllm"
      ? vllmArgs(config, model.traits, options)
      : engine === "sglang"
        ? sglangArgs(config, model.traits, options)
        : trtllmArgs(config, model.traits, options);
  const prefix =
    engine === "vllm"
      ? ["vllm", "serve", model.path]
      : engine === "sglang"
        ? ["python3", "-m", "sglang.launch_server", "--model-path", model.path]
        : ["trtllm-serve", model.path];
  const files = engineArgs.files.map((file) => ({ path: file.path, content: toYaml(file.data) }));
  return { prefix, engineArgs, files };
}

/**
 * Emits the launch command and configuration files that run a serving configuration on vLLM, SGLang or
 * TensorRT-LLM, naming each setting as that engine does: TP/PP/EP and attention data parallelism, max batch and
 * max tokens, the KV-cache memory share and dtype, the weight quantization, chunked prefill, CUDA-graph batch
 * sizes, MTP speculative decoding, prefix caching, two-batch overlap and redundant experts. Settings the engine
 * cannot express are listed in `unsupported` with the reason. Pure: no files are written.
 *
 * Versions and sources: {@link DEPLOY_ENGINE_VERSIONS} (vLLM 0.11.1, SGLang 0.5.x, TensorRT-LLM 1.1).
 *
 * @param config - the serving configuration (as for `estimateServing`)
 * @param engine - `vllm`, `sglang` or `trtllm`
 * @param options - `architecture` (id or object; gives the weights repository and whether MTP modules exist) and
 *   the {@link servingLaunchOptionsSchema} options
 * @returns the command, files, notes and unsupported settings
 * @throws InvalidInputError for an invalid configuration, engine or option
 * @throws NotFoundError for an unknown architecture id
 * @example
 * ```ts
 * import { emitServingLaunch, shellCommand } from "@aifactory/workloads";
 * const launch = emitServingLaunch({ tp: 8, inputTokens: 1000, outputTokens: 1000, maxThroughput: true }, "vllm", {
 *   architecture: "llama-3.1-70b",
 * });
 * shellCommand(launch.command).startsWith("vllm serve meta-llama/Llama-3.1-70B"); // true
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export function emitServingLaunch(
  config: ServingConfigInput,
  engine: ServingEngine,
  options: ServingLaunchOptionsInput & { architecture?: ArchitectureId | ArchitectureInput | Architecture } = {},
): LaunchConfig {
  const { architecture, ...rest } = options;
  const parsedEngine = parseInput(servingEngineSchema, engine, "serving engine");
  const parsed = parseInput(servingConfigSchema, config, "serving configuration");
  const opts = parseInput(servingLaunchOptionsSchema, rest, "serving launch options");
  const notes: string[] = [];
  const model = resolveLaunchModel(architecture, opts.model, notes);
  const { prefix, engineArgs, files } = servingLaunch(parsed, parsedEngine, model, opts);
  const pinned = DEPLOY_ENGINE_VERSIONS[parsedEngine];
  return {
    engine: parsedEngine,
    version: pinned.version,
    sources: [...pinned.sources],
    command: [...prefix, ...engineArgs.args],
    configFiles: files,
    notes: [...notes, ...engineArgs.notes],
    unsupported: engineArgs.unsupported,
  };
}
