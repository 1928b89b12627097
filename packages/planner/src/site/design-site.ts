import {
  AifError,
  finitePositive,
  InvalidInputError,
  kebabId,
  parseInput,
  positiveInt,
  ratio,
  type Source,
  sourcesSchema,
} from "@aifactory/core";
import { computeAcceleratorTco, planAcceleratorSupply } from "@aifactory/economics";
import {
  type CoolingProfile,
  coolingProfile,
  DEFAULT_TRAINING_POWER_RATIO,
  DEFAULT_WATER_INTENSITY,
  type DistributionLosses,
  distributionLosses,
  getGridRegion,
  type Site,
  selectGridIntensity,
  siteInputSchema,
  waterLiters,
} from "@aifactory/energy";
import {
  acceleratorPowerWatts,
  BUILT_IN_FABRIC_SWITCHES,
  BUILT_IN_SCALE_UP_DOMAINS,
  designFabric,
  type FabricDesign,
  type FabricDesignInput,
  fabricSwitchSchema,
  getAccelerator,
  getSystem,
  type PowerCapEffect,
  packRacks,
  powerCapEffect,
  type ScaleOutFabricProfile,
  type System,
  scaleOutFabricProfile,
  systemSchema,
} from "@aifactory/hardware";
import {
  type AcceleratorSpec,
  estimateServing,
  kvCacheBytesPerToken,
  parameterCounts,
  resolveArchitecture,
  searchServingConfigs,
} from "@aifactory/workloads";
import { z } from "zod";
import { paretoFront } from "../pareto";
import { plan } from "../plan";
import { pretrainingWorkloadSchema, servingWorkloadSchema } from "../scenario";
import {
  type KvOffloadSizing,
  kvOffloadInputSchema,
  localNvmeOfSystem,
  PCIE4_X16_GBPS,
  PCIE5_X16_GBPS,
  sizeKvOffload,
} from "./kv-offload-sizing";
import { BUILT_IN_STORAGE_NODES, DDN_AI400X2 } from "./storage-nodes";
import { sizeTrainingStorage, type TrainingStorageNeed } from "./storage-sizing";

/**
 * A storage node (appliance or server) the design buys to meet checkpoint and data bandwidth, with its sourced
 * figures. A training site uses the built-in DDN AI400X2 ({@link DDN_AI400X2}: 90 GB/s read, 65 GB/s write,
 * 2.2 kW; no public price) unless `storage.node` gives another node, a built-in id, or `"none"`.
 *
 * @example
 * ```ts
 * import { storageNodeSchema } from "@aifactory/planner";
 * storageNodeSchema.parse({ name: "my node", readGBps: 90, writeGBps: 65, powerWatts: 2000 }).writeGBps; // 65
 * ```
 * @since 0.7.0
 * @category Site
 */
export const storageNodeSchema = z
  .object({
    id: kebabId.optional().describe("kebab-case id, e.g. ddn-ai400x2"),
    name: z.string().min(1),
    readGBps: finitePositive.describe("sequential read, GB/s (decimal)"),
    writeGBps: finitePositive.describe("sequential write, GB/s (decimal)"),
    powerWatts: finitePositive.optional().describe("power per node, W"),
    priceUsd: finitePositive.optional().describe("price per node, USD"),
    capacityTB: finitePositive.optional().describe("usable capacity, TB (decimal)"),
    source: z.string().min(1).optional().describe("where the figures come from"),
    sources: sourcesSchema.optional().describe("where each figure comes from, with evidence tags"),
  })
  .strict();

/**
 * One candidate: a catalog system and, optionally, a power cap per accelerator (W) with published points.
 *
 * @example
 * ```ts
 * import { siteCandidateSchema } from "@aifactory/planner";
 * siteCandidateSchema.parse({ systemId: "nvidia-dgx-h100", powerCapWatts: 600 }).powerCapWatts; // 600
 * ```
 * @since 0.7.0
 * @category Site
 */
export const siteCandidateSchema = z
  .object({
    systemId: kebabId.describe("catalog system id, e.g. nvidia-dgx-b200"),
    /** A system that is not in the catalog (e.g. a GB300 NVL72 with its sources); its `id` must equal `systemId`. */
    system: systemSchema.optional().describe("a system not in the catalog; its id must equal systemId"),
    powerCapWatts: finitePositive.optional().describe("power cap per accelerator, W (needs published points)"),
  })
  .strict()
  .refine((candidate) => candidate.system === undefined || candidate.system.id === candidate.systemId, {
    message: "system.id must equal systemId",
    path: ["system", "id"],
  });

/**
 * The candidates tried when none are given: the NVIDIA systems with a published system power, uncapped, and the
 * two caps with published points (H100 at 600 W: training and serving; B200 at 825 W: training only, so a serving
 * site reports it infeasible rather than inventing a figure).
 *
 * @example
 * ```ts
 * import { DEFAULT_SITE_CANDIDATES } from "@aifactory/planner";
 * DEFAULT_SITE_CANDIDATES.length; // 6
 * ```
 * @since 0.7.0
 * @category Site
 */
export const DEFAULT_SITE_CANDIDATES: ReadonlyArray<z.infer<typeof siteCandidateSchema>> = [
  { systemId: "nvidia-dgx-h100" },
  { systemId: "nvidia-dgx-h100", powerCapWatts: 600 },
  { systemId: "nvidia-dgx-h200" },
  { systemId: "nvidia-dgx-b200" },
  { systemId: "nvidia-dgx-b200", powerCapWatts: 825 },
  { systemId: "nvidia-gb200-nvl72" },
];

/**
 * Input of {@link designSite}: the site, the candidate systems (and caps), the workload whose output is reported
 * (serving under an SLO, or a pretraining run), and network, storage and economics options.
 *
 * @example
 * ```ts
 * import { siteDesignInputSchema } from "@aifactory/planner";
 * const input = siteDesignInputSchema.parse({
 *   site: { gridPowerMW: 150, availableQuarter: "2027-Q3", regionId: "us-tx", climate: "hot", cooling: "direct-to-chip-liquid" },
 * });
 * input.candidates.length; // 6
 * ```
 * @since 0.7.0
 * @category Site
 */
export const siteDesignInputSchema = z
  .object({
    site: siteInputSchema,
    candidates: z
      .array(siteCandidateSchema)
      .min(1)
      .max(32)
      .default(() => DEFAULT_SITE_CANDIDATES.map((candidate) => ({ ...candidate }))),
    workload: z.discriminatedUnion("kind", [servingWorkloadSchema, pretrainingWorkloadSchema]).optional(),
    network: z
      .object({
        switch: z
          .union([kebabId, fabricSwitchSchema])
          .optional()
          .describe("scale-out switch (default: QM9700 for 400G NICs, Q3400 for 800G)"),
        leafOversubscriptionRatio: z.number().finite().min(1).default(1),
        maxEp: positiveInt
          .optional()
          .describe(
            "serving: widest expert parallelism, GPUs (default: one scale-up domain, widened to 256 over the scale-out fabric when nothing fits in one)",
          ),
      })
      .strict()
      .default({ leafOversubscriptionRatio: 1 }),
    storage: z
      .object({
        checkpointStallRatio: ratio.default(0.01).describe("share of training time spent writing checkpoints"),
        interruptionsPerAcceleratorHour: finitePositive
          .optional()
          .describe("default: Llama 3 (419 in 54 days on 16k H100)"),
        bytesPerToken: finitePositive.default(4),
        node: z
          .union([kebabId, storageNodeSchema])
          .optional()
          .describe(
            'storage node: its figures, a built-in id (ddn-ai400x2), or "none" (default for training and KV offload: ddn-ai400x2)',
          ),
        kvOffload: kvOffloadInputSchema
          .optional()
          .describe("serving: KV-cache offload tiers for retained contexts (host DRAM, local NVMe, storage nodes)"),
      })
      .strict()
      .default({ checkpointStallRatio: 0.01, bytesPerToken: 4 }),
    economics: z
      .object({
        depreciationYears: finitePositive.default(5),
        electricityUsdPerKWh: finitePositive.optional(),
        averageLoadRatio: ratio.optional().describe("average / maximum IT power (default: Epoch's 0.75)"),
      })
      .strict()
      .default({ depreciationYears: 5 }),
  })
  .strict();

