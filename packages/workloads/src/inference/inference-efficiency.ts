import { ratio } from "@aifactory/core";
import { z } from "zod";

/**
 * HBM bandwidth share used for an accelerator without a public STREAM measurement: 0.8 (STREAM-like kernels reach
 * 74-91% of spec; gpu-stream triad H100 PCIe 91.6%, H200 73.6%), the training model's default too.
 *
 * @example
 * ```ts
 * import { GENERIC_MEMORY_BANDWIDTH_RATIO } from "@aifactory/workloads";
 * GENERIC_MEMORY_BANDWIDTH_RATIO; // 0.8
 * ```
 * @since 0.2.0
 * @category Inference
 */
export const GENERIC_MEMORY_BANDWIDTH_RATIO = 0.8;

/**
 * Achievable fractions of peak and fixed costs of a serving engine, with sourced defaults. One set of defaults
 * serves every model and GPU; a calibration file (from `@aifactory/bench` serving runs) may replace any field.
 *
 * Defaults and their sources:
 * - `matmulRatio` 0.74: mean maximum-achievable FP8 matmul throughput of six NVIDIA data-centre GPUs in
 *   ml-engineering's MAMF table (H100 70.9%, H200 73.4%, GH200 77.6%, B200 76.3%, B300 74.5%, GB200 72.3%).
 * - `attentionRatio` 0.6: forward attention kernels reach 50-73% of A100 peak (FlashAttention-2, Dao 2023
 *   section 4.1) and about 75% of H100 BF16 peak (FlashAttention-3, Shah et al. 2024); paged, variable-length
 *   serving kernels sit at the low end (estimate).
 * - `memoryBandwidthRatio`: unset by default, which means the accelerator's own public STREAM measurement where
 *   one exists ({@link MEASURED_HBM_BANDWIDTH}: gpu-stream triad, H200 73.6%, H100 PCIe 91.6%) and 0.8 otherwise
 *   (STREAM-like kernels reach 74-91% of spec; the training model's default). A number applies to every GPU.
 * - `scaleUpBusBandwidthRatio` / `scaleOutBusBandwidthRatio` 0.8: nccl-tests bus bandwidth over link rate
 *   (8x A100 78%, 8x H200 82%; multi-node 73-96%), as in the training model.
 * - `collectiveLatencySeconds` 1e-5: per-collective latency of small NCCL / custom all-reduce messages
 *   (order of magnitude of nccl-tests small-message times; estimate).
 * - `stepOverheadSeconds` 5e-4: fixed cost of one engine iteration (scheduler, sampling, CUDA-graph launch);
 *   estimate of the order of the per-iteration CPU time that vLLM v0.6 removed by overlapping scheduling
 *   (vLLM blog, 2024-09-05), after such overlap.
 * - `kvCacheMemoryRatio` 0.9: share of the memory left after weights that the engine gives the KV cache
 *   (TensorRT-LLM `kv_cache_free_gpu_mem_fraction` default 0.9; vLLM `gpu_memory_utilization` 0.9).
 * - `rooflineExponent` 2: how an op's memory and compute times combine, ||(t_mem, t_compute)||_p. The sharp
 *   roofline (p = infinity, LLM-Viewer, GenZ) assumes a kernel streams weights at full bandwidth while its
 *   tensor cores run at full rate; near the ridge point real kernels do neither, and the Euclidean norm
 *   (p = 2) charges sqrt(2) x there while matching the max far from it (modelling choice, documented in
 *   docs/serving-methodology.md; set Infinity for the sharp roofline).
 * - `reservedMemoryGiB` 3: CUDA context, NCCL buffers, activation workspace and allocator slack (estimate, the
 *   same 3 GiB the training model reserves).
 * - `expertTileRows` 64: rows of the grouped-GEMM tile that each routed expert's tokens are padded to (vLLM
 *   fused-MoE `get_default_config`: `BLOCK_SIZE_M` 64, or 16 when tokens <= experts; `moe_align_block_size`
 *   pads every expert's group to a multiple of it).
 * - `moeRoutingSkewAlpha` 1.2: routed-expert loads follow a power law p(x) ∝ x^-alpha, so the EP GPU holding the
 *   hottest experts bounds each MoE layer. NVIDIA AIConfigurator's MoE model samples expert loads this way and
 *   estimated alpha by matching measured latency: 1.2 for Qwen3-235B ("typical production"), 1.01 for
 *   DeepSeek-V3/R1 (`collector/trtllm/collect_moe.py` `power_law_logits_v3`, and its power-law methodology
 *   page); 0 is perfectly even routing (then only the binomial spread of uniform routing remains).
 *
 * @example
 * ```ts
 * import { inferenceEfficiencySchema } from "@aifactory/workloads";
 * inferenceEfficiencySchema.parse({}).kvCacheMemoryRatio; // 0.9
 * ```
 * @since 0.1.0
 * @category Inference
 */
