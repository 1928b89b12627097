import { finitePositive, InvalidInputError, kebabId, NotFoundError, parseInput, positiveInt } from "@aifactory/core";
import { z } from "zod";
import type { Accelerator } from "./accelerator";
import { type AcceleratorCatalog, getAccelerator, getSystem } from "./catalog";
import { BUILT_IN_FABRICS } from "./data/fabrics";
import { DTYPES, type Dtype } from "./dtype";
import { type Fabric, fabricSchema, type Topology, topologySchema } from "./fabric";
import { type System, systemSchema } from "./system";

/**
 * What {@link defineCluster} takes: a system (id or entry), how many, the scale-out fabric that joins them
 * (id or entry), and optionally the topology, its oversubscription, and a per-accelerator scale-out rate.
 *
 * @example
 * ```ts
 * import { clusterSpecSchema } from "@aifactory/hardware";
 * clusterSpecSchema.parse({ system: "nvidia-dgx-h100", count: 128, fabric: "infiniband-ndr" });
 * ```
 * @since 0.1.0
 * @category Clusters
 */
export const clusterSpecSchema = z
  .object({
    /** A name for the cluster (default: `"<count> x <system id>"`). */
    name: z.string().min(1).optional(),
    /** The system the cluster is built from: a catalog id or a full entry. */
    system: z.union([kebabId, systemSchema]),
    /** Number of systems. */
    count: positiveInt,
    /** The scale-out fabric joining the systems: a catalog id or a full entry. */
    fabric: z.union([kebabId, fabricSchema]),
    /** Scale-out topology (default: the fabric's first listed topology). */
    topology: topologySchema.optional(),
    /** Oversubscription of the scale-out tree, >= 1 (1 = non-blocking, the default). */
    oversubscriptionRatio: z.number().finite().min(1).optional(),
    /** Scale-out rate per accelerator in Gb/s, overriding what the system's NICs give. */
    scaleOutGbitpsPerAccelerator: finitePositive.optional(),
  })
  .strict();

/**
 * A cluster specification (input of {@link defineCluster}).
 *
 * @since 0.1.0
 * @category Clusters
 */
export type ClusterSpec = z.input<typeof clusterSpecSchema>;

/**
 * The totals and derived figures of a cluster.
 *
 * @since 0.1.0
 * @category Clusters
 */
export interface Cluster {
  /** Cluster name. */
  name: string;
  /** The system id and name. */
  system: { id: string; name: string };
  /** Number of systems. */
  systemCount: number;
  /** The accelerator id and name. */
  accelerator: { id: string; name: string };
  /** Accelerators in the cluster. */
  acceleratorCount: number;
  /** The scale-out fabric. */
  fabric: { id: string; name: string; portGbitps: number };
  /** The scale-out topology. */
  topology: Topology;
  /** Oversubscription of the scale-out tree (1 = non-blocking). */
  oversubscriptionRatio: number;
  /** Peak PFLOPS (PetaFLOP/s; POPS for int8) per format: dense, and sparse where published. */
  peakPflops: { dense: Partial<Record<Dtype, number>>; sparse: Partial<Record<Dtype, number>> };
  /** Accelerator memory in the cluster, decimal GB (stated capacity x count). */
  hbmGB: number;
  /** Aggregate accelerator memory bandwidth, decimal TB/s. */
  hbmBandwidthTBps: number;
  /** IT power: system power x count, W; undefined where the system has no published power. */
  itPowerWatts: number | undefined;
  /** Scale-up: domain size, number of domains, per-accelerator bandwidth in one direction (GB/s). */
  scaleUp: { scaleUpDomainSize: number; domainCount: number; bandwidthGBpsPerDirection: number };
  /** Scale-out: Gb/s per accelerator, total injection and bisection bandwidth, one direction, GB/s. */
  scaleOut: { gbpsPerAccelerator: number; injectionGBps: number; bisectionGBps: number };
  /** What one system contributes. */
  breakdown: { perSystem: { acceleratorCount: number; hbmGB: number; powerWatts: number | undefined } };
  /** Assumptions behind the figures. */
  assumptions: string[];
  /** Things the caller should know (missing data, mismatches). */
  warnings: string[];
}

