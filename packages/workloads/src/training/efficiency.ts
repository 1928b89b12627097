import { finitePositive, ratio } from "@aifactory/core";
import { z } from "zod";
import { DEFAULT_MAMF_RATIO, MAMF_RATIOS } from "../data/matmul-efficiency";

/**
 * Achievable fractions of peak that turn peak figures into time, with sourced defaults. A calibration file
 * (written by `@aifactory/bench` from real measurements) can replace any of them.
 *
 * Defaults and their sources:
 * - `matmulRatio` (no fixed default): the accelerator's published maximum achievable matmul FLOPS ratio for
 *   the GEMM precision (ml-engineering's MAMF table: A100 86.9%, H100 80.3% BF16 / 70.9% FP8, MI300X 51.4%, ...;
 *   the NVIDIA mean 81.4% for parts without a measurement) times `matmulShapeRatio`.
 * - `matmulShapeRatio` 0.92: MAMF is the best shape of a sweep; the GEMMs of a transformer layer (their shapes,
 *   fused epilogues, L2 state after other kernels) run at a fraction of it. This single global factor is the one
 *   constant fitted on the calibration set (A100: 0.869 x 0.92 = 0.80), never per row.
 * - `attentionRatio` 0.55: FlashAttention-2 reaches 50-73% of A100 peak forward and lower backward (Dao 2023,
 *   section 4.1), FlashAttention-3 about 75% forward on H100 (Shah et al. 2024); 0.55 is the middle of the
 *   forward+backward range.
 * - `memoryBandwidthRatio` 0.80: STREAM-like HBM kernels reach 74-90% of spec (gpu-stream triad on H100 PCIe
 *   91%, H200 74%; reference collectives-and-bench.json).
 * - `scaleUpBusBandwidthRatio` 0.80: nccl-tests all-reduce busbw over the per-direction NVLink rate, ring
 *   algorithm: 8x A100 234.9/300 = 78%, 8x H200 367/450 = 82%.
 * - `scaleOutBusBandwidthRatio` 0.80: per-accelerator wire rate of multi-node all-reduce: 73-74% of 400G EFA
 *   (4x8 B200), 92-96% of NDR InfiniBand per NIC (46-48 of 50 GB/s); 0.80 sits between.
 * - `overlapSlowdownRatio` 0.15: overlapped NCCL kernels take one thread block per channel (typically 16-24
 *   channels on 8-GPU NVLink systems, of 108-132 SMs) plus HBM bandwidth from the compute they overlap:
 *   every second of hidden communication slows that compute by ~0.15 s (estimate from those shares).
 * - `kernelOverheadSeconds` 5e-6: the order of a CUDA kernel launch plus its tail without CUDA graphs
 *   (estimate; it matters for small layers only).
 * - `scaleUpStepLatencySeconds` 5e-6 and `scaleOutStepLatencySeconds` 1e-5: per-step latencies of NCCL's ring
 *   (order of magnitude of nccl-tests small-message times; estimate).
 * - `moeRoutingSkewAlpha` 0: extra skew of learned routing, as the power-law exponent of the serving model
 *   (AIConfigurator's `power_law_logits_v3`; 1.2 is its "typical production" inference setting). Training with a
 *   load-balancing loss or DeepSeek's bias balancing keeps expert loads near even over a batch, so the default
 *   leaves only the random fluctuation of routing (a binomial maximum over the EP ranks) on the busiest rank;
 *   Megatron-Core measured forced-balance vs dropless gaps of 4-5% (Mixtral 8x22B) to 13-20% (Qwen3-235B at
 *   16k-64k tokens), so raise it for a router you know is uneven.
 *
 * @example
 * ```ts
 * import { trainingEfficiencySchema } from "@aifactory/workloads";
 * trainingEfficiencySchema.parse({}).matmulShapeRatio; // 0.92
 * ```
 * @since 0.1.0
 * @category Training
 */
