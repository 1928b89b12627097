import { InvalidInputError } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_KERNEL_ACCELERATORS, builtinKernelIndex, builtinKernelTables } from "./builtin";
import { decodeLatencies, encodeLatencies } from "./encoding";
import {
  createKernelResult,
  gemmRooflineSeconds,
  indexKernelTables,
  type KernelRoofline,
  lookupCollective,
  lookupContextAttention,
  lookupDeepEp,
  lookupGemm,
  lookupGenerationAttention,
  lookupMla,
  lookupMoe,
} from "./lookup";

const h100 = builtinKernelIndex("nvidia-h100-sxm");
const b200 = builtinKernelIndex("nvidia-b200");
const roofline: KernelRoofline = {
  flopsPerSecond: 989e12 * 0.74,
  memoryBytesPerSecond: 3.35e12 * 0.8,
  busBytesPerSecond: 450e9 * 0.8,
  latencySeconds: 1e-5,
};

function tflops(m: number, n: number, k: number, seconds: number): number {
  return (2 * m * n * k) / seconds / 1e12;
}

describe("encoding", () => {
  it("round-trips latencies within the 0.068% resolution and keeps missing points missing", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: 1e-3, max: 1e9, noNaN: true }), { nil: null })), (values) => {
        const decoded = decodeLatencies(encodeLatencies(values));
        expect(decoded.length).toBe(values.length);
        values.forEach((value, i) => {
          if (value === null) expect(Number.isNaN(decoded[i])).toBe(true);
          else expect(Math.abs((decoded[i] ?? 0) / value - 1)).toBeLessThan(7e-4);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("built-in tables", () => {
  it("cover the seven AIConfigurator systems with their attribution", () => {
    expect([...BUILTIN_KERNEL_ACCELERATORS].sort()).toEqual(
      [
        "nvidia-a100-sxm-80gb",
        "nvidia-b200",
        "nvidia-b300",
        "nvidia-gb200",
        "nvidia-gb300",
        "nvidia-h100-sxm",
        "nvidia-h200-sxm",
      ].sort(),
    );
    const source = builtinKernelTables("nvidia-b200")?.source;
    expect(source?.repository).toBe("https://github.com/ai-dynamo/aiconfigurator");
    expect(source?.license).toBe("Apache-2.0");
    expect(builtinKernelIndex("amd-mi300x")).toBeUndefined();
  });

  // The two anchors: a bf16 8192^3 GEMM at 783 TFLOP/s on H100 (79% of 989), NVFP4 at 3.86 PFLOP/s on B200.
  it("reproduce the measured anchors: H100 bf16 8192^3 ~783 TFLOP/s, B200 NVFP4 8192^3 ~3.86 PFLOP/s", () => {
    const bf16 = lookupGemm(h100, "bf16", 8192, 8192, 8192, roofline, createKernelResult());
    expect(bf16.source).toBe("measured");
    expect(tflops(8192, 8192, 8192, bf16.seconds)).toBeCloseTo(783, -1);
    const fp4 = lookupGemm(b200, "nvfp4", 8192, 8192, 8192, roofline, createKernelResult());
    expect(tflops(8192, 8192, 8192, fp4.seconds)).toBeGreaterThan(3800);
    expect(tflops(8192, 8192, 8192, fp4.seconds)).toBeLessThan(3950);
  });
});

describe("lookupGemm", () => {
  // The measured grids are complete up to n, k = 16384 (AIConfigurator skipped some of the largest shapes, where a
  // lookup anchors at the nearest measured point instead); rows go beyond the measured 32768.
  it("is monotone in the work size (more rows, columns or depth never take less time)", () => {
    const size = fc.integer({ min: 1, max: 8192 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70000 }),
        size,
        size,
        fc.constantFrom("bf16", "fp8", "fp8-block") as fc.Arbitrary<"bf16">,
        (m, n, k, dtype) => {
          const base = lookupGemm(h100, dtype, m, n, k, roofline, createKernelResult()).seconds;
          for (const [dm, dn, dk] of [
            [2, 1, 1],
            [1, 2, 1],
            [1, 1, 2],
          ] as const) {
            const bigger = lookupGemm(h100, dtype, m * dm, n * dn, k * dk, roofline, createKernelResult()).seconds;
            expect(bigger).toBeGreaterThanOrEqual(base * (1 - 1e-6));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("interpolates inside the measured neighbours", () => {
    fc.assert(
      fc.property(fc.integer({ min: 4097, max: 4351 }), (m) => {
        const at = lookupGemm(h100, "bf16", m, 8192, 8192, roofline, createKernelResult());
        const lo = lookupGemm(h100, "bf16", 4096, 8192, 8192, roofline, createKernelResult()).seconds;
        const hi = lookupGemm(h100, "bf16", 4352, 8192, 8192, roofline, createKernelResult()).seconds;
        expect(at.source).toBe("interpolated");
        expect(at.seconds).toBeGreaterThanOrEqual(Math.min(lo, hi));
        expect(at.seconds).toBeLessThanOrEqual(Math.max(lo, hi));
      }),
    );
  });

  it("never extrapolates silently: beyond the range it anchors the roofline at the edge and says so", () => {
    const edge = lookupGemm(h100, "bf16", 32768, 8192, 8192, roofline, createKernelResult());
    const beyond = lookupGemm(h100, "bf16", 65536, 8192, 8192, roofline, createKernelResult());
    expect(beyond.source).toBe("extrapolated");
    expect(beyond.note).toMatch(/outside the measured range/);
    const ratio =
      gemmRooflineSeconds("bf16", 65536, 8192, 8192, roofline) /
      gemmRooflineSeconds("bf16", 32768, 8192, 8192, roofline);
    expect(beyond.seconds / edge.seconds).toBeCloseTo(ratio, 6);
  });

  it("a precision without a table falls back to the roofline with a note, never to another precision", () => {
    const r = lookupGemm(h100, "nvfp4", 4096, 4096, 4096, roofline, createKernelResult());
    expect(r.source).toBe("analytic");
    expect(r.note).toMatch(/no measured nvfp4 GEMM table/);
    expect(r.seconds).toBe(gemmRooflineSeconds("nvfp4", 4096, 4096, 4096, roofline));
  });

  it("the analytic path never gets slower with more FLOP/s or more bandwidth", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 16 }),
        fc.integer({ min: 1, max: 1 << 16 }),
        fc.integer({ min: 1, max: 1 << 16 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        (m, n, k, flopsGain, bandwidthGain) => {
          const base = lookupGemm(undefined, "fp8", m, n, k, roofline, createKernelResult()).seconds;
          const faster = lookupGemm(
            undefined,
            "fp8",
            m,
            n,
            k,
            {
              flopsPerSecond: roofline.flopsPerSecond * flopsGain,
              memoryBytesPerSecond: roofline.memoryBytesPerSecond * bandwidthGain,
            },
            createKernelResult(),
          ).seconds;
          expect(faster).toBeLessThanOrEqual(base);
        },
      ),
    );
  });
});

describe("lookupMoe", () => {
  const qwen3 = {
    dtype: "fp8" as const,
    hiddenSize: 4096,
    expertFfnSize: 1536,
    topK: 8,
    experts: 128,
    gated: true,
    tp: 1,
    ep: 8,
    routingAlpha: 1.2,
    tokens: 512,
  };

  it("reads a measured layer, interpolates over tokens and between routing distributions", () => {
    expect(lookupMoe(h100, qwen3, roofline, createKernelResult()).source).toBe("measured");
    const between = lookupMoe(h100, { ...qwen3, routingAlpha: 0.6 }, roofline, createKernelResult());
    const balanced = lookupMoe(h100, { ...qwen3, routingAlpha: 0 }, roofline, createKernelResult()).seconds;
    const skewed = lookupMoe(h100, { ...qwen3, routingAlpha: 1.01 }, roofline, createKernelResult()).seconds;
    expect(between.seconds).toBeGreaterThanOrEqual(Math.min(balanced, skewed));
    expect(between.seconds).toBeLessThanOrEqual(Math.max(balanced, skewed));
  });

  it("is monotone in tokens", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16384 }), (tokens) => {
        const a = lookupMoe(h100, { ...qwen3, tokens }, roofline, createKernelResult()).seconds;
        const b = lookupMoe(h100, { ...qwen3, tokens: tokens * 2 }, roofline, createKernelResult()).seconds;
        expect(b).toBeGreaterThanOrEqual(a * (1 - 1e-6));
      }),
    );
  });

  // B200 NVFP4 DeepSeek-V3 layer: AIConfigurator timed CUTLASS (270 us at 32 tokens) and min-latency kernels
  // (136 us); the derivation keeps the faster per point, as TensorRT-LLM picks it.
  it("keeps the fastest MoE kernel source per point", () => {
    const r = lookupMoe(
      b200,
      {
        dtype: "nvfp4",
        hiddenSize: 7168,
        expertFfnSize: 2048,
        topK: 8,
        experts: 256,
        gated: true,
        tp: 1,
        ep: 8,
        routingAlpha: 0,
        tokens: 32,
      },
      roofline,
      createKernelResult(),
    );
    expect(r.source).toBe("measured");
    expect(r.seconds * 1e6).toBeLessThan(200);
  });

  it("composes an unmeasured layer from the GEMM table, and says so", () => {
    const r = lookupMoe(h100, { ...qwen3, hiddenSize: 4000 }, roofline, createKernelResult());
    expect(r.source).toBe("composed");
    expect(r.note).toMatch(/grouped GEMMs from the fp8 GEMM table/);
    expect(r.seconds).toBeGreaterThan(0);
  });
});