function resolveFabric(fabric: string | Fabric, fabrics: readonly Fabric[]): Fabric {
  if (typeof fabric !== "string") return fabric;
  const found = fabrics.find((entry) => entry.id === fabric);
  if (!found)
    throw new NotFoundError(
      "fabric",
      fabric,
      fabrics.map((entry) => entry.id),
    );
  return found;
}

function nicGbpsPerAccelerator(system: System): { gbps: number; portGbitps: number } | undefined {
  const compute = (system.nics ?? []).filter((nic) => nic.purpose === "compute");
  if (compute.length === 0) return undefined;
  let total = 0;
  let portGbitps = 0;
  for (const nic of compute) {
    total += nic.count * (nic.portsPerNic ?? 1) * nic.gbitpsPerPort;
    portGbitps = Math.max(portGbitps, nic.gbitpsPerPort);
  }
  return { gbps: total / system.acceleratorCount, portGbitps };
}

/**
 * Builds a cluster from a system, a count and a scale-out fabric, and returns its totals: accelerators, peak
 * PFLOPS per format, HBM capacity and bandwidth, IT power, scale-up domains, and scale-out injection and
 * bisection bandwidth.
 *
 * Bisection bandwidth of a (rail-optimized) fat tree is `accelerators / 2 x per-accelerator rate /
 * oversubscription`, one direction: the traffic that can cross a cut into two equal halves (Leiserson,
 * "Fat-trees", IEEE ToC 1985). A single system has no scale-out bisection (0).
 *
 * @param spec - `{ system, count, fabric, topology?, oversubscriptionRatio?, scaleOutGbitpsPerAccelerator?, name? }`
 * @param options - `catalog` for accelerators and systems, `fabrics` for fabric ids (defaults: built-in)
 * @returns the cluster totals with assumptions and warnings
 * @throws InvalidInputError for a malformed spec or a scale-up fabric; NotFoundError for unknown ids
 * @example
 * ```ts
 * import { defineCluster } from "@aifactory/hardware";
 * const cluster = defineCluster({ system: "nvidia-dgx-h100", count: 128, fabric: "infiniband-ndr" });
 * cluster.acceleratorCount; // 1024
 * cluster.itPowerWatts; // 1305600
 * cluster.scaleOut.bisectionGBps; // 25600 (512 x 400 Gb/s / 8)
 * ```
 * @since 0.1.0
 * @category Clusters
 */
