import { AifError } from "@aifactory/core";
import { type BenchmarkResult, resultKey } from "../harness/result-schema";
import { median, medianAbsoluteDeviation } from "../harness/statistics";

/**
 * One device's value in a peer comparison.
 *
 * @example
 * ```ts
 * import type { PeerValue } from "@aifactory/bench";
 * const values: PeerValue[] = [{ device: "node-a/gpu0", value: 700 }, { device: "node-a/gpu1", value: 690 }];
 * ```
 * @since 0.1.0
 * @category Peer comparison
 */
export interface PeerValue {
  /** Device label (`node003/gpu5`). */
  device: string;
  value: number;
}

/**
 * One device's verdict.
 *
 * @example
 * ```ts
 * import type { PeerVerdict } from "@aifactory/bench";
 * const slow = (verdicts: PeerVerdict[]) => verdicts.filter((v) => v.flagged).map((v) => v.device);
 * ```
 * @since 0.1.0
 * @category Peer comparison
 */
export interface PeerVerdict extends PeerValue {
  /** Median of the other devices. */
  peerMedian: number;
  /** value / peerMedian (for lower-is-better metrics, peerMedian / value): 1 = typical, 0.5 = half as good. */
  relativeToPeers: number;
  /** Robust z-score against the peers (MAD scaled by 1.4826). */
  robustZ: number;
  flagged: boolean;
}

/**
 * Options of {@link comparePeers}.
 *
 * @example
 * ```ts
 * import { comparePeers, type PeerComparisonOptions } from "@aifactory/bench";
 * const latency: PeerComparisonOptions = { higherIsBetter: false, tolerance: 0.1 };
 * comparePeers([{ device: "gpu0", value: 10 }, { device: "gpu1", value: 10 }, { device: "gpu2", value: 30 }], latency)
 *   .filter((v) => v.flagged).length; // 1
 * ```
 * @since 0.1.0
 * @category Peer comparison
 */
export interface PeerComparisonOptions {
  /** Whether larger values are better (bandwidth) or worse (time); default true. */
  higherIsBetter?: boolean;
  /** Flag a device whose relative performance is below 1 - tolerance; default 0.1 (10 % below its peers). */
  tolerance?: number;
}

/**
 * Compares each device with the median of its peers (leave-one-out, so one slow device cannot drag the
 * reference down) and flags devices that are more than `tolerance` worse. This catches what a pass/fail
 * diagnostic misses: a GPU that "passes" at a third of its peers' speed.
 *
 * @param values - at least two devices
 * @param options - direction and tolerance
 * @returns one verdict per device, in input order
 * @throws AifError `INVALID_INPUT` for fewer than two devices
 * @example
 * ```ts
 * import { comparePeers } from "@aifactory/bench";
 * comparePeers([{ device: "gpu0", value: 700 }, { device: "gpu1", value: 690 }, { device: "gpu2", value: 230 }])
 *   .filter((v) => v.flagged); // gpu2
 * ```
 * @since 0.1.0
 * @category Peer comparison
 */
export function comparePeers(values: readonly PeerValue[], options: PeerComparisonOptions = {}): PeerVerdict[] {
  if (values.length < 2) {
    throw new AifError("INVALID_INPUT", `peer comparison needs at least two devices, got ${values.length}`, {
      hint: "run the benchmark on every device of the node or cluster",
    });
  }
  const higherIsBetter = options.higherIsBetter ?? true;
  const tolerance = options.tolerance ?? 0.1;
  return values.map((entry, index) => {
    const others = values.filter((_, i) => i !== index).map((v) => v.value);
    const peerMedian = median(others);
    const mad = medianAbsoluteDeviation(others) * 1.4826;
    const relativeToPeers = higherIsBetter ? entry.value / peerMedian : peerMedian / entry.value;
    const robustZ =
      mad === 0
        ? entry.value === peerMedian
          ? 0
          : Math.sign(entry.value - peerMedian) * Number.POSITIVE_INFINITY
        : (entry.value - peerMedian) / mad;
    return { ...entry, peerMedian, relativeToPeers, robustZ, flagged: relativeToPeers < 1 - tolerance };
  });
}

/**
 * Peer comparison over result sets: groups passed results by benchmark key and compares one metric across
 * the devices that ran it (device label = `node/index` or the name).
 *
 * @param results - results from several devices or nodes
 * @param metricName - the metric to compare (`busBandwidthGBps`, `matmulTflops`)
 * @param options - tolerance
 * @returns verdicts per benchmark key (keys with fewer than two devices are left out)
 * @example
 * ```ts
 * import { benchmarkResultSchema, comparePeersInResults } from "@aifactory/bench";
 * const matmul = (node: string, value: number) =>
 *   benchmarkResultSchema.parse({ suite: "webgpu", benchmark: "matmul", status: "passed", stopReason: "ci-target",
 *     metrics: [{ name: "matmulTflops", unit: "TFLOP/s", value, higherIsBetter: true }], device: { node, index: 0 } });
 * const verdicts = comparePeersInResults([matmul("a", 700), matmul("b", 690), matmul("c", 230)], "matmulTflops");
 * Object.values(verdicts).flat().filter((v) => v.flagged).length; // 1
 * ```
 * @since 0.1.0
 * @category Peer comparison
 */
export function comparePeersInResults(
  results: readonly BenchmarkResult[],
  metricName: string,
  options: Omit<PeerComparisonOptions, "higherIsBetter"> = {},
): Record<string, PeerVerdict[]> {
  const groups = new Map<string, { values: PeerValue[]; higherIsBetter: boolean }>();
  for (const result of results) {
    if (result.status !== "passed") continue;
    const metric = result.metrics.find((m) => m.name === metricName);
    if (metric === undefined) continue;
    const key = resultKey(result);
    const device =
      [result.device?.node, result.device?.index ?? result.device?.name].filter((p) => p !== undefined).join("/") ||
      "unknown";
    const group = groups.get(key) ?? { values: [], higherIsBetter: metric.higherIsBetter };
    group.values.push({ device, value: metric.value });
    groups.set(key, group);
  }
  const verdicts: Record<string, PeerVerdict[]> = {};
  for (const [key, group] of groups) {
    if (group.values.length < 2) continue;
    verdicts[key] = comparePeers(group.values, { ...options, higherIsBetter: group.higherIsBetter });
  }
  return verdicts;
}
