import { catalogEntries, type Source } from "@aifactory/core";
import type { System } from "../system";

const EPOCH_POWER: Source = {
  title: "Epoch AI training-cost-trends, cost_analysis_standalone.py",
  url: "https://github.com/epoch-research/training-cost-trends/blob/263c40a159307e917213d1dc433c617e47d55bfe/cost_analysis_standalone.py",
  publisher: "Epoch AI",
  locator: "power_usage_effectiveness(): DGX A100 6.5 kW, DGX H100 10.2 kW",
  evidence: "verified",
};

const DGX_BASEPOD: Source = {
  title: "NVIDIA DGX BasePOD reference architecture, Core Components",
  url: "https://docs.nvidia.com/dgx-basepod/reference-architecture-infrastructure-foundation-enterprise-ai/latest/core-components.html",
  publisher: "NVIDIA",
  locator: "NVIDIA DGX H200 and H100 Systems",
  evidence: "verified",
};

const DGX_H_POWER_SECONDARY: Source = {
  title: "NVIDIA DGX power consumption guide (quoting the DGX H100/H200 user guide power specifications)",
  url: "https://unanswered.io/guide/nvidia-dgx-power-consumption-watts",
  locator: "Power Specifications for DGX H100/H200 Systems",
  evidence: "secondary",
  note: "six 3.3 kW supplies, 4+2 redundancy, 10.2 kW maximum system input",
};

