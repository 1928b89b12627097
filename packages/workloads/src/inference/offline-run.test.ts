import { isUserError } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveAccelerator } from "../training/accelerator-spec";
import { DEFAULT_INFERENCE_EFFICIENCY } from "./inference-efficiency";
import { capturedCudaGraphBatchSizes, simulateOfflineRun, trtllmBenchEngineLimits } from "./offline-run";
import { estimateServing } from "./serving-model";
import { servingHardware } from "./serving-terms";

describe("trtllmBenchEngineLimits (trtllm-bench's tuning heuristic)", () => {
  it("Llama 3.3 70B FP8 on one H200, 128/2048: batch 224, tokens 2,048 (worked by hand from tuning.py)", () => {
    // (141 GiB - 70.55e9 B) x 0.95 / (2 x 80 x 8 x 128 x 1 B x 2176) = 212.6 requests -> 32 x ceil(212.6/32) = 224;
    // tokens 212.6 x (1 + 128/2048) = 226 -> 2048; no chunking: max(2048, 128 + 224) = 2048.
    expect(
      trtllmBenchEngineLimits({
        architecture: "llama-3.3-70b",
        accelerator: "nvidia-h200-sxm",
        inputTokens: 128,
        outputTokens: 2048,
      }),
    ).toEqual({ maxBatchSize: 224, maxNumTokens: 2048 });
  });

  it("Llama 3.1 8B on H200, 128/128: the 4,096 batch cap and 8,192 tokens", () => {
    expect(
      trtllmBenchEngineLimits({
        architecture: "llama-3.1-8b",
        accelerator: "nvidia-h200-sxm",
        inputTokens: 128,
        outputTokens: 128,
      }),
    ).toEqual({ maxBatchSize: 4096, maxNumTokens: 8192 });
  });

  it("without chunked prefill the token limit admits a whole long prompt", () => {
    const limits = trtllmBenchEngineLimits({
      architecture: "llama-3.1-8b",
      accelerator: "nvidia-h100-sxm",
      inputTokens: 20000,
      outputTokens: 2000,
    });
    expect(limits.maxNumTokens).toBeGreaterThanOrEqual(20000 + limits.maxBatchSize);
  });
});

const base = {
  architecture: "llama-3.1-8b",
  accelerator: "nvidia-h100-sxm",
  config: { tp: 1, inputTokens: 1000, outputTokens: 1000 },
} as const;

