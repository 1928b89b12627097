import { InvalidInputError } from "@aifactory/core";
import { BUILT_IN_STORAGE_TIERS, getSystem } from "@aifactory/hardware";
import { getArchitecture, kvCacheBytesPerToken } from "@aifactory/workloads";
import { describe, expect, it } from "vitest";
import { designSite, type SiteDesignInput } from "./design-site";
import { type KvOffloadSizingInput, localNvmeOfSystem, PCIE5_X16_GBPS, sizeKvOffload } from "./kv-offload-sizing";
import { DDN_AI400X2 } from "./storage-nodes";

const base: KvOffloadSizingInput = {
  kvBytesPerToken: 163_840,
  retainedContextCount: 100_000,
  contextTokens: 8_000,
  tiers: ["host-dram", "local-nvme", "storage-nodes"],
  systemCount: 10,
  acceleratorsPerSystem: 8,
  hostMemoryGBPerSystem: 2000,
  hostMemoryKvRatio: 0.5,
  localNvmeGBPerSystem: 30_720,
  localNvmeKvRatio: 0.8,
  hostLinkGBpsPerAccelerator: PCIE5_X16_GBPS,
  storageNode: DDN_AI400X2,
  hitReadGBps: 400,
  newKvWriteGBps: 100,
};

describe("sizeKvOffload", () => {
  it("fills the tiers fastest first and places every byte once", () => {
    const sized = sizeKvOffload(base);
    // 100k contexts x 8k tokens x 160 KiB = 131 TB: 10 TB of host DRAM (10 x 2 TB x 0.5), the rest on NVMe
    // (10 x 30.72 TB x 0.8 = 245.8 TB), none on storage nodes.
    expect(sized.requiredBytes).toBe(100_000 * 8_000 * 163_840);
    expect(sized.tiers.map((tier) => tier.tier)).toEqual(["host-dram", "local-nvme"]);
    expect(sized.tiers[0]!.usedBytes).toBe(10 * 2000e9 * 0.5);
    const placed = sized.tiers.reduce((sum, tier) => sum + tier.usedBytes, 0);
    expect(placed + sized.unplacedBytes).toBeCloseTo(sized.requiredBytes, -3);
    expect(sized.unplacedBytes).toBe(0);
    expect(sized.storageNodeCount).toBe(0);
    // Hits split by the share of KV each tier holds; the shares add up to 1, the reads to the demand.
    const shares = sized.tiers.reduce((sum, tier) => sum + tier.hitShareRatio, 0);
    expect(shares).toBeCloseTo(1, 12);
    expect(sized.tiers.reduce((sum, tier) => sum + tier.readGBpsNeeded, 0)).toBeCloseTo(400, 9);
    // Host DRAM reads go over 80 PCIe 5.0 x16 links.
    expect(sized.tiers[0]!.readGBpsAvailable).toBeCloseTo(80 * PCIE5_X16_GBPS, 6);
    expect(PCIE5_X16_GBPS).toBeCloseTo(63.0, 1);
    // NVMe bandwidth has no catalog figure: reported, not checked.
    expect(sized.tiers[1]!.readGBpsAvailable).toBeUndefined();
    expect(sized.assumptions.some((line) => line.includes("not checked"))).toBe(true);
  });

  it("buys storage nodes for the larger of capacity, reads and writes", () => {
    const onlyNodes = { ...base, tiers: ["storage-nodes"] as const };
    // 131 TB on 250 TB nodes: 1 node by capacity; 400 GB/s of reads on 90 GB/s nodes: 5 nodes.
    const byRead = sizeKvOffload(onlyNodes);
    expect(byRead.storageNodeCount).toBe(5);
    expect(byRead.storageNodesSetBy).toBe("read-bandwidth");
    expect(byRead.tiers[0]!.readGBpsAvailable).toBe(5 * 90);
    // No traffic yet: capacity alone.
    const byCapacity = sizeKvOffload({ ...onlyNodes, hitReadGBps: 0, newKvWriteGBps: 0 });
    expect(byCapacity.storageNodeCount).toBe(1);
    expect(byCapacity.storageNodesSetBy).toBe("capacity");
    // Writes dominate: 1000 GB/s on 65 GB/s nodes.
    const byWrite = sizeKvOffload({ ...onlyNodes, hitReadGBps: 0, newKvWriteGBps: 1000 });
    expect(byWrite.storageNodeCount).toBe(16);
    expect(byWrite.storageNodesSetBy).toBe("write-bandwidth");
  });

  it("says what does not fit, and warns when a tier is too slow", () => {
    const tight = sizeKvOffload({ ...base, tiers: ["host-dram"], hitReadGBps: 100_000 });
    expect(tight.unplacedBytes).toBeCloseTo(tight.requiredBytes - 10 * 2000e9 * 0.5, -3);
    expect(tight.warnings.some((line) => line.includes("fits no tier"))).toBe(true);
    expect(tight.warnings.some((line) => line.startsWith("host-dram: hits need"))).toBe(true);
    const noNode = sizeKvOffload({ ...base, tiers: ["storage-nodes"], storageNode: undefined });
    expect(noNode.warnings.some((line) => line.includes('storage.node is "none"'))).toBe(true);
    expect(noNode.unplacedBytes).toBe(noNode.requiredBytes);
    const noHost = sizeKvOffload({ ...base, hostMemoryGBPerSystem: undefined, localNvmeGBPerSystem: undefined });
    expect(noHost.tiers.map((tier) => tier.tier)).toEqual(["storage-nodes"]);
    expect(noHost.warnings).toHaveLength(2);
  });

  it("more retained contexts never need fewer storage nodes", () => {
    let previous = 0;
    for (const contexts of [1e4, 1e5, 1e6, 1e7]) {
      const sized = sizeKvOffload({ ...base, retainedContextCount: contexts, hitReadGBps: 0, newKvWriteGBps: 0 });
      expect(sized.storageNodeCount).toBeGreaterThanOrEqual(previous);
      previous = sized.storageNodeCount;
    }
    expect(previous).toBeGreaterThan(0);
  });

  it("rejects bad figures with the field named", () => {
    expect(() => sizeKvOffload({ ...base, kvBytesPerToken: 0 })).toThrow(InvalidInputError);
    try {
      sizeKvOffload({ ...base, hitReadGBps: Number.NaN });
    } catch (error) {
      expect((error as InvalidInputError).problems[0]?.path).toBe("hitReadGBps");
    }
  });

  it("reads local NVMe from the storage-tier catalog", () => {
    const tier = BUILT_IN_STORAGE_TIERS.find((entry) => entry.id === "local-nvme-dgx-h100");
    expect(localNvmeOfSystem("nvidia-dgx-h200")?.capacityGB).toBe(tier?.capacityGB);
    expect(localNvmeOfSystem("nvidia-gb200-nvl72")).toBeUndefined();
  });
});

