import { finitePositive, InvalidInputError, positiveInt, ratio, type Source } from "@aifactory/core";
import { BUILT_IN_STORAGE_TIERS } from "@aifactory/hardware";
import { z } from "zod";

/**
 * The KV-cache offload tiers a serving site can size, fastest first: host DRAM in each system (over the GPUs' host
 * links), the systems' local NVMe drives, and shared storage nodes on the storage network (LMCache, NVIDIA Dynamo's
 * KV block manager and similar offload the prefix cache to these levels).
 *
 * @example
 * ```ts
 * import { KV_OFFLOAD_TIERS } from "@aifactory/planner";
 * KV_OFFLOAD_TIERS[0]; // "host-dram"
 * ```
 * @since 0.8.0
 * @category Site
 */
export const KV_OFFLOAD_TIERS = ["host-dram", "local-nvme", "storage-nodes"] as const;

/**
 * What a serving site keeps of its KV cache outside HBM so that returning requests (multi-turn chats, agent
 * sessions, shared system prompts) reuse their prefix instead of recomputing it: the number of contexts retained,
 * their length, the share of input tokens that hit, and which tiers hold them.
 *
 * @example
 * ```ts
 * import { kvOffloadInputSchema } from "@aifactory/planner";
 * const input = kvOffloadInputSchema.parse({ retainedContextCount: 100_000 });
 * input.tiers; // ["host-dram", "local-nvme", "storage-nodes"]
 * ```
 * @since 0.8.0
 * @category Site
 */
export const kvOffloadInputSchema = z
  .object({
    retainedContextCount: positiveInt.describe("contexts (sessions, prefixes) kept reusable across the site"),
    contextTokens: positiveInt
      .optional()
      .describe("tokens per retained context (default: the workload's input + output tokens)"),
    hitRatio: ratio
      .optional()
      .describe("share of input tokens read back from the offload tiers (default: the workload's prefixHitRatio)"),
    tiers: z
      .array(z.enum(KV_OFFLOAD_TIERS))
      .min(1)
      .default(() => [...KV_OFFLOAD_TIERS])
      .describe("tiers that hold the retained KV, filled in this order"),
    hostMemoryKvRatio: ratio
      .default(0.5)
      .describe("share of each system's host DRAM given to KV blocks (the rest: OS, runtime, pinned buffers)"),
    localNvmeKvRatio: ratio.default(0.8).describe("share of each system's local NVMe data drives given to KV blocks"),
    hostLinkGBpsPerAccelerator: finitePositive
      .optional()
      .describe("host link per accelerator and direction, GB/s (default: PCIe 5.0 x16, 63 GB/s; PCIe 4.0 on A100)"),
  })
  .strict();

/**
 * KV offload options as written.
 *
 * @since 0.8.0
 * @category Site
 */
export type KvOffloadInput = z.input<typeof kvOffloadInputSchema>;

/**
 * Usable bandwidth of a PCIe 5.0 x16 link per direction: 32 GT/s x 16 lanes x 128b/130b encoding / 8 bits =
 * 63.0 GB/s (PCI-SIG PCIe 5.0 base specification; the figure vendors round to 64 GB/s).
 *
 * @example
 * ```ts
 * import { PCIE5_X16_GBPS } from "@aifactory/planner";
 * Math.round(PCIE5_X16_GBPS * 10) / 10; // 63
 * ```
 * @since 0.8.0
 * @category Site
 */
export const PCIE5_X16_GBPS = (32 * 16 * 128) / 130 / 8;

/**
 * The same for PCIe 4.0 x16 (16 GT/s): 31.5 GB/s per direction.
 *
 * @example
 * ```ts
 * import { PCIE4_X16_GBPS } from "@aifactory/planner";
 * Math.round(PCIE4_X16_GBPS * 10) / 10; // 31.5
 * ```
 * @since 0.8.0
 * @category Site
 */
export const PCIE4_X16_GBPS = (16 * 16 * 128) / 130 / 8;

const PCIE_SOURCE: Source = {
  title: "PCI Express Base Specification, Revision 5.0 (PCI-SIG): 32 GT/s per lane, 128b/130b encoding",
  url: "https://pcisig.com/specifications",
  publisher: "PCI-SIG",
  evidence: "derived",
  note: "x16 link: 32 GT/s x 16 x 128/130 / 8 = 63.0 GB/s per direction (PCIe 4.0: 16 GT/s, 31.5 GB/s)",
};

