import { catalogEntries, type Source } from "@aifactory/core";
import type { Fabric } from "../fabric";

const AIC = (file: string): Source => ({
  title: `NVIDIA AIConfigurator system spec ${file}`,
  url: `https://github.com/ai-dynamo/aiconfigurator/blob/095f58a51c4ca8e61b66ec108d86f223f8d559ce/aic-core/src/aiconfigurator_core/systems/${file}`,
  publisher: "NVIDIA",
  locator: "gpu/node blocks",
  evidence: "verified",
});

const INFERENCEX: Source = {
  title: "InferenceX-app GPU specs catalog (gpu-specs.ts; GPL-3.0, facts only)",
  url: "https://github.com/SemiAnalysisAI/InferenceX-app/blob/77ca49a679198bbf593bd1a57fe26a27c9967bb3/packages/app/src/lib/gpu-specs.ts",
  publisher: "SemiAnalysis",
  locator: "GPU_SPECS",
  evidence: "verified",
};

const SCALING_BOOK: Source = {
  title: "How to Scale Your Model (jax-ml/scaling-book), TPUs chapter",
  url: "https://github.com/jax-ml/scaling-book/blob/0819a7d8c55ddc113f5cba0285a5f97380cac1e3/tpus.md",
  publisher: "Google DeepMind",
  locator: "TPU spec and ICI tables",
  evidence: "verified",
};

const GCP_TPU = (version: string, url: string): Source => ({
  title: `Google Cloud TPU documentation, TPU ${version}`,
  url,
  publisher: "Google",
  locator: "System architecture",
  evidence: "verified",
});

const DGX_B200_GUIDE: Source = {
  title: "NVIDIA DGX B200 User Guide, Introduction to NVIDIA DGX B200 Systems",
  url: "https://docs.nvidia.com/dgx/dgxb200-user-guide/introduction-to-dgxb200.html",
  publisher: "NVIDIA",
  locator: "Hardware Overview",
  evidence: "verified",
};

const QUANTUM2_SECONDARY: Source[] = [
  {
    title: "NVIDIA Quantum-2 knowledge-base entry",
    url: "https://yobitel.com/knowledge-base/nvidia-quantum-2",
    evidence: "secondary",
    note: "64 x 400 Gb/s per 1U, 51.2 Tb/s, SHARPv3, '~330 ns port-to-port' cut-through latency",
  },
  {
    title: "NVIDIA Quantum-2 QM9700 vs Spectrum-4 SN5400",
    url: "https://www.router-switch.com/faq/nvidia-quantum-2-qm9700-vs-spectrum-4-sn5400.html",
    evidence: "secondary",
    note: "'port-to-port latency of under 150 nanoseconds'",
  },
];

