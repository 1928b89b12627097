import { z } from "zod";

/**
 * Engines a serving configuration is emitted for: `vllm` (`vllm serve`), `sglang` (`sglang.launch_server`) and
 * `trtllm` (`trtllm-serve` with an `--extra_llm_api_options` YAML).
 *
 * @example
 * ```ts
 * import { servingEngineSchema } from "@aifactory/workloads";
 * servingEngineSchema.parse("sglang"); // "sglang"
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export const servingEngineSchema = z.enum(["vllm", "sglang", "trtllm"], {
  message: 'must be "vllm", "sglang" or "trtllm"',
});

/**
 * A serving engine. See {@link servingEngineSchema}.
 *
 * @example
 * ```ts
 * import { type ServingEngine } from "@aifactory/workloads";
 * const engine: ServingEngine = "vllm";
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export type ServingEngine = z.infer<typeof servingEngineSchema>;

/**
 * Orchestrators a disaggregated (prefill/decode) deployment is emitted for: `dynamo` (an NVIDIA Dynamo
 * `DynamoGraphDeployment` with vLLM workers).
 *
 * @example
 * ```ts
 * import { disaggregatedEngineSchema } from "@aifactory/workloads";
 * disaggregatedEngineSchema.parse("dynamo"); // "dynamo"
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export const disaggregatedEngineSchema = z.enum(["dynamo"], { message: 'must be "dynamo"' });

/**
 * A disaggregated-deployment orchestrator. See {@link disaggregatedEngineSchema}.
 *
 * @example
 * ```ts
 * import { type DisaggregatedEngine } from "@aifactory/workloads";
 * const engine: DisaggregatedEngine = "dynamo";
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export type DisaggregatedEngine = z.infer<typeof disaggregatedEngineSchema>;

/**
 * Training frameworks a training configuration is emitted for: `megatron` (Megatron-LM `pretrain_gpt.py`
 * arguments) and `torchtitan` (a job TOML).
 *
 * @example
 * ```ts
 * import { trainingEngineSchema } from "@aifactory/workloads";
 * trainingEngineSchema.parse("torchtitan"); // "torchtitan"
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export const trainingEngineSchema = z.enum(["megatron", "torchtitan"], {
  message: 'must be "megatron" or "torchtitan"',
});

/**
 * A training framework. See {@link trainingEngineSchema}.
 *
 * @example
 * ```ts
 * import { type TrainingEngine } from "@aifactory/workloads";
 * const engine: TrainingEngine = "megatron";
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export type TrainingEngine = z.infer<typeof trainingEngineSchema>;

/**
 * One file an emitted configuration needs next to its command (an engine YAML, a job TOML, a manifest).
 *
 * @example
 * ```ts
 * import { type LaunchFile } from "@aifactory/workloads";
 * const file: LaunchFile = { path: "torchtitan.toml", content: "[training]\nseq_len = 8192\n" };
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export interface LaunchFile {
  /** Relative path the command refers to. */
  path: string;
  /** The file's text. */
  content: string;
}

/**
 * What the emitters return: the command to run (one word per element; `shellCommand` joins them), the files it
 * reads, notes on what was assumed, and every setting of the configuration the engine cannot express, each with
 * its reason (nothing is dropped silently).
 *
 * @example
 * ```ts
 * import { type LaunchConfig, shellCommand } from "@aifactory/workloads";
 * const show = (launch: LaunchConfig) => `${launch.engine} ${launch.version}: ${shellCommand(launch.command)}`;
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export interface LaunchConfig {
  engine: ServingEngine | DisaggregatedEngine | TrainingEngine;
  /** The engine version whose flags and value ranges the emitter was checked against. */
  version: string;
  /** Where those flags were read (repository, path, commit). */
  sources: string[];
  /** The command, one word per element. */
  command: string[];
  /** Files the command reads, relative to where it runs. */
  configFiles: LaunchFile[];
  /** Assumptions and how-to notes. */
  notes: string[];
  /** Settings the engine cannot express (or not as modelled), as `field: reason`. */
  unsupported: string[];
}