/**
 * Input of {@link designSite} as written.
 *
 * @since 0.7.0
 * @category Site
 */
export type SiteDesignInput = z.input<typeof siteDesignInputSchema>;

/**
 * One stage of the power breakdown, in watts. `parent` links stages into a tree from the grid down to the GPUs
 * (a Sankey diagram draws parent -> id with `watts`); the leaves add up to `gridUsedWatts`.
 *
 * @since 0.7.0
 * @category Site
 */
export interface SitePowerNode {
  id:
    | "grid-used"
    | "it"
    | "distribution-losses"
    | "cooling-and-other"
    | "compute"
    | "gpus"
    | "hosts"
    | "scale-up-switches"
    | "network"
    | "network-switches"
    | "network-optics"
    | "storage";
  label: string;
  watts: number;
  parent: SitePowerNode["id"] | undefined;
  /** True for the stages that add up to the grid power used. */
  leaf: boolean;
}

/**
 * One line of the bill of materials.
 *
 * @since 0.7.0
 * @category Site
 */
export interface SiteBomLine {
  category: "systems" | "racks" | "switches" | "optics" | "cables" | "storage";
  item: string;
  quantity: number;
  /** Power of all units, W, where a figure is published. */
  powerWatts: number | undefined;
  /** Price of all units, USD, where a figure is published. */
  priceUsd: number | undefined;
  note: string | undefined;
}

/**
 * What a design produces: output tokens per second under the serving SLO, or training runs per year of the
 * pretraining workload, both with the power cap's throughput ratio applied.
 *
 * @since 0.7.0
 * @category Site
 */
export type SiteProduction =
  | {
      kind: "serving";
      modelId: string;
      outputTokensPerSecond: number;
      outputTokensPerSecondPerGpu: number;
      /** Output tokens per joule of grid energy at full load. */
      outputTokensPerGridJoule: number;
    }
  | {
      kind: "pretraining";
      modelId: string;
      /** GPUs the run uses (the cluster, or the largest rounder count its parallelism can split). */
      jobAcceleratorCount: number;
      tokensPerSecond: number;
      timeToTrainDays: number;
      runsPerYear: number;
    };

/**
 * One candidate's design: the largest cluster that fits the site.
 *
 * @since 0.7.0
 * @category Site
 */
export interface SiteDesign {
  /** `systemId` or `systemId@capW`. */
  key: string;
  systemId: string;
  systemName: string;
  acceleratorId: string;
  powerCapWatts: number | undefined;
  feasible: boolean;
  /** Why not, when infeasible. */
  reason: string | undefined;
  systemCount: number;
  acceleratorCount: number;
  rackCount: number;
  systemsPerRack: number;
  /** What stopped the cluster from growing: grid power, floor space, the network (too many endpoints), or nothing fits. */
  limitedBy: "grid-power" | "floor-space" | "network" | "infeasible";
  power: {
    gridContractedWatts: number;
    gridUsedWatts: number;
    gridUnusedWatts: number;
    itWatts: number;
    pue: number;
    /** Power per accelerator as it runs (cap or TDP), W. */
    acceleratorWatts: number;
    /** Grid watts per accelerator. */
    gridWattsPerAccelerator: number;
    nodes: SitePowerNode[];
    /** What the power figures leave out (no public figure). */
    missing: string[];
  };
  bom: SiteBomLine[];
  network: {
    /** Independent scale-out fabrics (more than 1 when one fabric of the switch cannot hold every endpoint). */
    fabricCount: number;
    tierCount: number;
    switches: { leaf: number; spine: number; core: number; total: number };
    bisectionGbpsPerDirection: number;
    endpointCount: number;
    nicGbitps: number;
    /**
     * What the production estimate sees of the fabric: accelerators under one leaf group and the leaf
     * oversubscription (`scaleOutFabricProfile`); all-to-all traffic leaving a leaf group shares its uplinks.
     */
    scaleOutFabric: ScaleOutFabricProfile | undefined;
  };
  storage: (TrainingStorageNeed & { nodeCount: number | undefined }) | undefined;
  /**
   * Serving with `storage.kvOffload`: the retained contexts' KV by tier (host DRAM, local NVMe, storage nodes), the
   * read and write bandwidth each tier needs at the SLO-limited throughput, and the storage nodes bought for it.
   */
  kvOffload: KvOffloadSizing | undefined;
  cost: {
    capexUsd: number;
    capexBreakdownUsd: { serversUsd: number; networkUsd: number; storageUsd: number; facilityUsd: number };
    opexUsdPerYear: number;
    costPerGpuHourUsd: number;
  };
  production: SiteProduction | undefined;
  energy: { averageLoadRatio: number; annualFacilityMWh: number };
  carbon: { gridKgCo2ePerKWh: number; gridYear: number; annualOperationalTonnes: number };
  water: { annualOnsiteLiters: number; annualOffsiteLiters: number };
  supply: { earliestOnlineQuarter: string | null; bindingConstraint: string };
  powerCap: PowerCapEffect | undefined;
  assumptions: string[];
  warnings: string[];
}

/**
 * The result of {@link designSite}: one design per candidate, the Pareto set, and the site figures used.
 *
 * @since 0.7.0
 * @category Site
 */
export interface SiteDesignResult {
  site: Site;
  cooling: CoolingProfile;
  distribution: DistributionLosses;
  designs: SiteDesign[];
  /** Keys of the feasible designs no other design beats on every objective (production or accelerators, capex, opex). */
  paretoKeys: string[];
  assumptions: string[];
  warnings: string[];
  sources: Source[];
}

const GB200_NVL72_NICS: Source = {
  title: "MLCommons Inference v6.1 results, Crusoe GB200-NVL72 system description",
  url: "https://raw.githubusercontent.com/mlcommons/inference_results_v6.1/main/closed/Crusoe/systems/GB200-NVL72_GB200-186GB_aarch64x16_Dynamo.json",
  publisher: "MLCommons",
  evidence: "secondary",
  note: "for each 4-GPU node: 4x BlueField-3 [ConnectX-7] (400 Gb/s): 18 compute trays x 4 NICs per NVL72 rack",
};

/** Scale-out network of a system: nodes (servers or compute trays) and their compute NICs. */
function computeNetworkOf(system: System): {
  nodesPerSystem: number;
  nicsPerNode: number;
  nicGbitps: number;
  basis: string;
} {
  const compute = system.nics?.filter((nic) => nic.purpose === "compute") ?? [];
  if (compute.length > 0) {
    const nics = compute.reduce((sum, nic) => sum + nic.count * (nic.portsPerNic ?? 1), 0);
    return {
      nodesPerSystem: 1,
      nicsPerNode: nics,
      nicGbitps: compute[0]!.gbitpsPerPort,
      basis: `${nics} x ${compute[0]!.gbitpsPerPort} Gb/s compute NICs per ${system.id} (catalog)`,
    };
  }
  if (system.id === "nvidia-gb200-nvl72") {
    return {
      nodesPerSystem: 18,
      nicsPerNode: 4,
      nicGbitps: 400,
      basis: "18 compute trays x 4 ConnectX-7 400 Gb/s per NVL72 rack (MLCommons system description)",
    };
  }
  throw new AifError("NOT_FOUND", `system "${system.id}" has no published compute NICs`, {
    hint: "pick a system with compute NICs in the catalog (e.g. nvidia-dgx-b200)",
  });
}

