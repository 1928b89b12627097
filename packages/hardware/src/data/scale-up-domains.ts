import type { ScaleUpDomain } from "../fabric-design/scale-up-domain";

/**
 * The built-in scale-up domains the fabric designer counts: GB200 NVL72 (72 GPUs, 9 NVLink switch trays, 18
 * NVLink switch chips; one NVLink 5 link from every GPU to every chip).
 *
 * @example
 * ```ts
 * import { BUILT_IN_SCALE_UP_DOMAINS } from "@aifactory/hardware";
 * BUILT_IN_SCALE_UP_DOMAINS.find((d) => d.id === "nvidia-gb200-nvl72")?.switchChipsPerDomain; // 18
 * ```
 * @since 0.2.0
 * @category Catalog data
 */
export const BUILT_IN_SCALE_UP_DOMAINS: readonly ScaleUpDomain[] = [
  {
    id: "nvidia-gb200-nvl72",
    name: "NVIDIA GB200 NVL72 rack (NVLink 5 domain)",
    acceleratorsPerDomain: 72,
    switchTraysPerDomain: 9,
    switchChipsPerDomain: 18,
    linksPerAccelerator: 18,
    switchTrayPowerWatts: 400,
    notes: [
      "18 compute trays (4 GPUs each) and 9 NVLink switch trays of 2 NVLink switch chips; each GPU has one NVLink 5 link to each of the 18 chips (1.8 TB/s).",
      "Switch-tray power 400 W = 3.6 kW for 9 trays (Supermicro's rack breakdown, secondary).",
    ],
    fieldEvidence: { switchTrayPowerWatts: "derived" },
    sources: [
      {
        title: "NVIDIA DGX SuperPOD Reference Architecture with DGX GB200, Network Fabrics",
        url: "https://docs.nvidia.com/dgx-superpod/reference-architecture-scalable-infrastructure-gb200/latest/network-fabrics.html",
        publisher: "NVIDIA",
        locator: "Multi-node NVLink Fabric (NVL5)",
        evidence: "verified",
        note: "each DGX GB200 rack: 18 compute trays and 9 NVLink switch trays, each tray 2 NVLink switch chips; each GPU 18 NVL5 links, one to each chip",
      },
      {
        title: "Why the NVIDIA GB300 NVL72 (Blackwell Ultra) Matters (Introl), citing Supermicro's rack breakdown",
        url: "https://introl.com/blog/why-nvidia-gb300-nvl72-blackwell-ultra-matters",
        publisher: "Introl",
        locator: "1. Dissecting the rack",
        evidence: "secondary",
        note: "9 NVLink switch trays 3.6 kW (the Oberon rack is shared by GB200 and GB300 NVL72)",
      },
    ],
  },
];
