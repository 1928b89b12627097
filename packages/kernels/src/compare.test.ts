import { InvalidInputError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { builtinKernelIndex, builtinKernelTables } from "./builtin";
import { compareKernelTables } from "./compare";
import { decodeLatencies } from "./encoding";
import type { KernelTablesInput } from "./kernel-tables";
import type { KernelRoofline } from "./lookup";

const H100 = "nvidia-h100-sxm";
const ROOF: KernelRoofline = {
  flopsPerSecond: 989e12 * 0.74,
  memoryBytesPerSecond: 3.35e12 * 0.8,
  busBytesPerSecond: 450e9 * 0.8,
  latencySeconds: 1e-5,
};
const rooflines = () => ROOF;

/** Latencies of a built-in table as plain numbers (null = not measured). */
function plain(values: KernelTablesInput["gemm"] extends (infer T)[] | undefined ? T : never): (number | null)[] {
  const raw = values.latencyUs;
  if (Array.isArray(raw)) return raw;
  return Array.from(decodeLatencies(raw.data), (v) => (Number.isNaN(v) ? null : v));
}

describe("compareKernelTables", () => {
  const builtin = builtinKernelTables(H100);
  const reference = builtinKernelIndex(H100);
  if (builtin === undefined || reference === undefined) throw new Error("no built-in H100 tables");
  const bf16 = builtin.gemm?.find((t) => t.dtype === "bf16");
  if (bf16 === undefined) throw new Error("no built-in H100 bf16 GEMM table");

  it("a table compared with itself gives ratios of 1 at measured points", () => {
    const result = compareKernelTables(
      { formatVersion: 1, acceleratorId: H100, source: { title: "itself" }, gemm: [bf16] },
      reference,
      rooflines,
    );
    expect(result.rows.length).toBeGreaterThan(100);
    for (const row of result.rows) {
      expect(row.referenceSource).toBe("measured");
      expect(row.ratio).toBeCloseTo(1, 6);
    }
    const all = result.summaries.find((s) => s.kernel === "all");
    expect(all?.points).toBe(result.rows.length);
    expect(all?.pointsAgainstMeasured).toBe(result.rows.length);
    expect(all?.geomeanRatio).toBeCloseTo(1, 6);
  });

  it("a sweep twice as slow as the reference reports ratio 2, per class and overall", () => {
    const slow = {
      ...bf16,
      latencyUs: plain(bf16).map((v) => (v === null ? null : 2 * v)),
    };
    const result = compareKernelTables(
      { formatVersion: 1, acceleratorId: H100, source: { title: "slow" }, gemm: [slow] },
      reference,
      rooflines,
    );
    const gemm = result.summaries.find((s) => s.kernel === "gemm");
    expect(gemm?.medianRatio).toBeCloseTo(2, 2);
    expect(gemm?.minRatio).toBeGreaterThan(1.98);
    expect(gemm?.maxRatio).toBeLessThan(2.02);
    expect(gemm?.medianSpreadRatio).toBeCloseTo(2, 2);
  });

  it("points between the reference's grid are interpolated, outside it extrapolated", () => {
    const result = compareKernelTables(
      {
        formatVersion: 1,
        acceleratorId: H100,
        source: { title: "off-grid" },
        gemm: [{ dtype: "bf16", m: [3000, 4_000_000], n: [5000], k: [5000], latencyUs: [200, 300000] }],
      },
      reference,
      rooflines,
    );
    expect(result.rows.map((r) => r.referenceSource)).toEqual(["interpolated", "extrapolated"]);
    expect(result.summaries.find((s) => s.kernel === "all")?.pointsAgainstMeasured).toBe(1);
  });

  it("compares attention, MoE and collectives, and skips unmeasured points", () => {
    const result = compareKernelTables(
      {
        formatVersion: 1,
        acceleratorId: H100,
        source: { title: "mixed" },
        contextAttention: [
          {
            heads: 8,
            kvHeads: 1,
            headDim: 128,
            windowTokens: 0,
            dtype: "bf16",
            kvDtype: "bf16",
            batch: [1],
            sequenceTokens: [2048, 8192],
            latencyUs: [100, null],
          },
        ],
        generationAttention: [
          {
            heads: 8,
            kvHeads: 1,
            headDim: 128,
            windowTokens: 0,
            kvDtype: "bf16",
            batch: [8],
            contextTokens: [4096],
            latencyUs: [30],
          },
        ],
        moe: [
          {
            dtype: "bf16",
            gated: true,
            hiddenSize: 2048,
            expertFfnSize: 768,
            topK: 8,
            experts: 128,
            series: [{ tp: 1, ep: 8, routingAlpha: 0 }],
            tokens: [16, 256],
            latencyUs: [40, 90],
          },
        ],
        collectives: [
          {
            operation: "all-reduce",
            implementation: "nccl",
            dtype: "bf16",
            acceleratorCount: [8],
            messageBytes: [1048576],
            latencyUs: [30],
          },
          {
            operation: "all-reduce",
            implementation: "nccl",
            dtype: "fp32",
            acceleratorCount: [8],
            messageBytes: [1048576],
            latencyUs: [40],
          },
        ],
      },
      reference,
      rooflines,
    );
    expect(result.rows.map((r) => r.kernel)).toEqual([
      "moe",
      "moe",
      "context-attention",
      "generation-attention",
      "collective",
    ]);
    for (const row of result.rows) {
      expect(Number.isFinite(row.ratio) && row.ratio > 0).toBe(true);
      expect(row.referenceUs).toBeGreaterThan(0);
    }
    expect(result.skipped).toEqual([expect.stringContaining("fp32")]);
    expect(result.summaries.map((s) => s.kernel)).toEqual([
      "moe",
      "context-attention",
      "generation-attention",
      "collective",
      "all",
    ]);
  });

  it("without a reference every point is analytic and says so", () => {
    const result = compareKernelTables(
      {
        formatVersion: 1,
        acceleratorId: "my-gpu",
        source: { title: "sweep" },
        gemm: [{ dtype: "fp8", m: [1024], n: [4096], k: [4096], latencyUs: [60] }],
      },
      undefined,
      rooflines,
    );
    expect(result.rows[0]?.referenceSource).toBe("analytic");
    expect(result.rows[0]?.note).toBe("no kernel tables");
    expect(result.summaries.find((s) => s.kernel === "all")?.pointsAgainstMeasured).toBe(0);
  });

  it("rejects tables that do not match the format, naming the field", () => {
    let error: unknown;
    try {
      compareKernelTables(
        { formatVersion: 1, acceleratorId: H100, source: { title: "x" }, gemm: [{}] } as never,
        reference,
        rooflines,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.some((p) => p.path === "gemm[0].dtype")).toBe(true);
  });
});