/** The fabric figures a site design uses, over `fabricCount` identical independent fabrics. */
interface SiteFabric {
  /** One of the identical fabrics, as designed, and its input (for `scaleOutFabricProfile`). */
  perFabric: { input: FabricDesignInput; design: FabricDesign };
  fabricCount: number;
  tierCount: number;
  endpointLinkGbps: number;
  switches: { leaf: number; spine: number; core: number; total: number };
  tiers: Array<{ tier: string; switchCount: number; portsPerSwitch: number }>;
  transceivers: Array<{ part: string; count: number; powerWattsEach: number | undefined }>;
  cables: Array<{ kind: string; count: number }>;
  bisectionGbpsPerDirection: number;
  switchesWatts: number;
  opticsWatts: number;
  scaleUpSwitchTraysWatts: number;
  scaleUp: { switchTrayCount: number; switchChipCount: number } | undefined;
  missing: string[];
}

/**
 * Designs the scale-out fabric; when the endpoints do not fit one 3-tier fabric of the switch, splits the nodes
 * into the fewest equal independent fabrics that fit (cross-fabric traffic is then not modelled).
 */
function designSiteFabric(input: Parameters<typeof designFabric>[0]): SiteFabric {
  for (let fabricCount = 1; fabricCount <= 64; fabricCount += 1) {
    let design: FabricDesign;
    let perFabricInput: FabricDesignInput;
    try {
      const nodeCount = Math.ceil(input.nodeCount / fabricCount);
      const scaleUp =
        input.scaleUp === undefined
          ? {}
          : {
              scaleUp: {
                ...input.scaleUp,
                acceleratorCount: Math.ceil((input.scaleUp.acceleratorCount ?? 1) / fabricCount),
              },
            };
      perFabricInput = { ...input, nodeCount, ...scaleUp };
      design = designFabric(perFabricInput);
    } catch (error) {
      if (error instanceof InvalidInputError && error.problems.some((problem) => problem.path === "nodeCount"))
        continue;
      throw error;
    }
    const k = fabricCount;
    // Each of the k fabrics is designed for ceil(nodes / k) nodes; the NVLink trays inside the racks follow the real
    // accelerator count in whole domains (k x the per-fabric count would add a rack's trays when racks split unevenly).
    let scaleUpShare = k;
    if (design.scaleUp !== undefined && input.scaleUp?.acceleratorCount !== undefined) {
      const domainRef = input.scaleUp.domain;
      const domain =
        typeof domainRef === "string" ? BUILT_IN_SCALE_UP_DOMAINS.find((entry) => entry.id === domainRef) : domainRef;
      if (domain !== undefined && design.scaleUp.domainCount > 0) {
        scaleUpShare =
          Math.ceil(input.scaleUp.acceleratorCount / domain.acceleratorsPerDomain) / design.scaleUp.domainCount;
      }
    }
    return {
      perFabric: { input: perFabricInput, design },
      fabricCount: k,
      tierCount: design.tierCount,
      endpointLinkGbps: design.endpointLinkGbps,
      switches: {
        leaf: design.switches.leaf * k,
        spine: design.switches.spine * k,
        core: design.switches.core * k,
        total: design.switches.total * k,
      },
      tiers: design.tiers.map((tier) => ({
        tier: tier.tier,
        switchCount: tier.switchCount * k,
        portsPerSwitch: tier.portsPerSwitch,
      })),
      transceivers: design.transceivers.map((entry) => ({ ...entry, count: entry.count * k })),
      cables: design.cables.map((entry) => ({ ...entry, count: entry.count * k })),
      bisectionGbpsPerDirection: design.bisectionGbpsPerDirection * k,
      switchesWatts: (design.power.switchesWatts ?? 0) * k,
      opticsWatts: (design.power.opticsWatts ?? 0) * k,
      scaleUpSwitchTraysWatts: (design.power.scaleUpSwitchTraysWatts ?? 0) * scaleUpShare,
      scaleUp:
        design.scaleUp === undefined
          ? undefined
          : {
              switchTrayCount: Math.round(design.scaleUp.switchTrayCount * scaleUpShare),
              switchChipCount: Math.round(design.scaleUp.switchChipCount * scaleUpShare),
            },
      missing: design.power.missing,
    };
  }
  throw new AifError("INVALID_CONFIGURATION", `${input.nodeCount} nodes do not fit 64 fabrics of this switch`, {
    hint: "use a higher-radix switch",
  });
}

function reasonOf(error: unknown): string {
  if (error instanceof InvalidInputError) return error.problems[0]?.message ?? error.message;
  return (error as Error).message;
}

function defaultSwitchFor(nicGbitps: number): string {
  return nicGbitps > 400 ? "nvidia-quantum-x800-q3400" : "nvidia-quantum-2-qm9700";
}

interface SizedPoint {
  systemCount: number;
  fabric: SiteFabric | undefined;
  networkSwitchWatts: number;
  networkOpticsWatts: number;
  storageNeed: TrainingStorageNeed | undefined;
  storageNodes: number | undefined;
  storageWatts: number;
  kvOffload: KvOffloadSizing | undefined;
  itWatts: number;
  gridWatts: number;
}

/**
 * Designs an AI factory from its power: for each candidate system (and power cap), the largest cluster whose
 * grid power (IT x PUE, with PUE split into distribution losses and cooling) fits the site, after racks under the
 * cooling's rack power limit, the scale-out fabric (`designFabric` (in `@aifactory/hardware`)), storage for checkpoints and the floor
 * space. Each design has a bill of materials, capex and opex (`computeAcceleratorTco`), a power breakdown from the
 * grid down to the GPUs that adds up to the grid power used, what it produces (the serving search under its SLO with
 * the designed fabric's leaf groups and oversubscription on the accelerator spec, or pretraining runs per year via
 * {@link plan}, which takes no fabric yet), carbon, water and the supply-chain date; `paretoKeys` names the
 * designs no other beats on production (or accelerators), capex and opex. A training site buys DDN AI400X2 storage
 * by default.
 *
 * @param input - the site, candidates, workload and options (validated)
 * @returns one design per candidate and the Pareto set
 * @throws InvalidInputError naming the field for bad input; NotFoundError for an unknown region or system
 * @example
 * ```ts
 * import { designSite } from "@aifactory/planner";
 * const result = designSite({
 *   site: { gridPowerMW: 10, availableQuarter: "2027-Q3", regionId: "us-tx", climate: "hot", cooling: "direct-to-chip-liquid" },
 *   candidates: [{ systemId: "nvidia-gb200-nvl72" }],
 * });
 * result.designs[0]?.rackCount; // 58
 * ```
 * @since 0.7.0
 * @category Site
 */
export function designSite(input: SiteDesignInput): SiteDesignResult {
  const parsed = parseInput(siteDesignInputSchema, input, "site design");
  const site = parsed.site;
  const cooling = coolingProfile(site.cooling, site.climate, {
    ...(site.pue === undefined ? {} : { pue: site.pue }),
    ...(site.wueLitersPerKWh === undefined ? {} : { wueLitersPerKWh: site.wueLitersPerKWh }),
    ...(site.rackPowerLimitKW === undefined ? {} : { rackPowerLimitWatts: site.rackPowerLimitKW * 1000 }),
  });
  const distribution = distributionLosses({
    ...(site.upsEfficiencyRatio === undefined ? {} : { upsEfficiencyRatio: site.upsEfficiencyRatio }),
    ...(site.transformerEfficiencyRatio === undefined
      ? {}
      : { transformerEfficiencyRatio: site.transformerEfficiencyRatio }),
  });
  // An unknown model is bad input, not a missing output: resolve it before any design.
  if (parsed.workload !== undefined) {
    resolveArchitecture(parsed.workload.model as Parameters<typeof resolveArchitecture>[0]);
  }
  // An unknown storage node id is bad input too.
  const storageNode = resolveStorageNode(parsed, wantsStorageNode(parsed));
  const region = getGridRegion(site.regionId);
  const intensity = selectGridIntensity(region);
  const designs = parsed.candidates.map((candidate) =>
    designCandidate(parsed, candidate, cooling, distribution, intensity),
  );
  const feasible = designs.filter((design) => design.feasible);
  const output = (design: SiteDesign): number => {
    const production = design.production;
    if (production === undefined) return design.acceleratorCount;
    return production.kind === "serving" ? production.outputTokensPerSecond : production.runsPerYear;
  };
  const pareto = paretoFront(feasible, [
    (design) => -output(design),
    (design) => design.cost.capexUsd,
    (design) => design.cost.opexUsdPerYear,
  ]);
  const warnings: string[] = [];
  if (cooling.pue - 1 < distribution.lossWattsPerItWatt) {
    warnings.push(
      `PUE ${cooling.pue} leaves less overhead than the distribution losses (${(distribution.lossWattsPerItWatt * 100).toFixed(1)}% of IT); cooling shows as 0`,
    );
  }
  return {
    site,
    cooling,
    distribution,
    designs,
    paretoKeys: pareto.map((design) => design.key),
    assumptions: [
      ...cooling.basis,
      ...distribution.basis,
      "PUE (facility / IT) already includes distribution losses: grid power = IT x PUE, split into distribution losses and cooling and other",
      "systems are provisioned at their published maximum power (accelerators at the cap or TDP)",
      `grid carbon: ${region.name} ${intensity.year} ${intensity.basis}-based ${intensity.gCo2ePerKWh} gCO2e/kWh`,
    ],
    warnings,
    sources: [GB200_NVL72_NICS, ...(storageNode?.sources ?? [])],
  };
}

