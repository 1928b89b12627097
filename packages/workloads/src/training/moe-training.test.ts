import { InvalidInputError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import type { TrainingConfigInput } from "./training-config";
import { estimateTrainingStep } from "./training-step";

// Qwen3-235B-A22B on 256 H100, TP2 PP8 VPP4 EP32 (Megatron-MoE-ModelZoo): the EP group spans 4 nodes.
const qwen = (config: Partial<TrainingConfigInput> = {}, efficiency = {}) =>
  estimateTrainingStep({
    architecture: "qwen3-235b-a22b",
    accelerator: "nvidia-h100-sxm",
    efficiency,
    config: {
      acceleratorCount: 256,
      tp: 2,
      pp: 8,
      vpp: 4,
      ep: 32,
      etp: 1,
      globalBatch: 2048,
      sequenceTokens: 4096,
      ...config,
    },
  });

// DeepSeek-V3 as its report trained it: 2,048 H800, PP16 with DualPipe, EP64 over 8 nodes, ZeRO-1 data
// parallelism, FP8 with BF16 Adam moments, RMSNorm / MLA up-projection / SwiGLU-output recompute, SwiGLU inputs
// cached in FP8, node-limited routing to at most 4 nodes, one MTP module.
const deepseek = (config: Partial<TrainingConfigInput> = {}) =>
  estimateTrainingStep({
    architecture: "deepseek-v3",
    accelerator: "nvidia-h800-sxm",
    config: {
      acceleratorCount: 2048,
      pp: 16,
      ep: 64,
      globalBatch: 15360,
      sequenceTokens: 4096,
      precision: "fp8",
      pipelineSchedule: "dualpipe",
      mtpLayers: 1,
      recomputeModules: ["layernorm", "mla_up_proj", "moe_act"],
      optimizerMoments: "bf16",
      fp8PrimaryWeights: true,
      fp8ActivationCache: "gemm-and-swiglu-inputs",
      moe: { dispatcher: "deepep", maxNodesPerToken: 4 },
      ...config,
    },
  });

describe("MoE token dispatch", () => {
  it("DeepEP sends a token once per destination node: less exposed EP time than NCCL all-to-all across nodes", () => {
    const nccl = qwen({ moe: { dispatcher: "alltoall" } }).breakdown.expertParallelExposedSeconds;
    const deepep = qwen({ moe: { dispatcher: "deepep" } }).breakdown.expertParallelExposedSeconds;
    expect(deepep).toBeLessThan(0.7 * nccl);
  });

  it("node-limited routing lowers the scale-out copies of the DeepEP dispatcher, not of NCCL all-to-all", () => {
    const free = qwen({ moe: { dispatcher: "deepep" } }).breakdown.expertParallelExposedSeconds;
    const limited = qwen({ moe: { dispatcher: "deepep", maxNodesPerToken: 2 } }).breakdown.expertParallelExposedSeconds;
    expect(limited).toBeLessThan(free);
    const ncclFree = qwen({ moe: { dispatcher: "alltoall" } }).breakdown.expertParallelExposedSeconds;
    const ncclLimited = qwen({ moe: { dispatcher: "alltoall", maxNodesPerToken: 2 } }).breakdown
      .expertParallelExposedSeconds;
    expect(ncclLimited).toBe(ncclFree);
  });

  it("the all-gather dispatcher moves the whole EP group's tokens whatever the routing; all-to-all follows the load", () => {
    const skewed = { moeRoutingSkewAlpha: 1.2 };
    const gather = qwen({ moe: { dispatcher: "allgather" } });
    const gatherSkewed = qwen({ moe: { dispatcher: "allgather" } }, skewed);
    expect(gatherSkewed.breakdown.expertParallelExposedSeconds).toBeCloseTo(
      gather.breakdown.expertParallelExposedSeconds,
      9,
    );
    const a2a = qwen({ moe: { dispatcher: "alltoall" } });
    const a2aSkewed = qwen({ moe: { dispatcher: "alltoall" } }, skewed);
    expect(a2aSkewed.breakdown.expertParallelExposedSeconds).toBeGreaterThan(
      a2a.breakdown.expertParallelExposedSeconds,
    );
    // EP32, top-8: every rank holds 32 / 8 = 4 x the bytes of its own token copies.
    expect(gather.memory.moeBuffersBytes).toBeGreaterThan(a2a.memory.moeBuffersBytes);
  });

  it("reports the dispatch buffers inside the memory buffers", () => {
    const r = qwen({ moe: { dispatcher: "deepep" } });
    expect(r.memory.moeBuffersBytes).toBeGreaterThan(0);
    expect(r.memory.buffersBytes).toBeGreaterThan(r.memory.moeBuffersBytes);
  });
});

describe("EP overlap and pipeline schedules", () => {
  it("the combined 1F1B overlap hides part of the dispatch, never all of it, and slows the compute it hides behind", () => {
    const plain = qwen({ moe: { dispatcher: "deepep" } });
    const overlapped = qwen({ moe: { dispatcher: "deepep" }, overlap: { expertParallel: true } });
    expect(overlapped.stepTimeSeconds).toBeLessThan(plain.stepTimeSeconds);
    expect(overlapped.breakdown.expertParallelExposedSeconds).toBeGreaterThan(0);
    expect(overlapped.breakdown.overlapInterferenceSeconds).toBeGreaterThan(plain.breakdown.overlapInterferenceSeconds);
  });

  it("DualPipe: smaller bubble than 1F1B, two stages' parameters per rank, EP overlapped", () => {
    const dual = deepseek();
    const oneF = deepseek({ pipelineSchedule: "1f1b" });
    expect(dual.breakdown.pipelineBubbleSeconds).toBeLessThan(oneF.breakdown.pipelineBubbleSeconds);
    expect(dual.memory.gradientsBytes).toBeGreaterThan(1.8 * oneF.memory.gradientsBytes);
    expect(dual.breakdown.expertParallelExposedSeconds).toBeLessThan(oneF.breakdown.expertParallelExposedSeconds);
  });

  it("rejects schedules that cannot run: DualPipe with an odd pp, interleaving without virtual stages", () => {
    expect(() => deepseek({ pp: 1, ep: 64 })).toThrow(InvalidInputError);
    expect(() => qwen({ vpp: 1, pipelineSchedule: "interleaved" })).toThrow(/interleaved 1F1B needs vpp > 1/);
    expect(() => qwen({ pipelineSchedule: "dualpipe" })).toThrow(/vpp must be 1/);
  });
});

describe("routing and capacity", () => {
  it("learned routing loads the busiest EP rank above the even share; forced balance does not", () => {
    const learned = qwen({ moe: { routing: "learned" } });
    const forced = qwen({ moe: { routing: "forced-balanced" } });
    expect(learned.breakdown.moeLoadRatio).toBeGreaterThan(1);
    expect(forced.breakdown.moeLoadRatio).toBe(1);
    expect(learned.stepTimeSeconds).toBeGreaterThan(forced.stepTimeSeconds);
    expect(forced.warnings.some((w) => w.includes("benchmarking mode"))).toBe(true);
  });

  it("a power-law skew (moeRoutingSkewAlpha) slows the step further", () => {
    const even = qwen({}, {}).stepTimeSeconds;
    const skewed = qwen({}, { moeRoutingSkewAlpha: 1.2 }).stepTimeSeconds;
    expect(skewed).toBeGreaterThan(even);
  });

  it("a capacity factor caps the busiest rank and drops tokens; padding fixes the load at the capacity", () => {
    const skewed = { moeRoutingSkewAlpha: 1.2 };
    const dropless = qwen({}, skewed);
    const capped = qwen({ moe: { capacityFactor: 1.0 } }, skewed);
    expect(capped.breakdown.moeLoadRatio).toBe(1);
    expect(capped.stepTimeSeconds).toBeLessThan(dropless.stepTimeSeconds);
    expect(capped.breakdown.moeDroppedShare).toBeGreaterThan(0);
    expect(capped.warnings.some((w) => w.includes("dropped"))).toBe(true);
    const padded = qwen({ moe: { capacityFactor: 1.25, padToCapacity: true } });
    expect(padded.breakdown.moeLoadRatio).toBe(1.25);
    expect(() => qwen({ moe: { padToCapacity: true } })).toThrow(/needs a capacity factor/);
  });
});

describe("recompute modules, MTP and optimizer precision", () => {
  it("each recompute module drops stored activations and adds recompute time", () => {
    const base = qwen({ recomputeModules: ["core_attn"] });
    for (const module of ["layernorm", "moe_act", "moe", "shared_experts"] as const) {
      const r = qwen({ recomputeModules: ["core_attn", module] });
      if (module === "shared_experts") continue; // Qwen3 has no shared experts
      expect(r.memory.activationsBytes).toBeLessThan(base.memory.activationsBytes);
      expect(r.breakdown.recomputeSeconds).toBeGreaterThan(base.breakdown.recomputeSeconds);
    }
    const moe = qwen({ recomputeModules: ["moe"] });
    const act = qwen({ recomputeModules: ["moe_act"] });
    expect(moe.memory.activationsBytes).toBeLessThan(act.memory.activationsBytes);
    expect(() => qwen({ recompute: "full", recomputeModules: ["moe"] })).toThrow(/selective recomputation only/);
    expect(() => qwen({ recomputeModules: ["mla_up_proj"] })).toThrow(/no MLA attention/);
  });

  it("MTP adds FLOPs, time on the last stage and nothing to a model without it", () => {
    const none = deepseek({ mtpLayers: 0 });
    const one = deepseek();
    expect(one.modelFlopsPerStep).toBeGreaterThan(none.modelFlopsPerStep);
    expect(one.breakdown.mtpSeconds).toBeGreaterThan(0);
    expect(none.breakdown.mtpSeconds).toBe(0);
  });

  it("BF16 Adam moments take 8 instead of 12 bytes per sharded parameter", () => {
    const fp32 = deepseek({ optimizerMoments: "fp32" });
    const bf16 = deepseek();
    expect(bf16.memory.optimizerBytes / fp32.memory.optimizerBytes).toBeCloseTo(8 / 12, 6);
  });

  it("FP8-only options are refused for bf16 training", () => {
    expect(() => qwen({ fp8PrimaryWeights: true })).toThrow(/FP8 training only/);
  });
});

describe("DeepSeek-V3 as its report trained it (2,048 H800, DualPipe PP16, EP64, ZeRO-1)", () => {
  it("fits in 80 GB with the published recipe, and not without its memory savings", () => {
    const run = deepseek();
    expect(run.memory.fits).toBe(true);
    const plain = deepseek({
      pipelineSchedule: "dualpipe",
      recomputeModules: ["core_attn"],
      optimizerMoments: "fp32",
      fp8PrimaryWeights: false,
      fp8ActivationCache: "gemm-inputs",
    });
    expect(plain.memory.fits).toBe(false);
  });
});
