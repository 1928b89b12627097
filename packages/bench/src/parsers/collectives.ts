import { InvalidInputError, ncclBusBandwidthFactor } from "@aifactory/core";

/**
 * The collectives that nccl-tests measures, with their binary names.
 *
 * @example
 * ```ts
 * import { NCCL_COLLECTIVES } from "@aifactory/bench";
 * NCCL_COLLECTIVES["all-reduce"]; // "all_reduce_perf"
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export const NCCL_COLLECTIVES = {
  "all-reduce": "all_reduce_perf",
  "reduce-scatter": "reduce_scatter_perf",
  "all-gather": "all_gather_perf",
  broadcast: "broadcast_perf",
  reduce: "reduce_perf",
  "all-to-all": "alltoall_perf",
  gather: "gather_perf",
  scatter: "scatter_perf",
  "send-recv": "sendrecv_perf",
  hypercube: "hypercube_perf",
} as const;

/**
 * A collective id (`all-reduce`, ...).
 *
 * @example
 * ```ts
 * import { type CollectiveId, NCCL_COLLECTIVES } from "@aifactory/bench";
 * const collective: CollectiveId = "all-gather";
 * NCCL_COLLECTIVES[collective]; // "all_gather_perf"
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export type CollectiveId = keyof typeof NCCL_COLLECTIVES;

/**
 * The collective ids in a stable order.
 *
 * @example
 * ```ts
 * import { COLLECTIVE_IDS } from "@aifactory/bench";
 * COLLECTIVE_IDS.length; // 10
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export const COLLECTIVE_IDS = Object.keys(NCCL_COLLECTIVES) as CollectiveId[];

/**
 * Maps a binary or test name (`all_reduce_perf`, `alltoall`, `AllReduce`) to a collective id.
 *
 * @param name - any spelling nccl-tests uses
 * @returns the id, or undefined when unknown
 * @example
 * ```ts
 * import { collectiveFromName } from "@aifactory/bench";
 * collectiveFromName("all_reduce_perf"); // "all-reduce"
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export function collectiveFromName(name: string): CollectiveId | undefined {
  const key = name
    .toLowerCase()
    .replace(/_perf$/, "")
    .replace(/[^a-z]/g, "");
  const table: Record<string, CollectiveId> = {
    allreduce: "all-reduce",
    reducescatter: "reduce-scatter",
    allgather: "all-gather",
    broadcast: "broadcast",
    reduce: "reduce",
    alltoall: "all-to-all",
    gather: "gather",
    scatter: "scatter",
    sendrecv: "send-recv",
    hypercube: "hypercube",
  };
  return table[key];
}

/**
 * The nccl-tests bus-bandwidth factor (busbw = algbw × factor) with the rank count checked: core's
 * `ncclBusBandwidthFactor` (AllReduce 2(n-1)/n; ReduceScatter, AllGather, AlltoAll, Gather, Scatter (n-1)/n;
 * Broadcast, Reduce, SendRecv, Hypercube 1; nccl-tests doc/PERFORMANCE.md and src/*.cu `GetBw()` at a0b82b2).
 *
 * @param collective - the collective
 * @param ranks - number of ranks n (>= 1)
 * @returns the factor
 * @throws InvalidInputError when ranks < 1
 * @example
 * ```ts
 * import { busBandwidthFactor } from "@aifactory/bench";
 * busBandwidthFactor("all-reduce", 8); // 1.75
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export function busBandwidthFactor(collective: CollectiveId, ranks: number): number {
  if (!Number.isInteger(ranks) || ranks < 1) {
    throw new InvalidInputError("busBandwidthFactor", [
      { path: "ranks", message: "must be an integer >= 1", received: ranks },
    ]);
  }
  return ncclBusBandwidthFactor(collective, ranks);
}

/**
 * Bus bandwidth in GB/s (decimal) from the bytes nccl-tests prints in its `size` column and the time:
 * algbw = size / time / 1e9, busbw = algbw × {@link busBandwidthFactor}.
 *
 * @param collective - the collective
 * @param sizeBytes - the `size` column (bytes)
 * @param timeSeconds - time per operation
 * @param ranks - number of ranks
 * @returns `{ algorithmBandwidthGBps, busBandwidthGBps }`
 * @example
 * ```ts
 * import { busBandwidth } from "@aifactory/bench";
 * busBandwidth("all-reduce", 17179869184, 127997e-6, 8).busBandwidthGBps; // about 234.9
 * ```
 * @since 0.1.0
 * @category Collectives
 */
export function busBandwidth(
  collective: CollectiveId,
  sizeBytes: number,
  timeSeconds: number,
  ranks: number,
): { algorithmBandwidthGBps: number; busBandwidthGBps: number } {
  const algorithmBandwidthGBps = sizeBytes / timeSeconds / 1e9;
  return { algorithmBandwidthGBps, busBandwidthGBps: algorithmBandwidthGBps * busBandwidthFactor(collective, ranks) };
}
