import { TRAINING_CALIBRATION_ROWS, CALIBRATION_A100, estimateTrainingStep } from "./src/index";
for (const id of ["narayanan2021-t1-7.5b", "narayanan2021-t1-18.4b", "narayanan2021-t1-310.1b"]) {
const row: any = TRAINING_CALIBRATION_ROWS.find((r: any) => r.id === id);
const run = (kernels: any) => estimateTrainingStep({ kernels, architecture: { id: "c", name: "c", layers: row.model.layers, hiddenSize: row.model.hiddenSize, attentionHeads: row.model.attentionHeads, kvHeads: row.model.attentionHeads, ffnHiddenSize: row.model.ffnHiddenSize, vocabSize: 51200, ffnActivation: "gelu", tiedEmbeddings: true, normalization: "layernorm", linearBias: true, positionEmbedding: "learned", maxSequenceLength: row.sequenceLength } as any, accelerator: CALIBRATION_A100, config: { gpus: row.gpus, tp: row.tp, pp: row.pp, vpp: row.vpp, dp: row.dp, zeroStage: 0, sequenceParallel: row.sequenceParallel, microBatch: row.microBatch, globalBatch: row.globalBatch, sequenceLength: row.sequenceLength, recompute: row.recompute, precision: "bf16", flashAttention: false, overlap: { dataParallel: false, tensorParallel: false, contextParallel: false, expertParallel: false, pipeline: false } } });
const a = run("builtin"), b = run("none");
console.log(id, row.publishedStepSeconds ?? row.published, a.stepTimeSeconds.toFixed(2), b.stepTimeSeconds.toFixed(2), JSON.stringify(a.kernelSources));
for (const k of Object.keys(a.breakdown)) { const x = (a.breakdown as any)[k], y = (b.breakdown as any)[k]; console.log("   ", k, x.toFixed(3), y.toFixed(3)); }
}
