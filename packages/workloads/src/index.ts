/**
 * `@aifactory/workloads`: model architectures, the training performance model, collective-communication
 * costs and parallelism search.
 *
 * @packageDocumentation
 */
export {
  type Architecture,
  type ArchitectureInput,
  architectureSchema,
  type FfnActivation,
  ffnActivationSchema,
  mlaSchema,
  moeSchema,
  slidingWindowSchema,
} from "./architecture/architecture";
export { type ArchitectureId, getArchitecture, listArchitectures, resolveArchitecture } from "./architecture/catalog";
export {
  type ArchitectureSummary,
  attentionFlopsPerToken,
  describeArchitecture,
  type FlopsPerToken,
  flopsPerToken,
  KV_CACHE_BYTES_PER_ELEMENT,
  type KvCachePrecision,
  kvCacheBytesPerToken,
  type ParameterCounts,
  parameterCounts,
} from "./architecture/derived";
export {
  allToAllFabricFactor,
  busBandwidthFactor,
  type Collective,
  collectiveTimeSeconds,
  type GroupPlacement,
  hierarchicalCollectiveTimeSeconds,
  type LeafGroupFabric,
  type LinkLevel,
  latencySteps,
  placeGroup,
} from "./collectives/collective-time";
export { BUILT_IN_ARCHITECTURES, type BuiltInArchitectureId } from "./data/architectures";
export { DEFAULT_MAMF_RATIO, MAMF_RATIOS, MAMF_SOURCES } from "./data/matmul-efficiency";
export { TRAINING_CALIBRATION_ROWS, type TrainingCalibrationRow } from "./data/training-calibration";
export {
  searchTrainingConfigs,
  type TrainingSearchInput,
  type TrainingSearchResult,
  trainingSearchSpaceSchema,
} from "./search/training-search";
export {
  type AcceleratorSpec,
  acceleratorMemoryBytes,
  acceleratorSpecSchema,
  HBM_BYTES_PER_VENDOR_GB,
  leafGroupFabric,
  resolveAccelerator,
} from "./training/accelerator-spec";
export {
  DEFAULT_TRAINING_EFFICIENCY,
  matmulEfficiencyRatio,
  type TrainingEfficiency,
  type TrainingEfficiencyInput,
  trainingEfficiencySchema,
} from "./training/efficiency";
export { trainingJsonSchemas } from "./training/json-schemas";
export {
  type MoeTrainingInput,
  moeTrainingSchema,
  overlapSchema,
  pipelineScheduleSchema,
  type Recompute,
  type RecomputeModule,
  recomputeModuleSchema,
  recomputeSchema,
  type TrainingConfig,
  type TrainingConfigInput,
  type TrainingPrecision,
  trainingConfigSchema,
  trainingPrecisionSchema,
} from "./training/training-config";
export {
  estimateTrainingRun,
  type Reliability,
  reliabilitySchema,
  type TrainingRunInput,
  type TrainingRunResult,
  youngDalyIntervalSeconds,
} from "./training/training-run";
export {
  estimateTrainingStep,
  TRAINING_ASSUMPTIONS,
  type TrainingMemory,
  type TrainingStepBreakdown,
  type TrainingStepInput,
  type TrainingStepResult,
  trainingConfigProblems,
} from "./training/training-step";
export {
  CALIBRATION_A100,
  type TrainingValidationReport,
  type TrainingValidationRow,
  trainingValidationMarkdown,
  validateTrainingModel,
} from "./training/validation";

/**
 * The npm name of this package.
 *
 * @example
 * ```ts
 * import { packageName } from "@aifactory/workloads";
 * packageName; // "@aifactory/workloads"
 * ```
 * @since 0.1.0
 * @category Meta
 */