describe("attention and collectives", () => {
  const llama70bTp8 = {
    heads: 8,
    kvHeads: 1,
    headDim: 128,
    windowTokens: 0,
    dtype: "bf16" as const,
    kvDtype: "bf16" as const,
    batch: 4,
    tokens: 4096,
  };

  it("context attention is measured for a measured layout and grows with the prompt", () => {
    const a = lookupContextAttention(h100, llama70bTp8, roofline, createKernelResult());
    expect(a.source).toBe("measured");
    const b = lookupContextAttention(h100, { ...llama70bTp8, tokens: 8192 }, roofline, createKernelResult());
    expect(b.seconds).toBeGreaterThan(a.seconds);
  });

  it("an unmeasured head count with a measured grouping is scaled by the heads", () => {
    const r = lookupGenerationAttention(
      h100,
      { ...llama70bTp8, heads: 7, kvHeads: 7, kvDtype: "fp8", batch: 64, tokens: 2048 },
      roofline,
      createKernelResult(),
    );
    expect(["scaled", "measured"]).toContain(r.source);
    expect(r.seconds).toBeGreaterThan(0);
  });

  it("a collective beyond the measured GPU counts uses the α-β model", () => {
    expect(lookupCollective(h100, "all-reduce", 8, 1 << 24, roofline, "nccl", createKernelResult()).source).toBe(
      "measured",
    );
    const wide = lookupCollective(h100, "all-reduce", 64, 1 << 24, roofline, "nccl", createKernelResult());
    expect(wide.source).toBe("analytic");
    expect(wide.seconds).toBeCloseTo(1e-5 + (((2 * 63) / 64) * (1 << 24)) / roofline.busBytesPerSecond!, 9);
  });
});