export const inferenceEfficiencySchema = z
  .object({
    /** Achieved / peak FLOP/s of the linear layers at the weights' compute precision. */
    matmulRatio: ratio.default(0.74),
    /** Achieved / peak BF16 FLOP/s of the attention score and context products. */
    attentionRatio: ratio.default(0.6),
    /**
     * Achieved / peak HBM bandwidth (weight, KV and activation reads). Unset: the accelerator's measured STREAM
     * share where {@link MEASURED_HBM_BANDWIDTH} has one, else {@link GENERIC_MEMORY_BANDWIDTH_RATIO}.
     */
    memoryBandwidthRatio: ratio.optional(),
    /** Achieved bus bandwidth / per-direction scale-up link rate. */
    scaleUpBusBandwidthRatio: ratio.default(0.8),
    /** Achieved bus bandwidth / per-accelerator scale-out rate. */
    scaleOutBusBandwidthRatio: ratio.default(0.8),
    /** Latency of one collective call, seconds. */
    collectiveLatencySeconds: z.number().finite().nonnegative().default(1e-5),
    /** Fixed cost of one engine iteration, seconds. */
    stepOverheadSeconds: z.number().finite().nonnegative().default(5e-4),
    /** Share of the memory left after weights and the reserve that holds the KV cache. */
    kvCacheMemoryRatio: ratio.default(0.9),
    /** Exponent p of the smooth roofline ||(t_mem, t_compute)||_p (Infinity = sharp max). */
    rooflineExponent: z.number().min(1).default(2),
    /** Memory reserved for the runtime, GiB. */
    reservedMemoryGiB: z.number().finite().nonnegative().default(3),
    /** Rows of the grouped-GEMM tile each routed expert's token group is padded to. */
    expertTileRows: z.number().int().positive().default(64),
    /** Power-law exponent of routed-expert loads (0 = even routing). */
    moeRoutingSkewAlpha: z.number().finite().nonnegative().default(1.2),
  })
  .strict();

/**
 * Serving efficiency factors (defaults applied). See {@link inferenceEfficiencySchema}.
 *
 * @since 0.1.0
 * @category Inference
 */
export type InferenceEfficiency = z.infer<typeof inferenceEfficiencySchema>;

/**
 * Serving efficiency factors as a user or calibration file writes them (every field optional).
 *
 * @since 0.1.0
 * @category Inference
 */
export type InferenceEfficiencyInput = z.input<typeof inferenceEfficiencySchema>;

/**
 * The default serving efficiency factors.
 *
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY } from "@aifactory/workloads";
 * DEFAULT_INFERENCE_EFFICIENCY.matmulRatio; // 0.74
 * ```
 * @since 0.1.0
 * @category Inference
 */
export const DEFAULT_INFERENCE_EFFICIENCY: Readonly<InferenceEfficiency> = Object.freeze(
  inferenceEfficiencySchema.parse({}),
);