// The entries with their literal ids (for `BuiltInFabricId`); exported below as `readonly Fabric[]`.
const BUILT_IN_FABRICS_ENTRIES = catalogEntries<Fabric>()([
  {
    id: "nvlink-3",
    name: "NVLink 3 with NVSwitch (A100 HGX)",
    vendor: "nvidia",
    tier: "scale-up",
    family: "nvlink",
    generation: "3",
    linkBandwidthGBpsPerDirection: 25,
    linksPerAccelerator: 12,
    perAcceleratorBandwidthGBpsPerDirection: 300,
    maxDomainSize: 8,
    topologies: ["switched-full-bisection"],
    notes: [
      "NVIDIA quotes 600 GB/s per GPU, the sum of both directions; AIConfigurator stores 300 GB/s per direction.",
    ],
    fieldEvidence: { linkBandwidthGBpsPerDirection: "derived", linksPerAccelerator: "secondary" },
    sources: [AIC("a100_sxm.yaml")],
  },
  {
    id: "nvlink-4",
    name: "NVLink 4 with NVSwitch gen 3 (H100/H200 HGX)",
    vendor: "nvidia",
    tier: "scale-up",
    family: "nvlink",
    generation: "4",
    linkBandwidthGBpsPerDirection: 25,
    linksPerAccelerator: 18,
    perAcceleratorBandwidthGBpsPerDirection: 450,
    maxDomainSize: 256,
    topologies: ["switched-full-bisection"],
    notes: [
      "900 GB/s per GPU as NVIDIA states it is bidirectional: 18 links x 25 GB/s x 2 directions.",
      "An HGX board is an 8-GPU domain; the NVLink Switch System extends a domain to 256 GPUs (rarely deployed).",
    ],
    fieldEvidence: { linkBandwidthGBpsPerDirection: "derived", maxDomainSize: "secondary" },
    sources: [AIC("h100_sxm.yaml"), INFERENCEX],
  },
  {
    id: "nvlink-5",
    name: "NVLink 5 (B200 HGX with NVSwitch gen 4; GB200/GB300 NVL72 with NVLink switch trays)",
    vendor: "nvidia",
    tier: "scale-up",
    family: "nvlink",
    generation: "5",
    linkBandwidthGBpsPerDirection: 50,
    linksPerAccelerator: 18,
    perAcceleratorBandwidthGBpsPerDirection: 900,
    maxDomainSize: 72,
    topologies: ["switched-full-bisection"],
    notes: [
      "1.8 TB/s per GPU as NVIDIA states it is bidirectional; the DGX B200 guide's 14.4 TB/s aggregate is 8 x 1.8 TB/s.",
      "An HGX/DGX B200 is an 8-GPU domain; a GB200 NVL72 rack is one 72-GPU domain.",
    ],
    fieldEvidence: { linkBandwidthGBpsPerDirection: "derived", linksPerAccelerator: "secondary" },
    sources: [AIC("b200_sxm.yaml"), AIC("gb200.yaml"), DGX_B200_GUIDE],
  },
  {
    id: "amd-infinity-fabric-mi300",
    name: "AMD Infinity Fabric, 8-GPU full mesh (MI300X/MI325X platform)",
    vendor: "amd",
    tier: "scale-up",
    family: "infinity-fabric",
    linkBandwidthGBpsPerDirection: 64,
    linksPerAccelerator: 7,
    perAcceleratorBandwidthGBpsPerDirection: 448,
    maxDomainSize: 8,
    topologies: ["full-mesh"],
    notes: [
      "Each GPU has seven peer links, one to every other GPU: a pair of GPUs talks over a single 64 GB/s link, unlike NVSwitch where any pair can use all links.",
      "AMD quotes 896 GB/s bidirectional per GPU.",
    ],
    fieldEvidence: { linkBandwidthGBpsPerDirection: "derived", linksPerAccelerator: "secondary" },
    sources: [
      INFERENCEX,
      {
        title: "AMD Instinct MI300X architecture at Hot Chips 2024",
        url: "https://servethehome.com/amd-instinct-mi300x-architecture-at-hot-chips-2024",
        publisher: "ServeTheHome",
        date: "2024-08",
        evidence: "secondary",
        note: "'Each GPU has seven links for direct connectivity'",
      },
    ],
  },
  {
    id: "google-ici-v4",
    name: "Google TPU v4 ICI (3D torus with optical circuit switches)",
    vendor: "google",
    tier: "scale-up",
    family: "ici",
    generation: "v4",
    linkBandwidthGBpsPerDirection: 45,
    linksPerAccelerator: 6,
    perAcceleratorBandwidthGBpsPerDirection: 270,
    maxDomainSize: 4096,
    topologies: ["torus-3d"],
    notes: ["Pod bisection bandwidth 24 TB/s and all-reduce bandwidth 1.1 PB/s per pod (Cloud docs)."],
    fieldEvidence: { perAcceleratorBandwidthGBpsPerDirection: "derived" },
    sources: [SCALING_BOOK, GCP_TPU("v4", "https://cloud.google.com/tpu/docs/v4")],
  },
  {
    id: "google-ici-v5e",
    name: "Google TPU v5e ICI (2D torus)",
    vendor: "google",
    tier: "scale-up",
    family: "ici",
    generation: "v5e",
    linksPerAccelerator: 4,
    perAcceleratorBandwidthGBpsPerDirection: 200,
    maxDomainSize: 256,
    topologies: ["torus-2d"],
    notes: ["Cloud docs: 400 GB/s bidirectional per chip (older docs: 1,600 Gbps)."],
    fieldEvidence: { perAcceleratorBandwidthGBpsPerDirection: "derived" },
    sources: [GCP_TPU("v5e", "https://docs.cloud.google.com/tpu/docs/v5e"), SCALING_BOOK],
  },
  {
    id: "google-ici-v5p",
    name: "Google TPU v5p ICI (3D torus with optical circuit switches)",
    vendor: "google",
    tier: "scale-up",
    family: "ici",
    generation: "v5p",
    perAcceleratorBandwidthGBpsPerDirection: 600,
    maxDomainSize: 8960,
    topologies: ["torus-3d"],
    notes: ["Cloud docs: 1,200 GB/s bidirectional per chip (older docs: 4,800 Gbps)."],
    fieldEvidence: { perAcceleratorBandwidthGBpsPerDirection: "derived" },
    sources: [GCP_TPU("v5p", "https://docs.cloud.google.com/tpu/docs/v5p-training"), SCALING_BOOK],
  },
  {
    id: "google-ici-v6e",
    name: "Google TPU v6e (Trillium) ICI (2D torus)",
    vendor: "google",
    tier: "scale-up",
    family: "ici",
    generation: "v6e",
    linksPerAccelerator: 4,
    perAcceleratorBandwidthGBpsPerDirection: 400,
    maxDomainSize: 256,
    topologies: ["torus-2d"],
    notes: [
      "Cloud docs: 800 GB/s bidirectional per chip; the scaling book gives 90 GB/s one-way per link (360 GB/s for 4 links), a little lower.",
    ],
    fieldEvidence: { perAcceleratorBandwidthGBpsPerDirection: "derived" },
    sources: [GCP_TPU("v6e", "https://docs.cloud.google.com/tpu/docs/v6e.md.txt"), SCALING_BOOK],
  },
  {
    id: "google-ici-7x",
    name: "Google TPU7x (Ironwood) ICI (3D torus)",
    vendor: "google",
    tier: "scale-up",
    family: "ici",
    generation: "7x",
    perAcceleratorBandwidthGBpsPerDirection: 600,
    maxDomainSize: 9216,
    topologies: ["torus-3d"],
    notes: ["1.2 TB/s bidirectional per chip as reported; superpods of up to 9,216 chips."],
    fieldEvidence: { perAcceleratorBandwidthGBpsPerDirection: "derived" },
    sources: [GCP_TPU("7x (Ironwood)", "https://docs.cloud.google.com/tpu/docs/tpu7x")],
  },
  {
    id: "aws-neuronlink-v3",
    name: "AWS NeuronLink-v3 (Trainium2; 2D torus in a Trn2 instance, 64-chip UltraServer)",
    vendor: "aws",
    tier: "scale-up",
    family: "neuronlink",
    generation: "v3",
    linksPerAccelerator: 4,
    perAcceleratorBandwidthGBpsPerDirection: 640,
    maxDomainSize: 64,
    topologies: ["torus-2d"],
    notes: [
      "AWS states 1.28 TB/s per device without a direction; 640 per direction assumes it is the sum of both (estimate).",
    ],
    fieldEvidence: { perAcceleratorBandwidthGBpsPerDirection: "estimate", maxDomainSize: "secondary" },
    sources: [
      {
        title: "AWS Neuron documentation v2.29.0, Trainium2 Architecture",
        url: "https://awsdocs-neuron.readthedocs-hosted.com/en/v2.29.0/_sources/about-neuron/arch/neuron-hardware/trainium2.rst",
        publisher: "AWS",
        locator: "Trainium2 chip components",
        evidence: "verified",
      },
    ],
  },
  {
    id: "intel-gaudi-3-roce",
    name: "Intel Gaudi 3 on-die RoCE v2 (24 x 200 GbE)",
    vendor: "intel",
    tier: "scale-up",
    family: "ethernet",
    generation: "200GbE",
    linkBandwidthGBpsPerDirection: 25,
    linksPerAccelerator: 24,
    perAcceleratorBandwidthGBpsPerDirection: 600,
    maxDomainSize: 8,
    topologies: ["full-mesh", "fat-tree"],
    notes: [
      "24 ports x 200 Gb/s = 4.8 Tb/s = 600 GB/s per direction across all ports; in an 8-card node some ports form the all-to-all mesh and the rest go to scale-out.",
    ],
    fieldEvidence: { perAcceleratorBandwidthGBpsPerDirection: "derived", linkBandwidthGBpsPerDirection: "derived" },
    sources: [
      {
        title:
          "Intel Gaudi 3 AI Accelerator: Architected for Gen AI Training and Inference (R. Kaplan, Hot Chips 2024), slide copy",
        url: "https://www.sgpjbg.com/baogao/465025.html",
        publisher: "Intel",
        date: "2024-08",
        locator: "Intel Gaudi 3 Spec and Block Diagram",
        evidence: "secondary",
        note: "24x 200GbE RoCE via 48 112G PAM4 SerDes; networking 1,200 GB/s bidirectional",
      },
    ],
  },
  {
    id: "infiniband-hdr",
    name: "InfiniBand HDR (200 Gb/s)",
    vendor: "nvidia",
    tier: "scale-out",
    family: "infiniband",
    generation: "HDR",
    portGbitps: 200,
    topologies: ["fat-tree", "rail-optimized"],
    inNetworkReduction: true,
    notes: ["DGX A100 uses one 200 Gb/s HDR ConnectX-6 per GPU (AIConfigurator: 25 GB/s per GPU)."],
    sources: [AIC("a100_sxm.yaml")],
  },
  {
    id: "infiniband-ndr",
    name: "InfiniBand NDR (400 Gb/s, NVIDIA Quantum-2)",
    vendor: "nvidia",
    tier: "scale-out",
    family: "infiniband",
    generation: "NDR",
    portGbitps: 400,
    switchRadix: 64,
    portToPortLatencyNsRange: { min: 150, max: 330 },
    inNetworkReduction: true,
    topologies: ["fat-tree", "rail-optimized"],
    notes: [
      "Quantum-2 (QM9700/QM9790): 64 ports of 400 Gb/s in 1U, 51.2 Tb/s aggregate bidirectional, SHARPv3 in-network reduction.",
      "Port-to-port latency disagrees between secondary pages ('under 150 ns' vs '~330 ns'); the range keeps both and is an estimate.",
      "DGX H100/H200/B200 use eight 400 Gb/s ConnectX-7 adapters for the compute fabric (one per GPU).",
    ],
    fieldEvidence: { switchRadix: "secondary", portToPortLatencyNsRange: "estimate", inNetworkReduction: "secondary" },
    sources: [
      {
        title: "NVIDIA DGX BasePOD reference architecture, Core Components",
        url: "https://docs.nvidia.com/dgx-basepod/reference-architecture-infrastructure-foundation-enterprise-ai/latest/core-components.html",
        publisher: "NVIDIA",
        evidence: "verified",
      },
      ...QUANTUM2_SECONDARY,
    ],
  },
  {
    id: "infiniband-xdr",
    name: "InfiniBand XDR (800 Gb/s, ConnectX-8)",
    vendor: "nvidia",
    tier: "scale-out",
    family: "infiniband",
    generation: "XDR",
    portGbitps: 800,
    topologies: ["fat-tree", "rail-optimized"],
    notes: [
      "B300/GB300 systems pair each GPU with a ConnectX-8 at 800 Gb/s (InferenceX lists 2 x 400 GbE; AIConfigurator models 100 GB/s per GPU).",
    ],
    sources: [
      { ...AIC("b300_sxm.yaml"), evidence: "secondary" },
      { ...INFERENCEX, evidence: "secondary" },
    ],
  },
  {
    id: "ethernet-roce-400g",
    name: "RoCE v2 Ethernet at 400 Gb/s (e.g. ConnectX-7 / BlueField-3 on Spectrum switches)",
    tier: "scale-out",
    family: "ethernet",
    generation: "400GbE",
    portGbitps: 400,
    topologies: ["fat-tree", "rail-optimized"],
    notes: ["The same ConnectX-7 adapters run 400 GbE or NDR InfiniBand (DGX B200 guide)."],
    sources: [DGX_B200_GUIDE],
  },
  {
    id: "aws-efa-p5",
    name: "AWS Elastic Fabric Adapter on p5.48xlarge (8 x H100)",
    vendor: "aws",
    tier: "scale-out",
    family: "efa",
    generation: "v2",
    portGbitps: 400,
    topologies: ["fat-tree"],
    notes: [
      "AWS advertises 3,200 Gbps of EFA networking per p5.48xlarge (32 EFA devices of 100 Gbps), i.e. 400 Gb/s per GPU; modelled here as one 400 Gb/s port per GPU.",
    ],
    fieldEvidence: { portGbitps: "derived" },
    sources: [
      {
        title:
          "Amazon EC2 User Guide, Maximize network bandwidth on instances with multiple network cards (EFA configuration for P5)",
        url: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa-acc-inst-types.md",
        publisher: "AWS",
        evidence: "secondary",
        note: "P5 instances need a specific multi-card EFA configuration",
      },
      {
        title: "Amazon EC2 Capacity Blocks for ML pricing (instance table)",
        url: "https://aws.amazon.com/ec2/capacityblocks/pricing/",
        publisher: "AWS",
        date: "2024-12",
        locator: "p5.48xlarge row: Network Performance",
        evidence: "secondary",
        note: "p5.48xlarge: 8 x H100, 3200 Gigabit network performance (read from a mirrored copy of the page)",
      },
    ],
  },
  {
    id: "aws-efa-v3-trn2",
    name: "AWS Elastic Fabric Adapter v3 on Trn2 (16 x Trainium2)",
    vendor: "aws",
    tier: "scale-out",
    family: "efa",
    generation: "v3",
    portGbitps: 200,
    topologies: ["fat-tree"],
    notes: ["EFAv3 3.2 Tb/s per 16-chip Trn2 instance = 200 Gb/s per chip (derived from a secondary figure)."],
    fieldEvidence: { portGbitps: "derived" },
    sources: [
      {
        title: "AWS Neuron documentation v2.29.0, Trainium2 Architecture",
        url: "https://awsdocs-neuron.readthedocs-hosted.com/en/v2.29.0/_sources/about-neuron/arch/neuron-hardware/trainium2.rst",
        publisher: "AWS",
        evidence: "secondary",
      },
    ],
  },
]);

