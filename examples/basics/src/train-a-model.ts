// Estimate a pretraining run: step time, MFU, memory per GPU, time to train and goodput.
// Run: pnpm exec tsx --conditions=source examples/basics/src/train-a-model.ts
import { estimateTrainingRun } from "@aifactory/workloads";

export function main() {
  const run = estimateTrainingRun({
    architecture: "llama-3.1-8b",
    accelerator: "nvidia-h100-sxm",
    config: {
      acceleratorCount: 64,
      tp: 2,
      pp: 1,
      zeroStage: 1,
      globalBatch: 512,
      sequenceTokens: 8192,
      recompute: "selective",
    },
    tokens: 1e12,
  });
  return {
    stepTimeSeconds: run.stepTimeSeconds,
    mfuRatio: run.mfuRatio,
    memoryFits: run.memory.fits,
    timeToTrainDays: run.timeToTrainDays,
    gpuHours: run.gpuHours,
    goodputRatio: run.goodputRatio,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(main());