describe("designSite with storage.kvOffload", () => {
  const input: SiteDesignInput = {
    site: {
      gridPowerMW: 10,
      availableQuarter: "2027-Q3",
      regionId: "us-tx",
      climate: "hot",
      cooling: "direct-to-chip-liquid",
    },
    candidates: [{ systemId: "nvidia-dgx-b200" }, { systemId: "nvidia-gb200-nvl72" }],
    workload: {
      kind: "serving",
      model: "llama-3.3-70b",
      inputTokens: 8000,
      outputTokens: 1000,
      ttftMs: 2000,
      tpotMs: 50,
      prefixHitRatio: 0.8,
    },
  };
  const withOffload = designSite({ ...input, storage: { kvOffload: { retainedContextCount: 1_000_000 } } });
  const without = designSite(input);

  it("sizes the retained KV with the model's KV bytes per token", () => {
    const design = withOffload.designs.find((entry) => entry.systemId === "nvidia-dgx-b200")!;
    const kv = design.kvOffload!;
    const bytesPerToken = kvCacheBytesPerToken(getArchitecture("llama-3.3-70b"), "fp8");
    expect(kv.kvBytesPerToken).toBe(bytesPerToken);
    expect(kv.requiredBytes).toBe(1_000_000 * 9000 * bytesPerToken);
    // Host DRAM first: the B200's 2 TB per system at half for KV.
    const dram = kv.tiers.find((tier) => tier.tier === "host-dram")!;
    expect(dram.capacityBytes).toBe(design.systemCount * getSystem("nvidia-dgx-b200").hostMemoryGB! * 1e9 * 0.5);
    // The traffic follows the serving throughput: hit reads = output tokens/s x isl/osl x hit x bytes.
    const perGpu = design.production?.kind === "serving" ? design.production.outputTokensPerSecondPerGpu : 0;
    const expectedRead = ((perGpu * design.acceleratorCount) / 1000) * 8000 * 0.8 * bytesPerToken * 1e-9;
    const read = kv.tiers.reduce((sum, tier) => sum + tier.readGBpsNeeded, 0);
    expect(read / expectedRead).toBeGreaterThan(0.9);
    expect(read / expectedRead).toBeLessThan(1.1);
  });

  it("buys storage nodes where the system has no host or NVMe figure, and their power joins the breakdown", () => {
    const design = withOffload.designs.find((entry) => entry.systemId === "nvidia-gb200-nvl72")!;
    const kv = design.kvOffload!;
    expect(kv.tiers.map((tier) => tier.tier)).toEqual(["storage-nodes"]);
    expect(kv.storageNodeCount).toBeGreaterThan(0);
    const storageWatts = design.power.nodes.find((node) => node.id === "storage")!.watts;
    expect(storageWatts).toBe(kv.storageNodeCount * DDN_AI400X2.powerWatts);
    const line = design.bom.find((entry) => entry.category === "storage")!;
    expect(line.quantity).toBe(kv.storageNodeCount);
    // Energy conservation: the leaves still add up to the grid power used, and the storage costs GPUs, never adds.
    const leaves = design.power.nodes.filter((node) => node.leaf).reduce((sum, node) => sum + node.watts, 0);
    expect(leaves).toBeCloseTo(design.power.gridUsedWatts, 0);
    const plain = without.designs.find((entry) => entry.systemId === "nvidia-gb200-nvl72")!;
    expect(design.acceleratorCount).toBeLessThanOrEqual(plain.acceleratorCount);
  });

  it("without the option, a serving design has no KV offload and buys no storage", () => {
    for (const design of without.designs) {
      expect(design.kvOffload).toBeUndefined();
      expect(design.bom.some((entry) => entry.category === "storage")).toBe(false);
    }
  });

  it("ignores the option for pretraining, with a warning", () => {
    const result = designSite({
      site: input.site,
      candidates: [{ systemId: "nvidia-dgx-b200" }],
      workload: {
        kind: "pretraining",
        model: "llama-3.1-8b",
        tokens: 1e12,
        globalBatchSequences: 512,
        sequenceTokens: 8192,
      },
      storage: { kvOffload: { retainedContextCount: 1000 } },
    });
    expect(result.designs[0]?.kvOffload).toBeUndefined();
    expect(result.designs[0]?.warnings).toContain("storage.kvOffload applies to serving workloads: ignored");
  });

  it("names the field of a bad option", () => {
    expect(() =>
      designSite({ ...input, storage: { kvOffload: { retainedContextCount: 0 } } } as SiteDesignInput),
    ).toThrow(/storage\.kvOffload\.retainedContextCount/);
  });
});

