import { ncclBusBandwidthFactor } from "@aifactory/core";
/**
 * The collectives the performance models price.
 *
 * @example
 * ```ts
 * import { type Collective } from "@aifactory/workloads";
 * const c: Collective = "all-reduce";
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export type Collective = "all-reduce" | "reduce-scatter" | "all-gather" | "all-to-all" | "send-recv" | "broadcast";

/**
 * nccl-tests bus-bandwidth factors (core's `ncclBusBandwidthFactor`), 0 for a group of one rank: busbw = algbw x
 * factor(n), so that busbw is comparable with a per-direction link rate whatever the rank count. algbw is bytes / time with
 * bytes = the full buffer (all-reduce, broadcast, send-recv) or the gathered/scattered total (all-gather,
 * reduce-scatter, all-to-all: count x typesize x nranks).
 *
 * @param collective - the collective
 * @param ranks - ranks in the group
 * @returns the factor (0 for a group of one rank)
 * @example
 * ```ts
 * import { busBandwidthFactor } from "@aifactory/workloads";
 * busBandwidthFactor("all-reduce", 8); // 1.75
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export function busBandwidthFactor(collective: Collective, ranks: number): number {
  // A group of one rank moves nothing (nccl-tests would report broadcast and send-recv at factor 1).
  return ranks <= 1 ? 0 : ncclBusBandwidthFactor(collective, ranks);
}

/**
 * Latency steps of a ring (or pairwise) implementation: 2(n-1) for all-reduce, n-1 for the others, 1 for
 * send-recv. Multiplied by the per-step latency alpha.
 *
 * @param collective - the collective
 * @param ranks - ranks in the group
 * @returns the number of latency-bound steps
 * @example
 * ```ts
 * import { latencySteps } from "@aifactory/workloads";
 * latencySteps("all-reduce", 8); // 14
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export function latencySteps(collective: Collective, ranks: number): number {
  if (ranks <= 1) return 0;
  switch (collective) {
    case "all-reduce":
      return 2 * (ranks - 1);
    case "send-recv":
      return 1;
    default:
      return ranks - 1;
  }
}

/**
 * One level of a network: how fast a rank can send in one direction once the efficiency is applied, and the
 * latency of one step.
 *
 * @example
 * ```ts
 * import { type LinkLevel } from "@aifactory/workloads";
 * const nvlink: LinkLevel = { busBandwidthGBps: 360, stepLatencySeconds: 5e-6 };
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export interface LinkLevel {
  /** Achievable per-rank bandwidth in one direction (bus bandwidth), decimal GB/s. */
  busBandwidthGBps: number;
  /** Latency per algorithm step, seconds. */
  stepLatencySeconds: number;
  /** The scale-out fabric's leaf groups and their oversubscription (undefined: non-blocking everywhere). */
  fabric?: LeafGroupFabric;
}

/**
 * What a designed scale-out fabric changes for collectives: scale-up domains whose NICs meet under one leaf
 * layer (a rail group of a rail-optimized fat tree, NCCL's PXN keeping traffic on its rail) talk at the NIC rate;
 * traffic to other leaf groups shares the leaf uplinks, which carry `1 / leafOversubscriptionRatio` of the
 * downlink rate.
 *
 * @example
 * ```ts
 * import { type LeafGroupFabric } from "@aifactory/workloads";
 * // DGX SuperPOD H100: 32 nodes per rail leaf, non-blocking; a 2:1 leaf would halve the uplinks.
 * const fabric: LeafGroupFabric = { leafGroupDomains: 32, leafOversubscriptionRatio: 2 };
 * ```
 * @since 0.5.0
 * @category Collectives
 */
export interface LeafGroupFabric {
  /** Scale-up domains (nodes, or NVL racks) under one leaf group. */
  leafGroupDomains: number;
  /** Leaf down:up bandwidth, >= 1 (1 = non-blocking). */
  leafOversubscriptionRatio: number;
}

