import {
  assertFiniteResult,
  finitePositive,
  InvalidInputError,
  kebabId,
  NotFoundError,
  parseInput,
  positiveInt,
} from "@aifactory/core";
import { z } from "zod";
import { BUILT_IN_FABRIC_SWITCHES } from "../data/fabric-switches";
import { BUILT_IN_LINK_MEDIA } from "../data/link-media";
import { BUILT_IN_SCALE_UP_DOMAINS } from "../data/scale-up-domains";
import { type FabricSwitch, fabricSwitchSchema } from "./fabric-switch";
import { type LinkMedia, type LinkMediaKind, linkMediaSchema } from "./link-media";
import { type ScaleUpDomain, scaleUpDomainSchema } from "./scale-up-domain";

const ratioAtLeastOne = z.number().finite().min(1);
const mediaReferenceSchema = z.union([kebabId, linkMediaSchema]);

/**
 * Input of {@link designFabric}: the endpoints (nodes x NICs), the NIC rate, the switch, and the topology
 * choices. Defaults: 8 NICs per node, one plane, rail-optimized, the fewest tiers that fit, non-blocking (1:1)
 * leaves and spines, even striping of uplinks, media chosen per tier (see the methodology page).
 *
 * @example
 * ```ts
 * import { fabricDesignInputSchema } from "@aifactory/hardware";
 * fabricDesignInputSchema.parse({ nodeCount: 32, nicGbitps: 400, switch: "nvidia-quantum-2-qm9700" }).nicsPerNode; // 8
 * ```
 * @since 0.2.0
 * @category Fabric design
 */
export const fabricDesignInputSchema = z
  .object({
    /** Servers (or compute trays) with scale-out NICs. */
    nodeCount: positiveInt.describe("Servers (or compute trays) with scale-out NICs."),
    /** Scale-out NICs per node; each is one endpoint (and one rail when rail-optimized). Default 8. */
    nicsPerNode: positiveInt
      .default(8)
      .describe("Scale-out NICs per node; each is one endpoint (and one rail when rail-optimized). Default 8."),
    /** Line rate of one NIC, Gb/s per direction, over all planes together. */
    nicGbitps: finitePositive.describe("Line rate of one NIC, Gb/s per direction, over all planes together."),
    /** Independent fabric planes; each NIC gives each plane `nicGbitps / planeCount`. Default 1. */
    planeCount: positiveInt
      .default(1)
      .describe("Independent fabric planes; each NIC gives each plane `nicGbitps / planeCount`. Default 1."),
    /** NIC k of every node goes to the leaves of rail k. Default true. */
    railOptimized: z
      .boolean()
      .default(true)
      .describe("NIC k of every node goes to the leaves of rail k. Default true."),
    /** A built-in switch id (see `BUILT_IN_FABRIC_SWITCHES`) or a custom switch. */
    switch: z
      .union([kebabId, fabricSwitchSchema])
      .describe("A built-in switch id (see `BUILT_IN_FABRIC_SWITCHES`) or a custom switch."),
    /** Switch tiers: 1, 2, 3, or `"auto"` for the fewest that fit. Default `"auto"`. */
    tierCount: z
      .union([z.literal(1), z.literal(2), z.literal(3), z.literal("auto")])
      .default("auto")
      .describe('Switch tiers: 1, 2, 3, or `"auto"` for the fewest that fit. Default `"auto"`.'),
    /** Leaf down:up bandwidth (1 = non-blocking). Default 1. */
    leafOversubscriptionRatio: ratioAtLeastOne
      .default(1)
      .describe("Leaf down:up bandwidth (1 = non-blocking). Default 1."),
    /** Spine down:up bandwidth in a 3-tier fabric (1 = non-blocking). Default 1. */
    spineOversubscriptionRatio: ratioAtLeastOne
      .default(1)
      .describe("Spine down:up bandwidth in a 3-tier fabric (1 = non-blocking). Default 1."),
    /**
     * `"even"`: the upper tier has a switch count that divides each lower switch's uplinks, so every lower switch
     * has the same number of links to every upper switch (NVIDIA's SuperPOD tables); `"minimal"`: the fewest
     * upper switches whose ports hold the uplinks. Default `"even"`.
     */
    spineStriping: z
      .enum(["even", "minimal"])
      .default("even")
      .describe("`even`: upper switch count divides each lower switch's uplinks; `minimal`: fewest that hold them."),
    /** Media per tier: a built-in media id or a custom medium; defaults per tier (see the methodology page). */
    media: z
      .object({
        endpointToLeaf: mediaReferenceSchema.optional(),
        leafToSpine: mediaReferenceSchema.optional(),
        spineToCore: mediaReferenceSchema.optional(),
      })
      .strict()
      .default({})
      .describe("Media per tier: a built-in media id or a custom medium; defaults per tier."),
    /** Count the scale-up domains too: a built-in domain id or a custom one; accelerators default to the endpoints. */
    scaleUp: z
      .object({
        domain: z.union([kebabId, scaleUpDomainSchema]),
        acceleratorCount: positiveInt.optional(),
      })
      .strict()
      .optional()
      .describe("Count the scale-up domains too: a built-in domain id or a custom one."),
  })
  .strict();