describe("simulateOfflineRun", () => {
  it("many requests approach the steady-state max-throughput estimate", () => {
    const run = simulateOfflineRun({ ...base, run: { requests: 20000, chunkedPrefill: true } });
    expect(run.outputTokensPerSecond / run.steadyStateOutputTokensPerSecond).toBeGreaterThan(0.9);
    expect(run.outputTokensPerSecond / run.steadyStateOutputTokensPerSecond).toBeLessThan(1.1);
  });

  it("a partial last wave costs throughput: one request more than fit waits for a whole wave", () => {
    // Short prompts: every admitted request starts in the first iterations, so request C + 1 waits ~osl steps.
    const short = { ...base, config: { ...base.config, inputTokens: 16, outputTokens: 1000 } };
    const c = simulateOfflineRun({ ...short, run: { requests: 1 } }).maxConcurrency;
    const exact = simulateOfflineRun({ ...short, run: { requests: c } });
    const oneMore = simulateOfflineRun({ ...short, run: { requests: c + 1 } });
    const alone = estimateServing({ ...short, config: { ...short.config, concurrency: 1 } });
    expect(oneMore.iterations).toBeGreaterThanOrEqual(exact.iterations + 999);
    // The straggler decodes alone for ~osl steps at the batch-1 TPOT.
    expect(oneMore.makespanSeconds - exact.makespanSeconds).toBeGreaterThan(0.9 * 999 * (alone.tpotMs / 1e3));
    expect(oneMore.outputTokensPerSecond).toBeLessThan(exact.outputTokensPerSecond);
  });

  it("reports consistent totals: makespan x throughput = all output tokens; TTFT and TPOT positive", () => {
    const run = simulateOfflineRun({ ...base, run: { requests: 500 } });
    expect(run.outputTokensPerSecond * run.makespanSeconds).toBeCloseTo(500 * 1000, 3);
    expect(run.iterations).toBeGreaterThanOrEqual(1000);
    expect(run.meanTtftMs).toBeGreaterThan(0);
    expect(run.meanTpotMs).toBeGreaterThan(0);
    const sum = Object.values(run.seconds).reduce((a, b) => a + b, 0);
    expect(Object.keys(run.kernelSources)).toEqual(["gemm", "moe", "attention", "collective"]);
    expect(sum).toBeCloseTo(run.makespanSeconds, 6);
    expect(run.assumptions.length).toBeGreaterThan(0);
  });

  it("a single request is served alone: throughput = osl / (prefill + decode) and a warning says so", () => {
    const run = simulateOfflineRun({ ...base, run: { requests: 1 } });
    const steady = estimateServing({ ...base, config: { ...base.config, concurrency: 1 } });
    expect(run.meanTpotMs).toBeCloseTo(steady.tpotMs, 0);
    expect(run.warnings.join(" ")).toMatch(/never reaches the max-throughput batch/);
  });

  it("rejects a run too long to simulate, naming requests", () => {
    try {
      simulateOfflineRun({
        ...base,
        config: { ...base.config, inputTokens: 128, outputTokens: 4096, maxBatchSize: 1 },
        run: { requests: 100_000 },
      });
      expect.unreachable();
    } catch (error) {
      expect(isUserError(error)).toBe(true);
      expect(String((error as Error).message)).toMatch(/requests/);
    }
  });

  it("property: finite, positive results; chunked and whole-prompt runs both finish all requests", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 16, max: 4000 }),
        fc.integer({ min: 2, max: 600 }),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (requests, isl, osl, chunkedPrefill, prefixHitRatio) => {
          const run = simulateOfflineRun({
            architecture: "llama-3.1-8b",
            accelerator: "nvidia-h100-sxm",
            config: { tp: 1, inputTokens: isl, outputTokens: osl, prefixHitRatio },
            run: { requests, chunkedPrefill },
          });
          for (const value of [run.outputTokensPerSecond, run.makespanSeconds, run.meanTtftMs, run.meanTpotMs]) {
            expect(Number.isFinite(value)).toBe(true);
          }
          expect(run.outputTokensPerSecond).toBeGreaterThan(0);
          expect(run.outputTokensPerSecond * run.makespanSeconds).toBeCloseTo(requests * osl, 3);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("measured HBM bandwidth", () => {
  it("H200 uses its gpu-stream triad share, H100 SXM the generic 0.8, an explicit ratio wins", () => {
    const h200 = servingHardware(resolveAccelerator("nvidia-h200-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
    expect(h200.memoryBandwidthRatio).toBeCloseTo(3534 / 4800, 9);
    const h100 = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
    expect(h100.memoryBandwidthRatio).toBe(0.8);
    const forced = servingHardware(
      resolveAccelerator("nvidia-h200-sxm"),
      { ...DEFAULT_INFERENCE_EFFICIENCY, memoryBandwidthRatio: 0.9 },
      "fp8",
    );
    expect(forced.memoryBandwidthRatio).toBe(0.9);
  });
});

describe("CUDA-graph padding and MoE routing skew", () => {
  const base = {
    architecture: "llama-4-scout",
    accelerator: "nvidia-h200-sxm",
    config: {
      tp: 4,
      ep: 4,
      attentionDp: true,
      inputTokens: 1000,
      outputTokens: 1000,
      maxThroughput: true,
      maxBatchSize: 512,
    },
  } as const;

  it("padding decode batches to graph sizes never raises throughput, whatever sizes are captured", () => {
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 600 }), (requests) => {
        const plain = simulateOfflineRun({ ...base, run: { requests } });
        const padded = simulateOfflineRun({ ...base, run: { requests, cudaGraphBatchSizes: [64, 128, 256, 512] } });
        const unused = simulateOfflineRun({ ...base, run: { requests, cudaGraphBatchSizes: [1] } });
        expect(padded.outputTokensPerSecond).toBeLessThanOrEqual(plain.outputTokensPerSecond * (1 + 1e-12));
        expect(unused.outputTokensPerSecond).toBeLessThanOrEqual(plain.outputTokensPerSecond * (1 + 1e-12));
      }),
      { numRuns: 15 },
    );
  });

  it("even routing (alpha 0) is the fastest; more skew never speeds a MoE run up", () => {
    const run = (alpha: number) =>
      simulateOfflineRun({ ...base, efficiency: { moeRoutingSkewAlpha: alpha }, run: { requests: 400 } })
        .outputTokensPerSecond;
    const even = run(0);
    const mild = run(1.01);
    const skewed = run(1.2);
    expect(mild).toBeLessThanOrEqual(even);
    expect(skewed).toBeLessThanOrEqual(mild);
    // A dense model is untouched by the routing skew.
    const dense = (alpha: number) =>
      simulateOfflineRun({
        architecture: "llama-3.3-70b",
        accelerator: "nvidia-h200-sxm",
        config: { inputTokens: 1000, outputTokens: 1000, maxThroughput: true },
        efficiency: { moeRoutingSkewAlpha: alpha },
        run: { requests: 200 },
      }).outputTokensPerSecond;
    expect(dense(1.5)).toBe(dense(0));
  });
});

describe("capturedCudaGraphBatchSizes (TensorRT-LLM _filter_cuda_graph_batch_sizes)", () => {
  it("keeps sizes up to min(max batch, tokens / (1 + drafts)) and adds that cap when the list goes past it", () => {
    const page = [1, 2, 4, 8, 16, 32, 64, 128, 256, 384, 512, 1024, 2048, 4096, 8192];
    expect(capturedCudaGraphBatchSizes(page, 224, 2048, 0)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 224]);
    expect(capturedCudaGraphBatchSizes(page, 4096, 8192, 0).at(-1)).toBe(4096);
    expect(capturedCudaGraphBatchSizes(page, 4096, 2048, 3).at(-1)).toBe(512);
    expect(capturedCudaGraphBatchSizes([64, 128], 512, 8192, 0)).toEqual([64, 128]);
    expect(capturedCudaGraphBatchSizes([64], 512, 0, 0)).toEqual([]);
  });
});