/**
 * Slowdown of the scale-out share of an all-to-all over `outer` domains on an oversubscribed fabric. Each domain
 * sends the same bytes to every other; with the group packed into leaf groups of `g` domains, a fraction
 * (outer - g) / (outer - 1) of them leaves the leaf group, and that share must pass the uplinks at 1/o of the NIC
 * rate: time = bytes / rate x max(1, fraction x o) (bandwidth conservation). Ring collectives (all-reduce,
 * all-gather, reduce-scatter) are not slowed: only the few ring edges between leaf groups cross the uplinks.
 *
 * @param outer - scale-up domains in the group
 * @param fabric - leaf groups and oversubscription (undefined: 1)
 * @returns the factor, >= 1
 * @example
 * ```ts
 * import { allToAllFabricFactor } from "@aifactory/workloads";
 * allToAllFabricFactor(64, { leafGroupDomains: 32, leafOversubscriptionRatio: 4 }) > 2; // true
 * allToAllFabricFactor(16, { leafGroupDomains: 32, leafOversubscriptionRatio: 4 }); // 1
 * ```
 * @since 0.5.0
 * @category Collectives
 */
export function allToAllFabricFactor(outer: number, fabric: LeafGroupFabric | undefined): number {
  if (fabric === undefined || outer <= fabric.leafGroupDomains || fabric.leafOversubscriptionRatio <= 1) return 1;
  const crossing = (outer - fabric.leafGroupDomains) / (outer - 1);
  return Math.max(1, crossing * fabric.leafOversubscriptionRatio);
}