// The entries with their literal ids (for `BuiltInSystemId`); exported below as `readonly System[]`.
const BUILT_IN_SYSTEMS_ENTRIES = catalogEntries<System>()([
  {
    id: "nvidia-dgx-a100",
    name: "NVIDIA DGX A100 (640 GB)",
    vendor: "nvidia",
    acceleratorId: "nvidia-a100-sxm-80gb",
    acceleratorCount: 8,
    hostCpus: { model: "AMD EPYC 7742", count: 2, coresPerCpu: 64 },
    hostMemoryGB: 2000,
    nics: [{ model: "Mellanox ConnectX-6", count: 8, gbitpsPerPort: 200, portsPerNic: 1, purpose: "compute" }],
    systemPowerWatts: 6500,
    rackUnits: 6,
    cooling: "air",
    scaleUpDomainSize: 8,
    notes: [
      "Host memory: 1 TB in the 320 GB (A100 40 GB) model, 2 TB in the 640 GB model (secondary pages say 'up to 2 TB').",
      "rackUnits 6 derived from the published height of 264 mm (6 x 44.45 mm = 266.7 mm).",
      "Six 3 kW power supplies, half of them redundant (secondary).",
    ],
    fieldEvidence: {
      hostCpus: "secondary",
      hostMemoryGB: "secondary",
      nics: "secondary",
      rackUnits: "derived",
      cooling: "secondary",
    },
    sources: [
      EPOCH_POWER,
      {
        title: "NVIDIA DGX A100 (Ampere) has six 3 kW power supplies",
        url: "https://pcnews.ru/news/vycislitelnaa_sistema_nvidia_dgx_a100_ampere_osnasaetsa_sestu_blokami_pitania_po_3_kvt-985106.html",
        publisher: "pcnews.ru",
        evidence: "secondary",
        note: "quotes NVIDIA's DGX A100 documentation: 8x A100, up to 2 TB RAM, 2x EPYC 7742 64-core, 6,500 W maximum",
      },
      {
        title: "Nvidia anuncia el servidor DGX A100",
        url: "https://geektopia.es/es/technology/2020/05/14/noticias/nvidia-anuncia-el-servidor-dgx-a100-ocho-tesla-a100-desde-200-000-dolares.html",
        publisher: "Geektopia",
        date: "2020-05-14",
        evidence: "secondary",
        note: "dimensions 26.4 x 48.23 x 89.71 cm; eight Mellanox adapters at 200 Gb/s",
      },
    ],
  },
  {
    id: "nvidia-dgx-h100",
    name: "NVIDIA DGX H100",
    vendor: "nvidia",
    acceleratorId: "nvidia-h100-sxm",
    acceleratorCount: 8,
    hostCpus: { model: "Intel Xeon Platinum 8480C", count: 2, coresPerCpu: 56 },
    hostMemoryGB: 2000,
    nics: [
      {
        model: "NVIDIA ConnectX-7 (single-port, via 4 OSFP)",
        count: 8,
        gbitpsPerPort: 400,
        portsPerNic: 1,
        purpose: "compute",
      },
      {
        model: "NVIDIA ConnectX-7 (dual-port QSFP112)",
        count: 2,
        gbitpsPerPort: 400,
        portsPerNic: 2,
        purpose: "storage",
      },
    ],
    systemPowerWatts: 10200,
    rackUnits: 8,
    cooling: "air",
    scaleUpDomainSize: 8,
    notes: [
      "10.2 kW is the maximum input; a secondary source gives 6.5-8.5 kW typical under load.",
      "Epoch encodes it as a chip-to-server multiplier (10.2/8)/0.7 = 1.82 x chip TDP.",
    ],
    fieldEvidence: { rackUnits: "secondary", cooling: "secondary" },
    sources: [DGX_BASEPOD, EPOCH_POWER, DGX_H_POWER_SECONDARY],
  },
  {
    id: "nvidia-dgx-h200",
    name: "NVIDIA DGX H200",
    vendor: "nvidia",
    acceleratorId: "nvidia-h200-sxm",
    acceleratorCount: 8,
    hostCpus: { model: "Intel Xeon Platinum 8480C", count: 2, coresPerCpu: 56 },
    hostMemoryGB: 2000,
    nics: [
      {
        model: "NVIDIA ConnectX-7 (single-port, via 4 OSFP)",
        count: 8,
        gbitpsPerPort: 400,
        portsPerNic: 1,
        purpose: "compute",
      },
      {
        model: "NVIDIA ConnectX-7 (dual-port QSFP112)",
        count: 2,
        gbitpsPerPort: 400,
        portsPerNic: 2,
        purpose: "storage",
      },
    ],
    systemPowerWatts: 10200,
    rackUnits: 8,
    cooling: "air",
    scaleUpDomainSize: 8,
    notes: ["Same chassis, host and power specification as the DGX H100 (one user guide covers both)."],
    fieldEvidence: { systemPowerWatts: "secondary", rackUnits: "secondary", cooling: "secondary" },
    sources: [DGX_BASEPOD, DGX_H_POWER_SECONDARY],
  },
  {
    id: "nvidia-dgx-b200",
    name: "NVIDIA DGX B200",
    vendor: "nvidia",
    acceleratorId: "nvidia-b200",
    acceleratorCount: 8,
    hostCpus: { model: "Intel Xeon Platinum 8570", count: 2, coresPerCpu: 56 },
    hostMemoryGB: 2000,
    nics: [
      {
        model: "NVIDIA ConnectX-7 (single-port, via 4 OSFP)",
        count: 8,
        gbitpsPerPort: 400,
        portsPerNic: 1,
        purpose: "compute",
      },
      { model: "NVIDIA BlueField-3 DPU (dual-port)", count: 2, gbitpsPerPort: 400, portsPerNic: 2, purpose: "storage" },
    ],
    systemPowerWatts: 14300,
    rackUnits: 10,
    cooling: "air",
    scaleUpDomainSize: 8,
    notes: [
      "Six 3.3 kW power supplies in 5+1 redundancy; 14.3 kW maximum.",
      "The user guide lists 1,440 GB total GPU memory (8 x 180 GB usable).",
      "Host memory 2 TB (32 DIMMs), upgradable to 4 TB.",
    ],
    fieldEvidence: { cooling: "secondary" },
    sources: [
      {
        title: "NVIDIA DGX B200 User Guide, Introduction to NVIDIA DGX B200 Systems",
        url: "https://docs.nvidia.com/dgx/dgxb200-user-guide/introduction-to-dgxb200.html",
        publisher: "NVIDIA",
        locator: "Hardware Overview; Mechanical Specifications; Power Specifications",
        evidence: "verified",
      },
    ],
  },
  {
    id: "nvidia-gb200-nvl72",
    name: "NVIDIA GB200 NVL72 (rack)",
    vendor: "nvidia",
    acceleratorId: "nvidia-gb200",
    acceleratorCount: 72,
    hostCpus: { model: "NVIDIA Grace", count: 36, coresPerCpu: 72 },
    systemPowerWatts: 120000,
    systemPowerWattsRange: { min: 120000, max: 132000 },
    systemsPerRack: 1,
    rackPowerWatts: 120000,
    cooling: "liquid",
    scaleUpDomainSize: 72,
    notes: [
      "About 120 kW per rack, liquid cooling mandatory (several secondary sources); power shelves are rated 132 kW DC.",
      "Supermicro's breakdown: 18 compute trays x ~6.5 kW (~117 kW) + 9 NVLink switch trays (3.6 kW).",
      "36 Grace CPUs with 72 Arm Neoverse V2 cores each (2,592 cores); host LPDDR5X capacity left out (no public per-rack figure was confirmed).",
    ],
    fieldEvidence: { hostCpus: "estimate" },
    sources: [
      {
        title:
          "This is what Nvidia's Exaflop supercomputer-in-a-rack looks like (Tom's Hardware via Yahoo, from ServeTheHome's GTC 2024 photos)",
        url: "https://sg.news.yahoo.com/nvidias-exaflop-supercomputer-rack-looks-142212690.html",
        publisher: "Tom's Hardware",
        date: "2024-03",
        locator: "120kW power load",
        evidence: "secondary",
        note: "DGX GB200 NVL72 weighs 1.36 t and consumes 120 kW",
      },
      {
        title: "Why the NVIDIA GB300 NVL72 (Blackwell Ultra) Matters (Introl), citing Supermicro's rack breakdown",
        url: "https://introl.com/blog/why-nvidia-gb300-nvl72-blackwell-ultra-matters",
        publisher: "Introl",
        locator: "1. Dissecting the rack",
        evidence: "secondary",
        note: "18 compute trays x ~6.5 kW (117 kW), 9 NVLink switch trays 3.6 kW, power shelves 132 kW DC (Supermicro 2025); the Oberon rack is shared by GB200 and GB300 NVL72",
      },
      {
        title: "NVIDIA DGX GB Rack Scale Systems User Guide",
        url: "https://docs.nvidia.com/dgx/dgxgb200-user-guide/index.html",
        publisher: "NVIDIA",
        evidence: "secondary",
        note: "each rack is an NVL72 rack (72-GPU NVLink domain)",
      },
    ],
  },
  {
    id: "amd-mi300x-platform",
    name: "AMD Instinct MI300X Platform (8 x OAM, as submitted to MLPerf Inference v4.1)",
    vendor: "amd",
    acceleratorId: "amd-mi300x",
    acceleratorCount: 8,
    hostCpus: { model: "AMD EPYC 9374F", count: 2, coresPerCpu: 32 },
    hostMemoryGB: 1649.27,
    nics: [{ model: "NVIDIA ConnectX-7 (MT2910)", count: 1, gbitpsPerPort: 400, portsPerNic: 1, purpose: "converged" }],
    cooling: "air",
    scaleUpDomainSize: 8,
    notes: [
      "Host configuration is AMD's MLPerf Inference v4.1 system (2x EPYC 9374F, 1.5 TiB = 1,649.27 GB host memory); other MI300X servers differ.",
      "No system power is published for the 8-GPU platform; eight modules at 750 W are 6 kW before host and fans.",
      "ConnectX-7 line rate 400 Gb/s is the adapter's maximum; the submission does not state the configured speed.",
    ],
    fieldEvidence: { hostMemoryGB: "derived", "nics[0].gbitpsPerPort": "estimate" },
    sources: [
      {
        title: "MLCommons inference_results_v4.1 closed/AMD/systems/8xMI300X_2xEPYC-9374F.json",
        url: "https://raw.githubusercontent.com/mlcommons/inference_results_v4.1/main/closed/AMD/systems/8xMI300X_2xEPYC-9374F.json",
        publisher: "MLCommons",
        evidence: "verified",
      },
    ],
  },
  {
    id: "intel-gaudi-3-node",
    name: "Intel Gaudi 3 8-accelerator node (OAM baseboard)",
    vendor: "intel",
    acceleratorId: "intel-gaudi-3",
    acceleratorCount: 8,
    cooling: "air-or-liquid",
    scaleUpDomainSize: 8,
    notes: [
      "Eight Gaudi 3 OAM modules connected all-to-all over their on-die 200 GbE RoCE ports; the remaining ports per module go to scale-out.",
      "Accelerator power 900 W air-cooled or 1,200 W liquid-cooled; no system power or host configuration is published for a reference node.",
    ],
    sources: [
      {
        title:
          "Intel Gaudi 3 AI Accelerator: Architected for Gen AI Training and Inference (R. Kaplan, Hot Chips 2024), slide copy",
        url: "https://www.sgpjbg.com/baogao/465025.html",
        publisher: "Intel",
        date: "2024-08",
        locator: "Intel Gaudi 3 AI Accelerator OAM",
        evidence: "secondary",
        note: "up to 900 W air-cooled, 1,200 W liquid-cooled; 24x 200GbE RoCE",
      },
    ],
  },
  {
    id: "google-tpu-v5p-pod",
    name: "Google Cloud TPU v5p pod",
    vendor: "google",
    acceleratorId: "google-tpu-v5p",
    acceleratorCount: 8960,
    cooling: "liquid",
    scaleUpDomainSize: 8960,
    notes: [
      "A full pod is 8,960 chips on a 3D-torus ICI with optical circuit switches; the largest single-slice job in the docs is 6,144 chips (16x16x24).",
      "Google publishes no pod power, host CPU or host memory figures.",
    ],
    fieldEvidence: { cooling: "secondary" },
    sources: [
      {
        title: "Google Cloud TPU documentation, TPU v5p",
        url: "https://docs.cloud.google.com/tpu/docs/v5p-training",
        publisher: "Google",
        locator: "System architecture",
        evidence: "verified",
      },
    ],
  },
  {
    id: "aws-trn2-ultraserver",
    name: "AWS Trn2 UltraServer (4 x trn2.48xlarge)",
    vendor: "aws",
    acceleratorId: "aws-trainium2",
    acceleratorCount: 64,
    scaleUpDomainSize: 64,
    notes: [
      "64 Trainium2 chips: four Trn2 instances of 16 chips joined by NeuronLink.",
      "AWS publishes no system power, host CPU or host memory figure for the UltraServer in the documentation cited here.",
    ],
    fieldEvidence: { acceleratorCount: "secondary", scaleUpDomainSize: "secondary" },
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
 * The built-in system catalog: servers, boards and rack-scale units. Power figures are vendor maxima where
 * published; a system without a published figure has no `systemPowerWatts`.
 *
 * @example
 * ```ts
 * import { BUILT_IN_SYSTEMS } from "@aifactory/hardware";
 * BUILT_IN_SYSTEMS.find((s) => s.id === "nvidia-dgx-h100")?.systemPowerWatts; // 10200
 * ```
 * @since 0.1.0
 * @category Catalog data
 */
export const BUILT_IN_SYSTEMS: readonly System[] = BUILT_IN_SYSTEMS_ENTRIES;

/**
 * Ids of the built-in systems, read from {@link BUILT_IN_SYSTEMS} (adding an entry adds its id).
 *
 * @example
 * ```ts
 * import type { BuiltInSystemId } from "@aifactory/hardware";
 * const id: BuiltInSystemId = "nvidia-dgx-h100";
 * ```
 * @useDeclaredType
 * @since 0.8.0
 * @category Catalog data
 */
export type BuiltInSystemId = (typeof BUILT_IN_SYSTEMS_ENTRIES)[number]["id"];