type ParsedInput = z.output<typeof siteDesignInputSchema>;

function infeasible(
  parsed: ParsedInput,
  candidate: z.output<typeof siteCandidateSchema>,
  cooling: CoolingProfile,
  reason: string,
  system?: System,
): SiteDesign {
  const key =
    candidate.powerCapWatts === undefined ? candidate.systemId : `${candidate.systemId}@${candidate.powerCapWatts}W`;
  const grid = parsed.site.gridPowerMW * 1e6;
  return {
    key,
    systemId: candidate.systemId,
    systemName: system?.name ?? candidate.systemId,
    acceleratorId: system?.acceleratorId ?? "",
    powerCapWatts: candidate.powerCapWatts,
    feasible: false,
    reason,
    systemCount: 0,
    acceleratorCount: 0,
    rackCount: 0,
    systemsPerRack: 0,
    limitedBy: "infeasible",
    power: {
      gridContractedWatts: grid,
      gridUsedWatts: 0,
      gridUnusedWatts: grid,
      itWatts: 0,
      pue: cooling.pue,
      acceleratorWatts: 0,
      gridWattsPerAccelerator: 0,
      nodes: [],
      missing: [],
    },
    bom: [],
    network: {
      fabricCount: 0,
      tierCount: 0,
      switches: { leaf: 0, spine: 0, core: 0, total: 0 },
      bisectionGbpsPerDirection: 0,
      endpointCount: 0,
      nicGbitps: 0,
      scaleOutFabric: undefined,
    },
    storage: undefined,
    kvOffload: undefined,
    cost: {
      capexUsd: 0,
      capexBreakdownUsd: { serversUsd: 0, networkUsd: 0, storageUsd: 0, facilityUsd: 0 },
      opexUsdPerYear: 0,
      costPerGpuHourUsd: 0,
    },
    production: undefined,
    energy: { averageLoadRatio: 0, annualFacilityMWh: 0 },
    carbon: { gridKgCo2ePerKWh: 0, gridYear: 0, annualOperationalTonnes: 0 },
    water: { annualOnsiteLiters: 0, annualOffsiteLiters: 0 },
    supply: { earliestOnlineQuarter: null, bindingConstraint: "none" },
    powerCap: undefined,
    assumptions: [],
    warnings: [],
  };
}

/** The storage node a design buys: the input's, a built-in by id, none, or (for training) the DDN AI400X2. */
/** Whether the design buys storage nodes by default: for checkpoints (pretraining) or a KV offload tier. */
function wantsStorageNode(parsed: ParsedInput): boolean {
  const workload = parsed.workload;
  if (workload?.kind === "pretraining") return true;
  return workload?.kind === "serving" && (parsed.storage.kvOffload?.tiers.includes("storage-nodes") ?? false);
}

/** A serving site's KV offload inputs with the model's KV bytes per token and each system's tiers resolved. */
function kvOffloadPlanOf(
  parsed: ParsedInput,
  system: System,
  acceleratorId: string,
):
  | {
      options: z.output<typeof kvOffloadInputSchema>;
      kvBytesPerToken: number;
      contextTokens: number;
      hitRatio: number;
      inputTokens: number;
      outputTokens: number;
      hostLinkGBpsPerAccelerator: number;
      localNvmeGBPerSystem: number | undefined;
    }
  | undefined {
  const workload = parsed.workload;
  const options = parsed.storage.kvOffload;
  if (workload?.kind !== "serving" || options === undefined) return undefined;
  const architecture = resolveArchitecture(workload.model as Parameters<typeof resolveArchitecture>[0]);
  return {
    options,
    kvBytesPerToken: kvCacheBytesPerToken(architecture, workload.kv),
    contextTokens: options.contextTokens ?? workload.inputTokens + workload.outputTokens,
    hitRatio: options.hitRatio ?? workload.prefixHitRatio,
    inputTokens: workload.inputTokens,
    outputTokens: workload.outputTokens,
    hostLinkGBpsPerAccelerator:
      options.hostLinkGBpsPerAccelerator ?? (acceleratorId.includes("a100") ? PCIE4_X16_GBPS : PCIE5_X16_GBPS),
    localNvmeGBPerSystem: localNvmeOfSystem(system.id)?.capacityGB,
  };
}

function resolveStorageNode(parsed: ParsedInput, training: boolean): z.output<typeof storageNodeSchema> | undefined {
  const node = parsed.storage.node;
  if (node === "none") return undefined;
  if (typeof node === "string") {
    const builtIn = BUILT_IN_STORAGE_NODES.find((entry) => entry.id === node);
    if (builtIn === undefined) {
      throw new InvalidInputError("site design", [
        {
          path: "storage.node",
          message: `unknown storage node "${node}"`,
          received: node,
          hint: `use ${BUILT_IN_STORAGE_NODES.map((entry) => entry.id).join(", ")}, "none", or give the node's figures`,
        },
      ]);
    }
    return { ...builtIn, sources: [...builtIn.sources] };
  }
  if (node !== undefined) return node;
  return training ? { ...DDN_AI400X2, sources: [...DDN_AI400X2.sources] } : undefined;
}

type ServingWorkloadInput = z.output<typeof servingWorkloadSchema>;

/** Widest expert parallelism the site's serving search falls back to when one scale-up domain cannot serve the model. */
const WIDE_EP_FALLBACK = 256;

/**
 * Output tokens per second per GPU of a serving workload on `gpus` accelerators, as plan()'s serving section
 * computes it (the best configuration under the SLO from `searchServingConfigs`, or `estimateServing` at a fixed
 * parallelism), with the designed fabric on the accelerator spec when its leaf is oversubscribed.
 */
