import { NotFoundError } from "@aifactory/core";
import type { AcceleratorId } from "./accelerator";
import { type AcceleratorCatalog, getAccelerator } from "./catalog";
import { BUILT_IN_STORAGE_TIERS } from "./data/storage-tiers";
import type { StorageTier } from "./storage-tier";

/**
 * Looks up a storage tier by id.
 *
 * @param id - a storage tier id, e.g. `"local-nvme-dgx-h100"`
 * @param tiers - where to look (default: the built-in tiers)
 * @returns the entry
 * @throws NotFoundError naming the nearest ids
 * @example
 * ```ts
 * import { getStorageTier } from "@aifactory/hardware";
 * getStorageTier("object-storage-s3").readRequestsPerSecond; // 5500
 * ```
 * @since 0.1.0
 * @category Storage
 */
export function getStorageTier(id: string, tiers: readonly StorageTier[] = BUILT_IN_STORAGE_TIERS): StorageTier {
  const found = tiers.find((entry) => entry.id === id);
  if (!found)
    throw new NotFoundError(
      "storage tier",
      id,
      tiers.map((entry) => entry.id),
    );
  return found;
}

/**
 * Lists storage tiers, optionally one kind, from the fastest (HBM) to the slowest (object storage).
 *
 * @param filter - `kind` (e.g. `"local-nvme"`)
 * @param tiers - where to look (default: the built-in tiers)
 * @returns matching entries in catalog order
 * @example
 * ```ts
 * import { listStorageTiers } from "@aifactory/hardware";
 * listStorageTiers({ kind: "local-nvme" }).length; // 2
 * ```
 * @since 0.1.0
 * @category Storage
 */
export function listStorageTiers(
  filter: { kind?: StorageTier["kind"] } = {},
  tiers: readonly StorageTier[] = BUILT_IN_STORAGE_TIERS,
): StorageTier[] {
  return tiers.filter((entry) => filter.kind === undefined || entry.kind === filter.kind);
}

/**
 * The HBM tier of one accelerator: its capacity and bandwidth as a storage tier, with the accelerator's sources.
 *
 * @param acceleratorId - an accelerator id
 * @param catalog - where to look (default: the built-in catalog)
 * @returns a per-accelerator `hbm` tier
 * @throws NotFoundError for an unknown accelerator
 * @example
 * ```ts
 * import { hbmTierOf } from "@aifactory/hardware";
 * hbmTierOf("nvidia-h100-sxm").readBandwidthGBps; // 3350
 * ```
 * @since 0.1.0
 * @category Storage
 */
export function hbmTierOf(acceleratorId: AcceleratorId, catalog?: AcceleratorCatalog): StorageTier {
  const accelerator = getAccelerator(acceleratorId, catalog);
  const tier: StorageTier = {
    id: `hbm-${accelerator.id}`,
    name: `Accelerator memory, ${accelerator.name}`,
    kind: "hbm",
    scope: "per-accelerator",
    example: accelerator.name,
    capacityGB: accelerator.memoryGB,
    readBandwidthGBps: accelerator.memoryBandwidthGBps,
    writeBandwidthGBps: accelerator.memoryBandwidthGBps,
    sources: accelerator.sources,
  };
  if (accelerator.notes) tier.notes = accelerator.notes.filter((note) => /memory|hbm|bandwidth/i.test(note));
  return tier;
}
