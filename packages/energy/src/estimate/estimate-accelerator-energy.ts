import { getAccelerator } from "@aifactory/hardware";
import { resolveDevicePower } from "../device/device-power";
import { defaultAcceleratorPue } from "../facility/pue";
import type { EnergyCatalogOptions } from "./energy-catalog";
import { type EnergyEstimate, type EnergyEstimateInput, estimateEnergy } from "./estimate-energy";

/**
 * Input of {@link estimateAcceleratorEnergy}: {@link EnergyEstimateInput} without the device's power facts,
 * which come from the hardware catalog, plus the catalog ids.
 *
 * @example
 * ```ts
 * import { estimateAcceleratorEnergy, type AcceleratorEnergyInput } from "@aifactory/energy";
 * const input: AcceleratorEnergyInput = { acceleratorId: "nvidia-h100-sxm", acceleratorCount: 8, hours: 24 };
 * estimateAcceleratorEnergy(input);
 * ```
 * @since 0.1.0
 * @category Estimates
 */
export type AcceleratorEnergyInput = Omit<EnergyEstimateInput, "tdpWatts" | "system" | "acceleratorId"> & {
  /** Catalog accelerator id, e.g. `nvidia-h100-sxm`. */
  acceleratorId: string;
  /** Catalog system id for the host share; default the first catalog system with that accelerator. */
  systemId?: string;
};

/**
 * {@link estimateEnergy} for a catalog accelerator: TDP, system power (for `includeHost`) and the system's
 * cooling (liquid-cooled systems default to the liquid PUE) come from `@aifactory/hardware`.
 *
 * @param input - usage and options with catalog ids
 * @param options - `catalog`: the hardware catalog the ids are looked up in (default: built-in; one from
 *   `catalogFromRegistry` holds hardware packs); `gridRegions`: regions searched before the built-in ones
 * @returns the energy estimate
 * @throws NotFoundError for an unknown accelerator, system or grid region; InvalidInputError for bad input
 * @example
 * ```ts
 * import { estimateAcceleratorEnergy } from "@aifactory/energy";
 * const run = estimateAcceleratorEnergy({
 *   acceleratorId: "nvidia-h100-sxm",
 *   acceleratorCount: 1024,
 *   hours: 720,
 *   utilizationRatio: 0.9,
 *   includeHost: true,
 *   grid: { regionId: "us-va" },
 * });
 * run.energyMWh; // facility MWh
 * ```
 * @since 0.1.0
 * @category Estimates
 */
export function estimateAcceleratorEnergy(
  input: AcceleratorEnergyInput,
  options: EnergyCatalogOptions = {},
): EnergyEstimate {
  const { systemId, ...rest } = input;
  const { catalog } = options;
  // A measured average power stands on its own: an accelerator the catalog has no TDP for can still be estimated.
  if (rest.averagePowerWatts !== undefined && getAccelerator(input.acceleratorId, catalog).tdpWatts === undefined) {
    return estimateEnergy(rest, options);
  }
  const device = resolveDevicePower(input.acceleratorId, systemId, catalog);
  // One rule for the default PUE (shared with the cost and supply commands): the catalog system's cooling.
  const fallback = defaultAcceleratorPue(input.acceleratorId, device.system?.systemId ?? systemId, catalog);
  const cooling = rest.cooling ?? fallback.cooling;
  const estimate = estimateEnergy(
    {
      ...rest,
      tdpWatts: device.tdpWatts,
      ...(device.system === undefined
        ? {}
        : {
            system: {
              systemPowerWatts: device.system.systemPowerWatts,
              acceleratorsPerSystem: device.system.acceleratorsPerSystem,
              systemId: device.system.systemId,
            },
          }),
      cooling,
    },
    options,
  );
  if (rest.pue === undefined && rest.cooling === undefined) {
    estimate.assumptions = estimate.assumptions.map((entry) =>
      entry.name === "pue" ? { ...entry, basis: "default", text: fallback.text } : entry,
    );
  }
  return estimate;
}