/**
 * What {@link designFabric} accepts (defaults optional).
 *
 * @since 0.2.0
 * @category Fabric design
 */
export type FabricDesignInput = z.input<typeof fabricDesignInputSchema>;

/**
 * One switch tier as built, over all planes.
 *
 * @since 0.2.0
 * @category Fabric design
 */
export interface FabricTierReport {
  /** Which tier. */
  tier: "leaf" | "spine" | "core";
  /** Switches in this tier, all planes. */
  switchCount: number;
  /** Ports per switch at the endpoint link rate (a split port counts as `breakoutPerPort`). */
  portsPerSwitch: number;
  /** Ports per switch facing down. */
  downPortsPerSwitch: number;
  /** Ports per switch facing up (0 at the top tier). */
  upPortsPerSwitch: number;
  /** Ports in use over the tier. */
  portsUsed: number;
  /** Ports left free over the tier. */
  portsFree: number;
  /** Down:up bandwidth as provisioned (`undefined` at the top tier). */
  oversubscriptionRatio: number | undefined;
}

/**
 * The links between two tiers, their media, and the modules and cables they take, over all planes.
 *
 * @since 0.2.0
 * @category Fabric design
 */
export interface FabricLinkReport {
  /** Which two tiers. */
  between: "endpoint-leaf" | "leaf-spine" | "spine-core";
  /** Links, all planes. */
  linkCount: number;
  /** Rate of one link, Gb/s per direction. */
  linkGbitps: number;
  /** The media used. */
  mediaId: string;
  /** Its kind. */
  mediaKind: LinkMediaKind;
  /** Pluggable transceiver modules (kind `transceiver`; 0 for cable assemblies). */
  transceiverCount: number;
  /** Fiber cables (transceivers) or cable assemblies (DAC/ACC/AOC). */
  cableCount: number;
  /** Power of the modules and active cables, W (`undefined` when a module's power is not sourced). */
  opticsPowerWatts: number | undefined;
}

/**
 * Result of {@link designFabric}.
 *
 * @since 0.2.0
 * @category Fabric design
 */
export interface FabricDesign {
  /** Switch tiers built (1 to 3). */
  tierCount: 1 | 2 | 3;
  /** Independent planes. */
  planeCount: number;
  /** Rails per plane (NICs per node when rail-optimized, else 1). */
  railCount: number;
  /** Endpoint links per plane (nodes x NICs). */
  endpointsPerPlane: number;
  /** Rate of one endpoint link in one plane, Gb/s. */
  endpointLinkGbps: number;
  /** Links a switch port is split into (1 = no breakout); every tier runs at `endpointLinkGbps`. */
  breakoutPerPort: number;
  /** Switches per tier, one plane. */
  switchesPerPlane: { leaf: number; spine: number; core: number };
  /** Switches per tier, all planes, and the total. */
  switches: { leaf: number; spine: number; core: number; total: number };
  /** Per-tier breakdown. */
  tiers: FabricTierReport[];
  /** Per-link-tier breakdown. */
  links: FabricLinkReport[];
  /** Transceiver modules by part, all tiers. */
  transceivers: { part: string; count: number; powerWattsEach: number | undefined }[];
  /** Cables by kind, all tiers (`fiber` joins two transceivers). */
  cables: { kind: "fiber" | "dac" | "acc" | "aoc"; count: number }[];
  /** Bisection bandwidth, Gb/s per direction, all planes. */
  bisectionGbpsPerDirection: number;
  /** Every tier provisioned at 1:1 or better. */
  nonBlocking: boolean;
  /** Most switches a packet crosses between two endpoints (1, 3 or 5). */
  maxSwitchHops: number;
  /** Power: switches and optics where sourced; `missing` names what is not. */
  power: {
    switchesWatts: number | undefined;
    opticsWatts: number | undefined;
    scaleUpSwitchTraysWatts: number | undefined;
    totalWatts: number | undefined;
    missing: string[];
  };
  /** Cost where every price is sourced; `missing` names the prices that are not. */
  cost: { totalUsd: number | undefined; missing: string[] };
  /** Scale-up domains, when `scaleUp` was given. */
  scaleUp:
    | {
        domainId: string;
        acceleratorCount: number;
        domainCount: number;
        switchTrayCount: number;
        switchChipCount: number;
        acceleratorsInLastDomain: number;
      }
    | undefined;
  /** What the design assumed. */
  assumptions: string[];
  /** What a reader should check. */
  warnings: string[];
}

