/**
 * `@aifactory/planner`: one scenario in, the whole AI-factory picture out. Composes `@aifactory/hardware`,
 * `workloads`, `energy` and `economics` (and `memory` for KV-cache reuse); design-space search.
 *
 * @packageDocumentation
 */
export { planAgentic } from "./agentic";
export { type ComparedScenario, compare } from "./compare";
export { composeUsage, type UsageSections, type WorkloadUsage } from "./compose";
export { DEFAULT_SCENARIOS, getDefaultScenario, listDefaultScenarioIds } from "./defaults";
export {
  type ExplorePoint,
  type ExploreResult,
  type ExploreSpace,
  explore,
  exploreSpaceSchema,
} from "./explore";
export { formatBreakdownValue, formatMetric, planToCsv, planToMarkdown } from "./export";
export { planFleet, sizeAndPriceFleet } from "./fleet";
export { plannerJsonSchemas } from "./json-schema";
export { inlineScenarioPacks, parseScenarioText } from "./load";
export {
  acceleratorForWorkloads,
  architectureForWorkloads,
  builtInFactoryCatalog,
  catalogAccelerator,
  checkGridRegion,
  createFactoryCatalog,
  type FactoryCatalog,
  type FactoryPack,
  type FactoryPackInput,
  type FactoryPackValidation,
  factoryPackSchema,
  parseFactoryPack,
  validateFactoryPack,
} from "./pack";
export { paretoFront } from "./pareto";
export { type PlanOptions, plan } from "./plan";
export type {
  AgenticPerformance,
  Breakdown,
  BreakdownItem,
  FleetDesignSummary,
  FleetHeadroomPoint,
  FleetPerformance,
  KvCacheReuse,
  Plan,
  PlanAssumption,
  PlanMetric,
  PlanPerformance,
  PlanWarning,
  PretrainingPerformance,
  RlPerformance,
  ServingPerformance,
  ThroughputLatencyPoint,
  WorkloadSections,
} from "./plan-types";
export { planPretraining } from "./pretraining";
export { planRl } from "./rl";
export { scenarioAcceleratorForWorkloads } from "./scale-out-fabric";
export {
  agenticWorkloadSchema,
  fleetWorkloadSchema,
  modelRefSchema,
  pretrainingWorkloadSchema,
  rlWorkloadSchema,
  type Scenario,
  type ScenarioInput,
  scenarioEconomicsSchema,
  scenarioHardwareSchema,
  scenarioPacksSchema,
  scenarioSchema,
  scenarioSiteSchema,
  scenarioSupplySchema,
  servingWorkloadSchema,
  trainingParallelismSchema,
  type Workload,
} from "./scenario";
export { type RenamedScenarioKey, SCENARIO_LEGACY_KEYS, upgradeScenarioKeys } from "./scenario-legacy";
export { planServing } from "./serving";
// Site design: design the factory from its power.
export {
  DEFAULT_SITE_CANDIDATES,
  designSite,
  type SiteBomLine,
  type SiteDesign,
  type SiteDesignInput,
  type SiteDesignResult,
  type SitePowerNode,
  type SiteProduction,
  siteCandidateSchema,
  siteDesignInputSchema,
  sitePowerLeaves,
  storageNodeSchema,
} from "./site/design-site";
export {
  KV_OFFLOAD_TIERS,
  type KvOffloadInput,
  type KvOffloadSizing,
  type KvOffloadSizingInput,
  type KvOffloadTierSizing,
  kvOffloadInputSchema,
  localNvmeOfSystem,
  PCIE4_X16_GBPS,
  PCIE5_X16_GBPS,
  sizeKvOffload,
} from "./site/kv-offload-sizing";
export { siteBomToCsv, sitePowerLinks } from "./site/site-export";
export { BUILT_IN_STORAGE_NODES, DDN_AI400X2, DDN_AI400X2_SOURCES } from "./site/storage-nodes";
export {
  CHECKPOINT_BYTES_PER_PARAMETER,
  LLAMA3_INTERRUPTIONS_PER_GPU_HOUR,
  LLAMA3_INTERRUPTIONS_SOURCE,
  sizeTrainingStorage,
  type TrainingStorageNeed,
  youngDalyIntervalSeconds,
} from "./site/storage-sizing";
export {
  type SolveAcceleratorResult,
  type SolveGoal,
  type SolvePoint,
  type SolveRequest,
  type SolveResult,
  solve,
  solveGoalSchema,
  solveRequestSchema,
} from "./solve";
