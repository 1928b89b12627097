import type { Source } from "@aifactory/core";
import type { FabricSwitch } from "../fabric-design/fabric-switch";

const QM97_MANUAL: Source = {
  title: "NVIDIA QM97XX 1U NDR 400Gb/s InfiniBand Switch Systems User Manual, Interfaces",
  url: "https://docs.nvidia.com/networking/display/QM97X0PUB/Interfaces",
  publisher: "NVIDIA",
  locator: "Interfaces: 'Each OSFP port consists of 2 logical InfiniBand ports'; Class 8 (17W) OSFP112 transceivers",
  evidence: "verified",
};

const SUPERPOD_H100_FABRICS: Source = {
  title: "NVIDIA DGX SuperPOD Reference Architecture with DGX H100, Network Fabrics",
  url: "https://docs.nvidia.com/dgx-superpod/reference-architecture-scalable-infrastructure-h100/latest/network-fabrics.html",
  publisher: "NVIDIA",
  locator: "Compute—InfiniBand Fabric; Table 4 Compute fabric component count",
  evidence: "verified",
  note: "32 nodes x 8 rails per SU on 8 leaf switches: 32 ports down and (by the spine-leaf cable count) 32 up per leaf",
};

const SUPERPOD_B300_XDR: Source = {
  title: "NVIDIA DGX SuperPOD with DGX B300, Quantum-X800 InfiniBand (RA-11339-001), DGX SuperPOD Architecture",
  url: "https://docs.nvidia.com/dgx-superpod/reference-architecture/scalable-infrastructure-b300-xdr/latest/dgx-superpod-architecture.html",
  publisher: "NVIDIA",
  locator: "Table 3 Example Compute Fabric Components",
  evidence: "derived",
  note: "72 nodes per SU on 8 rail leaves with 576 node-leaf and 576 leaf-spine cables per SU: 72 ports down + 72 up = 144 per leaf",
};

const CANOPY_WAVE_SPECS: Source = {
  title: "Canopy Wave GPU cloud documentation, 3.1 Switches (NVIDIA QM9700 and Spectrum SN5600 specification lists)",
  publisher: "Canopy Wave",
  locator: "docs/products/canopy-wave-gpu page source in a public GitHub repository (found by code search, 2026-12)",
  evidence: "secondary",
  note: "QM9700: '32x OSFP ports, 64x 400 GbE or 128x 200 GbE', 'System Power Usage: 747 W', 1U. SN5600: '64 x 800 GbE OSFP ports', 'Typical power with passive cables (ATIS): 940 W', 2U. Figures as the operator copies them from NVIDIA's datasheets; the primary datasheets were not reachable",
};

/**
 * The built-in scale-out switches for the fabric designer. Switch power is the typical power of the switch with
 * passive cables (no optics: the designer counts transceivers separately), from secondary copies of NVIDIA's
 * datasheets for QM9700 (747 W) and SN5600 (940 W); no public figure was found for Quantum-X800 Q3400, whose power
 * stays out. List prices are not public: none is given (set `priceUsd` in a custom switch to include them).
 *
 * @example
 * ```ts
 * import { BUILT_IN_FABRIC_SWITCHES } from "@aifactory/hardware";
 * BUILT_IN_FABRIC_SWITCHES.find((s) => s.id === "nvidia-quantum-2-qm9700")?.radix; // 64
 * ```
 * @since 0.2.0
 * @category Catalog data
 */
export const BUILT_IN_FABRIC_SWITCHES: readonly FabricSwitch[] = [
  {
    id: "nvidia-quantum-2-qm9700",
    name: "NVIDIA Quantum-2 QM9700 (NDR InfiniBand, 64 x 400 Gb/s, 1U)",
    family: "infiniband",
    radix: 64,
    portGbitps: 400,
    notes: [
      "32 twin-port OSFP cages, each two logical 400 Gb/s NDR ports: 64 ports as NVIDIA counts them.",
      "The unmanaged QM9790 is the same hardware (ports, ASIC) without the on-board subnet manager; the figures apply to it too.",
      "Power 747 W: 'System Power Usage' as Canopy Wave copies it from NVIDIA's QM9700 datasheet (secondary); the copy does not say whether it is typical or maximum, or whether it includes optics. It is used as the switch's power without optics (the designer adds the transceivers' power separately): if it already included 32 twin-port OSFP modules at 17 W (the manual's Class 8), a design double-counts up to 544 W per switch.",
    ],
    powerWatts: 747,
    fieldEvidence: { radix: "secondary", powerWatts: "secondary" },
    sources: [
      QM97_MANUAL,
      CANOPY_WAVE_SPECS,
      SUPERPOD_H100_FABRICS,
      {
        title: "NVIDIA Quantum-2 knowledge-base entry",
        url: "https://yobitel.com/knowledge-base/nvidia-quantum-2",
        evidence: "secondary",
        note: "64 x 400 Gb/s per 1U, 51.2 Tb/s",
      },
    ],
  },
  {
    id: "nvidia-quantum-x800-q3400",
    name: "NVIDIA Quantum-X800 Q3400-RA (XDR InfiniBand, 144 x 800 Gb/s)",
    family: "infiniband",
    radix: 144,
    portGbitps: 800,
    notes: [
      "Power left out: no public figure (datasheet, manual or secondary copy) was found; give powerWatts in a custom switch to include it.",
    ],
    fieldEvidence: { radix: "secondary" },
    sources: [
      {
        title: "What is NVIDIA Quantum X800, How it Works",
        url: "https://quantum-computing.news/what-is-nvidia-quantum-x800-how-it-works/",
        evidence: "secondary",
        note: "Quantum-X800 switches: 800 Gb/s connectivity for up to 144 ports, 200 Gb/s-per-lane SerDes",
      },
      SUPERPOD_B300_XDR,
    ],
  },
  {
    id: "nvidia-spectrum-4-sn5600",
    name: "NVIDIA Spectrum-4 SN5600 (Ethernet, 64 x 800 GbE, 2U)",
    family: "ethernet",
    radix: 64,
    portGbitps: 800,
    notes: [
      "51.2 Tb/s; each 800G port can be split into 2 x 400G (up to 256 x 100G).",
      "Power 940 W: typical power with passive cables (ATIS), as Canopy Wave copies NVIDIA's SN5600 datasheet (secondary); optics are added separately by the designer.",
    ],
    powerWatts: 940,
    fieldEvidence: { radix: "secondary", portGbitps: "secondary", powerWatts: "secondary" },
    sources: [
      CANOPY_WAVE_SPECS,
      {
        title: "NVIDIA Spectrum SN5600",
        url: "https://probsee.com/p/NVIDIA_Spectrum_SN5600",
        evidence: "secondary",
        note: "up to 64 ports of 800 GbE in 2U, Spectrum-4 ASIC, 51.2 Tbps, breakout up to 256 x 100 GbE",
      },
      {
        title: "NVIDIA Spectrum-4 SN5000 2U Switch Systems Hardware User Manual (copy)",
        url: "https://manuals.online/nvidia/switch/spectrum-4-sn5000-2u/instructions-for-use/p4r0",
        publisher: "NVIDIA",
        locator: "SN5600 Ordering Part Numbers; Speed and Switching Capabilities",
        evidence: "secondary",
      },
    ],
  },
];