/**
 * The engine versions the emitters are pinned to, with the files their flag names and value ranges were read
 * from. Each engine's `__fixtures__/<engine>.json` lists the flags extracted there; the tests check every emitted
 * flag against it.
 *
 * @example
 * ```ts
 * import { DEPLOY_ENGINE_VERSIONS } from "@aifactory/workloads";
 * DEPLOY_ENGINE_VERSIONS.vllm.version; // "0.11.1"
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export const DEPLOY_ENGINE_VERSIONS: Readonly<
  Record<ServingEngine | DisaggregatedEngine | TrainingEngine, { version: string; sources: readonly string[] }>
> = Object.freeze({
  vllm: {
    version: "0.11.1",
    sources: [
      // Between v0.11.0 and v0.12.0: deprecated flags say "will be removed in v0.12.0", and --cudagraph-capture-sizes
      // / --max-cudagraph-capture-size (0.11.1) are present.
      "vllm-project/vllm vllm/engine/arg_utils.py @ 99d7eb5d6a512cfcc5a2b104f24ebf2d6cda772b",
      "vllm-project/vllm vllm/config/cache.py (CacheDType, gpu_memory_utilization gt 0 le 1)",
      "vllm-project/vllm vllm/config/speculative.py (MTPModelTypes includes mtp)",
    ],
  },
  sglang: {
    version: "0.5.x",
    sources: [
      "sgl-project/sglang docs/advanced_features/server_arguments.md @ b36e8e198b71553316b55bce53de6ecf9b3a9a47",
    ],
  },
  trtllm: {
    version: "1.1",
    sources: [
      "NVIDIA/TensorRT-LLM tensorrt_llm/commands/serve.py @ 4c05a74891e4df8066f08ed4ce14b0972abe4e25",
      "NVIDIA/TensorRT-LLM tensorrt_llm/llmapi/llm_args.py (MTPDecodingConfig: decoding_type MTP, num_nextn_predict_layers)",
      "TensorRT-LLM 1.0 docs examples/llm_runtime (CudaGraphConfig batch_sizes/enable_padding, KvCacheConfig enable_block_reuse/free_gpu_memory_fraction)",
      "TensorRT-LLM examples/serve/deepseek_r1_reasoning_parser.sh (enable_attention_dp, kv_cache_config.dtype fp8, cuda_graph_config.max_batch_size)",
    ],
  },
  dynamo: {
    version: "0.6.1",
    sources: [
      "ai-dynamo/dynamo components/backends/vllm/deploy/disagg.yaml @ 416ff06e7feabbebb220e56a2e5dfed656ec4bbd",
      "ai-dynamo/dynamo components/backends/vllm/deploy/disagg-multinode.yaml @ 416ff06e7feabbebb220e56a2e5dfed656ec4bbd",
      "ai-dynamo/dynamo components/backends/vllm/src/dynamo/vllm/args.py @ 987bbcb5c83e897e7a4151f0a0a63db67e9e5359",
    ],
  },
  megatron: {
    version: "core 0.15 development line (main)",
    sources: ["NVIDIA/Megatron-LM megatron/training/arguments.py @ 000c4ac24f61159c138b0975def722c65245983c"],
  },
  torchtitan: {
    version: "main, mid-2025",
    sources: [
      "pytorch/torchtitan torchtitan/config/job_config.py @ 6404b932421f5ce382e7dac5ad381b2c17b1373c",
      "pytorch/torchtitan torchtitan/models/llama3/__init__.py @ 8c6bf93e5c5874c1f89c3a8e5a22fa5724ddebe7",
      "pytorch/torchtitan torchtitan/models/deepseek_v3/__init__.py @ 7a639a0cb453790e132598c33862e855ab8c5f7f",
    ],
  },
});
