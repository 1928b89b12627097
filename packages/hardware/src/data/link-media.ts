import type { Source } from "@aifactory/core";
import type { LinkMedia } from "../fabric-design/link-media";

const MMA4Z00_NS: Source = {
  title: "NVIDIA MMA4Z00-NS 800Gb/s Twin-port OSFP, 2x400Gb/s Multimode 2xSR4, 50m, Overview",
  url: "https://docs.nvidia.com/networking/display/800GMMA4Z00NS/Overview",
  publisher: "NVIDIA",
  locator: "Overview",
  evidence: "verified",
  note: "twin-port OSFP in Quantum-2 and Spectrum-4 cages: two 400G links, two MPO-12/APC connectors, 50 m on OM4",
};

const MMA4Z00_NS_T: Source = {
  title: "NVIDIA MMA4Z00-NS-T 800Gb/s Twin-port OSFP, 2x400Gb/s Multimode, 50m, Overview",
  url: "https://docs.nvidia.com/networking/display/800gmma4z00nst/overview",
  publisher: "NVIDIA",
  locator: "Overview",
  evidence: "verified",
  note: "'Twin-port multimode OSFP transceivers remain at 15 Watts for all configurations'",
};

const MMA4Z00_NS400: Source = {
  title: "NVIDIA MMA4Z00-NS400-T 400Gb/s Single-port OSFP 400Gb/s Multimode 50m, Connectivity Scenarios",
  url: "https://docs.nvidia.com/networking/display/MMA4Z00NS400T/Connectivity+Scenarios",
  publisher: "NVIDIA",
  locator: "400Gb/s mode",
  evidence: "verified",
  note: "in 400Gb/s mode the transceiver draws 9 W maximum or 8 W typical; used in ConnectX-7 OSFP adapters",
};

const MMS4X00_NS_T: Source = {
  title: "NVIDIA MMS4X00-NS-T 800Gbps Twin-port OSFP 2x400Gb/s Single Mode 100m, Overview",
  url: "https://docs.nvidia.com/networking/display/800gmms4x00nst/overview",
  publisher: "NVIDIA",
  locator: "Overview",
  evidence: "verified",
  note: "'Twin-port single mode OSFP transceivers remain at 17 Watts for all configurations'; 100 m",
};

const MCP7Y00: Source = {
  title: "NVIDIA MCP7Y00-Nxxx 800Gb/s Twin-port 2x400G OSFP to 2x400G OSFP Passive DAC Splitter",
  url: "https://docs.nvidia.com/networking/display/MCP7Y00NXXX800pub",
  publisher: "NVIDIA",
  locator: "Introduction",
  evidence: "verified",
  note: "passive copper, 'near zero power consuming'; twin-port OSFP end for Quantum-2/Spectrum-4, two 400G OSFP ends for ConnectX-7",
};

const PORT_POWER: Source = {
  title: "NVIDIA DGX SuperPOD Data Center Design: Cabling, Port Power",
  url: "https://docs.nvidia.com/dgx-superpod/design-guide-cabling-data-centers/latest/port-power.html",
  publisher: "NVIDIA",
  evidence: "verified",
  note: "all cable types except passive copper draw power from the port",
};

/**
 * The built-in link media for the fabric designer: NVIDIA's 400G (NDR / 400GbE) twin-port OSFP transceivers
 * (multimode 50 m, single-mode 100 m) and the passive twin-port DAC splitter, with datasheet power per module.
 * No 800G module power was found in a public source, so 800G links fall back to a generic medium with unknown
 * power (the designer says so in its warnings).
 *
 * @example
 * ```ts
 * import { BUILT_IN_LINK_MEDIA } from "@aifactory/hardware";
 * BUILT_IN_LINK_MEDIA.find((m) => m.id === "nvidia-400g-multimode-sr4")?.switchEnd.powerWatts; // 15
 * ```
 * @since 0.2.0
 * @category Catalog data
 */
export const BUILT_IN_LINK_MEDIA: readonly LinkMedia[] = [
  {
    id: "nvidia-400g-multimode-sr4",
    name: "400G multimode SR4 optics: twin-port OSFP (MMA4Z00-NS) at switches, single-port OSFP (MMA4Z00-NS400) at NICs",
    kind: "transceiver",
    linkGbitps: 400,
    switchEnd: { part: "MMA4Z00-NS", linksPerModule: 2, powerWatts: 15 },
    endpointEnd: { part: "MMA4Z00-NS400", linksPerModule: 1, powerWatts: 8 },
    maxReachMeters: 50,
    fiber: "multimode MPO-12/APC crossover fiber (one per 400G link)",
    notes: ["NIC-end power is the typical 8 W; the maximum is 9 W."],
    sources: [MMA4Z00_NS, MMA4Z00_NS_T, MMA4Z00_NS400],
  },
  {
    id: "nvidia-400g-singlemode-dr4",
    name: "400G single-mode DR4 optics: twin-port OSFP (MMS4X00-NS) at switches",
    kind: "transceiver",
    linkGbitps: 400,
    switchEnd: { part: "MMS4X00-NS", linksPerModule: 2, powerWatts: 17 },
    endpointEnd: { part: "MMS4X00-NS400", linksPerModule: 1 },
    maxReachMeters: 100,
    fiber: "single-mode MPO-12/APC crossover fiber (one per 400G link)",
    notes: ["NIC-end (single-port) power left out: not found in a public source."],
    sources: [MMS4X00_NS_T],
  },
  {
    id: "nvidia-400g-passive-dac",
    name: "400G passive copper DAC splitter (MCP7Y00): twin-port OSFP to 2 x 400G OSFP",
    kind: "dac",
    linkGbitps: 400,
    switchEnd: { part: "MCP7Y00-Nxxx", linksPerModule: 2, powerWatts: 0 },
    endpointEnd: { part: "MCP7Y00-Nxxx (400G end)", linksPerModule: 1, powerWatts: 0 },
    notes: [
      "Passive copper draws no port power beyond its EEPROM (counted as 0 W).",
      "Reach left out: the lengths offered were not confirmed; DAC is for in-rack links.",
    ],
    sources: [MCP7Y00, PORT_POWER],
  },
];
