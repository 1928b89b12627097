/**
 * The collectives nccl-tests measures, by their kebab-case ids.
 *
 * @example
 * ```ts
 * import { type NcclCollectiveId } from "@aifactory/core";
 * const id: NcclCollectiveId = "all-reduce";
 * ```
 * @since 0.5.0
 * @category Collectives
 */
export type NcclCollectiveId =
  | "all-reduce"
  | "reduce-scatter"
  | "all-gather"
  | "broadcast"
  | "reduce"
  | "all-to-all"
  | "gather"
  | "scatter"
  | "send-recv"
  | "hypercube";

/**
 * The nccl-tests bus-bandwidth factor, the one home of this formula: busbw = algbw x factor(n), which makes a
 * collective's rate comparable with the per-direction link rate whatever the rank count. All-reduce 2(n-1)/n;
 * reduce-scatter, all-gather, all-to-all, gather, scatter (n-1)/n; broadcast, reduce, send-recv, hypercube 1.
 * Source: NVIDIA nccl-tests doc/PERFORMANCE.md and `GetBw()` in src/*.cu. nccl-tests applies these even with
 * NVLS/SHARP, so busbw can exceed the link rate there. The bench parsers use it as nccl-tests does (any n >= 1);
 * the performance models treat a group of one rank as moving nothing.
 *
 * @param collective - the collective
 * @param ranks - ranks n in the group (>= 1)
 * @returns the factor
 * @example
 * ```ts
 * import { ncclBusBandwidthFactor } from "@aifactory/core";
 * ncclBusBandwidthFactor("all-reduce", 8); // 1.75
 * ncclBusBandwidthFactor("all-gather", 4); // 0.75
 * ncclBusBandwidthFactor("broadcast", 8); // 1
 * ```
 * @since 0.5.0
 * @category Collectives
 */
export function ncclBusBandwidthFactor(collective: NcclCollectiveId, ranks: number): number {
  switch (collective) {
    case "all-reduce":
      return (2 * (ranks - 1)) / ranks;
    case "reduce-scatter":
    case "all-gather":
    case "all-to-all":
    case "gather":
    case "scatter":
      return (ranks - 1) / ranks;
    default:
      return 1;
  }
}