export function defineCluster(
  spec: ClusterSpec,
  options: { catalog?: AcceleratorCatalog; fabrics?: readonly Fabric[] } = {},
): Cluster {
  const parsed = parseInput(clusterSpecSchema, spec, "cluster spec");
  const system = typeof parsed.system === "string" ? getSystem(parsed.system, options.catalog) : parsed.system;
  const accelerator: Accelerator = getAccelerator(system.acceleratorId, options.catalog);
  const fabric = resolveFabric(parsed.fabric, options.fabrics ?? BUILT_IN_FABRICS);
  if (fabric.tier !== "scale-out" || fabric.portGbitps === undefined) {
    throw new InvalidInputError(
      "cluster spec",
      [
        {
          path: "fabric",
          message: `"${fabric.id}" is a ${fabric.tier} fabric; a cluster needs a scale-out fabric`,
          received: fabric.id,
        },
      ],
      "pass a scale-out fabric such as infiniband-ndr, ethernet-roce-400g or aws-efa-p5",
    );
  }
  const assumptions: string[] = [];
  const warnings: string[] = [];
  const count = parsed.count;
  const acceleratorCount = system.acceleratorCount * count;
  const topology = parsed.topology ?? fabric.topologies[0]!;
  const oversubscriptionRatio = parsed.oversubscriptionRatio ?? 1;
  if (!fabric.topologies.includes(topology)) {
    warnings.push(
      `fabric ${fabric.id} is not usually deployed as ${topology} (listed: ${fabric.topologies.join(", ")})`,
    );
  }

  const dense: Partial<Record<Dtype, number>> = {};
  const sparse: Partial<Record<Dtype, number>> = {};
  for (const dtype of DTYPES) {
    const d = accelerator.denseTflops[dtype];
    if (d !== undefined) dense[dtype] = (d * acceleratorCount) / 1000;
    const s = accelerator.sparseTflops?.[dtype];
    if (s !== undefined) sparse[dtype] = (s * acceleratorCount) / 1000;
  }
  assumptions.push("peak PFLOPS = accelerator peak x accelerator count (no efficiency factor)");

  const hbmGB = accelerator.memoryGB * acceleratorCount;
  const hbmBandwidthTBps = (accelerator.memoryBandwidthGBps * acceleratorCount) / 1000;
  assumptions.push("HBM uses the vendor-stated capacity (memoryGB), not the usable capacity");

  let itPowerWatts: number | undefined;
  if (system.systemPowerWatts !== undefined) {
    itPowerWatts = system.systemPowerWatts * count;
    assumptions.push("IT power = maximum system power x system count; switches and storage are not included");
  } else {
    warnings.push(`system ${system.id} has no published power figure: itPowerWatts is undefined`);
  }

  const scaleUpDomainSize = Math.min(
    system.scaleUpDomainSize ?? accelerator.scaleUp.scaleUpDomainSize,
    acceleratorCount,
  );
  const domainCount = Math.ceil(acceleratorCount / scaleUpDomainSize);

  let gbpsPerAccelerator: number;
  const nic = nicGbpsPerAccelerator(system);
  if (parsed.scaleOutGbitpsPerAccelerator !== undefined) {
    gbpsPerAccelerator = parsed.scaleOutGbitpsPerAccelerator;
    assumptions.push(`scale-out ${gbpsPerAccelerator} Gb/s per accelerator as given`);
  } else if (nic !== undefined) {
    gbpsPerAccelerator = nic.gbps;
    if (nic.portGbitps > fabric.portGbitps) {
      gbpsPerAccelerator = (nic.gbps * fabric.portGbitps) / nic.portGbitps;
      warnings.push(
        `the system's ${nic.portGbitps} Gb/s NIC ports run at the fabric's ${fabric.portGbitps} Gb/s port rate`,
      );
    }
    assumptions.push("scale-out rate per accelerator from the system's compute NICs");
  } else if (accelerator.scaleOutGbitpsPerAccelerator !== undefined) {
    gbpsPerAccelerator = Math.min(accelerator.scaleOutGbitpsPerAccelerator, fabric.portGbitps);
    assumptions.push(
      "scale-out rate per accelerator from the accelerator's reference system (scaleOutGbitpsPerAccelerator)",
    );
  } else {
    gbpsPerAccelerator = fabric.portGbitps;
    warnings.push("no NIC data for this system: assuming one fabric port per accelerator");
  }
  const injectionGBps = (acceleratorCount * gbpsPerAccelerator) / 8;
  let bisectionGBps = 0;
  if (count > 1) {
    bisectionGBps = injectionGBps / 2 / oversubscriptionRatio;
    assumptions.push(
      `scale-out bisection = accelerators / 2 x ${gbpsPerAccelerator} Gb/s / 8 / oversubscription ${oversubscriptionRatio} (${topology})`,
    );
    if (
      topology === "torus-2d" ||
      topology === "torus-3d" ||
      topology === "full-mesh" ||
      topology === "point-to-point"
    ) {
      warnings.push(`the bisection formula assumes a switched tree; ${topology} bisection depends on its dimensions`);
    }
  } else {
    assumptions.push("a single system has no scale-out bisection");
  }

  return {
    name: parsed.name ?? `${count} x ${system.id}`,
    system: { id: system.id, name: system.name },
    systemCount: count,
    accelerator: { id: accelerator.id, name: accelerator.name },
    acceleratorCount,
    fabric: { id: fabric.id, name: fabric.name, portGbitps: fabric.portGbitps },
    topology,
    oversubscriptionRatio,
    peakPflops: { dense, sparse },
    hbmGB,
    hbmBandwidthTBps,
    itPowerWatts,
    scaleUp: {
      scaleUpDomainSize,
      domainCount,
      bandwidthGBpsPerDirection: accelerator.scaleUp.bandwidthGBpsPerDirection,
    },
    scaleOut: { gbpsPerAccelerator, injectionGBps, bisectionGBps },
    breakdown: {
      perSystem: {
        acceleratorCount: system.acceleratorCount,
        hbmGB: accelerator.memoryGB * system.acceleratorCount,
        powerWatts: system.systemPowerWatts,
      },
    },
    assumptions,
    warnings,
  };
}