/**
 * Local NVMe data drives per system, from the storage-tier catalog (`BUILT_IN_STORAGE_TIERS` in
 * `@aifactory/hardware`): the DGX H100 and H200 share one drive set, the DGX B200 has its own. Systems not listed
 * have no published local drive capacity here.
 */
const LOCAL_NVME_TIER_OF_SYSTEM: Readonly<Record<string, string>> = {
  "nvidia-dgx-h100": "local-nvme-dgx-h100",
  "nvidia-dgx-h200": "local-nvme-dgx-h100",
  "nvidia-dgx-b200": "local-nvme-dgx-b200",
};

/**
 * Local NVMe capacity of one system in decimal GB, from the storage-tier catalog, or undefined when none is
 * published for it.
 *
 * @param systemId - catalog system id
 * @returns capacity, GB, and the tier's sources
 * @example
 * ```ts
 * import { localNvmeOfSystem } from "@aifactory/planner";
 * localNvmeOfSystem("nvidia-dgx-b200")?.capacityGB; // 30720
 * ```
 * @since 0.8.0
 * @category Site
 */
export function localNvmeOfSystem(systemId: string): { capacityGB: number; sources: readonly Source[] } | undefined {
  const tierId = LOCAL_NVME_TIER_OF_SYSTEM[systemId];
  const tier = BUILT_IN_STORAGE_TIERS.find((entry) => entry.id === tierId);
  if (tier?.capacityGB === undefined) return undefined;
  return { capacityGB: tier.capacityGB, sources: tier.sources };
}

/**
 * What {@link sizeKvOffload} needs for one cluster size: the retained KV, the traffic it sees, and the figures of
 * each tier (per system, or per storage node).
 *
 * @since 0.8.0
 * @category Site
 */
export interface KvOffloadSizingInput {
  /** KV-cache bytes of one token across all layers (the model's, at the served KV precision). */
  kvBytesPerToken: number;
  /** Contexts kept reusable and tokens per context. */
  retainedContextCount: number;
  contextTokens: number;
  tiers: ReadonlyArray<(typeof KV_OFFLOAD_TIERS)[number]>;
  systemCount: number;
  acceleratorsPerSystem: number;
  /** Host DRAM per system, GB; undefined when not published. */
  hostMemoryGBPerSystem: number | undefined;
  hostMemoryKvRatio: number;
  /** Local NVMe per system, GB; undefined when not published. */
  localNvmeGBPerSystem: number | undefined;
  localNvmeKvRatio: number;
  hostLinkGBpsPerAccelerator: number;
  /** The storage node, when the site buys one for KV. */
  storageNode: { name: string; capacityTB?: number | undefined; readGBps: number; writeGBps: number } | undefined;
  /** Site-wide KV traffic: bytes read back for hits and bytes written for new tokens, GB/s. 0 when not yet known. */
  hitReadGBps: number;
  newKvWriteGBps: number;
}

/**
 * One tier of a sized KV offload.
 *
 * @since 0.8.0
 * @category Site
 */
export interface KvOffloadTierSizing {
  tier: (typeof KV_OFFLOAD_TIERS)[number];
  /** Capacity given to KV on this tier across the site, bytes (storage nodes: what the node count holds). */
  capacityBytes: number;
  /** Retained KV placed on this tier, bytes. */
  usedBytes: number;
  /** Share of the retained KV (and so of the hits, with reuse spread evenly over retained contexts) on this tier. */
  hitShareRatio: number;
  /** Read bandwidth the hits on this tier need, GB/s, and what the tier offers (undefined: no published figure). */
  readGBpsNeeded: number;
  readGBpsAvailable: number | undefined;
  /** Write bandwidth new KV on this tier needs, GB/s, and what it offers. */
  writeGBpsNeeded: number;
  writeGBpsAvailable: number | undefined;
}

/**
 * The KV offload of a serving site at one cluster size.
 *
 * @since 0.8.0
 * @category Site
 */
export interface KvOffloadSizing {
  kvBytesPerToken: number;
  retainedTokens: number;
  requiredBytes: number;
  tiers: KvOffloadTierSizing[];
  /** Storage nodes bought for KV: enough for their share of the capacity, reads and writes. */
  storageNodeCount: number;
  /** What the storage node count is set by. */
  storageNodesSetBy: "capacity" | "read-bandwidth" | "write-bandwidth" | undefined;
  /** Retained KV that no tier holds, bytes (0 when it all fits). */
  unplacedBytes: number;
  assumptions: string[];
  warnings: string[];
  sources: Source[];
}

