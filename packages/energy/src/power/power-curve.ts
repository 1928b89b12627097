import type { Source } from "@aifactory/core";
import { ENERGY_SOURCES } from "../sources";

/**
 * Default idle power of an accelerator as a fraction of its TDP: 109 W of 700 W, read from an H100 SXM at
 * 0 % utilisation (P0, memory allocated) in a public nvidia-smi capture. A single observation: replace it with
 * your own idle measurement (`@aifactory/bench` telemetry) where you have one.
 *
 * @example
 * ```ts
 * import { DEFAULT_IDLE_POWER_RATIO } from "@aifactory/energy";
 * Math.round(DEFAULT_IDLE_POWER_RATIO * 700); // 109 W for a 700 W GPU
 * ```
 * @since 0.1.0
 * @category Power
 */
export const DEFAULT_IDLE_POWER_RATIO = 109 / 700;

/**
 * Sources of {@link DEFAULT_IDLE_POWER_RATIO}.
 *
 * @example
 * ```ts
 * import { IDLE_POWER_SOURCES } from "@aifactory/energy";
 * IDLE_POWER_SOURCES[0]?.evidence; // "estimate"
 * ```
 * @since 0.1.0
 * @category Power
 */
export const IDLE_POWER_SOURCES: readonly Source[] = [
  {
    title: "gpu-burn issue #114: nvidia-smi output of idle H100 80GB HBM3 GPUs",
    url: "https://github.com/wilicc/gpu-burn/issues/114",
    date: "2024-10-25",
    evidence: "estimate",
    note: "GPUs at 0-2 % utilisation draw 109-134 W of a 700 W cap; 109/700 = 0.156 (derived from one capture)",
  },
];

/**
 * Typical average power of an AI server during training as a fraction of its maximum (TDP) power: Epoch AI's
 * cost model uses 0.75 for GPU servers and Newkirk et al. 2025 measured 8x H100 nodes training at 76 % of their
 * 10.2 kW rating. Pass it as `powerRatio` to `estimateEnergy`; without a utilisation, power ratio or measured
 * power, the model uses TDP (an upper bound) and warns.
 *
 * @example
 * ```ts
 * import { DEFAULT_TRAINING_POWER_RATIO } from "@aifactory/energy";
 * DEFAULT_TRAINING_POWER_RATIO; // 0.75
 * ```
 * @since 0.1.0
 * @category Power
 */
export const DEFAULT_TRAINING_POWER_RATIO = 0.75;

/**
 * Sources of {@link DEFAULT_TRAINING_POWER_RATIO}.
 *
 * @example
 * ```ts
 * import { TRAINING_POWER_SOURCES } from "@aifactory/energy";
 * TRAINING_POWER_SOURCES.map((source) => source.title);
 * ```
 * @since 0.1.0
 * @category Power
 */
export const TRAINING_POWER_SOURCES: readonly Source[] = [
  {
    ...ENERGY_SOURCES.epochCostModel,
    locator: "gpu server TDP fraction during training = 0.75",
  },
  ENERGY_SOURCES.newkirk2025,
];

/**
 * Power drawn by a device at a utilisation, as a fraction of its maximum power: a linear curve from idle to
 * maximum, `ratio = idle + (1 - idle) * utilization`. The linear idle-to-peak form is the one Cloud Carbon
 * Footprint and CodeCarbon-style estimators use for servers; utilisation here is the share of time the device
 * is busy (nvidia-smi `utilization.gpu`), not MFU.
 *
 * @param utilizationRatio - busy share in [0, 1]
 * @param idlePowerRatio - idle power / maximum power (default {@link DEFAULT_IDLE_POWER_RATIO})
 * @returns power / maximum power, in [idle, 1]
 * @example
 * ```ts
 * import { powerRatioAtUtilization } from "@aifactory/energy";
 * powerRatioAtUtilization(1); // 1
 * powerRatioAtUtilization(0, 0.15); // 0.15
 * ```
 * @since 0.1.0
 * @category Power
 */
export function powerRatioAtUtilization(utilizationRatio: number, idlePowerRatio = DEFAULT_IDLE_POWER_RATIO): number {
  const u = Math.min(1, Math.max(0, utilizationRatio));
  const idle = Math.min(1, Math.max(0, idlePowerRatio));
  return idle + (1 - idle) * u;
}