describe("designSite serving a model that does not fit one scale-up domain", () => {
  const site = {
    gridPowerMW: 5,
    availableQuarter: "2027-Q3",
    regionId: "us-tx",
    climate: "hot" as const,
    cooling: "direct-to-chip-liquid" as const,
  };
  // DeepSeek-V3 in FP8 is 671 GB of weights: more than one 8 x 80 GB H100 domain holds.
  const workload = {
    kind: "serving" as const,
    model: "deepseek-v3",
    inputTokens: 4096,
    outputTokens: 1024,
    ttftMs: 2000,
    tpotMs: 50,
  };

  it("spreads the experts over several domains across the scale-out fabric, and says so", () => {
    const result = designSite({ site, candidates: [{ systemId: "nvidia-dgx-h100" }], workload });
    const design = result.designs[0]!;
    expect(design.production?.kind).toBe("serving");
    expect(design.warnings.some((line) => line.includes("expert parallelism spans up to 256 GPUs"))).toBe(true);
  });

  it("network.maxEp caps the expert parallelism: inside one domain nothing is served", () => {
    const result = designSite({
      site,
      candidates: [{ systemId: "nvidia-dgx-h100" }],
      workload,
      network: { maxEp: 8 },
    });
    const design = result.designs[0]!;
    expect(design.production).toBeUndefined();
    expect(design.warnings.some((line) => line.startsWith("production not computed"))).toBe(true);
  });

  it("a model that fits one domain keeps its search (no fallback warning)", () => {
    const result = designSite({ site, candidates: [{ systemId: "nvidia-dgx-b200" }], workload });
    expect(result.designs[0]?.warnings.some((line) => line.includes("expert parallelism spans"))).toBe(false);
  });
});