export const trainingEfficiencySchema = z
  .object({
    /** Achieved / peak FLOP/s of the linear layers (GEMMs); default MAMF(accelerator, precision) x matmulShapeRatio. */
    matmulRatio: ratio.optional(),
    /** Share of the best-shape MAMF that transformer GEMMs reach. */
    matmulShapeRatio: ratio.default(0.92),
    /** Achieved / peak FLOP/s of the attention score and context products. */
    attentionRatio: ratio.default(0.55),
    /** Achieved / peak HBM bandwidth of memory-bound kernels (norms, activations, softmax, optimizer). */
    memoryBandwidthRatio: ratio.default(0.8),
    /** Achieved bus bandwidth / per-direction scale-up link rate. */
    scaleUpBusBandwidthRatio: ratio.default(0.8),
    /** Achieved bus bandwidth / per-accelerator scale-out rate. */
    scaleOutBusBandwidthRatio: ratio.default(0.8),
    /** Compute slowdown per second of communication overlapped with it (SMs and HBM taken by NCCL). */
    overlapSlowdownRatio: ratio.default(0.15),
    /** Fixed cost of one GPU kernel (launch and tail, no CUDA graphs), seconds. */
    kernelOverheadSeconds: z.number().finite().nonnegative().default(5e-6),
    /** Latency per collective algorithm step inside a scale-up domain, seconds. */
    scaleUpStepLatencySeconds: finitePositive.default(5e-6),
    /** Latency per collective algorithm step across domains, seconds. */
    scaleOutStepLatencySeconds: finitePositive.default(1e-5),
    /** Power-law skew of learned MoE routing (0 = only the random fluctuation). */
    moeRoutingSkewAlpha: z.number().finite().nonnegative().default(0),
  })
  .strict();

/**
 * Efficiency factors (defaults applied). See {@link trainingEfficiencySchema}.
 *
 * @example
 * ```ts
 * import { type TrainingEfficiency, trainingEfficiencySchema } from "@aifactory/workloads";
 * const efficiency: TrainingEfficiency = trainingEfficiencySchema.parse({ attentionRatio: 0.6 });
 * ```
 * @since 0.1.0
 * @category Training
 */
export type TrainingEfficiency = z.infer<typeof trainingEfficiencySchema>;

/**
 * Efficiency factors as a user or calibration file writes them (every field optional).
 *
 * @example
 * ```ts
 * import { type TrainingEfficiencyInput } from "@aifactory/workloads";
 * const calibration: TrainingEfficiencyInput = { matmulRatio: 0.72, scaleOutBusBandwidthRatio: 0.7 };
 * ```
 * @since 0.1.0
 * @category Training
 */
export type TrainingEfficiencyInput = z.input<typeof trainingEfficiencySchema>;

/**
 * The default efficiency factors.
 *
 * @example
 * ```ts
 * import { DEFAULT_TRAINING_EFFICIENCY } from "@aifactory/workloads";
 * DEFAULT_TRAINING_EFFICIENCY.scaleUpBusBandwidthRatio; // 0.8
 * ```
 * @since 0.1.0
 * @category Training
 */
export const DEFAULT_TRAINING_EFFICIENCY: Readonly<TrainingEfficiency> = Object.freeze(
  trainingEfficiencySchema.parse({}),
);

/**
 * The achievable GEMM fraction of peak for an accelerator and precision: the explicit `matmulRatio` when given,
 * else the accelerator's MAMF ratio (FP8 where measured, else BF16; the NVIDIA mean for unknown parts) x
 * `matmulShapeRatio`.
 *
 * @param acceleratorId - accelerator id (catalog ids have MAMF measurements)
 * @param fp8 - whether GEMMs run in FP8
 * @param efficiency - efficiency factors
 * @returns a ratio in (0, 1]
 * @example
 * ```ts
 * import { DEFAULT_TRAINING_EFFICIENCY, matmulEfficiencyRatio } from "@aifactory/workloads";
 * matmulEfficiencyRatio("nvidia-a100-sxm-80gb", false, DEFAULT_TRAINING_EFFICIENCY); // 0.869 x 0.92 = 0.80
 * ```
 * @since 0.1.0
 * @category Training
 */
export function matmulEfficiencyRatio(acceleratorId: string, fp8: boolean, efficiency: TrainingEfficiency): number {
  if (efficiency.matmulRatio !== undefined) return efficiency.matmulRatio;
  const mamf = MAMF_RATIOS[acceleratorId];
  const ratioOfPeak = mamf === undefined ? DEFAULT_MAMF_RATIO : fp8 ? (mamf.fp8 ?? mamf.bf16) : mamf.bf16;
  return ratioOfPeak * efficiency.matmulShapeRatio;
}
