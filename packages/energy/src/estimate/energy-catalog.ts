import type { AcceleratorCatalog } from "@aifactory/hardware";
import type { EmbodiedCarbonProfile } from "../carbon/embodied-carbon";
import type { GridRegion } from "../grid/grid-region";

/**
 * The catalogs an energy estimate reads beyond the packages' built-in data: a hardware catalog that holds the
 * accelerators and systems of hardware packs (`catalogFromRegistry(createHardwareRegistry({ plugins }))`) and
 * grid regions and embodied-carbon profiles a pack adds. All are optional; without them the built-in catalogs are
 * used.
 *
 * @example
 * ```ts
 * import { estimateEnergy, type EnergyCatalogOptions } from "@aifactory/energy";
 * const options: EnergyCatalogOptions = {
 *   gridRegions: [{
 *     id: "acme-campus", name: "ACME campus",
 *     intensities: [{ gCo2ePerKWh: 120, year: 2024, basis: "location", method: "metered on site",
 *       sources: [{ title: "ACME sustainability report 2024", evidence: "verified" }] }],
 *   }],
 * };
 * estimateEnergy({ acceleratorCount: 8, hours: 24, tdpWatts: 700, grid: { regionId: "acme-campus" } }, options)
 *   .gridKgCo2ePerKWh; // 0.12
 * ```
 * @since 0.10.0
 * @category Estimates
 */
export interface EnergyCatalogOptions {
  /** Accelerators and systems to look ids up in (default: the built-in hardware catalog). */
  catalog?: AcceleratorCatalog;
  /** Grid regions searched before the built-in ones (e.g. those of a pack). */
  gridRegions?: readonly GridRegion[];
  /** Embodied-carbon profiles searched before the built-in ones (e.g. those of a pack). */
  embodiedCarbonProfiles?: readonly EmbodiedCarbonProfile[];
}