/**
 * Sizes the KV-cache offload tiers of a serving site: the retained contexts' KV (`retainedContextCount x
 * contextTokens x kvBytesPerToken`) fills the chosen tiers fastest first (host DRAM, local NVMe, then storage
 * nodes); hits are spread over the tiers in proportion to the KV each holds (reuse spread evenly over retained
 * contexts), so each tier's read bandwidth need is its share of `hitReadGBps`, and new KV is written to the tiers in
 * the same proportion. Storage nodes are bought for the larger of their capacity, read and write needs. Host DRAM
 * reads go over each accelerator's host link; local NVMe has no published bandwidth in the catalog, so its need is
 * reported and not checked. HBM holds the batch in flight, not the retained contexts (a conservative bound: HBM
 * left over after the batch also serves hits).
 *
 * @param input - the retained KV, its traffic and each tier's figures
 * @returns capacity and bandwidth per tier, storage nodes, and what did not fit
 * @throws InvalidInputError for a non-positive KV size or a negative count
 * @example
 * ```ts
 * import { sizeKvOffload } from "@aifactory/planner";
 * const sized = sizeKvOffload({
 *   kvBytesPerToken: 163_840, retainedContextCount: 100_000, contextTokens: 8_000, tiers: ["host-dram", "storage-nodes"],
 *   systemCount: 100, acceleratorsPerSystem: 8, hostMemoryGBPerSystem: 2000, hostMemoryKvRatio: 0.5,
 *   localNvmeGBPerSystem: 30_720, localNvmeKvRatio: 0.8, hostLinkGBpsPerAccelerator: 63,
 *   storageNode: { name: "DDN AI400X2", capacityTB: 250, readGBps: 90, writeGBps: 65 },
 *   hitReadGBps: 500, newKvWriteGBps: 100,
 * });
 * sized.storageNodeCount; // 2
 * ```
 * @since 0.8.0
 * @category Site
 */
