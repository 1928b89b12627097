import type { Source } from "@aifactory/core";

/**
 * Sources of the DDN AI400X2 figures: DDN's reference architecture for NVIDIA Cloud Partners (the appliance the
 * A³I designs scale with) and a public configuration file that lists the appliance's datasheet figures.
 *
 * @example
 * ```ts
 * import { DDN_AI400X2_SOURCES } from "@aifactory/planner";
 * DDN_AI400X2_SOURCES.length; // 2
 * ```
 * @since 0.7.0
 * @category Site
 */
export const DDN_AI400X2_SOURCES: readonly Source[] = [
  {
    title: "DDN A³I Solutions for NVIDIA Cloud Partners (reference architecture)",
    url: "https://ddn.com/resources/reference-architectures/ddn-a3i-solutions-for-nvidia-cloud-partners",
    publisher: "DDN",
    evidence: "secondary",
    note: "the reference architecture that scales HGX clusters with AI400X2 (Turbo) appliances; its figures were read through the copy below, not on the page itself",
  },
  {
    title: "Infrastructure configuration data, 'DDN AI400X2 Specifications (from official documentation)'",
    publisher:
      "public GitHub repository (Cerebras + DDN sizing tool, data 'CerebrasDDN.json - January 2026'), found by code search",
    evidence: "secondary",
    note: "readThroughput 90 GB/s (110 GB/s Turbo), writeThroughput 65 GB/s, 3 million IOPS, power 2.2 kW per appliance (cooling 7.4 kBTU/h = 2.17 kW), 2U, capacity options 120 / 250 / 500 TB",
  },
];

/**
 * The built-in storage node of {@link designSite}: a DDN AI400X2 all-NVMe appliance (2U; EXAScaler / Lustre), the
 * storage DDN pairs with NVIDIA DGX SuperPOD and HGX clusters. 90 GB/s read, 65 GB/s write, 2.2 kW, 250 TB (the
 * middle of the 120 / 250 / 500 TB options), all secondary copies of DDN's figures (see
 * {@link DDN_AI400X2_SOURCES}); no public price. A training site sizes its appliance count from the checkpoint
 * write bandwidth with it unless `storage.node` names another.
 *
 * @example
 * ```ts
 * import { DDN_AI400X2 } from "@aifactory/planner";
 * DDN_AI400X2.writeGBps; // 65
 * ```
 * @since 0.7.0
 * @category Site
 */
export const DDN_AI400X2 = {
  id: "ddn-ai400x2",
  name: "DDN AI400X2 (2U all-NVMe appliance)",
  readGBps: 90,
  writeGBps: 65,
  powerWatts: 2200,
  capacityTB: 250,
  source:
    "DDN AI400X2: 90 GB/s read, 65 GB/s write, 2.2 kW, 2U, 120/250/500 TB options (secondary copies of DDN's datasheet; DDN A³I reference architecture for NVIDIA Cloud Partners)",
  sources: [...DDN_AI400X2_SOURCES],
} as const;

/**
 * The built-in storage nodes by id.
 *
 * @example
 * ```ts
 * import { BUILT_IN_STORAGE_NODES } from "@aifactory/planner";
 * BUILT_IN_STORAGE_NODES.map((node) => node.id); // ["ddn-ai400x2"]
 * ```
 * @since 0.7.0
 * @category Site
 */
export const BUILT_IN_STORAGE_NODES = [DDN_AI400X2] as const;
