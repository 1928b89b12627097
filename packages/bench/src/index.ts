/**
 * `@aifactory/bench`: a benchmark harness with robust statistics and a versioned result schema, WebGPU kernels,
 * adapters for nvidia-smi / nccl-tests / nvbandwidth / MLPerf mllog, a serving load generator, calibration of
 * efficiency factors, and cluster launch manifests.
 *
 * @packageDocumentation
 */

export {
  type AchievedVsPeakRow,
  achievedVsPeak,
  type CalibrateOptions,
  calibrate,
  catalogDtype,
} from "./calibrate/calibrate";
export {
  CALIBRATION_SCHEMA_VERSION,
  type CalibrationFile,
  calibrationFileSchema,
} from "./calibrate/calibration-schema";
export {
  type ClusterLaunch,
  type ClusterLaunchOptions,
  clusterLaunchOptionsSchema,
  generateClusterLaunch,
} from "./cluster/cluster-launch";
export { mergeResultSets } from "./cluster/merge-results";
export {
  type CompareOptions,
  type Comparison,
  type ComparisonRow,
  compareResults,
  comparisonRowSchema,
} from "./harness/compare";
export {
  type BenchmarkDefinition,
  type BenchmarkSuite,
  DEFAULT_SAMPLING,
  defineBenchmark,
  defineSuite,
  type ManualTiming,
  type MetricsContext,
  type SamplingOptions,
} from "./harness/define-benchmark";
export { type CaptureEnvironmentOptions, captureEnvironment } from "./harness/environment";
export { latencyMetric, throughputMetric } from "./harness/metrics";
export { createRandom, exponentialSample, type Random } from "./harness/prng";
export {
  BENCH_RESULT_SCHEMA_VERSION,
  type BenchDevice,
  type BenchEnvironment,
  type BenchMetric,
  type BenchmarkResult,
  type BenchResultSet,
  benchDeviceSchema,
  benchEnvironmentSchema,
  benchMetricSchema,
  benchmarkResultSchema,
  benchResultSetSchema,
  resultKey,
  stopReasonSchema,
} from "./harness/result-schema";
export {
  createResultSet,
  medianCiRelativeHalfWidth,
  type RunBenchmarkOptions,
  type RunSuiteOptions,
  runBenchmark,
  runSuite,
} from "./harness/run-benchmark";
export {
  type BootstrapOptions,
  bootstrapCi,
  coefficientOfVariation,
  type MannWhitneyResult,
  mannWhitneyU,
  mean,
  median,
  medianAbsoluteDeviation,
  normalCdf,
  percentile,
  quantileSorted,
  type SampleSummary,
  sampleSummarySchema,
  standardDeviation,
  summarize,
  tukeyOutliers,
} from "./harness/statistics";
export { benchJsonSchemas } from "./json-schema";
export {
  busBandwidth,
  busBandwidthFactor,
  COLLECTIVE_IDS,
  type CollectiveId,
  collectiveFromName,
  NCCL_COLLECTIVES,
} from "./parsers/collectives";
export {
  type MllogEvent,
  type MllogParseResult,
  type MllogSummary,
  mllogEventSchema,
  parseMllog,
  summarizeMllog,
} from "./parsers/mllog";
export {
  type NcclTestsReport,
  type NcclTestsRow,
  ncclTestsReportSchema,
  ncclTestsRowSchema,
  ncclTestsToResults,
  parseNcclTests,
} from "./parsers/nccl-tests";
export {
  type NvbandwidthReport,
  type NvbandwidthTest,
  nvbandwidthReportSchema,
  nvbandwidthTestSchema,
  parseNvbandwidth,
} from "./parsers/nvbandwidth";
export {
  decodeThrottleReasons,
  type EnergyEstimate,
  energyFromTelemetry,
  type GpuInventoryEntry,
  gpuInventoryEntrySchema,
  NVIDIA_SMI_INVENTORY_FIELDS,
  NVIDIA_SMI_TELEMETRY_FIELDS,
  type NvidiaSmiRow,
  parseNvidiaSmiCsv,
  parseNvidiaSmiInventory,
  parseNvidiaSmiTimestamp,
  parseTelemetryCsv,
  type TelemetrySample,
  THROTTLE_REASON_BITS,
  telemetrySampleSchema,
} from "./parsers/nvidia-smi";
export { type BenchRunnerContractReport, runBenchRunnerContract } from "./plugin/bench-runner-contract";
export {
  type BenchRunnerV1,
  type BenchRunRequestV1,
  type BenchSuiteInfoV1,
  benchRunnerKind,
  benchRunnerV1Schema,
} from "./plugin/bench-runner-v1";
export { builtInRunners, cpuRunner, createTorchRunner, createWebGpuRunner } from "./plugin/builtin-runners";
export { buildNcclTestsCommand, type NcclTestsOptions, runNcclTests } from "./runners/nccl-tests-runner";
export { nvbandwidthToResults, runNvbandwidth } from "./runners/nvbandwidth-runner";
export {
  startTelemetrySampler,
  type TelemetrySampler,
  type TelemetrySamplerOptions,
} from "./runners/nvidia-smi-sampler";
export {
  comparePeers,
  comparePeersInResults,
  type PeerComparisonOptions,
  type PeerValue,
  type PeerVerdict,
} from "./runners/peer-comparison";
export {
  type RunCommandOptions,
  type RunCommandResult,
  runCommand,
  runCommandOrThrow,
} from "./runners/run-command";
export {
  CHECK_KERNEL_SWEEP,
  DEFAULT_KERNEL_SWEEP,
  parseTorchKernelsOutput,
  QUICK_KERNEL_SWEEP,
  runTorchKernelSweep,
  TORCH_KERNELS_SCRIPT,
  type TorchKernelSweepResult,
  type TorchKernelSweepSpec,
  type TorchKernelsOptions,
  type TorchKernelsParseOptions,
  torchKernelSweepSpecSchema,
} from "./runners/torch-kernels-runner";
export {
  parseTorchMatmulOutput,
  runTorchMatmulSweep,
  TORCH_MATMUL_SCRIPT,
  type TorchMatmulOptions,
  torchAvailable,
} from "./runners/torch-matmul-runner";
export {
  type BatchingTestServer,
  type BatchingTestServerOptions,
  type BatchingTestServerRequest,
  type BatchingTestServerStats,
  batchingIterationSeconds,
  batchingTestServerOptionsSchema,
  startBatchingTestServer,
} from "./serving/batching-test-server";
export { type LengthDistribution, lengthDistributionSchema, sampleLength } from "./serving/length-distribution";
export {
  type LatencyPercentiles,
  type RequestRecord,
  runServingLoad,
  type ServingLoadOptions,
  type ServingProgress,
  type ServingReport,
  servingLoadOptionsSchema,
} from "./serving/load-generator";
export {
  formatMeasuredServing,
  MEASURED_SERVING_SCHEMA_VERSION,
  type MeasuredServingFile,
  type MeasuredServingRequest,
  type MeasuredServingRun,
  measuredRunToTrace,
  measuredServingFileSchema,
  measuredServingRequestSchema,
  measuredServingRunSchema,
  parseMeasuredServing,
  type ServingRunSetup,
  servingRunSetupSchema,
  toMeasuredServingFile,
  toMeasuredServingRun,
} from "./serving/measured-serving";
export { servingSweepHtml, servingSweepMarkdown, servingSweepSvg } from "./serving/serving-report";
export {
  runServingSweep,
  type ServingSweepOptions,
  type ServingSweepPoint,
  type ServingSweepProgress,
  type ServingSweepReport,
  servingSweepOptionsSchema,
} from "./serving/serving-sweep";
export { readSseData, SSE_MAX_LINE_CHARS } from "./serving/sse";
export { cpuMatmul, maxRelativeError, randomFloat32 } from "./suites/cpu-kernels";
export { cpuSuite } from "./suites/cpu-suite";
export { float16BitsToFloat32, float32ToFloat16Bits, matmulShader, streamShader } from "./webgpu/shaders";
export type { OpenWebGpuOptions, WebGpuAdapterSummary } from "./webgpu/webgpu-device";
export { createWebGpuSuite, probeWebGpu, type WebGpuSuiteOptions } from "./webgpu/webgpu-suite";

/**
 * The npm name of this package.
 *
 * @example
 * ```ts
 * import { packageName } from "@aifactory/bench";
 * packageName; // "@aifactory/bench"
 * ```
 * @since 0.1.0
 * @category Package
 */
export const packageName = "@aifactory/bench";