const EPSILON = 1e-9;

function smallestDivisorAtLeast(value: number, atLeast: number): number {
  for (let divisor = Math.max(1, atLeast); divisor <= value; divisor++) {
    if (value % divisor === 0) return divisor;
  }
  return value;
}

/** Modules needed when `total` links spread as evenly as possible over `switches` switches. */
function modulesOverEvenSpread(total: number, switches: number, linksPerModule: number): number {
  if (switches <= 0 || total <= 0) return 0;
  const low = Math.floor(total / switches);
  const high = total % switches;
  return high * Math.ceil((low + 1) / linksPerModule) + (switches - high) * Math.ceil(low / linksPerModule);
}

function resolveSwitch(reference: string | FabricSwitch): FabricSwitch {
  if (typeof reference !== "string") return reference;
  const found = BUILT_IN_FABRIC_SWITCHES.find((item) => item.id === reference);
  if (found === undefined) {
    throw new NotFoundError(
      "fabric switch",
      reference,
      BUILT_IN_FABRIC_SWITCHES.map((item) => item.id),
    );
  }
  return found;
}

function resolveDomain(reference: string | ScaleUpDomain): ScaleUpDomain {
  if (typeof reference !== "string") return reference;
  const found = BUILT_IN_SCALE_UP_DOMAINS.find((item) => item.id === reference);
  if (found === undefined) {
    throw new NotFoundError(
      "scale-up domain",
      reference,
      BUILT_IN_SCALE_UP_DOMAINS.map((item) => item.id),
    );
  }
  return found;
}

interface ResolvedMedia {
  media: LinkMedia;
  generic: boolean;
}

function resolveMedia(
  reference: string | LinkMedia | undefined,
  field: string,
  linkGbitps: number,
  defaultId: string,
  defaultKind: LinkMediaKind,
): ResolvedMedia {
  let media: LinkMedia | undefined;
  if (reference === undefined) {
    media = BUILT_IN_LINK_MEDIA.find(
      (item) => item.id === defaultId && Math.abs(item.linkGbitps - linkGbitps) < EPSILON,
    );
    if (media === undefined) {
      return {
        generic: true,
        media: {
          id: `generic-${defaultKind}-${linkGbitps}g`,
          name: `Generic ${linkGbitps}G ${defaultKind} (no sourced medium at this rate)`,
          kind: defaultKind,
          linkGbitps,
          switchEnd: { part: `generic ${linkGbitps}G ${defaultKind} switch end`, linksPerModule: 1 },
          endpointEnd: { part: `generic ${linkGbitps}G ${defaultKind} NIC end`, linksPerModule: 1 },
          sources: [],
        },
      };
    }
  } else if (typeof reference === "string") {
    media = BUILT_IN_LINK_MEDIA.find((item) => item.id === reference);
    if (media === undefined) {
      throw new NotFoundError(
        "link media",
        reference,
        BUILT_IN_LINK_MEDIA.map((item) => item.id),
      );
    }
  } else {
    media = reference;
  }
  if (Math.abs(media.linkGbitps - linkGbitps) > EPSILON) {
    throw new InvalidInputError("fabric design input", [
      {
        path: field,
        message: `medium "${media.id}" runs at ${media.linkGbitps} Gb/s but these links run at ${linkGbitps} Gb/s`,
        received: media.id,
        hint: `choose a ${linkGbitps} Gb/s medium or leave ${field} out for the default`,
      },
    ]);
  }
  return { media, generic: false };
}

interface LinkCounting {
  modulesLower: number;
  modulesUpper: number;
}

