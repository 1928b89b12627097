import type { Source } from "@aifactory/core";

/**
 * One published MoE training measurement (Megatron-Core on H100 and GB200), with the configuration the source
 * states. The compared figure is tokens per second per GPU: the sources publish Megatron-Core model TFLOP/s
 * (3 x forward GEMM FLOPs, causal attention halved, recompute and router not counted); the reference file
 * converts them to tokens with that same formula, so the comparison does not depend on a FLOPs convention.
 *
 * @example
 * ```ts
 * import { MOE_TRAINING_CALIBRATION_ROWS } from "@aifactory/workloads";
 * MOE_TRAINING_CALIBRATION_ROWS.length > 0; // true
 * ```
 * @since 0.4.0
 * @category Validation
 */
export interface MoeTrainingCalibrationRow {
  id: string;
  architectureId: string;
  acceleratorId: string;
  acceleratorCount: number;
  tp: number;
  pp: number;
  vpp: number;
  ep: number;
  /** Expert tensor parallelism (parallel folding). */
  etp: number;
  cp: number;
  microBatch: number;
  globalBatch: number;
  sequenceTokens: number;
  precision: "bf16" | "fp8";
  recompute: "none" | "selective" | "full";
  /** Published tokens/s per GPU (derived from the published TFLOP/s by the source's own FLOPs formula). */
  publishedTokensPerSecondPerGpu: number;
  /** Routing of the benchmark: forced uniform (`--moe-router-force-load-balancing`) or learned (dropless). */
  routing: "forced-balanced" | "learned";
  /** Megatron-Core token dispatcher: `alltoall` (NCCL) or the flex dispatcher with DeepEP/HybridEP (`deepep`). */
  dispatcher: "alltoall" | "deepep";
  /** Selective-recompute modules (`--recompute-modules`), when recompute is selective. */
  recomputeModules?: ("core_attn" | "layernorm" | "moe_act" | "mla_up_proj" | "mlp" | "shared_experts" | "moe")[];
  /** EP communication overlapped by the combined 1F1B schedule (`--overlap-moe-expert-parallel-comm`). */
  a2aOverlap: boolean;
  /** Adam moments in BF16 (precision-aware optimizer). */
  bf16OptimizerMoments: boolean;
  /** What the row needs that the model cannot express yet; such rows are reported but not in the error median. */
  notExpressible?: string;
  sources: Source[];
}

const MODEL_ZOO_QWEN3: Source = {
  title: "Megatron-MoE-ModelZoo best_practice/qwen3/readme.md (NVIDIA Megatron-Core MoE team)",
  url: "https://github.com/yanring/Megatron-MoE-ModelZoo/blob/e8650517d60d71ab73fc6b3b0388cac4ba435181/best_practice/qwen3/readme.md",
  evidence: "verified",
};
const MODEL_ZOO_QWEN3_H100: Source = {
  title: "Megatron-MoE-ModelZoo examples/qwen3/readme.md, Performance Results (H100)",
  url: "https://github.com/yanring/Megatron-MoE-ModelZoo/blob/8017e1120f5d35ee57cb68507ec993f7cd9bdd8f/examples/qwen3/readme.md",
  evidence: "verified",
};
const DSV3_GB200: Source = {
  title: "Optimizing DeepSeek-V3 Training Performance on NVIDIA GB200 NVL72 (NVIDIA/Megatron-LM docs/discussions)",
  url: "https://github.com/NVIDIA/Megatron-LM/blob/eb0783b6d35607ef1953eaca60b37b886b1a25d0/docs/discussions/deepseek-v3-gb200-optimization/deepseek-v3-gb200-optimization.md",
  evidence: "verified",
};
const MIXTRAL_SCRIPT: Source = {
  title: "Megatron-MoE-ModelZoo best_practice/mixtral/run_mixtral_8x22B.sh ('should be around 445TFLOPS for H100')",
  url: "https://github.com/yanring/Megatron-MoE-ModelZoo/blob/e8650517d60d71ab73fc6b3b0388cac4ba435181/best_practice/mixtral/run_mixtral_8x22B.sh",
  evidence: "verified",
};