export function sizeKvOffload(input: KvOffloadSizingInput): KvOffloadSizing {
  const problems = [
    ["kvBytesPerToken", input.kvBytesPerToken, false],
    ["retainedContextCount", input.retainedContextCount, false],
    ["contextTokens", input.contextTokens, false],
    ["systemCount", input.systemCount, true],
    ["hitReadGBps", input.hitReadGBps, true],
    ["newKvWriteGBps", input.newKvWriteGBps, true],
  ]
    .filter(([, value, zeroOk]) => !(Number.isFinite(value) && ((value as number) > 0 || (zeroOk && value === 0))))
    .map(([path, value, zeroOk]) => ({
      path: path as string,
      message: zeroOk ? "must be a finite number >= 0" : "must be a finite number > 0",
      received: value,
    }));
  if (problems.length > 0) throw new InvalidInputError("KV offload sizing", problems);

  const retainedTokens = input.retainedContextCount * input.contextTokens;
  const requiredBytes = retainedTokens * input.kvBytesPerToken;
  const assumptions = [
    `retained KV: ${input.retainedContextCount} contexts x ${input.contextTokens} tokens x ${input.kvBytesPerToken} B/token = ${(requiredBytes / 1e12).toFixed(1)} TB`,
    "HBM holds the batch in flight; retained contexts live in the offload tiers, and hits are spread over the tiers in proportion to the KV each holds",
  ];
  const warnings: string[] = [];
  const sources: Source[] = [];
  const tiers: KvOffloadTierSizing[] = [];
  let left = requiredBytes;
  const accelerators = input.systemCount * input.acceleratorsPerSystem;
  let storageNodeCount = 0;
  let storageNodesSetBy: KvOffloadSizing["storageNodesSetBy"];
  for (const tier of input.tiers) {
    if (tier === "host-dram" || tier === "local-nvme") {
      // Both sit in every system: capacity per system x the share given to KV.
      const dram = tier === "host-dram";
      const perSystemGB = dram ? input.hostMemoryGBPerSystem : input.localNvmeGBPerSystem;
      if (perSystemGB === undefined) {
        warnings.push(
          dram
            ? "host DRAM tier skipped: the system has no published host memory"
            : "local NVMe tier skipped: the system has no published local drive capacity",
        );
        continue;
      }
      const capacityBytes =
        input.systemCount * perSystemGB * 1e9 * (dram ? input.hostMemoryKvRatio : input.localNvmeKvRatio);
      const usedBytes = Math.min(left, capacityBytes);
      left -= usedBytes;
      // Host DRAM is read over each accelerator's host link; the catalog has no local drive bandwidth.
      const linkGBps = dram ? accelerators * input.hostLinkGBpsPerAccelerator : undefined;
      tiers.push({
        tier,
        capacityBytes,
        usedBytes,
        hitShareRatio: 0,
        readGBpsNeeded: 0,
        readGBpsAvailable: linkGBps,
        writeGBpsNeeded: 0,
        writeGBpsAvailable: linkGBps,
      });
      if (dram) sources.push(PCIE_SOURCE);
    } else {
      const node = input.storageNode;
      if (left <= 0) continue;
      if (node === undefined) {
        warnings.push('storage-node tier skipped: storage.node is "none"');
        continue;
      }
      if (node.capacityTB === undefined) {
        warnings.push(`storage-node tier skipped: ${node.name} has no capacity figure (give capacityTB)`);
        continue;
      }
      const nodeBytes = node.capacityTB * 1e12;
      const usedBytes = left;
      left = 0;
      tiers.push({
        tier,
        capacityBytes: Math.ceil(usedBytes / nodeBytes) * nodeBytes,
        usedBytes,
        hitShareRatio: 0,
        readGBpsNeeded: 0,
        readGBpsAvailable: undefined,
        writeGBpsNeeded: 0,
        writeGBpsAvailable: undefined,
      });
    }
  }
  const placed = requiredBytes - left;
  for (const tier of tiers) {
    tier.hitShareRatio = placed > 0 ? tier.usedBytes / placed : 0;
    tier.readGBpsNeeded = input.hitReadGBps * tier.hitShareRatio;
    tier.writeGBpsNeeded = input.newKvWriteGBps * tier.hitShareRatio;
    if (tier.tier === "storage-nodes" && input.storageNode !== undefined && tier.usedBytes > 0) {
      const node = input.storageNode;
      const byCapacity = Math.ceil(tier.usedBytes / ((node.capacityTB ?? 0) * 1e12));
      const byRead = Math.ceil(tier.readGBpsNeeded / node.readGBps);
      const byWrite = Math.ceil(tier.writeGBpsNeeded / node.writeGBps);
      storageNodeCount = Math.max(byCapacity, byRead, byWrite);
      storageNodesSetBy =
        storageNodeCount === byCapacity
          ? "capacity"
          : storageNodeCount === byRead
            ? "read-bandwidth"
            : "write-bandwidth";
      tier.capacityBytes = storageNodeCount * (node.capacityTB ?? 0) * 1e12;
      tier.readGBpsAvailable = storageNodeCount * node.readGBps;
      tier.writeGBpsAvailable = storageNodeCount * node.writeGBps;
      assumptions.push(
        `${storageNodeCount} x ${node.name} hold ${Math.round(tier.usedBytes / 1e12)} TB of KV and serve ${Math.round(tier.readGBpsNeeded)} GB/s of reads; the storage network that carries them is not sized here`,
      );
    }
    const available = tier.readGBpsAvailable;
    if (available !== undefined && tier.readGBpsNeeded > available * (1 + 1e-9)) {
      warnings.push(
        `${tier.tier}: hits need ${tier.readGBpsNeeded.toFixed(0)} GB/s of reads, the tier offers ${available.toFixed(0)} GB/s; reloads will queue (or recompute wins)`,
      );
    }
    if (tier.tier === "local-nvme" && tier.readGBpsNeeded > 0) {
      assumptions.push(
        `local NVMe must deliver ${tier.readGBpsNeeded.toFixed(0)} GB/s of reads site-wide (${(tier.readGBpsNeeded / Math.max(1, input.systemCount)).toFixed(1)} GB/s per system): not checked, the catalog has no drive bandwidth`,
      );
    }
  }
  if (left > 0) {
    warnings.push(
      `${(left / 1e12).toFixed(1)} TB of retained KV fits no tier: add the storage-nodes tier, or retain fewer contexts`,
    );
  }
  return {
    kvBytesPerToken: input.kvBytesPerToken,
    retainedTokens,
    requiredBytes,
    tiers,
    storageNodeCount,
    storageNodesSetBy,
    unplacedBytes: left,
    assumptions,
    warnings,
    sources,
  };
}