function servingOutput(
  workload: ServingWorkloadInput,
  acceleratorId: string,
  fabric: ScaleOutFabricProfile,
  gpus: number,
  maxEp: number | undefined,
): { outputTokensPerSecondPerGpu: number; warnings: string[] } {
  const accelerator: string | AcceleratorSpec =
    fabric.leafOversubscriptionRatio > 1
      ? {
          ...getAccelerator(acceleratorId),
          scaleOutFabric: {
            leafGroupAccelerators: fabric.leafGroupAccelerators,
            leafOversubscriptionRatio: fabric.leafOversubscriptionRatio,
          },
        }
      : acceleratorId;
  const architecture = workload.model as Parameters<typeof searchServingConfigs>[0]["architecture"];
  const common = {
    weights: workload.weights,
    kv: workload.kv,
    inputTokens: workload.inputTokens,
    outputTokens: workload.outputTokens,
    prefixHitRatio: workload.prefixHitRatio,
    mtpAcceptance: workload.mtpAcceptance,
  };
  if (workload.parallelism !== undefined) {
    const result = estimateServing({
      architecture,
      accelerator,
      config: { ...common, ...workload.parallelism },
      kernels: "builtin",
      closedLoop: false,
    });
    const warnings = [...result.warnings];
    if (result.ttftMs > workload.ttftMs || result.tpotMs > workload.tpotMs) {
      warnings.push(
        `the configuration misses the SLO: TTFT ${result.ttftMs.toFixed(0)} ms (target ${workload.ttftMs}), TPOT ${result.tpotMs.toFixed(1)} ms (target ${workload.tpotMs})`,
      );
    }
    return { outputTokensPerSecondPerGpu: result.outputTokensPerSecondPerGpu, warnings };
  }
  const search = (widestEp: number | undefined) =>
    searchServingConfigs({
      architecture,
      accelerator,
      kernels: "builtin",
      space: {
        acceleratorCount: gpus,
        ...common,
        ttftMs: workload.ttftMs,
        tpotMs: workload.tpotMs,
        disaggregated: workload.disaggregated,
        ...(widestEp === undefined ? {} : { maxEp: widestEp }),
      },
      limit: 1,
    });
  let report = search(maxEp);
  const warnings: string[] = [];
  // A MoE model that does not fit (or misses the SLO) inside one NVLink domain can still be served with its experts
  // spread over several domains across the scale-out fabric, as DeepSeek's deployment does: try that before failing.
  if (report.results.length === 0 && maxEp === undefined) {
    const wide = search(Math.min(WIDE_EP_FALLBACK, gpus));
    if (wide.results.length > 0) {
      report = wide;
      warnings.push(
        `no configuration inside one scale-up domain meets the SLO; expert parallelism spans up to ${Math.min(WIDE_EP_FALLBACK, gpus)} GPUs over the scale-out fabric (network.maxEp sets the limit)`,
      );
    }
  }
  const best = report.results[0];
  if (best === undefined) {
    throw new AifError(
      "INVALID_CONFIGURATION",
      `no serving configuration on ${gpus} x ${acceleratorId} meets TTFT <= ${workload.ttftMs} ms and TPOT <= ${workload.tpotMs} ms (${report.evaluatedCount} evaluated)`,
      { hint: "relax the SLO, use a lower weight precision, or pick faster hardware" },
    );
  }
  return { outputTokensPerSecondPerGpu: best.outputTokensPerSecondPerGpu, warnings: [...warnings, ...report.warnings] };
}

