/**
 * `@aifactory/energy`: power, energy, PUE, carbon (operational and embodied) and water of AI hardware usage,
 * with a sourced grid-intensity catalog and a validation against Patterson et al. 2021.
 *
 * @packageDocumentation
 */
export {
  amortizeEmbodiedCo2eKg,
  DEFAULT_SERVICE_LIFE_YEARS,
  type EmbodiedCarbonEstimate,
  type EmbodiedCarbonProfile,
  embodiedCarbonEstimateSchema,
  embodiedCarbonProfileSchema,
  getEmbodiedCarbonProfile,
  listEmbodiedCarbonProfiles,
} from "./carbon/embodied-carbon";
export { operationalCo2eTonnes } from "./carbon/operational-carbon";
export { GRID_REGIONS } from "./data/grid-regions";
export { type DevicePower, resolveDevicePower } from "./device/device-power";
export type { Assumption } from "./estimate/assumption";
export type { EnergyCatalogOptions } from "./estimate/energy-catalog";
export { type AcceleratorEnergyInput, estimateAcceleratorEnergy } from "./estimate/estimate-accelerator-energy";
export {
  type EnergyEstimate,
  type EnergyEstimateInput,
  energyEstimateInputSchema,
  estimateEnergy,
} from "./estimate/estimate-energy";
export {
  type CoolingKind,
  DEFAULT_PUE_BY_COOLING,
  defaultAcceleratorPue,
  getPuePreset,
  listPuePresets,
  type PuePreset,
  puePresetSchema,
} from "./facility/pue";
export {
  type GridIntensitySelection,
  getGridRegion,
  listGridRegions,
  selectGridIntensity,
} from "./grid/grid-catalog";
export {
  type CarbonAccountingBasis,
  carbonAccountingBasisSchema,
  type GridIntensity,
  type GridRegion,
  gridIntensitySchema,
  gridRegionKind,
  gridRegionSchema,
} from "./grid/grid-region";
export {
  DEFAULT_IDLE_POWER_RATIO,
  DEFAULT_TRAINING_POWER_RATIO,
  IDLE_POWER_SOURCES,
  powerRatioAtUtilization,
  TRAINING_POWER_SOURCES,
} from "./power/power-curve";
export { ENERGY_SOURCES } from "./sources";
export {
  PATTERSON_2021_SOURCE,
  PATTERSON_2021_TABLE_4,
  type Patterson2021Row,
  type Patterson2021Validation,
  validatePatterson2021,
} from "./validation/patterson-2021";
export {
  DEFAULT_WATER_INTENSITY,
  listWaterIntensityDefaults,
  type WaterIntensityDefault,
  waterLiters,
} from "./water/water";

/**
 * The npm name of this package.
 *
 * @example
 * ```ts
 * import { packageName } from "@aifactory/energy";
 * packageName; // "@aifactory/energy"
 * ```
 * @since 0.1.0
 * @category Package
 */
export const packageName = "@aifactory/energy";

// Site and cooling model: cooling technologies with PUE/WUE/rack-power ranges, distribution losses, site input.
export {
  type Climate,
  type CoolingProfile,
  type CoolingTechnology,
  type CoolingTechnologyId,
  climatePoint,
  climateSchema,
  coolingProfile,
  coolingTechnologyIdSchema,
  coolingTechnologySchema,
  getCoolingTechnology,
  listCoolingTechnologies,
} from "./site/cooling-technology";
export {
  type DistributionLosses,
  distributionLosses,
  listPowerDistributionStages,
  type PowerDistributionStage,
} from "./site/power-distribution";
export { type Site, type SiteInput, siteInputSchema } from "./site/site-input";
