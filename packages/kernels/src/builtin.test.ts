import { describe, expect, it } from "vitest";
import { BUILTIN_KERNEL_ACCELERATORS, builtinKernelIndex, builtinKernelTables } from "./builtin";
import { KERNEL_TABLE_KINDS, type KernelTablesMeta, kernelTableFiles, lazyKernelTables } from "./builtin-files";
import { indexTrustedKernelTables, type KernelIndex } from "./kernel-index";
import { kernelTablesSchema } from "./kernel-tables";
import {
  createKernelResult,
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

const roofline: KernelRoofline = {
  flopsPerSecond: 989e12 * 0.74,
  memoryBytesPerSecond: 3.35e12 * 0.8,
  busBytesPerSecond: 450e9 * 0.8,
  latencySeconds: 1e-5,
};

/** A few points of every table of a set: on, between and beyond the measured axes. */
function lookupsOf(index: KernelIndex): string[] {
  const out: string[] = [];
  const r = createKernelResult();
  const push = () => out.push(`${r.seconds} ${r.source} ${r.note}`);
  const pick = (axis: number[]) => [axis[0] ?? 1, axis[Math.floor(axis.length / 2)] ?? 1, (axis.at(-1) ?? 1) * 1.5 + 1];
  const tables = kernelTablesSchema.parse(index.tables);
  for (const t of tables.gemm) {
    for (const m of pick(t.m)) {
      for (const k of pick(t.k)) {
        lookupGemm(index, t.dtype, m, t.n[1] ?? 64, k, roofline, r);
        push();
      }
    }
  }
  for (const t of tables.moe.slice(0, 12)) {
    for (const s of t.series.slice(0, 4)) {
      for (const tokens of pick(t.tokens)) {
        lookupMoe(index, { ...t, ...s, tokens }, roofline, r);
        push();
      }
    }
  }
  for (const t of tables.contextAttention.slice(0, 40)) {
    for (const batch of pick(t.batch)) {
      lookupContextAttention(index, { ...t, batch, tokens: t.sequenceTokens[1] ?? 128 }, roofline, r);
      push();
    }
  }
  for (const t of tables.generationAttention.slice(0, 40)) {
    for (const tokens of pick(t.contextTokens)) {
      lookupGenerationAttention(index, { ...t, dtype: "bf16", batch: t.batch[0] ?? 1, tokens }, roofline, r);
      push();
    }
  }
  for (const t of tables.mla) {
    lookupMla(index, { ...t, batch: t.batch[0] ?? 1, tokens: t.tokens[1] ?? 64 }, roofline, r);
    push();
  }
  for (const t of tables.deepEp) {
    lookupDeepEp(index, { ...t, hiddenSize: t.hiddenSize[0] ?? 1024, tokens: t.tokens[1] ?? 64 }, roofline, r);
    push();
  }
  for (const t of tables.collectives) {
    for (const bytes of pick(t.messageBytes)) {
      lookupCollective(index, t.operation, t.acceleratorCount[0] ?? 2, bytes, roofline, "auto", r);
      push();
    }
  }
  return out;
}

describe("built-in tables, trusted at run time", () => {
  it.each(BUILTIN_KERNEL_ACCELERATORS)(
    "%s: valid, and the unvalidated index equals the validated one",
    (id) => {
      const raw = builtinKernelTables(id);
      // The run-time path skips validation: this is the check that makes that safe.
      const parsed = kernelTablesSchema.parse(raw);
      const trusted = builtinKernelIndex(id) as KernelIndex;
      expect(trusted.tables).toEqual(parsed);
      expect(trusted.acceleratorId).toBe(id);
      expect(lookupsOf(trusted)).toEqual(lookupsOf(indexKernelTables(parsed)));
    },
    120_000,
  );
});

describe("the Node data files (dist/data/<id>/<kind>.json)", () => {
  it("hold a set's fields in order, and a lazy set reads only the kinds a lookup needs", () => {
    const raw = builtinKernelTables("nvidia-h100-sxm");
    if (raw === undefined) throw new Error("no H100 tables");
    const files = JSON.parse(JSON.stringify(kernelTableFiles(raw))) as Record<string, unknown>;
    expect(Object.keys(files)).toEqual(["meta", ...KERNEL_TABLE_KINDS]);
    const reads: string[] = [];
    const tables = lazyKernelTables(files.meta as KernelTablesMeta, (kind) => {
      reads.push(kind);
      return files[kind];
    });
    const index = indexTrustedKernelTables(tables);
    expect(index.tables.source.title).toMatch(/AIConfigurator/);
    expect(reads).toEqual([]);
    expect(lookupGemm(index, "bf16", 8192, 8192, 8192, roofline, createKernelResult()).source).toBe("measured");
    expect(lookupCollective(index, "all-reduce", 8, 1 << 20, roofline, "auto", createKernelResult()).source).not.toBe(
      "analytic",
    );
    expect(reads).toEqual(["gemm", "collectives"]);
    // Every field, in the original order, for JSON.stringify and spreading (the planner app serialises them).
    expect(JSON.stringify(tables)).toBe(JSON.stringify(raw));
    expect(Object.keys({ ...tables })).toEqual(Object.keys(raw));
    expect(reads).toEqual(["gemm", "collectives", "moe", "contextAttention", "generationAttention", "mla", "deepEp"]);
  });

  it("write an empty list for a kind a set does not hold", () => {
    const files = kernelTableFiles({ formatVersion: 1, acceleratorId: "x", source: { title: "t" } });
    expect(files.meta).toEqual({ formatVersion: 1, acceleratorId: "x", source: { title: "t" } });
    expect(files.moe).toEqual([]);
  });
});