function designCandidate(
  parsed: ParsedInput,
  candidate: z.output<typeof siteCandidateSchema>,
  cooling: CoolingProfile,
  distribution: DistributionLosses,
  intensity: { gCo2ePerKWh: number; year: number },
): SiteDesign {
  const site = parsed.site;
  const system = candidate.system ?? getSystem(candidate.systemId);
  const accelerator = getAccelerator(system.acceleratorId);
  const assumptions: string[] = [];
  const warnings: string[] = [];
  const tdp = acceleratorPowerWatts(accelerator).powerWatts;
  if (system.systemPowerWatts === undefined || tdp === undefined) {
    return infeasible(parsed, candidate, cooling, `${system.id} has no published system or accelerator power`, system);
  }
  // Cooling fit: cold-plate racks need a liquid hall; air-cooled servers in a liquid hall sit in air racks.
  if (system.cooling === "liquid" && site.cooling !== "direct-to-chip-liquid") {
    return infeasible(
      parsed,
      candidate,
      cooling,
      `${system.id} is a direct-to-chip liquid-cooled rack; the site is ${site.cooling}`,
      system,
    );
  }
  let rackLimit = cooling.rackPowerLimitWatts;
  if (site.cooling === "direct-to-chip-liquid" && system.cooling !== "liquid" && site.rackPowerLimitKW === undefined) {
    rackLimit = coolingProfile("air", site.climate).rackPowerLimitWatts;
    assumptions.push(
      `${system.id} is air-cooled: its racks are held to the air limit (${(rackLimit ?? 0) / 1000} kW) in the liquid hall`,
    );
  }
  if (rackLimit === undefined) {
    return infeasible(
      parsed,
      candidate,
      cooling,
      `no public rack power limit for ${site.cooling}; give rackPowerLimitKW`,
      system,
    );
  }
  // Power cap: draw min(cap, TDP), throughput from published points only.
  let cap: PowerCapEffect | undefined;
  if (candidate.powerCapWatts !== undefined) {
    const kind = parsed.workload?.kind === "serving" ? "serving" : "training";
    try {
      cap = powerCapEffect({
        acceleratorId: accelerator.id,
        workload: kind,
        capWatts: candidate.powerCapWatts,
        nominalWatts: tdp,
      });
    } catch (error) {
      if (kind === "serving") {
        try {
          cap = powerCapEffect({
            acceleratorId: accelerator.id,
            workload: "decode",
            capWatts: candidate.powerCapWatts,
            nominalWatts: tdp,
          });
          warnings.push(
            "power-cap points are for the decode phase only; prefill slows under a cap, so serving throughput is an upper bound",
          );
        } catch {
          return infeasible(parsed, candidate, cooling, reasonOf(error), system);
        }
      } else {
        return infeasible(parsed, candidate, cooling, reasonOf(error), system);
      }
    }
  }
  const acceleratorWatts = cap?.maxDrawWatts ?? tdp;
  const systemWatts = system.systemPowerWatts - system.acceleratorCount * (tdp - acceleratorWatts);
  const oneRack = packRacks(system, { systemCount: 1, rackPowerLimitWatts: rackLimit, systemPowerWatts: systemWatts });
  if (!oneRack.feasible) return infeasible(parsed, candidate, cooling, oneRack.reason ?? "does not fit a rack", system);

  let network: ReturnType<typeof computeNetworkOf>;
  try {
    network = computeNetworkOf(system);
  } catch (error) {
    return infeasible(parsed, candidate, cooling, (error as Error).message, system);
  }
  const switchRef = parsed.network.switch ?? defaultSwitchFor(network.nicGbitps);
  // GB200 and GB300 NVL72 share the Oberon rack: 9 NVLink switch trays per 72-GPU rack.
  const scaleUpDomain =
    system.vendor === "nvidia" && system.systemsPerRack === 1 && system.scaleUpDomainSize === 72
      ? "nvidia-gb200-nvl72"
      : undefined;
  const pue = cooling.pue;
  const gridLimit = site.gridPowerMW * 1e6;
  const workload = parsed.workload;
  const parameterCount =
    workload?.kind === "pretraining"
      ? parameterCounts(resolveArchitecture(workload.model as Parameters<typeof resolveArchitecture>[0])).totalParams
      : undefined;

  const storageNode = resolveStorageNode(parsed, wantsStorageNode(parsed));
  const kvOffloadPlan = kvOffloadPlanOf(parsed, system, accelerator.id);
  // KV traffic per accelerator at the SLO-limited throughput: the serving search once at the largest count the grid
  // allows (output per GPU hardly depends on the count once it holds the best instance), before the sizing.
  let kvTrafficPerAccelerator = { hitReadGBps: 0, newKvWriteGBps: 0 };

  const tooLarge = (systemCount: number): SizedPoint => ({
    systemCount,
    fabric: undefined,
    networkSwitchWatts: 0,
    networkOpticsWatts: 0,
    storageNeed: undefined,
    storageNodes: undefined,
    storageWatts: 0,
    kvOffload: undefined,
    itWatts: Number.POSITIVE_INFINITY,
    gridWatts: Number.POSITIVE_INFINITY,
  });
  const sizeAt = (systemCount: number): SizedPoint => {
    let fabric: SiteFabric | undefined;
    let switchWatts = 0;
    let opticsWatts = 0;
    if (systemCount > 0) {
      try {
        fabric = designSiteFabric({
          nodeCount: systemCount * network.nodesPerSystem,
          nicsPerNode: network.nicsPerNode,
          nicGbitps: network.nicGbitps,
          switch: switchRef,
          leafOversubscriptionRatio: parsed.network.leafOversubscriptionRatio,
          ...(scaleUpDomain === undefined
            ? {}
            : { scaleUp: { domain: scaleUpDomain, acceleratorCount: systemCount * system.acceleratorCount } }),
        });
      } catch (error) {
        // More endpoints than 64 fabrics of the switch hold: this size does not fit (the network limits it).
        if (error instanceof AifError && error.code === "INVALID_CONFIGURATION") return tooLarge(systemCount);
        throw error;
      }
      switchWatts = fabric.switchesWatts;
      opticsWatts = fabric.opticsWatts;
    }
    let storageNeed: TrainingStorageNeed | undefined;
    let storageNodes: number | undefined;
    let storageWatts = 0;
    if (parameterCount !== undefined && systemCount > 0) {
      storageNeed = sizeTrainingStorage({
        parameterCount,
        gpuCount: systemCount * system.acceleratorCount,
        stallRatio: parsed.storage.checkpointStallRatio,
        // Data read is reported after the plan runs; the sizing here needs only the checkpoint.
        tokensPerSecond: 1,
        bytesPerToken: parsed.storage.bytesPerToken,
        ...(parsed.storage.interruptionsPerAcceleratorHour === undefined
          ? {}
          : { interruptionsPerAcceleratorHour: parsed.storage.interruptionsPerAcceleratorHour }),
      });
      const node = storageNode;
      if (node !== undefined) {
        storageNodes = Math.ceil(storageNeed.checkpointWriteGBps / node.writeGBps);
        storageWatts = storageNodes * (node.powerWatts ?? 0);
      }
    }
    let kvOffload: KvOffloadSizing | undefined;
    if (kvOffloadPlan !== undefined && systemCount > 0) {
      const accelerators = systemCount * system.acceleratorCount;
      kvOffload = sizeKvOffload({
        kvBytesPerToken: kvOffloadPlan.kvBytesPerToken,
        retainedContextCount: kvOffloadPlan.options.retainedContextCount,
        contextTokens: kvOffloadPlan.contextTokens,
        tiers: kvOffloadPlan.options.tiers,
        systemCount,
        acceleratorsPerSystem: system.acceleratorCount,
        hostMemoryGBPerSystem: system.hostMemoryGB,
        hostMemoryKvRatio: kvOffloadPlan.options.hostMemoryKvRatio,
        localNvmeGBPerSystem: kvOffloadPlan.localNvmeGBPerSystem,
        localNvmeKvRatio: kvOffloadPlan.options.localNvmeKvRatio,
        hostLinkGBpsPerAccelerator: kvOffloadPlan.hostLinkGBpsPerAccelerator,
        storageNode,
        hitReadGBps: kvTrafficPerAccelerator.hitReadGBps * accelerators,
        newKvWriteGBps: kvTrafficPerAccelerator.newKvWriteGBps * accelerators,
      });
      if (kvOffload.storageNodeCount > 0 && storageNode !== undefined) {
        storageNodes = (storageNodes ?? 0) + kvOffload.storageNodeCount;
        storageWatts += kvOffload.storageNodeCount * (storageNode.powerWatts ?? 0);
      }
    }
    const itWatts = systemCount * systemWatts + switchWatts + opticsWatts + storageWatts;
    return {
      systemCount,
      fabric,
      networkSwitchWatts: switchWatts,
      networkOpticsWatts: opticsWatts,
      storageNeed,
      storageNodes,
      storageWatts,
      kvOffload,
      itWatts,
      gridWatts: itWatts * pue,
    };
  };

  // Largest system count within the grid (IT x PUE) and the floor space; every term grows with the count.
  let high = Math.floor(gridLimit / (pue * systemWatts));
  const floorCap = site.floorSpaceRacks === undefined ? undefined : site.floorSpaceRacks * oneRack.systemsPerRack;
  if (floorCap !== undefined) high = Math.min(high, floorCap);
  if (kvOffloadPlan !== undefined && workload?.kind === "serving" && high > 0) {
    try {
      const served = servingOutput(
        workload,
        accelerator.id,
        { leafGroupAccelerators: system.acceleratorCount, leafOversubscriptionRatio: 1, tierCount: 2, notes: [] },
        high * system.acceleratorCount,
        parsed.network.maxEp,
      );
      const outputPerSecond = served.outputTokensPerSecondPerGpu * (cap?.throughputRatio ?? 1);
      const requestsPerSecond = outputPerSecond / kvOffloadPlan.outputTokens;
      const bytes = kvOffloadPlan.kvBytesPerToken;
      kvTrafficPerAccelerator = {
        hitReadGBps: (requestsPerSecond * kvOffloadPlan.inputTokens * kvOffloadPlan.hitRatio * bytes) / 1e9,
        newKvWriteGBps:
          (requestsPerSecond *
            (kvOffloadPlan.inputTokens * (1 - kvOffloadPlan.hitRatio) + kvOffloadPlan.outputTokens) *
            bytes) /
          1e9,
      };
      assumptions.push(
        `KV offload traffic at the SLO-limited throughput (${outputPerSecond.toFixed(0)} output tokens/s per GPU, non-blocking fabric): ${(kvTrafficPerAccelerator.hitReadGBps * 1000).toFixed(0)} MB/s of hit reads and ${(kvTrafficPerAccelerator.newKvWriteGBps * 1000).toFixed(0)} MB/s of new KV writes per GPU`,
      );
    } catch {
      warnings.push(
        "KV offload sized for capacity only: no serving configuration meets the SLO, so its traffic is unknown",
      );
    }
  }
  let low = 0;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sizeAt(mid).gridWatts <= gridLimit) low = mid;
    else high = mid - 1;
  }
  if (low === 0) {
    return infeasible(
      parsed,
      candidate,
      cooling,
      `one ${system.id} with its network needs more than ${site.gridPowerMW} MW`,
      system,
    );
  }
  const next = sizeAt(low + 1);
  const limitedBy: SiteDesign["limitedBy"] =
    floorCap !== undefined && low === floorCap && next.gridWatts <= gridLimit
      ? "floor-space"
      : next.fabric === undefined && next.gridWatts === Number.POSITIVE_INFINITY
        ? "network"
        : "grid-power";
  if (limitedBy === "network") {
    warnings.push(
      `the scale-out network limits the cluster: more nodes do not fit 64 fabrics of ${typeof switchRef === "string" ? switchRef : switchRef.id}`,
    );
  }
  const point = sizeAt(low);
  const fabric = point.fabric!;
  // The fabric as the workload models see it: leaf groups and the leaf down:up ratio as built.
  const fabricProfile = scaleOutFabricProfile(
    fabric.perFabric.input,
    system.acceleratorCount / network.nodesPerSystem,
    fabric.perFabric.design,
  );
  const packing = packRacks(system, {
    systemCount: low,
    rackPowerLimitWatts: rackLimit,
    systemPowerWatts: systemWatts,
  });
  assumptions.push(...packing.assumptions, network.basis);
  warnings.push(...packing.warnings);

  // Power breakdown from the grid down to the GPUs.
  const acceleratorCount = low * system.acceleratorCount;
  const gpuWatts = acceleratorCount * acceleratorWatts;
  const scaleUpWatts = fabric.scaleUpSwitchTraysWatts;
  if (fabric.fabricCount > 1)
    warnings.push(
      `the nodes need ${fabric.fabricCount} independent scale-out fabrics (one fabric of this switch holds fewer endpoints); cross-fabric traffic is not modelled`,
    );
  const hostWatts = low * systemWatts - gpuWatts - scaleUpWatts;
  const overhead = point.itWatts * (pue - 1);
  const distributionWatts = Math.min(point.itWatts * distribution.lossWattsPerItWatt, overhead);
  const coolingWatts = overhead - distributionWatts;
  const gridUsed = point.itWatts + overhead;
  const networkWatts = point.networkSwitchWatts + point.networkOpticsWatts;
  const nodes: SitePowerNode[] = [
    { id: "grid-used", label: "Grid power used", watts: gridUsed, parent: undefined, leaf: false },
    {
      id: "distribution-losses",
      label: "UPS and transformer losses",
      watts: distributionWatts,
      parent: "grid-used",
      leaf: true,
    },
    {
      id: "cooling-and-other",
      label: "Cooling and other facility",
      watts: coolingWatts,
      parent: "grid-used",
      leaf: true,
    },
    { id: "it", label: "IT equipment", watts: point.itWatts, parent: "grid-used", leaf: false },
    { id: "compute", label: `${system.name} systems`, watts: low * systemWatts, parent: "it", leaf: false },
    { id: "gpus", label: `${accelerator.name} accelerators`, watts: gpuWatts, parent: "compute", leaf: true },
    { id: "hosts", label: "Host CPUs, memory, NICs, fans", watts: hostWatts, parent: "compute", leaf: true },
    ...(scaleUpWatts > 0
      ? [
          {
            id: "scale-up-switches" as const,
            label: "NVLink switch trays",
            watts: scaleUpWatts,
            parent: "compute" as const,
            leaf: true,
          },
        ]
      : []),
    { id: "network", label: "Scale-out network", watts: networkWatts, parent: "it", leaf: false },
    { id: "network-switches", label: "Switches", watts: point.networkSwitchWatts, parent: "network", leaf: true },
    { id: "network-optics", label: "Transceivers", watts: point.networkOpticsWatts, parent: "network", leaf: true },
    { id: "storage", label: "Storage", watts: point.storageWatts, parent: "it", leaf: true },
  ];
  const missing = [...fabric.missing];
  if (parameterCount !== undefined || (point.kvOffload?.storageNodeCount ?? 0) > 0) {
    if (storageNode === undefined) missing.push('storage power (storage.node is "none")');
    else if (storageNode.powerWatts === undefined) missing.push(`storage power (${storageNode.name})`);
  }
  if (missing.length > 0) warnings.push(`power leaves out: ${missing.join("; ")}`);

  // Bill of materials.
  const bom: SiteBomLine[] = [
    {
      category: "systems",
      item: system.name,
      quantity: low,
      powerWatts: low * systemWatts,
      priceUsd: undefined,
      note: `${acceleratorCount} x ${accelerator.name}`,
    },
    {
      category: "racks",
      item:
        system.systemsPerRack === 1
          ? `${system.name} rack`
          : `rack, ${packing.systemsPerRack} systems (${Math.round(packing.rackPowerWatts / 100) / 10} kW)`,
      quantity: packing.rackCount,
      powerWatts: undefined,
      priceUsd: undefined,
      note: `rack limit ${rackLimit / 1000} kW (${site.cooling})`,
    },
  ];
  const switchName = typeof switchRef === "string" ? switchRef : switchRef.id;
  const switchWattsEach =
    typeof switchRef === "string"
      ? BUILT_IN_FABRIC_SWITCHES.find((entry) => entry.id === switchRef)?.powerWatts
      : switchRef.powerWatts;
  for (const tier of fabric.tiers) {
    if (tier.switchCount > 0) {
      bom.push({
        category: "switches",
        item: `${switchName} (${tier.tier})`,
        quantity: tier.switchCount,
        powerWatts: switchWattsEach === undefined ? undefined : switchWattsEach * tier.switchCount,
        priceUsd: undefined,
        note: `${tier.portsPerSwitch} ports at ${fabric.endpointLinkGbps} Gb/s`,
      });
    }
  }
  if (fabric.scaleUp !== undefined) {
    bom.push({
      category: "switches",
      item: "NVLink switch trays (inside the racks)",
      quantity: fabric.scaleUp.switchTrayCount,
      powerWatts: scaleUpWatts,
      priceUsd: undefined,
      note: `${fabric.scaleUp.switchChipCount} NVLink switch chips`,
    });
  }
  for (const transceiver of fabric.transceivers) {
    bom.push({
      category: "optics",
      item: transceiver.part,
      quantity: transceiver.count,
      powerWatts: transceiver.powerWattsEach === undefined ? undefined : transceiver.powerWattsEach * transceiver.count,
      priceUsd: undefined,
      note: undefined,
    });
  }
  for (const cable of fabric.cables) {
    bom.push({
      category: "cables",
      item: cable.kind,
      quantity: cable.count,
      powerWatts: undefined,
      priceUsd: undefined,
      note: undefined,
    });
  }
  if (point.storageNodes !== undefined && storageNode !== undefined) {
    bom.push({
      category: "storage",
      item: storageNode.name,
      quantity: point.storageNodes,
      powerWatts: storageNode.powerWatts === undefined ? undefined : point.storageNodes * storageNode.powerWatts,
      priceUsd: storageNode.priceUsd === undefined ? undefined : point.storageNodes * storageNode.priceUsd,
      note:
        (point.kvOffload?.storageNodeCount ?? 0) > 0
          ? `${point.kvOffload?.storageNodeCount} for KV offload (set by ${point.kvOffload?.storageNodesSetBy}); ${storageNode.source}`
          : storageNode.source,
    });
  }

  // Cost (economics' TCO with this design's IT power per accelerator).
  const averageLoadRatio = parsed.economics.averageLoadRatio ?? DEFAULT_TRAINING_POWER_RATIO;
  const storageUsd = bom
    .filter((line) => line.category === "storage")
    .reduce((sum, line) => sum + (line.priceUsd ?? 0), 0);
  const tco = computeAcceleratorTco({
    acceleratorId: accelerator.id,
    acceleratorCount,
    maxPowerWattsPerAccelerator: point.itWatts / acceleratorCount,
    averagePowerWattsPerAccelerator: (point.itWatts / acceleratorCount) * averageLoadRatio,
    pue,
    regionId: site.regionId,
    depreciationYears: parsed.economics.depreciationYears,
    storageUsd,
    ...(parsed.economics.electricityUsdPerKWh === undefined
      ? {}
      : { electricityUsdPerKWh: parsed.economics.electricityUsdPerKWh }),
  });
  warnings.push(...tco.warnings);

  // Production through the planner's serving or pretraining model.
  let production: SiteProduction | undefined;
  let tokensPerSecond: number | undefined;
  if (workload !== undefined) {
    // A pretraining run needs a GPU count its parallelism can split; when the whole cluster cannot be split, the
    // run uses the largest of a few rounder counts below it (the rest of the GPUs are left to other jobs).
    const jobCounts =
      workload.kind === "pretraining"
        ? [
            ...new Set([
              acceleratorCount,
              Math.floor(acceleratorCount / 1024) * 1024,
              Math.floor(acceleratorCount / 512) * 512,
              Math.floor(acceleratorCount / 256) * 256,
              2 ** Math.floor(Math.log2(acceleratorCount)),
            ]),
          ].filter((count) => count > 0)
        : [acceleratorCount];
    let lastError: unknown;
    if (workload.kind === "serving") {
      // The serving model sees the designed fabric: an oversubscribed leaf slows expert-parallel all-to-all that
      // leaves a leaf group. plan() takes an accelerator id and no fabric, so the site runs the same search (or, with
      // a fixed parallelism, the same estimate) as plan()'s serving section with the fabric on the accelerator spec.
      try {
        const served = servingOutput(workload, accelerator.id, fabricProfile, acceleratorCount, parsed.network.maxEp);
        warnings.push(...served.warnings);
        const perSecond = served.outputTokensPerSecondPerGpu * acceleratorCount * (cap?.throughputRatio ?? 1);
        production = {
          kind: "serving",
          modelId: typeof workload.model === "string" ? workload.model : "custom",
          outputTokensPerSecond: perSecond,
          outputTokensPerSecondPerGpu: perSecond / acceleratorCount,
          outputTokensPerGridJoule: perSecond / gridUsed,
        };
        if (fabricProfile.leafOversubscriptionRatio > 1) {
          assumptions.push(
            `serving all-to-all leaving a leaf group of ${fabricProfile.leafGroupAccelerators} GPUs shares ${fabricProfile.leafOversubscriptionRatio}:1 oversubscribed leaf uplinks`,
          );
        }
        if (cap !== undefined) {
          assumptions.push(
            `throughput x ${cap.throughputRatio.toFixed(3)} under the ${cap.capWatts} W cap (${cap.basis})`,
          );
        }
      } catch (error) {
        lastError = error;
      }
    }
    // Pretraining: every candidate GPU count is planned and the fastest run kept (a rounder count can beat the whole
    // cluster when the global batch splits better over it).
    let best: { jobCount: number; tokensPerSecond: number; timeToTrainDays: number } | undefined;
    for (const jobCount of workload.kind === "serving" ? [] : jobCounts) {
      let result: ReturnType<typeof plan>;
      try {
        result = plan({
          id: "site-design",
          name: "site design",
          workload,
          hardware: {
            accelerator: accelerator.id,
            count: jobCount,
            ...(candidate.system === undefined ? { system: system.id } : {}),
            ...(fabricProfile.leafOversubscriptionRatio > 1
              ? {
                  scaleOutFabric: {
                    leafGroupAccelerators: fabricProfile.leafGroupAccelerators,
                    leafOversubscriptionRatio: fabricProfile.leafOversubscriptionRatio,
                  },
                }
              : {}),
          },
          site: { region: site.regionId, cooling: site.cooling === "air" ? "air" : "liquid", pue },
          economics: { ownership: "owned", depreciationYears: parsed.economics.depreciationYears },
          supply: { startQuarter: site.availableQuarter, availablePowerMW: site.gridPowerMW },
        });
      } catch (error) {
        if (best === undefined) lastError = error;
        continue;
      }
      if (result.performance.kind !== "pretraining") continue;
      lastError = undefined;
      if (best === undefined || result.performance.tokensPerSecond > best.tokensPerSecond) {
        best = {
          jobCount,
          tokensPerSecond: result.performance.tokensPerSecond,
          timeToTrainDays: result.performance.timeToTrainDays,
        };
      }
    }
    if (best !== undefined) {
      const ratioUnderCap = cap?.throughputRatio ?? 1;
      const days = best.timeToTrainDays / ratioUnderCap;
      tokensPerSecond = best.tokensPerSecond * ratioUnderCap;
      production = {
        kind: "pretraining",
        modelId: typeof workload.model === "string" ? workload.model : "custom",
        jobAcceleratorCount: best.jobCount,
        tokensPerSecond,
        timeToTrainDays: days,
        runsPerYear: 365 / days,
      };
      if (best.jobCount < acceleratorCount) {
        assumptions.push(
          `the run uses ${best.jobCount} of the ${acceleratorCount} GPUs (the fastest of the GPU counts tried: ${jobCounts.join(", ")}; the rest are left to other jobs)`,
        );
      }
      if (cap !== undefined) {
        assumptions.push(
          `throughput x ${cap.throughputRatio.toFixed(3)} under the ${cap.capWatts} W cap (${cap.basis})`,
        );
      }
    }
    if (lastError !== undefined) {
      warnings.push(`production not computed: ${(lastError as Error).message.split("\n")[0]}`);
    }
  }
  let storage: SiteDesign["storage"];
  if (point.storageNeed !== undefined) {
    const readGBps = tokensPerSecond === undefined ? 0 : (tokensPerSecond * parsed.storage.bytesPerToken) / 1e9;
    storage = { ...point.storageNeed, datasetReadGBps: readGBps, nodeCount: point.storageNodes };
    if (
      storageNode !== undefined &&
      point.storageNodes !== undefined &&
      readGBps > point.storageNodes * storageNode.readGBps
    ) {
      warnings.push(`dataset reads (${readGBps.toFixed(1)} GB/s) exceed the checkpoint-sized storage's read bandwidth`);
    }
    assumptions.push(...point.storageNeed.assumptions.filter((line) => !line.includes("bytes per training token")));
  }
  if (point.kvOffload !== undefined) {
    assumptions.push(...point.kvOffload.assumptions);
    warnings.push(...point.kvOffload.warnings);
  } else if (parsed.storage.kvOffload !== undefined && workload?.kind !== "serving") {
    warnings.push("storage.kvOffload applies to serving workloads: ignored");
  }

  // Energy, carbon, water at the average load.
  const annualItKWh = (point.itWatts * averageLoadRatio * 8760) / 1000;
  const annualFacilityKWh = annualItKWh * pue;
  const water = waterLiters(
    annualItKWh,
    annualFacilityKWh,
    cooling.wueLitersPerKWh,
    DEFAULT_WATER_INTENSITY.offsiteLitersPerKWh,
  );
  let supply: SiteDesign["supply"];
  try {
    const supplyPlan = planAcceleratorSupply({
      acceleratorId: accelerator.id,
      acceleratorCount,
      startQuarter: site.availableQuarter,
      availablePowerMW: site.gridPowerMW,
      requiredPowerMW: gridUsed / 1e6,
    });
    supply = {
      earliestOnlineQuarter: supplyPlan.earliestOnlineQuarter,
      bindingConstraint: supplyPlan.bindingConstraint,
    };
  } catch (error) {
    supply = { earliestOnlineQuarter: null, bindingConstraint: "unknown" };
    warnings.push(`supply date not computed: ${(error as Error).message.split("\n")[0]}`);
  }
  assumptions.push(`average IT load ${averageLoadRatio} of maximum for energy, carbon, water and opex`);

  return {
    key: candidate.powerCapWatts === undefined ? system.id : `${system.id}@${candidate.powerCapWatts}W`,
    systemId: system.id,
    systemName: system.name,
    acceleratorId: accelerator.id,
    powerCapWatts: candidate.powerCapWatts,
    feasible: true,
    reason: undefined,
    systemCount: low,
    acceleratorCount,
    rackCount: packing.rackCount,
    systemsPerRack: packing.systemsPerRack,
    limitedBy,
    power: {
      gridContractedWatts: gridLimit,
      gridUsedWatts: gridUsed,
      gridUnusedWatts: gridLimit - gridUsed,
      itWatts: point.itWatts,
      pue,
      acceleratorWatts,
      gridWattsPerAccelerator: gridUsed / acceleratorCount,
      nodes,
      missing,
    },
    bom,
    network: {
      fabricCount: fabric.fabricCount,
      tierCount: fabric.tierCount,
      switches: fabric.switches,
      bisectionGbpsPerDirection: fabric.bisectionGbpsPerDirection,
      endpointCount: low * network.nodesPerSystem * network.nicsPerNode,
      nicGbitps: network.nicGbitps,
      scaleOutFabric: fabricProfile,
    },
    storage,
    kvOffload: point.kvOffload,
    cost: {
      capexUsd: tco.capexUsd,
      capexBreakdownUsd: tco.breakdown.capex,
      opexUsdPerYear: tco.opexUsdPerYear,
      costPerGpuHourUsd: tco.costPerGpuHourUsd,
    },
    production,
    energy: { averageLoadRatio, annualFacilityMWh: annualFacilityKWh / 1000 },
    carbon: {
      gridKgCo2ePerKWh: intensity.gCo2ePerKWh / 1000,
      gridYear: intensity.year,
      annualOperationalTonnes: (annualFacilityKWh * intensity.gCo2ePerKWh) / 1e6,
    },
    water: { annualOnsiteLiters: water.onsiteLiters, annualOffsiteLiters: water.offsiteLiters },
    supply,
    powerCap: cap,
    assumptions,
    warnings,
  };
}

/**
 * The leaves of a design's power breakdown (they add up to the grid power used), for a stacked bar.
 *
 * @param design - a design from {@link designSite}
 * @returns `[label, watts]` pairs
 * @example
 * ```ts
 * import { designSite, sitePowerLeaves } from "@aifactory/planner";
 * const design = designSite({ site: { gridPowerMW: 5, availableQuarter: "2027-Q1" }, candidates: [{ systemId: "nvidia-dgx-b200" }] }).designs[0]!;
 * Math.round(sitePowerLeaves(design).reduce((sum, [, watts]) => sum + watts, 0)) === Math.round(design.power.gridUsedWatts); // true
 * ```
 * @since 0.7.0
 * @category Site
 */
export function sitePowerLeaves(design: SiteDesign): Array<[string, number]> {
  return design.power.nodes.filter((node) => node.leaf).map((node) => [node.label, node.watts]);
}