export const packageName = "@aifactory/workloads";
// --- part 2: inference, RL, agentic ---
export {
  AGENT_ASSUMPTIONS,
  type AgentTaskConfig,
  type AgentTaskInput,
  type AgentTaskResult,
  agentTaskConfigSchema,
  estimateAgentTask,
  type KvHeldPoint,
} from "./agentic/agent-task";
export {
  architectureFromHuggingFaceConfig,
  type HuggingFaceImport,
  SUPPORTED_HUGGING_FACE_MODEL_TYPES,
} from "./architecture/hf-config";
export {
  DEEPSEEK_SERVING_FIGURES,
  SERVING_CALIBRATION_ROWS,
  type ServingCalibrationRow,
} from "./data/inference-calibration";
export { SERVING_ARCHITECTURES, type ServingArchitectureId } from "./data/serving-architectures";
export {
  MOE_TRAINING_CALIBRATION_ROWS,
  type MoeTrainingCalibrationRow,
} from "./data/training-calibration-moe";
// --- deploy: launch configurations for serving engines and training frameworks ---
export { type ConfigValue, shellCommand, toToml, toYaml } from "./deploy/config-text";
export {
  type DisaggregatedLaunchOptionsInput,
  DYNAMO_MANIFEST_FILE,
  disaggregatedLaunchOptionsSchema,
  emitDisaggregatedLaunch,
} from "./deploy/disaggregated-launch";
export {
  DEPLOY_ENGINE_VERSIONS,
  type DisaggregatedEngine,
  disaggregatedEngineSchema,
  type LaunchConfig,
  type LaunchFile,
  type ServingEngine,
  servingEngineSchema,
  type TrainingEngine,
  trainingEngineSchema,
} from "./deploy/launch-config";
export {
  emitServingLaunch,
  type ServingLaunchOptionsInput,
  servingLaunchOptionsSchema,
  TRTLLM_EXTRA_OPTIONS_FILE,
} from "./deploy/serving-launch";
export {
  emitTrainingLaunch,
  TORCHTITAN_CONFIG_FILE,
  type TrainingLaunchOptionsInput,
  trainingLaunchOptionsSchema,
} from "./deploy/training-launch";
export { agentArrivalSchema, agentSessionTraffic } from "./fleet/agent-traffic";
export type { ClosedLoopServing } from "./fleet/closed-loop";
export {
  compareLatencySamples,
  type LatencyComparison,
  type LatencyComparisonRow,
  type LatencySamples,
} from "./fleet/compare";
// --- fleets: event-driven simulation of serving fleets under traffic ---
export {
  FLEET_ASSUMPTIONS,
  type FleetEngineInput,
  type FleetInput,
  type FleetOptionsInput,
  type FleetPoolInput,
  type FleetPoolResult,
  type FleetResult,
  fleetEngineSchema,
  fleetOptionsSchema,
  fleetPoolSchema,
  simulateFleet,
} from "./fleet/fleet";
export type { FleetPoolStats, FleetReplicaRole, FleetRouter, FleetSimulationResult } from "./fleet/fleet-simulator";
export {
  FLEET_SIZING_ASSUMPTIONS,
  type FleetDesignInput,
  type FleetSizingInput,
  type FleetSizingRequest,
  type FleetSizingResult,
  fleetSizingSchema,
  type HeadroomPoint,
  offeredRatePerSecond,
  type SizedFleetDesign,
  scaleTrafficRate,
  sizeFleet,
} from "./fleet/fleet-size";
export { type PercentileSummary, quantileSorted, summarizePercentiles } from "./fleet/fleet-stats";
export { erlangC, md1MeanWaitSeconds, mmcMeanWaitSeconds } from "./fleet/queueing";
export {
  type ArrivalProcess,
  arrivalProcessSchema,
  type FleetTraffic,
  type FleetTrafficInput,
  fleetTrafficSchema,
  type SessionSpec,
  sessionSpecSchema,
  syntheticTrafficSchema,
  traceTrafficSchema,
} from "./fleet/traffic";
export {
  bestPrefillDecodeRatio,
  type DecodePoolPoint,
  type DisaggregatedPlan,
  type PrefillPoolPoint,
} from "./inference/disaggregated";
export {
  type DisaggregatedPoolResult,
  type DisaggregatedServingInput,
  type DisaggregatedServingResult,
  disaggregatedServingSchema,
  estimateDisaggregatedServing,
  type ServingPoolInput,
  servingPoolSchema,
} from "./inference/disaggregated-serving";
export {
  DEFAULT_INFERENCE_EFFICIENCY,
  GENERIC_MEMORY_BANDWIDTH_RATIO,
  type InferenceEfficiency,
  type InferenceEfficiencyInput,
  inferenceEfficiencySchema,
} from "./inference/inference-efficiency";
export {
  MEASURED_HBM_BANDWIDTH,
  type MeasuredHbmBandwidth,
  measuredHbmBandwidth,
} from "./inference/measured-bandwidth";
export {
  capturedCudaGraphBatchSizes,
  OFFLINE_RUN_ASSUMPTIONS,
  type OfflineRunInput,
  type OfflineRunOptionsInput,
  type OfflineRunResult,
  type OfflineRunSeconds,
  offlineRunOptionsSchema,
  simulateOfflineRun,
  type TrtllmBenchLimitsInput,
  trtllmBenchEngineLimits,
  trtllmBenchLimitsSchema,
} from "./inference/offline-run";
export {
  type KvPrecision,
  kvPrecisionSchema,
  type ServingConfig,
  type ServingConfigInput,
  servingConfigSchema,
  WEIGHT_BYTES_PER_PARAM,
  type WeightPrecision,
  weightPrecisionSchema,
} from "./inference/serving-config";
export { type IterationBreakdown, powerLawBusiestShare, type ServingMemory } from "./inference/serving-iteration";
export {
  acceptedTokensPerStep,
  estimateServing,
  SERVING_ASSUMPTIONS,
  type ServingBreakdown,
  type ServingInput,
  type ServingResult,
  servingConfigProblems,
} from "./inference/serving-model";
export {
  type ServingSearchInput,
  type ServingSearchReport,
  type ServingSearchResult,
  searchServingConfigs,
  servingSearchSpaceSchema,
} from "./inference/serving-search";
export { resolveServingArchitecture } from "./inference/serving-terms";
export {
  type ServingValidationReport,
  type ServingValidationRow,
  servingValidationMarkdown,
  TRTLLM_PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES,
  validateServingModel,
} from "./inference/serving-validation";
// --- end part 2 ---
export type { KernelSources, KernelTablesOption } from "./kernels/kernel-option";
export {
  type ValidationFamily,
  validationFamilies,
  validationFamiliesMarkdown,
} from "./kernels/validation-families";
export {
  estimateRlStep,
  RL_ASSUMPTIONS,
  type RlPhases,
  type RlStepConfig,
  type RlStepInput,
  type RlStepResult,
  rlStepConfigSchema,
  weightSyncSeconds,
} from "./rl/rl-step";
export {
  type MoeTrainingValidationReport,
  type MoeTrainingValidationRow,
  validateMoeTrainingModel,
} from "./training/moe-validation";
// --- end deploy ---