/**
 * α-β time of one flat collective: steps x α + bytes x factor / busbw.
 *
 * `bytes` follows nccl-tests' algbw convention: the whole buffer for all-reduce / broadcast / send-recv, the
 * gathered (or scattered) total over all ranks for all-gather, reduce-scatter and all-to-all.
 *
 * @param collective - the collective
 * @param bytes - message size in bytes (nccl-tests convention)
 * @param ranks - ranks in the group
 * @param link - the level the group runs over
 * @returns seconds (0 for one rank)
 * @example
 * ```ts
 * import { collectiveTimeSeconds } from "@aifactory/workloads";
 * // 1 GB all-reduce over 8 GPUs at 240 GB/s busbw: 1.75 x 1e9 / 240e9 s plus latency.
 * collectiveTimeSeconds("all-reduce", 1e9, 8, { busBandwidthGBps: 240, stepLatencySeconds: 5e-6 });
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export function collectiveTimeSeconds(collective: Collective, bytes: number, ranks: number, link: LinkLevel): number {
  if (ranks <= 1 || bytes <= 0) return 0;
  return (
    latencySteps(collective, ranks) * link.stepLatencySeconds +
    (bytes * busBandwidthFactor(collective, ranks)) / (link.busBandwidthGBps * 1e9)
  );
}

/**
 * Where a group's ranks sit: `inner` ranks share a scale-up domain, `outer` domains take part.
 *
 * @example
 * ```ts
 * import { type GroupPlacement, placeGroup } from "@aifactory/workloads";
 * const dp: GroupPlacement = placeGroup(32, 8, 8); // { ranks: 32, inner: 1, outer: 32 }
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export interface GroupPlacement {
  ranks: number;
  inner: number;
  outer: number;
}

/**
 * Places a parallel group on the machine: ranks are laid out with `stride` (the product of the dimensions
 * inside this one, Megatron-LM's order tp, cp, ep, dp, pp), so `inner = min(ranks, domain / stride)` of them
 * share a scale-up domain and the rest spread over `outer` domains.
 *
 * @param ranks - size of the group
 * @param stride - product of the parallel sizes placed inside this dimension
 * @param scaleUpDomainSize - accelerators per scale-up domain
 * @returns the placement
 * @example
 * ```ts
 * import { placeGroup } from "@aifactory/workloads";
 * placeGroup(32, 8, 8); // { ranks: 32, inner: 1, outer: 32 } (TP=8 fills each node, DP crosses nodes)
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export function placeGroup(ranks: number, stride: number, scaleUpDomainSize: number): GroupPlacement {
  const room = Math.max(1, Math.floor(scaleUpDomainSize / stride));
  let inner = Math.min(ranks, room);
  while (inner > 1 && ranks % inner !== 0) inner -= 1;
  return { ranks, inner, outer: ranks / inner };
}

/**
 * α-β time of a collective over a two-level (scale-up, scale-out) placement, with the usual hierarchical
 * algorithm: all-reduce = reduce-scatter inside the domain, all-reduce of 1/inner of the data across domains
 * (all `inner` ranks use their own NICs in parallel), all-gather inside the domain. All-gather and
 * reduce-scatter split the same way; all-to-all sends the share bound for other domains over scale-out (slowed
 * by {@link allToAllFabricFactor} when the scale-out level has an oversubscribed fabric); send-recv crosses a
 * domain when `outer > 1`.
 *
 * @param collective - the collective
 * @param bytes - message size (nccl-tests convention, see {@link collectiveTimeSeconds})
 * @param placement - where the ranks sit
 * @param scaleUp - the scale-up level
 * @param scaleOut - the scale-out level
 * @returns seconds
 * @example
 * ```ts
 * import { hierarchicalCollectiveTimeSeconds, placeGroup } from "@aifactory/workloads";
 * const up = { busBandwidthGBps: 240, stepLatencySeconds: 3e-6 };
 * const out = { busBandwidthGBps: 20, stepLatencySeconds: 1e-5 };
 * hierarchicalCollectiveTimeSeconds("all-reduce", 4e9, placeGroup(64, 1, 8), up, out);
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export function hierarchicalCollectiveTimeSeconds(
  collective: Collective,
  bytes: number,
  placement: GroupPlacement,
  scaleUp: LinkLevel,
  scaleOut: LinkLevel,
): number {
  const { ranks, inner, outer } = placement;
  if (ranks <= 1 || bytes <= 0) return 0;
  if (outer <= 1) return collectiveTimeSeconds(collective, bytes, ranks, scaleUp);
  if (inner <= 1) {
    if (collective !== "all-to-all" || scaleOut.fabric === undefined) {
      return collectiveTimeSeconds(collective, bytes, ranks, scaleOut);
    }
    return (
      latencySteps(collective, ranks) * scaleOut.stepLatencySeconds +
      ((bytes * busBandwidthFactor(collective, ranks)) / (scaleOut.busBandwidthGBps * 1e9)) *
        allToAllFabricFactor(outer, scaleOut.fabric)
    );
  }
  switch (collective) {
    case "all-reduce":
      return (
        collectiveTimeSeconds("reduce-scatter", bytes, inner, scaleUp) +
        collectiveTimeSeconds("all-reduce", bytes / inner, outer, scaleOut) +
        collectiveTimeSeconds("all-gather", bytes, inner, scaleUp)
      );
    case "reduce-scatter":
    case "all-gather":
      return (
        collectiveTimeSeconds(collective, bytes, inner, scaleUp) +
        collectiveTimeSeconds(collective, bytes / inner, outer, scaleOut)
      );
    case "all-to-all": {
      // Each rank's buffer of `bytes` keeps 1/ranks, sends (inner-1)/ranks over scale-up, the rest over scale-out.
      const up = (bytes * (inner - 1)) / ranks / (scaleUp.busBandwidthGBps * 1e9);
      const out =
        ((bytes * (ranks - inner)) / ranks / (scaleOut.busBandwidthGBps * 1e9)) *
        allToAllFabricFactor(outer, scaleOut.fabric);
      return (inner - 1) * scaleUp.stepLatencySeconds + (outer - 1) * scaleOut.stepLatencySeconds + Math.max(up, out);
    }
    case "send-recv":
    case "broadcast":
      return collectiveTimeSeconds(collective, bytes, 2, scaleOut);
  }
}
