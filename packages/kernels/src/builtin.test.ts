import { describe, expect, it } from "vitest";
import { BUILTIN_KERNEL_ACCELERATORS, builtinKernelIndex, builtinKernelTables } from "./builtin";
import {
  binaryLog2Latencies,
  KERNEL_TABLE_KINDS,
  type KernelTableKind,
  type KernelTablesMeta,
  kernelTableDataFiles,
  kernelTableFiles,
  lazyKernelTables,
  readKernelTableList,
} from "./builtin-files";
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

/** A set as the Node entry reads it: each kind from its header and float32 latencies, recording the reads. */
function readBackFromDataFiles(id: string, reads: string[]) {
  const raw = builtinKernelTables(id);
  if (raw === undefined) throw new Error(`no ${id} tables`);
  const files = kernelTableFiles(raw);
  return lazyKernelTables(files.meta as KernelTablesMeta, (kind: KernelTableKind) => {
    reads.push(kind);
    const { header, latencies } = kernelTableDataFiles(files[kind] as unknown[]);
    return readKernelTableList(header, (offset, length) => {
      reads.push(`${kind} ${offset}+${length}`);
      // A copy, unaligned on purpose: the reader must not assume the bytes can be viewed as float32.
      const bytes = new Uint8Array(length + 1).subarray(1);
      bytes.set(latencies.subarray(offset, offset + length));
      return bytes;
    });
  });
}

describe("the Node data files (dist/data/<id>/<kind>.json and .bin)", () => {
  it.each(BUILTIN_KERNEL_ACCELERATORS)(
    "%s: read back as the same text, and the same lookups as the validated index",
    (id) => {
      const reads: string[] = [];
      const tables = readBackFromDataFiles(id, reads);
      const index = indexTrustedKernelTables(tables);
      const parsed = kernelTablesSchema.parse(builtinKernelTables(id));
      expect(lookupsOf(index)).toEqual(lookupsOf(indexKernelTables(parsed)));
      expect(JSON.stringify(tables)).toBe(JSON.stringify(builtinKernelTables(id)));
    },
    120_000,
  );

  it("read only the latencies of the tables a lookup decodes, as float32 copies of the codes", () => {
    const reads: string[] = [];
    const tables = readBackFromDataFiles("nvidia-b200", reads);
    const index = indexTrustedKernelTables(tables);
    lookupGemm(index, "nvfp4", 8192, 8192, 8192, roofline, createKernelResult());
    expect(reads.filter((read) => read.startsWith("gemm "))).toHaveLength(1);
    const nvfp4 = tables.gemm.find((t) => t.dtype === "nvfp4");
    const log2 = binaryLog2Latencies(nvfp4?.latencyUs);
    expect(log2).toBeInstanceOf(Float32Array);
    expect(log2?.length).toBe((nvfp4?.m.length ?? 0) * (nvfp4?.n.length ?? 0) * (nvfp4?.k.length ?? 0));
    expect(binaryLog2Latencies(builtinKernelTables("nvidia-b200")?.gemm?.[0]?.latencyUs)).toBeUndefined();
    // Each distinct axis is written once and shared, frozen, by the tables that have it.
    const [first, second] = tables.contextAttention;
    expect(first?.batch).toBe(second?.batch);
    expect(Object.isFrozen(first?.batch)).toBe(true);
  });

  it("hold every log2-u16 code exactly, and refuse a header that is not ASCII", () => {
    const codes = new Uint8Array(2 * 65536);
    for (let code = 0; code < 65536; code++) {
      codes[2 * code] = code & 255;
      codes[2 * code + 1] = code >> 8;
    }
    const data = Buffer.from(codes).toString("base64");
    const files = kernelTableDataFiles([{ k: [1], latencyUs: { encoding: "log2-u16-base64", data } }]);
    const [table] = readKernelTableList(files.header, (at, length) => files.latencies.subarray(at, at + length)) as {
      latencyUs: { data: string };
    }[];
    expect(table?.latencyUs.data).toBe(data);
    expect(() => kernelTableDataFiles([{ dtype: "\u00e9", latencyUs: [1] }])).toThrow(/ASCII/);
  });

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