/**
 * Designs a scale-out network fabric: a (rail-optimized, optionally multi-plane) folded-Clos fat tree of 1 to 3
 * switch tiers for `nodeCount x nicsPerNode` endpoints, with switch counts per tier, ports used and free, links,
 * transceivers and cables by type, power and cost where sourced, bisection bandwidth, oversubscription as built,
 * hop counts, and the scale-up domains (e.g. NVL72 NVLink switch trays and chips) when asked.
 *
 * Method (per plane; every count is then multiplied by `planeCount`): every link runs at the endpoint rate
 * `nicGbitps / planeCount`, a faster switch port split into `portGbitps / linkGbitps` ports (`k` ports per switch).
 * A leaf has `down = floor(k * o / (1 + o))` and `up = k - down` ports for leaf oversubscription `o`. Each rail
 * gets `ceil(nodes / down)` leaves.
 * Two tiers: spines = the smallest divisor of `up` that is at least `ceil(leaves * up / k)` (even
 * striping; NVIDIA DGX SuperPOD tables) or that ceiling (minimal), with `leaves <= k`. Three tiers: pods of `spineDown` leaves and
 * `up` spines; core groups, one per spine index, of the smallest divisor of `spineUp` that is at least
 * `ceil(pods * spineUp / radix)` cores. Bisection = half the narrowest tier's capacity. Validated against
 * NVIDIA DGX SuperPOD H100, B200, B300 (XDR and Spectrum-4 twin-plane) tables and an operator's Q3400 design
 * (see `docs/fabric-design.md`).
 *
 * @param input - see {@link fabricDesignInputSchema}; units in the names (Gb/s, counts, ratios)
 * @returns the design with its breakdown, assumptions and warnings
 * @throws InvalidInputError for a malformed input, a NIC faster than the switch port, or endpoints that do not
 *   fit the requested tiers (the message names the field and a hint)
 * @throws NotFoundError for an unknown switch, media or scale-up domain id
 * @example
 * ```ts
 * import { designFabric } from "@aifactory/hardware";
 * // DGX SuperPOD H100, 4 scalable units of 32 DGX H100 (8 x 400G NDR each) on QM9700
 * const design = designFabric({ nodeCount: 128, nicsPerNode: 8, nicGbitps: 400, switch: "nvidia-quantum-2-qm9700" });
 * design.switches; // { leaf: 32, spine: 16, core: 0, total: 48 }
 * design.bisectionGbpsPerDirection; // 204800
 * ```
 * @since 0.2.0
 * @category Fabric design
 */