/**
 * The built-in fabric catalog: scale-up links (NVLink, Infinity Fabric, ICI, NeuronLink, Gaudi on-die RoCE) and
 * scale-out networks (InfiniBand, RoCE Ethernet, EFA). Per-link values are derived from per-accelerator totals
 * where only the total is published (see each entry's `fieldEvidence`).
 *
 * @example
 * ```ts
 * import { BUILT_IN_FABRICS } from "@aifactory/hardware";
 * BUILT_IN_FABRICS.find((f) => f.id === "nvlink-4")?.perAcceleratorBandwidthGBpsPerDirection; // 450
 * ```
 * @since 0.1.0
 * @category Catalog data
 */
export const BUILT_IN_FABRICS: readonly Fabric[] = BUILT_IN_FABRICS_ENTRIES;

/**
 * Ids of the built-in fabrics, read from {@link BUILT_IN_FABRICS} (adding an entry adds its id).
 *
 * @example
 * ```ts
 * import type { BuiltInFabricId } from "@aifactory/hardware";
 * const id: BuiltInFabricId = "nvlink-4";
 * ```
 * @useDeclaredType
 * @since 0.8.0
 * @category Catalog data
 */
export type BuiltInFabricId = (typeof BUILT_IN_FABRICS_ENTRIES)[number]["id"];
