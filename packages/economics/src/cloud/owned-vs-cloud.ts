import { finitePositive, parseInput } from "@aifactory/core";

/**
 * Result of {@link compareOwnedVsCloud}.
 *
 * @example
 * ```ts
 * import { compareOwnedVsCloud, type OwnedVsCloudComparison } from "@aifactory/economics";
 * const comparison: OwnedVsCloudComparison = compareOwnedVsCloud(1.5, 3);
 * ```
 * @since 0.1.0
 * @category Cloud
 */
export interface OwnedVsCloudComparison {
  /** Owned cost per installed accelerator-hour, USD. */
  ownedCostPerGpuHourUsd: number;
  /** Owned cost per useful accelerator-hour at the given utilisation, USD. */
  ownedCostPerUsefulGpuHourUsd: number;
  onDemandUsdPerAcceleratorHour: number;
  /** Utilisation above which owning is cheaper than renting; > 1 means never. */
  breakEvenUtilizationRatio: number;
  /** `owned` or `cloud`, at the given utilisation. */
  cheaper: "owned" | "cloud";
  warnings: string[];
}

/**
 * Owned vs cloud: an owned fleet costs its TCO whether busy or idle, a cloud instance is paid only for the
 * hours used. Owning is cheaper when `ownedCostPerGpuHour / utilization < cloudPrice`, so the break-even
 * utilisation is `ownedCostPerGpuHour / cloudPrice`.
 *
 * @param ownedCostPerGpuHourUsd - owned cost per installed accelerator-hour (`computeTco(...).costPerGpuHourUsd`)
 * @param onDemandUsdPerAcceleratorHour - cloud price per accelerator-hour (see `listCloudPrices`)
 * @param utilizationRatio - useful share of owned hours, (0, 1]
 * @returns the comparison
 * @throws InvalidInputError for a non-positive cost or price
 * @example
 * ```ts
 * import { compareOwnedVsCloud } from "@aifactory/economics";
 * compareOwnedVsCloud(1.5, 3, 0.6).breakEvenUtilizationRatio; // 0.5
 * ```
 * @since 0.1.0
 * @category Cloud
 */
export function compareOwnedVsCloud(
  ownedCostPerGpuHourUsd: number,
  onDemandUsdPerAcceleratorHour: number,
  utilizationRatio = 1,
): OwnedVsCloudComparison {
  parseInput(finitePositive, ownedCostPerGpuHourUsd, "ownedCostPerGpuHourUsd");
  parseInput(finitePositive, onDemandUsdPerAcceleratorHour, "onDemandUsdPerAcceleratorHour");
  const u = Math.min(1, Math.max(Number.MIN_VALUE, utilizationRatio));
  const breakEvenUtilizationRatio = ownedCostPerGpuHourUsd / onDemandUsdPerAcceleratorHour;
  const ownedCostPerUsefulGpuHourUsd = ownedCostPerGpuHourUsd / u;
  const warnings: string[] = [];
  if (breakEvenUtilizationRatio > 1) warnings.push("owning never breaks even against this cloud price");
  return {
    ownedCostPerGpuHourUsd,
    ownedCostPerUsefulGpuHourUsd,
    onDemandUsdPerAcceleratorHour,
    breakEvenUtilizationRatio,
    cheaper: ownedCostPerUsefulGpuHourUsd < onDemandUsdPerAcceleratorHour ? "owned" : "cloud",
    warnings,
  };
}
