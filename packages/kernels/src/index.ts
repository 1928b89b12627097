/**
 * `@aifactory/kernels`: measured GPU kernel timings (GEMM per precision, whole MoE layers, prefill and decode
 * attention, collectives) with log-space interpolation between measured points and a roofline fallback anchored
 * at the nearest measured edge. The built-in tables (derived from NVIDIA AIConfigurator's database) are in the
 * separate entry point `@aifactory/kernels/builtin`, so that code which does not need them stays small.
 *
 * @packageDocumentation
 */

export {
  type ComparedKernel,
  type ComparisonRooflines,
  compareKernelTables,
  type KernelComparisonRow,
  type KernelComparisonSummary,
  type KernelTablesComparison,
} from "./compare";
export { decodeLatencies, decodeLog2Latencies, encodeLatencies } from "./encoding";
export {
  attentionDtypeSchema,
  type CollectiveOperation,
  collectiveOperationSchema,
  collectiveTableSchema,
  contextAttentionTableSchema,
  deepEpTableSchema,
  type GemmDtype,
  gemmDtypeSchema,
  gemmTableSchema,
  generationAttentionTableSchema,
  type KernelTables,
  type KernelTablesInput,
  kernelTablesSchema,
  kernelTablesSourceSchema,
  latencyValuesSchema,
  type MoeDtype,
  mlaTableSchema,
  moeDtypeSchema,
  moeTableSchema,
} from "./kernel-tables";
export {
  type AttentionQuery,
  createKernelResult,
  type DeepEpQuery,
  gemmRooflineSeconds,
  indexKernelTables,
  type KernelIndex,
  type KernelResult,
  type KernelRoofline,
  type KernelSource,
  lookupCollective,
  lookupContextAttention,
  lookupDeepEp,
  lookupGemm,
  lookupGenerationAttention,
  lookupMla,
  lookupMoe,
  type MlaQuery,
  type MoeQuery,
} from "./lookup";
