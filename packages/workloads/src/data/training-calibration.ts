import type { Source } from "@aifactory/core";

/**
 * One published training measurement the step model is validated against.
 *
 * @example
 * ```ts
 * import { TRAINING_CALIBRATION_ROWS, type TrainingCalibrationRow } from "@aifactory/workloads";
 * const row: TrainingCalibrationRow | undefined = TRAINING_CALIBRATION_ROWS[0];
 * ```
 * @since 0.1.0
 * @category Validation
 */
export interface TrainingCalibrationRow {
  id: string;
  /** Model shape (Megatron GPT: GELU, LayerNorm, biases, learned positions, tied embeddings, vocab 51,200). */
  model: { name: string; layers: number; hiddenSize: number; attentionHeads: number; ffnHiddenSize: number };
  acceleratorCount: number;
  tp: number;
  pp: number;
  vpp: number;
  dp: number;
  microBatch: number;
  globalBatch: number;
  sequenceTokens: number;
  recompute: "full" | "selective";
  sequenceParallel: boolean;
  /** Published seconds per iteration (measured, or derived from the published TFLOP/s by the paper's formula). */
  publishedStepSeconds: number;
  /** How publishedStepSeconds was obtained. */
  publishedAs: "measured" | "derived-from-tflops";
  /** What the row assumes beyond the paper's table. */
  notes: string[];
  sources: Source[];
}

const NARAYANAN: Source = {
  title:
    "Narayanan et al. 2021, Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM (SC'21)",
  url: "https://arxiv.org/abs/2104.04473",
  locator:
    "Table 1 (weak scaling, A100 80GB, Selene); iteration time = 96 B s l h^2 (1 + s/6h + V/16lh) / (TFLOP/s x GPUs)",
  evidence: "derived",
};
const KORTHIKANTI: Source = {
  title: "Korthikanti et al. 2022, Reducing Activation Recomputation in Large Transformer Models",
  url: "https://arxiv.org/abs/2205.05198",
  locator: "Table 5 (iteration time); Table 3 (configurations)",
  evidence: "verified",
};
const CALCULON: Source = {
  title: "Calculon validation configs (micro-batch and interleaving of the Korthikanti runs)",
  url: "https://github.com/calculon-ai/calculon/blob/caa4b11f8fe1fee3ba57adaacb7590d7deabd053/calculon/llm/validation.py",
  evidence: "secondary",
};

function narayanan(
  paramsB: number,
  hiddenSize: number,
  layers: number,
  attentionHeads: number,
  tp: number,
  pp: number,
  dp: number,
  globalBatch: number,
  tflopsPerGpu: number,
): TrainingCalibrationRow {
  const s = 2048;
  const vocab = 51200;
  const flops =
    96 * globalBatch * s * layers * hiddenSize ** 2 * (1 + s / (6 * hiddenSize) + vocab / (16 * layers * hiddenSize));
  const gpus = tp * pp * dp;
  return {
    id: `narayanan2021-t1-${paramsB}b`,
    model: { name: `GPT ${paramsB}B`, layers, hiddenSize, attentionHeads, ffnHiddenSize: 4 * hiddenSize },
    acceleratorCount: gpus,
    tp,
    pp,
    vpp: 1,
    dp,
    microBatch: 1,
    globalBatch,
    sequenceTokens: s,
    recompute: "full",
    sequenceParallel: false,
    publishedStepSeconds: flops / (tflopsPerGpu * 1e12 * gpus),
    publishedAs: "derived-from-tflops",
    notes: [
      `published ${tflopsPerGpu} TFLOP/s per GPU (includes the recomputed forward pass)`,
      "micro-batch 1 and no interleaving assumed (not in the table)",
    ],
    sources: [NARAYANAN],
  };
}

function korthikanti(
  name: string,
  hiddenSize: number,
  layers: number,
  attentionHeads: number,
  tp: number,
  pp: number,
  vpp: number,
  microBatch: number,
  globalBatch: number,
  fullSeconds: number,
  selectiveSeconds: number,
): TrainingCalibrationRow[] {
  const base = {
    model: { name, layers, hiddenSize, attentionHeads, ffnHiddenSize: 4 * hiddenSize },
    acceleratorCount: tp * pp,
    tp,
    pp,
    vpp,
    dp: 1,
    microBatch,
    globalBatch,
    sequenceTokens: 2048,
    publishedAs: "measured" as const,
    notes: ["data-parallel size 1 (Megatron-LM README, 2022-05)"],
    sources: [KORTHIKANTI, CALCULON],
  };
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/-+$/, "");
  return [
    {
      ...base,
      id: `korthikanti2022-t5-${slug}-full`,
      recompute: "full",
      sequenceParallel: false,
      publishedStepSeconds: fullSeconds,
    },
    {
      ...base,
      id: `korthikanti2022-t5-${slug}-selective-sp`,
      recompute: "selective",
      sequenceParallel: true,
      publishedStepSeconds: selectiveSeconds,
    },
  ];
}

/**
 * The calibration set: Narayanan et al. 2021 Table 1 (10 runs) and Korthikanti et al. 2022 Table 5 (4 models
 * x full / selective recomputation), all on A100 80GB (Selene: DGX A100, NVLink 3 inside the node, 8 x HDR 200
 * Gb/s InfiniBand per node), fp16/bf16 mixed precision, sequence 2048, vocabulary 51,200. These runs used
 * Megatron-LM of 2021-2022: unfused (non-flash) attention, no overlap of data-parallel or pipeline
 * communication, no distributed optimizer.
 *
 * @example
 * ```ts
 * import { TRAINING_CALIBRATION_ROWS } from "@aifactory/workloads";
 * TRAINING_CALIBRATION_ROWS.length; // 18
 * ```
 * @since 0.1.0
 * @category Validation
 */
export const TRAINING_CALIBRATION_ROWS: readonly TrainingCalibrationRow[] = [
  narayanan(1.7, 2304, 24, 24, 1, 1, 32, 512, 137),
  narayanan(3.6, 3072, 30, 32, 2, 1, 32, 512, 138),
  narayanan(7.5, 4096, 36, 32, 4, 1, 32, 512, 142),
  narayanan(18.4, 6144, 40, 48, 8, 1, 32, 1024, 135),
  narayanan(39.1, 8192, 48, 64, 8, 2, 32, 1536, 138),
  narayanan(76.1, 10240, 60, 80, 8, 4, 32, 1792, 140),
  narayanan(145.6, 12288, 80, 96, 8, 8, 24, 2304, 148),
  narayanan(310.1, 16384, 96, 128, 8, 16, 15, 2160, 155),
  narayanan(529.6, 20480, 105, 128, 8, 35, 9, 2520, 163),
  narayanan(1008, 25600, 128, 160, 8, 64, 6, 3072, 163),
  ...korthikanti("22B", 6144, 48, 64, 8, 1, 1, 4, 4, 1.42, 1.1),
  ...korthikanti("GPT-3 175B", 12288, 96, 96, 8, 8, 3, 1, 64, 18.13, 13.75),
  ...korthikanti("MT-NLG 530B", 20480, 105, 128, 8, 35, 3, 1, 280, 49.05, 37.83),
  ...korthikanti("1T", 25600, 128, 160, 8, 64, 1, 1, 512, 94.42, 71.49),
];