export function designFabric(input: FabricDesignInput): FabricDesign {
  const parsed = parseInput(fabricDesignInputSchema, input, "fabric design input");
  const sw = resolveSwitch(parsed.switch);
  const assumptions: string[] = [];
  const warnings: string[] = [];
  const planes = parsed.planeCount;
  const linkGbitps = parsed.nicGbitps / planes;
  const portGbitps = sw.portGbitps;

  if (linkGbitps > portGbitps + EPSILON) {
    throw new InvalidInputError("fabric design input", [
      {
        path: "nicGbitps",
        message: `each plane's NIC link (${linkGbitps} Gb/s) is faster than a ${sw.id} port (${portGbitps} Gb/s)`,
        received: parsed.nicGbitps,
        hint: `raise planeCount to at least ${Math.ceil(parsed.nicGbitps / portGbitps)} or choose a faster switch`,
      },
    ]);
  }
  const breakoutExact = portGbitps / linkGbitps;
  const breakout = Math.round(breakoutExact);
  if (breakout < 1 || Math.abs(breakoutExact - breakout) > EPSILON) {
    throw new InvalidInputError("fabric design input", [
      {
        path: "nicGbitps",
        message: `a ${portGbitps} Gb/s switch port does not split into whole ${linkGbitps} Gb/s links`,
        received: parsed.nicGbitps,
        hint: "choose nicGbitps / planeCount that divides the switch port rate",
      },
    ]);
  }

  const railCount = parsed.railOptimized ? parsed.nicsPerNode : 1;
  const endpointsPerRail = parsed.railOptimized ? parsed.nodeCount : parsed.nodeCount * parsed.nicsPerNode;
  const endpoints = parsed.nodeCount * parsed.nicsPerNode;

  // Every tier runs at the endpoint link rate: a faster port is split into `breakout` ports (logical radix).
  const radix = sw.radix * breakout;
  // Leaf split for 2+ tiers.
  const leafDownPorts = Math.floor((radix * parsed.leafOversubscriptionRatio) / (1 + parsed.leafOversubscriptionRatio));
  const leafUpPorts = radix - leafDownPorts;
  const leafDownLinks = leafDownPorts;
  const leavesPerRail = Math.ceil(endpointsPerRail / leafDownLinks);
  const leavesMulti = railCount * leavesPerRail;
  const spineDownPorts = Math.floor(
    (radix * parsed.spineOversubscriptionRatio) / (1 + parsed.spineOversubscriptionRatio),
  );
  const spineUpPorts = radix - spineDownPorts;

  const fitsOne = endpoints <= radix;
  const fitsTwo = leafUpPorts >= 1 && leavesMulti <= radix;
  const podsNeeded = Math.ceil(leavesMulti / spineDownPorts);
  const fitsThree = leafUpPorts >= 1 && spineUpPorts >= 1 && podsNeeded <= radix;

  let tierCount: 1 | 2 | 3;
  if (parsed.tierCount === "auto") {
    if (fitsOne) tierCount = 1;
    else if (fitsTwo) tierCount = 2;
    else if (fitsThree) tierCount = 3;
    else {
      throw new InvalidInputError("fabric design input", [
        {
          path: "nodeCount",
          message: `${endpoints} endpoints per plane do not fit 3 tiers of ${radix}-port switches (at most ${radix * spineDownPorts * leafDownLinks} with these ratios)`,
          received: parsed.nodeCount,
          hint: "use more planes, a higher-radix switch, or fewer nodes",
        },
      ]);
    }
  } else {
    tierCount = parsed.tierCount;
    const fits = tierCount === 1 ? fitsOne : tierCount === 2 ? fitsTwo : fitsThree;
    if (!fits) {
      const capacity =
        tierCount === 1
          ? radix
          : tierCount === 2
            ? Math.floor(radix / railCount) * railCount * leafDownLinks
            : radix * spineDownPorts * leafDownLinks;
      throw new InvalidInputError("fabric design input", [
        {
          path: "tierCount",
          message: `${endpoints} endpoints per plane do not fit ${tierCount} tier(s) of ${radix}-port switches (about ${capacity} fit)`,
          received: parsed.tierCount,
          hint: 'use tierCount "auto", more tiers, more planes, or a higher-radix switch',
        },
      ]);
    }
  }

  // Per-plane counts.
  let leaves: number;
  let spines = 0;
  let cores = 0;
  let downPortsPerLeaf: number;
  let upPortsPerLeaf: number;
  let leafDownPortsUsed: number;
  let pods = 0;
  let coreGroupSize = 0;
  if (tierCount === 1) {
    leaves = 1;
    downPortsPerLeaf = radix;
    upPortsPerLeaf = 0;
    leafDownPortsUsed = endpoints;
    assumptions.push("One tier: a single switch per plane, every port facing the endpoints.");
  } else {
    leaves = leavesMulti;
    downPortsPerLeaf = leafDownPorts;
    upPortsPerLeaf = leafUpPorts;
    const lastLeafLinks = endpointsPerRail - (leavesPerRail - 1) * leafDownLinks;
    leafDownPortsUsed = endpoints;
    if (lastLeafLinks < leafDownLinks) {
      warnings.push(
        `The last leaf of each rail uses ${lastLeafLinks} of ${leafDownLinks} endpoint links (${leafDownLinks - lastLeafLinks} free per rail); its uplinks are still built in full, as NVIDIA builds a full scalable unit.`,
      );
    }
    if (tierCount === 2) {
      const minimalSpines = Math.ceil((leaves * leafUpPorts) / radix);
      spines = parsed.spineStriping === "even" ? smallestDivisorAtLeast(leafUpPorts, minimalSpines) : minimalSpines;
      if (parsed.spineStriping === "minimal" && leafUpPorts % spines !== 0) {
        warnings.push(
          `${leafUpPorts} uplinks per leaf do not stripe evenly over ${spines} spines; some spines get more links from a leaf than others.`,
        );
      }
    } else {
      pods = podsNeeded;
      spines = pods * leafUpPorts;
      const perGroupMinimal = Math.ceil((pods * spineUpPorts) / radix);
      if (parsed.spineStriping === "even") {
        coreGroupSize = smallestDivisorAtLeast(spineUpPorts, perGroupMinimal);
        cores = leafUpPorts * coreGroupSize;
      } else {
        cores = Math.ceil((spines * spineUpPorts) / radix);
      }
      if (leaves % spineDownPorts !== 0) {
        warnings.push(
          `The last pod holds ${leaves % spineDownPorts} of ${spineDownPorts} leaves; its spines keep free down ports.`,
        );
      }
      assumptions.push(
        `Three tiers: pods of up to ${spineDownPorts} leaves and ${leafUpPorts} spines (one link from every leaf to every spine of its pod); ${parsed.spineStriping === "even" ? `one core group of ${coreGroupSize} per spine index` : "the fewest cores whose ports hold the spine uplinks"}.`,
      );
    }
  }

  // Links per plane.
  const leafSpineLinks = tierCount >= 2 ? leaves * upPortsPerLeaf : 0;
  const spineCoreLinks = tierCount === 3 ? spines * spineUpPorts : 0;

  // Tier reports (all planes).
  const tiers: FabricTierReport[] = [];
  const leafPortsUsed = leafDownPortsUsed + leafSpineLinks;
  tiers.push({
    tier: "leaf",
    switchCount: leaves * planes,
    portsPerSwitch: radix,
    downPortsPerSwitch: downPortsPerLeaf,
    upPortsPerSwitch: upPortsPerLeaf,
    portsUsed: leafPortsUsed * planes,
    portsFree: (leaves * radix - leafPortsUsed) * planes,
    oversubscriptionRatio: tierCount === 1 ? undefined : leafDownPorts / leafUpPorts,
  });
  if (tierCount >= 2) {
    const spineUsed = leafSpineLinks + spineCoreLinks;
    tiers.push({
      tier: "spine",
      switchCount: spines * planes,
      portsPerSwitch: radix,
      downPortsPerSwitch: tierCount === 3 ? spineDownPorts : radix,
      upPortsPerSwitch: tierCount === 3 ? spineUpPorts : 0,
      portsUsed: spineUsed * planes,
      portsFree: (spines * radix - spineUsed) * planes,
      oversubscriptionRatio: tierCount === 3 ? spineDownPorts / spineUpPorts : undefined,
    });
  }
  if (tierCount === 3) {
    tiers.push({
      tier: "core",
      switchCount: cores * planes,
      portsPerSwitch: radix,
      downPortsPerSwitch: radix,
      upPortsPerSwitch: 0,
      portsUsed: spineCoreLinks * planes,
      portsFree: (cores * radix - spineCoreLinks) * planes,
      oversubscriptionRatio: undefined,
    });
  }

  // Media per link tier.
  const endpointDefaultKind: LinkMediaKind = parsed.railOptimized ? "transceiver" : "dac";
  const endpointMedia = resolveMedia(
    parsed.media.endpointToLeaf,
    "media.endpointToLeaf",
    linkGbitps,
    parsed.railOptimized ? "nvidia-400g-multimode-sr4" : "nvidia-400g-passive-dac",
    endpointDefaultKind,
  );
  assumptions.push(
    parsed.railOptimized
      ? "Endpoint-leaf links default to multimode optics (50 m): rail leaves sit outside the server racks."
      : "Endpoint-leaf links default to passive DAC: a non-rail leaf sits in the servers' rack (top of rack).",
  );
  const leafSpineMedia =
    tierCount >= 2
      ? resolveMedia(
          parsed.media.leafToSpine,
          "media.leafToSpine",
          linkGbitps,
          "nvidia-400g-singlemode-dr4",
          "transceiver",
        )
      : undefined;
  const spineCoreMedia =
    tierCount === 3
      ? resolveMedia(
          parsed.media.spineToCore,
          "media.spineToCore",
          linkGbitps,
          "nvidia-400g-singlemode-dr4",
          "transceiver",
        )
      : undefined;
  if (tierCount >= 2) {
    assumptions.push("Switch-to-switch links default to single-mode optics (100 m) between rows.");
  }

  // Per-switch endpoint links on leaves: full leaves and the last leaf of each rail.
  let endpointSwitchModules: number;
  if (tierCount === 1) {
    endpointSwitchModules = Math.ceil(endpoints / endpointMedia.media.switchEnd.linksPerModule);
  } else {
    const lastLeafLinks = endpointsPerRail - (leavesPerRail - 1) * leafDownLinks;
    const perModule = endpointMedia.media.switchEnd.linksPerModule;
    endpointSwitchModules =
      railCount * ((leavesPerRail - 1) * Math.ceil(leafDownLinks / perModule) + Math.ceil(lastLeafLinks / perModule));
  }
  const endpointEnd = endpointMedia.media.endpointEnd ?? endpointMedia.media.switchEnd;
  const endpointCounting: LinkCounting = {
    modulesLower: Math.ceil(endpoints / endpointEnd.linksPerModule),
    modulesUpper: endpointSwitchModules,
  };

  const linkReports: FabricLinkReport[] = [];
  const moduleTally = new Map<string, { count: number; powerWattsEach: number | undefined; priceUsdEach?: number }>();
  const cableTally = new Map<"fiber" | "dac" | "acc" | "aoc", number>();
  const missingPower = new Set<string>();
  const missingPrices = new Set<string>();
  let opticsWatts = 0;
  let costUsd = 0;

  let tierPowerMissing = false;
  const addModules = (part: string, count: number, powerWatts: number | undefined, priceUsd: number | undefined) => {
    if (count <= 0) return;
    const entry = moduleTally.get(part) ?? { count: 0, powerWattsEach: powerWatts, priceUsdEach: priceUsd };
    entry.count += count;
    moduleTally.set(part, entry);
    if (powerWatts === undefined) {
      missingPower.add(`optics: ${part} power not sourced`);
      tierPowerMissing = true;
    } else opticsWatts += count * powerWatts;
    if (priceUsd === undefined) missingPrices.add(`optics: ${part} price not sourced`);
    else costUsd += count * priceUsd;
  };

  const reportLinks = (
    between: FabricLinkReport["between"],
    linksPerPlane: number,
    rate: number,
    resolved: ResolvedMedia,
    counting: LinkCounting,
    lowerIsEndpoint: boolean,
  ) => {
    const media = resolved.media;
    const linkCount = linksPerPlane * planes;
    const lowerEnd = lowerIsEndpoint ? (media.endpointEnd ?? media.switchEnd) : media.switchEnd;
    const lowerModules = counting.modulesLower * planes;
    const upperModules = counting.modulesUpper * planes;
    const before = opticsWatts;
    tierPowerMissing = false;
    let transceiverCount = 0;
    let cableCount: number;
    if (media.kind === "transceiver") {
      transceiverCount = lowerModules + upperModules;
      addModules(lowerEnd.part, lowerModules, lowerEnd.powerWatts, lowerEnd.priceUsd);
      addModules(media.switchEnd.part, upperModules, media.switchEnd.powerWatts, media.switchEnd.priceUsd);
      cableCount = linkCount;
      cableTally.set("fiber", (cableTally.get("fiber") ?? 0) + cableCount);
    } else {
      // A cable assembly: one cable per switch-end plug of the upper tier (a twin-port splitter carries two links).
      cableCount = upperModules;
      cableTally.set(media.kind, (cableTally.get(media.kind) ?? 0) + cableCount);
      const plugs: [typeof lowerEnd, number][] = [
        [lowerEnd, lowerModules],
        [media.switchEnd, upperModules],
      ];
      for (const [end, count] of plugs) {
        if (count <= 0) continue;
        if (end.powerWatts === undefined) {
          missingPower.add(`cables: ${end.part} power not sourced`);
          tierPowerMissing = true;
        } else opticsWatts += count * end.powerWatts;
      }
    }
    if (media.cablePriceUsd === undefined) missingPrices.add(`cables: ${media.id} price not sourced`);
    else costUsd += cableCount * media.cablePriceUsd;
    if (resolved.generic) {
      warnings.push(
        `No sourced ${rate} Gb/s ${media.kind} medium for ${between} links: counted one link per module, power and price unknown.`,
      );
    }
    linkReports.push({
      between,
      linkCount,
      linkGbitps: rate,
      mediaId: media.id,
      mediaKind: media.kind,
      transceiverCount,
      cableCount,
      opticsPowerWatts: tierPowerMissing ? undefined : opticsWatts - before,
    });
  };

  reportLinks("endpoint-leaf", endpoints, linkGbitps, endpointMedia, endpointCounting, true);
  if (leafSpineMedia !== undefined) {
    const perModule = leafSpineMedia.media.switchEnd.linksPerModule;
    reportLinks(
      "leaf-spine",
      leafSpineLinks,
      linkGbitps,
      leafSpineMedia,
      {
        modulesLower: leaves * Math.ceil(upPortsPerLeaf / perModule),
        modulesUpper: modulesOverEvenSpread(leafSpineLinks, spines, perModule),
      },
      false,
    );
  }
  if (spineCoreMedia !== undefined) {
    const perModule = spineCoreMedia.media.switchEnd.linksPerModule;
    reportLinks(
      "spine-core",
      spineCoreLinks,
      linkGbitps,
      spineCoreMedia,
      {
        modulesLower: spines * Math.ceil(spineUpPorts / perModule),
        modulesUpper: modulesOverEvenSpread(spineCoreLinks, cores, perModule),
      },
      false,
    );
  }

  // Bisection: half the narrowest tier's capacity (per direction), all planes.
  const capacities = [endpoints * linkGbitps];
  if (tierCount >= 2) capacities.push(leafSpineLinks * linkGbitps);
  if (tierCount === 3) capacities.push(spineCoreLinks * linkGbitps);
  const bisectionGbpsPerDirection = (Math.min(...capacities) / 2) * planes;
  const nonBlocking = tiers.every(
    (tier) => tier.oversubscriptionRatio === undefined || tier.oversubscriptionRatio <= 1 + EPSILON,
  );
  if (!nonBlocking) {
    warnings.push("The fabric is oversubscribed: bisection is below half the endpoints' bandwidth.");
  }

  // Switch power and cost.
  const switchTotal = (leaves + spines + cores) * planes;
  let switchesWatts: number | undefined;
  if (sw.powerWatts === undefined) missingPower.add(`switches: ${sw.id} power not sourced`);
  else switchesWatts = switchTotal * sw.powerWatts;
  if (sw.priceUsd === undefined) missingPrices.add(`switches: ${sw.id} price not sourced`);
  else costUsd += switchTotal * sw.priceUsd;

  // Scale-up domains.
  let scaleUp: FabricDesign["scaleUp"];
  let scaleUpSwitchTraysWatts: number | undefined;
  if (parsed.scaleUp !== undefined) {
    const domain = resolveDomain(parsed.scaleUp.domain);
    const acceleratorCount = parsed.scaleUp.acceleratorCount ?? endpoints;
    if (parsed.scaleUp.acceleratorCount === undefined) {
      assumptions.push("Scale-up accelerators = endpoints (one scale-out NIC per accelerator).");
    }
    const domainCount = Math.ceil(acceleratorCount / domain.acceleratorsPerDomain);
    const acceleratorsInLastDomain = acceleratorCount - (domainCount - 1) * domain.acceleratorsPerDomain;
    if (acceleratorsInLastDomain < domain.acceleratorsPerDomain) {
      warnings.push(
        `The last ${domain.id} domain holds ${acceleratorsInLastDomain} of ${domain.acceleratorsPerDomain} accelerators; its switch trays are counted in full.`,
      );
    }
    const switchTrayCount = domainCount * domain.switchTraysPerDomain;
    scaleUp = {
      domainId: domain.id,
      acceleratorCount,
      domainCount,
      switchTrayCount,
      switchChipCount: domainCount * domain.switchChipsPerDomain,
      acceleratorsInLastDomain,
    };
    if (switchTrayCount > 0) {
      if (domain.switchTrayPowerWatts === undefined)
        missingPower.add(`scale-up: ${domain.id} switch tray power not sourced`);
      else scaleUpSwitchTraysWatts = switchTrayCount * domain.switchTrayPowerWatts;
    } else {
      scaleUpSwitchTraysWatts = 0;
    }
  }

  const missing = [...missingPower];
  const opticsKnown = ![...missingPower].some((m) => m.startsWith("optics") || m.startsWith("cables"));
  const power: FabricDesign["power"] = {
    switchesWatts,
    opticsWatts: opticsKnown ? opticsWatts : undefined,
    scaleUpSwitchTraysWatts,
    totalWatts: missing.length === 0 ? (switchesWatts ?? 0) + opticsWatts + (scaleUpSwitchTraysWatts ?? 0) : undefined,
    missing,
  };
  if (missing.length > 0) {
    warnings.push(`Total power is incomplete: ${missing.join("; ")}.`);
  }
  const cost: FabricDesign["cost"] = {
    totalUsd: missingPrices.size === 0 ? costUsd : undefined,
    missing: [...missingPrices],
  };

  assumptions.push(
    `Each NIC gives each of ${planes} plane(s) one ${linkGbitps} Gb/s link; every tier runs at that rate, a ${portGbitps} Gb/s switch port split into ${breakout} port(s) (${radix} per switch).`,
    "Bisection bandwidth is half the narrowest tier's capacity, per direction (a bidirectional figure is twice it).",
  );

  const design: FabricDesign = {
    tierCount,
    planeCount: planes,
    railCount,
    endpointsPerPlane: endpoints,
    endpointLinkGbps: linkGbitps,
    breakoutPerPort: breakout,
    switchesPerPlane: { leaf: leaves, spine: spines, core: cores },
    switches: { leaf: leaves * planes, spine: spines * planes, core: cores * planes, total: switchTotal },
    tiers,
    links: linkReports,
    transceivers: [...moduleTally.entries()].map(([part, entry]) => ({
      part,
      count: entry.count,
      powerWattsEach: entry.powerWattsEach,
    })),
    cables: [...cableTally.entries()].map(([kind, count]) => ({ kind, count })),
    bisectionGbpsPerDirection,
    nonBlocking,
    maxSwitchHops: 2 * tierCount - 1,
    power,
    cost,
    scaleUp,
    assumptions,
    warnings,
  };
  return assertFiniteResult(design, "fabric design");
}