describe("indexKernelTables (the table format contract)", () => {
  it("accepts plain-number tables with missing points and looks them up", () => {
    const index = indexKernelTables({
      formatVersion: 1,
      acceleratorId: "my-gpu",
      source: { title: "a sweep" },
      gemm: [{ dtype: "bf16", m: [1024, 4096], n: [4096], k: [4096], latencyUs: [60, null] }],
    });
    expect(lookupGemm(index, "bf16", 1024, 4096, 4096, roofline, createKernelResult()).seconds).toBeCloseTo(60e-6, 9);
    expect(lookupGemm(index, "bf16", 4096, 4096, 4096, roofline, createKernelResult()).source).toBe("extrapolated");
  });

  it("rejects malformed tables with an error naming the field", () => {
    expect(() =>
      indexKernelTables({
        formatVersion: 1,
        acceleratorId: "x",
        source: { title: "t" },
        gemm: [{ dtype: "bf16", m: [4096, 1024], n: [1], k: [1], latencyUs: [1, 2] }],
      }),
    ).toThrow(InvalidInputError);
    expect(() =>
      indexKernelTables({
        formatVersion: 1,
        acceleratorId: "x",
        source: { title: "t" },
        gemm: [{ dtype: "bf16", m: [1, 2], n: [1], k: [1], latencyUs: [1] }],
      }),
    ).toThrow(/1 latencies for a grid of 2 points/);
  });
});

