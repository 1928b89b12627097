/**
 * `@aifactory/workloads/internal`: the hot paths under the public models, for the other aifactory packages and
 * the benchmarks. The training step core (precomputed architecture and hardware terms, the allocation-free step
 * evaluation), the serving model on resolved terms (one engine iteration, one operating point, the pools of a
 * disaggregated deployment), the event-driven fleet simulator with its request table, and the kernel-table
 * resolution the models share.
 *
 * Policy: nothing here is public API. These exports carry no semver guarantee: their names, signatures and
 * data layouts change in any release, patch releases included, whenever a faster or simpler form is found.
 * Build on the public entry point `@aifactory/workloads` (`estimateTrainingStep`, `estimateServing`,
 * `simulateOfflineRun`, `simulateFleet`, `searchTrainingConfigs`, ...), which wraps each of these.
 *
 * @packageDocumentation
 * @internal
 */

export { defaultClosedLoopRequests, simulateClosedLoopResolved } from "./fleet/closed-loop";
export { fleetReplicaModel } from "./fleet/fleet";
export { type FleetReplicaModel, type FleetSimulationOptions, simulateFleetReplicas } from "./fleet/fleet-simulator";
export { buildRequestTable, type RequestTable } from "./fleet/traffic";
export { evaluateDecodePool, evaluatePrefillPool } from "./inference/disaggregated";
export { simulateOfflineRunResolved } from "./inference/offline-run";
export {
  createIterationBreakdown,
  iterationTime,
  type ServingLayout,
  servingMemory,
} from "./inference/serving-iteration";
export {
  estimateServingResolved,
  evaluateServingPoint,
  isolatedPrefillSeconds,
  kernelFallbackWarnings,
  maxServingConcurrency,
  resolveServingInput,
  type ServingPoint,
  type ServingWorkload,
  servingLayout,
} from "./inference/serving-model";
export { type ServingHardware, type ServingTerms, servingHardware, servingTerms } from "./inference/serving-terms";
export { resolveKernelIndex, worseKernelSource } from "./kernels/kernel-option";
export { type ArchitectureTerms, architectureTerms } from "./training/model-terms";
export {
  createStepNumbers,
  evaluateStep,
  type HardwareTerms,
  hardwareTerms,
  MOE_DISPATCHER_CODES,
  type NumericConfig,
  RECOMPUTE_MODULE_BITS,
  type StepNumbers,
  trainingKernelSources,
} from "./training/step-core";
export { toNumericConfig } from "./training/training-step";
