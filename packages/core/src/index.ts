/**
 * `@aifactory/core`: units and formatting, zod building blocks, the Source/evidence schema, `AifError`, the
 * plugin registry and JSON Schema export, shared by every aifactory package.
 *
 * @packageDocumentation
 */
export { type NcclCollectiveId, ncclBusBandwidthFactor } from "./collectives/bus-bandwidth";
export { AifError, type AifErrorCode, type AifErrorOptions, isAifError, isUserError } from "./errors/aif-error";
export { ConflictError } from "./errors/conflict-error";
export { assertFiniteResult, nonFinitePaths } from "./errors/finite-result";
export { describeValue, type InputProblem, InvalidInputError, parseInput } from "./errors/invalid-input-error";
export { NotFoundError } from "./errors/not-found-error";
export { definePlugin, type Plugin, pluginIdentitySchema } from "./plugins/define-plugin";
export { defineExtensionKind, type ExtensionKind } from "./plugins/extension-kind";
export { type AnyExtensionKind, createRegistry, type Registry } from "./plugins/registry";
export {
  type LengthDistribution,
  lengthDistributionSchema,
  meanLength,
  sampleLength,
  type TraceRecord,
  traceRecordSchema,
} from "./random/length-distribution";
export {
  detectRequestTraceFormat,
  formatRequestTrace,
  parseRequestTrace,
  type RequestTraceFormat,
} from "./random/request-trace";
export { createSeededRandom, gammaSample, type SeededRandom, standardNormalSample } from "./random/seeded-random";
export { type Assumption, assumptionSchema, formatAssumption } from "./schema/assumption";
export { catalogEntries } from "./schema/catalog-entries";
export { toJsonSchema } from "./schema/json-schema";
export {
  finiteNonNegative,
  finitePositive,
  isoDate,
  KEBAB_ID_PATTERN,
  kebabId,
  nonNegativeInt,
  percent,
  positiveInt,
  type Range,
  rangeSchema,
  ratio,
} from "./schema/primitives";
export { type Evidence, evidenceSchema, type Source, sourceSchema, sourcesSchema } from "./schema/source";
export { closestMatches, editDistance } from "./text/closest";
export {
  BYTES_PER_GB,
  BYTES_PER_GIB,
  BYTES_PER_TB,
  BYTES_PER_TIB,
  bytesToGB,
  bytesToGiB,
  formatBytes,
  gbToBytes,
  gibToBytes,
} from "./units/bytes";
export { formatCo2eKg, kgToTonnes, tonnesToKg } from "./units/carbon";
export { convertUnits, UNIT_TABLE, type UnitSymbol } from "./units/convert";
export {
  formatDuration,
  HOURS_PER_YEAR,
  hoursToSeconds,
  SECONDS_PER_DAY,
  SECONDS_PER_HOUR,
  secondsToDays,
  secondsToHours,
} from "./units/duration";
export {
  formatEnergyKwh,
  JOULES_PER_KWH,
  joulesToKwh,
  kwhToJoules,
  kwhToMwh,
  mwhToKwh,
  wattHoursToKwh,
} from "./units/energy";
export { FLOPS_PER_TFLOPS, flopsToTflops, formatFlops, tflopsToFlops } from "./units/flops";
export { formatUsd } from "./units/money";
export { formatCount, formatScaled, formatSignificant, type UnitStep } from "./units/number-format";
export { formatWatts } from "./units/power";
export { formatLiters, LITERS_PER_CUBIC_METER } from "./units/volume";