describe("lookupMla", () => {
  const decode = {
    phase: "generation" as const,
    heads: 16,
    kvLoraRank: 512,
    qkNopeHeadDim: 128,
    qkRopeHeadDim: 64,
    vHeadDim: 128,
    kvDtype: "fp8" as const,
    batch: 64,
    tokens: 4096,
  };

  it("reads DeepSeek-V3's measured MLA and grows with the cached tokens and the batch", () => {
    const h200 = builtinKernelIndex("nvidia-h200-sxm");
    const a = lookupMla(h200, decode, roofline, createKernelResult());
    expect(a.source).toBe("measured");
    expect(lookupMla(h200, { ...decode, tokens: 8192 }, roofline, createKernelResult()).seconds).toBeGreaterThan(
      a.seconds,
    );
    expect(lookupMla(h200, { ...decode, batch: 128 }, roofline, createKernelResult()).seconds).toBeGreaterThan(
      a.seconds,
    );
    expect(lookupMla(h200, { ...decode, phase: "context", batch: 1 }, roofline, createKernelResult()).source).toBe(
      "measured",
    );
  });

  it("other latent dimensions fall back to the roofline with a note", () => {
    const r = lookupMla(h100, { ...decode, kvLoraRank: 256 }, roofline, createKernelResult());
    expect(r.source).toBe("analytic");
    expect(r.note).toMatch(/no measured generation MLA table/);
  });
});

describe("lookupDeepEp", () => {
  const query = { mode: "normal" as const, acceleratorCount: 8, hiddenSize: 7168, topK: 8, experts: 256, tokens: 1024 };

  it("reads DeepEP's measured dispatch + combine inside one node, monotone in tokens", () => {
    const h100Index = builtinKernelIndex("nvidia-h100-sxm");
    const r = lookupDeepEp(h100Index, query, roofline, createKernelResult());
    expect(r.source).toBe("measured");
    // SGLang's H100 measurement at 20 SMs: dispatch 158 us + combine 307 us.
    expect(r.seconds * 1e6).toBeGreaterThan(440);
    expect(r.seconds * 1e6).toBeLessThan(490);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65536 }), (tokens) => {
        const a = lookupDeepEp(h100Index, { ...query, tokens }, roofline, createKernelResult()).seconds;
        const b = lookupDeepEp(h100Index, { ...query, tokens: tokens * 2 }, roofline, createKernelResult()).seconds;
        expect(b).toBeGreaterThanOrEqual(a * (1 - 1e-6));
      }),
    );
  });

  it("an EP group of another size, or an NVL72 system (group size not stated), uses the bandwidth model", () => {
    expect(lookupDeepEp(h100, { ...query, acceleratorCount: 4 }, roofline, createKernelResult()).source).toBe(
      "analytic",
    );
    expect(lookupDeepEp(builtinKernelIndex("nvidia-gb200"), query, roofline, createKernelResult()).source).toBe(
      "analytic",
    );
  });
});
