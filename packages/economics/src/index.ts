/**
 * `@aifactory/economics`: total cost of ownership, cost per accelerator-hour and per token, owned vs cloud,
 * dated price catalogs, and the supply-chain and power lead-time model that says when a cluster can be online.
 *
 * @packageDocumentation
 */
export type { Assumption, CostAssumption } from "./assumption";
export {
  defaultPurchasePrice,
  listCloudPrices,
  listElectricityPrices,
  listPurchasePrices,
  type PriceCatalog,
} from "./catalog/price-catalog";
export { compareOwnedVsCloud, type OwnedVsCloudComparison } from "./cloud/owned-vs-cloud";
export { CLOUD_PRICES } from "./data/cloud-prices";
export { ELECTRICITY_PRICES } from "./data/electricity-prices";
export {
  type CloudPrice,
  cloudPriceSchema,
  type ElectricityPrice,
  electricityPriceSchema,
  type PurchasePrice,
  purchasePriceSchema,
} from "./data/price-schemas";
export { PURCHASE_PRICES } from "./data/purchase-prices";
export {
  AVERAGE_POWER_RATIO,
  CHIP_TO_SERVER_POWER_MULTIPLIER,
  COLOCATION_USD_PER_KW_MONTH,
  type CostDefault,
  DEPRECIATION_LIFE_YEARS,
  FACILITY_CAPEX_USD_PER_MW,
  listCostDefaults,
  NETWORK_SHARE_OF_HARDWARE_COST,
  SERVER_COST_MULTIPLIER,
  TCO_DEFAULT_PUE,
} from "./data/tco-defaults";
export { ECONOMICS_SOURCES } from "./sources";
export {
  type BillOfMaterials,
  billOfMaterialsSchema,
  getBillOfMaterials,
  grossDiesPerWafer,
  listBillsOfMaterials,
} from "./supply/bill-of-materials";
export { type AcceleratorSupplyInput, planAcceleratorSupply } from "./supply/plan-accelerator-supply";
export {
  DEFAULT_DIE_YIELD_RATIO,
  planSupply,
  type SupplyConstraint,
  type SupplyPlan,
  type SupplyPlanInput,
  type SupplyQuarter,
  supplyPlanInputSchema,
} from "./supply/plan-supply";
export { type Quarter, quarterFromIndex, quarterIndex } from "./supply/quarter";
export {
  ALLOCATION_SHARE_DEFAULT,
  COWOS_CAPACITY_POINTS,
  COWOS_VENDOR_SHARE_2025,
  type CowosCapacityPoint,
  defaultCowosWafersPerMonth,
  INTERCONNECTION_LEAD_TIME,
  type LeadTimeDefault,
  TRANSFORMER_LEAD_TIME,
} from "./supply/supply-defaults";
export { type AcceleratorTcoInput, computeAcceleratorTco } from "./tco/accelerator-tco";
export { capitalRecoveryFactor, computeTco, type TcoInput, type TcoResult, tcoInputSchema } from "./tco/tco";
export {
  type TokenCostInput,
  type TokenCostResult,
  tokenCost,
  tokenCostInputSchema,
} from "./token/token-cost";

/**
 * The npm name of this package.
 *
 * @example
 * ```ts
 * import { packageName } from "@aifactory/economics";
 * packageName; // "@aifactory/economics"
 * ```
 * @since 0.1.0
 * @category Package
 */
export const packageName = "@aifactory/economics";
