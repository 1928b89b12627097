import type { Accelerator } from "./accelerator";
import type { System } from "./system";

/**
 * A power figure and where it comes from.
 *
 * @since 0.1.0
 * @category Metrics
 */
export interface PowerFigure {
  /** Power in W, or `undefined` when nothing is published. */
  powerWatts: number | undefined;
  /**
   * `tdp`: the vendor's TDP; `measured-max`: the vendor's maximum measured power (TPU v4); `system-max`: the
   * vendor's maximum system input; `unpublished`: no figure (pass one to energy models explicitly).
   */
  basis: "tdp" | "measured-max" | "system-max" | "unpublished";
}

/**
 * The best published power figure of an accelerator: its TDP, else the vendor's maximum measured power,
 * else `unpublished`. Use it where a model needs a number and say which basis it used.
 *
 * @param accelerator - the entry
 * @returns the figure and its basis
 * @example
 * ```ts
 * import { acceleratorPowerWatts, getAccelerator } from "@aifactory/hardware";
 * acceleratorPowerWatts(getAccelerator("nvidia-h100-sxm")); // { powerWatts: 700, basis: "tdp" }
 * acceleratorPowerWatts(getAccelerator("google-tpu-v4")); // { powerWatts: 192, basis: "measured-max" }
 * acceleratorPowerWatts(getAccelerator("google-tpu-v5p")); // { powerWatts: undefined, basis: "unpublished" }
 * ```
 * @since 0.1.0
 * @category Metrics
 */
export function acceleratorPowerWatts(accelerator: Accelerator): PowerFigure {
  if (accelerator.tdpWatts !== undefined) return { powerWatts: accelerator.tdpWatts, basis: "tdp" };
  if (accelerator.measuredPowerWatts !== undefined) {
    return { powerWatts: accelerator.measuredPowerWatts.max, basis: "measured-max" };
  }
  return { powerWatts: undefined, basis: "unpublished" };
}

/**
 * The published maximum power of a system, or `unpublished`.
 *
 * @param system - the entry
 * @returns the figure and its basis
 * @example
 * ```ts
 * import { getSystem, systemPowerWatts } from "@aifactory/hardware";
 * systemPowerWatts(getSystem("nvidia-dgx-h100")); // { powerWatts: 10200, basis: "system-max" }
 * ```
 * @since 0.1.0
 * @category Metrics
 */
export function systemPowerWatts(system: System): PowerFigure {
  return system.systemPowerWatts === undefined
    ? { powerWatts: undefined, basis: "unpublished" }
    : { powerWatts: system.systemPowerWatts, basis: "system-max" };
}