/**
 * The Megatron-Core MoE rows of the reference `training-runs-moe.json` (the MaxText TPU rows use FSDP with token
 * dropping and are not listed here).
 *
 * @example
 * ```ts
 * import { MOE_TRAINING_CALIBRATION_ROWS } from "@aifactory/workloads";
 * MOE_TRAINING_CALIBRATION_ROWS.find((r) => r.id.startsWith("mcore-dsv3"))?.acceleratorId; // "nvidia-gb200"
 * ```
 * @since 0.4.0
 * @category Validation
 */
export const MOE_TRAINING_CALIBRATION_ROWS: readonly MoeTrainingCalibrationRow[] = Object.freeze([
  {
    id: "mcore-dsv3-671b-gb200x256-mxfp8-tuned",
    architectureId: "deepseek-v3",
    acceleratorId: "nvidia-gb200",
    acceleratorCount: 256,
    tp: 1,
    pp: 8,
    vpp: 4,
    ep: 32,
    etp: 1,
    cp: 1,
    microBatch: 1,
    globalBatch: 2048,
    sequenceTokens: 4096,
    precision: "fp8",
    recompute: "selective",
    publishedTokensPerSecondPerGpu: 3883,
    routing: "forced-balanced",
    dispatcher: "deepep",
    recomputeModules: ["moe_act", "mlp"],
    a2aOverlap: false,
    bf16OptimizerMoments: true,
    sources: [DSV3_GB200],
  },
  {
    id: "mcore-dsv3-671b-gb200x256-mxfp8-baseline",
    architectureId: "deepseek-v3",
    acceleratorId: "nvidia-gb200",
    acceleratorCount: 256,
    tp: 1,
    pp: 8,
    vpp: 4,
    ep: 32,
    etp: 1,
    cp: 1,
    microBatch: 1,
    globalBatch: 2048,
    sequenceTokens: 4096,
    precision: "fp8",
    recompute: "selective",
    publishedTokensPerSecondPerGpu: 1979,
    routing: "forced-balanced",
    dispatcher: "alltoall",
    recomputeModules: ["mlp", "mla_up_proj"],
    a2aOverlap: false,
    bf16OptimizerMoments: true,
    notExpressible:
      "the same layout as the tuned run before its software optimisations (kernel fusions, CUDA graphs, CPU-side launch work): the dispatcher and recompute choice are modelled, launch-bound software maturity is not",
    sources: [DSV3_GB200],
  },
  {
    id: "mzoo-qwen3-235b-h100x256-bf16-tp2-ep32-pp8",
    architectureId: "qwen3-235b-a22b",
    acceleratorId: "nvidia-h100-sxm",
    acceleratorCount: 256,
    tp: 2,
    pp: 8,
    vpp: 4,
    ep: 32,
    etp: 1,
    cp: 1,
    microBatch: 1,
    globalBatch: 2048,
    sequenceTokens: 4096,
    precision: "bf16",
    recompute: "selective",
    publishedTokensPerSecondPerGpu: 1663,
    routing: "forced-balanced",
    dispatcher: "deepep",
    recomputeModules: ["layernorm", "moe_act"],
    a2aOverlap: false,
    bf16OptimizerMoments: false,
    sources: [MODEL_ZOO_QWEN3_H100],
  },
  {
    id: "mzoo-qwen3-235b-h100x256-bf16-tp2-ep32-pp8-1f1b-a2a-overlap",
    architectureId: "qwen3-235b-a22b",
    acceleratorId: "nvidia-h100-sxm",
    acceleratorCount: 256,
    tp: 2,
    pp: 8,
    vpp: 4,
    ep: 32,
    etp: 1,
    cp: 1,
    microBatch: 1,
    globalBatch: 2048,
    sequenceTokens: 4096,
    precision: "bf16",
    recompute: "selective",
    publishedTokensPerSecondPerGpu: 1862,
    routing: "forced-balanced",
    dispatcher: "deepep",
    recomputeModules: ["layernorm", "moe_act"],
    a2aOverlap: true,
    bf16OptimizerMoments: false,
    sources: [MODEL_ZOO_QWEN3_H100],
  },
  {
    id: "mzoo-qwen3-235b-h100x256-bf16-tp4-ep8-pp8-norecompute",
    architectureId: "qwen3-235b-a22b",
    acceleratorId: "nvidia-h100-sxm",
    acceleratorCount: 256,
    tp: 4,
    pp: 8,
    vpp: 4,
    ep: 8,
    etp: 1,
    cp: 1,
    microBatch: 1,
    globalBatch: 2048,
    sequenceTokens: 4096,
    precision: "bf16",
    recompute: "none",
    publishedTokensPerSecondPerGpu: 1130,
    routing: "forced-balanced",
    dispatcher: "deepep",
    a2aOverlap: false,
    bf16OptimizerMoments: false,
    sources: [MODEL_ZOO_QWEN3_H100],
  },
  {
    id: "mzoo-qwen3-235b-h100x256-bf16-128k-cp8",
    architectureId: "qwen3-235b-a22b",
    acceleratorId: "nvidia-h100-sxm",
    acceleratorCount: 256,
    tp: 4,
    pp: 8,
    vpp: 4,
    ep: 8,
    etp: 1,
    cp: 8,
    microBatch: 1,
    globalBatch: 256,
    sequenceTokens: 131072,
    precision: "bf16",
    recompute: "selective",
    publishedTokensPerSecondPerGpu: 529,
    routing: "forced-balanced",
    dispatcher: "deepep",
    recomputeModules: ["layernorm", "moe"],
    a2aOverlap: false,
    bf16OptimizerMoments: false,
    sources: [MODEL_ZOO_QWEN3],
  },
  {
    id: "mzoo-qwen3-235b-gb200x256-mxfp8-ep64",
    architectureId: "qwen3-235b-a22b",
    acceleratorId: "nvidia-gb200",
    acceleratorCount: 256,
    tp: 1,
    pp: 4,
    vpp: 6,
    ep: 64,
    etp: 1,
    cp: 1,
    microBatch: 3,
    globalBatch: 3072,
    sequenceTokens: 4096,
    precision: "fp8",
    recompute: "selective",
    publishedTokensPerSecondPerGpu: 6208,
    routing: "forced-balanced",
    dispatcher: "deepep",
    recomputeModules: ["layernorm", "moe_act"],
    a2aOverlap: true,
    bf16OptimizerMoments: true,
    notExpressible: "offloads expert activations to host memory, which the memory model cannot express",
    sources: [MODEL_ZOO_QWEN3],
  },
  {
    id: "mzoo-qwen3-235b-gb200x256-bf16-ep8-pp8",
    architectureId: "qwen3-235b-a22b",
    acceleratorId: "nvidia-gb200",
    acceleratorCount: 256,
    tp: 1,
    pp: 8,
    vpp: 1,
    ep: 8,
    etp: 1,
    cp: 1,
    microBatch: 1,
    globalBatch: 8192,
    sequenceTokens: 4096,
    precision: "bf16",
    recompute: "none",
    publishedTokensPerSecondPerGpu: 5066,
    routing: "forced-balanced",
    dispatcher: "deepep",
    a2aOverlap: false,
    bf16OptimizerMoments: false,
    sources: [MODEL_ZOO_QWEN3],
  },
  {
    id: "mzoo-mixtral-8x22b-h100x128-bf16-dropless",
    architectureId: "mixtral-8x22b",
    acceleratorId: "nvidia-h100-sxm",
    acceleratorCount: 128,
    tp: 2,
    pp: 8,
    vpp: 7,
    ep: 8,
    etp: 1,
    cp: 1,
    microBatch: 1,
    globalBatch: 256,
    sequenceTokens: 4096,
    precision: "bf16",
    recompute: "none",
    publishedTokensPerSecondPerGpu: 1837,
    routing: "learned",
    dispatcher: "alltoall",
    a2aOverlap: false,
    bf16OptimizerMoments: false,
    sources: [MIXTRAL_SCRIPT],
  },
]);
