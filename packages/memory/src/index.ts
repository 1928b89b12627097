/**
 * @aifactory/memory: agent long-term memory (the `MemoryStoreV1` spec, cognitive scoring, an in-memory
 * store, consolidation, LoCoMo evaluation) and KV-cache tiers.
 *
 * @packageDocumentation
 */

/**
 * The npm name of this package.
 *
 * @since 0.1.0
 */
export const packageName = "@aifactory/memory";

// Agent memory: benchmark
export {
  type MemoryStoreBenchmarkOptions,
  type MemoryStoreBenchmarkResult,
  runMemoryStoreBenchmark,
  syntheticMemoryCorpus,
} from "./bench/store-benchmark";
// Agent memory: consolidation
export {
  type ConsolidationAction,
  type ConsolidationOptions,
  type ConsolidationReport,
  consolidateMemories,
} from "./consolidation/consolidate";
export { setJaccard, termJaccard } from "./consolidation/jaccard";
export { packWorkingMemory, type WorkingMemory, type WorkingMemoryOptions } from "./consolidation/working-memory";
export {
  type ContractTestApi,
  type MemoryStoreContractCase,
  type MemoryStoreContractOptions,
  memoryStoreContractCases,
  runMemoryStoreContract,
} from "./contract/memory-store-contract";
export { checkScopeIsolation, type ScopeIsolationStep } from "./contract/scope-isolation-property";
export { createHashingEmbedder, type HashingEmbedderOptions } from "./embedding/hashing-embedder";
// Agent memory: evaluation
export {
  evaluateLocomo,
  LOCOMO_CATEGORY_NAMES,
  type LocomoCategoryMetrics,
  type LocomoCategoryName,
  type LocomoDataset,
  type LocomoEvaluation,
  type LocomoEvaluationOptions,
  type LocomoGroupMetrics,
  type LocomoMetrics,
  type LocomoRetriever,
  locomoCategoryName,
  locomoDatasetSchema,
  parseLocomoDateTime,
  parseLocomoEvidence,
} from "./eval/locomo";
export { ndcgAtK, recallAtK } from "./eval/retrieval-metrics";
// ---------------------------------------------------------------------------------------------------------
// KV cache (src/kv, owned by the KV-cache engineer): explicit named re-exports of everything src/kv/index.ts
// exports, copied from that file when this one was last edited. LEAD: re-check against src/kv/index.ts.
// ---------------------------------------------------------------------------------------------------------
export {
  createFifoEvictionPolicy,
  createLfuEvictionPolicy,
  createLruEvictionPolicy,
  getKvEvictionPolicy,
  type KvEvictionPolicyFactory,
  type KvEvictionPolicyName,
  type KvEvictionPolicyV1,
  kvEvictionPolicies,
} from "./kv/eviction-policy";
export { createInMemoryKvBlockStore, type InMemoryKvBlockStoreOptions } from "./kv/in-memory-kv-block-store";
export {
  type KvBlock,
  type KvBlockStoreStats,
  type KvBlockStoreV1,
  type KvPutResult,
  type KvTierInfo,
  kvBlockHashSchema,
  kvBlockSchema,
  kvTierInfoSchema,
} from "./kv/kv-block-store";
export {
  type KvBlockStoreContractOptions,
  type KvContractTestApi,
  runKvBlockStoreContract,
} from "./kv/kv-block-store-contract";
export { LLAMA_3_1_8B_BF16_KV } from "./kv/kv-bytes-per-token";
export { type KvTier, kvTierSchema, parseKvTierList } from "./kv/kv-tier";
export {
  formatKvTraceJsonl,
  type KvTraceRequest,
  kvTraceRequestSchema,
  kvTraceSegmentSchema,
  type ParseKvTraceOptions,
  parseKvTraceJsonl,
} from "./kv/kv-trace";
export {
  hashSegmentBlocks,
  hashTokenBlocks,
  type KvBlockHash,
  type KvTokenSegment,
  type PrefixBlockHashOptions,
  ROOT_KV_BLOCK_HASH,
} from "./kv/prefix-block-hash";
export { createSeededRandom, randomInt, type SeededRandom } from "./kv/seeded-random";
export {
  type KvCacheSimulationConfig,
  type KvCacheSimulationResult,
  type KvTierSimulationResult,
  kvCacheSimulationConfigSchema,
  type SimulateKvCacheOptions,
  simulateKvCache,
} from "./kv/simulate-kv-cache";
export {
  type AgenticTraceOptions,
  agenticTraceOptionsSchema,
  generateAgenticTrace,
  generateSharedPrefixTrace,
  type SharedPrefixTraceOptions,
  sharedPrefixTraceOptionsSchema,
} from "./kv/synthetic-traces";
export {
  baseLevelActivation,
  optimizedLearningActivation,
  recallProbability,
  spacedActivation,
} from "./scoring/act-r";
export { bm25Idf, bm25TermScore } from "./scoring/bm25";
export { exponentialRetention, powerLawRetention } from "./scoring/decay";
export { encodedAtMs, type RankContext, rankCandidates, type ScoringCandidate } from "./scoring/rank-candidates";
export { reciprocalRankFusion } from "./scoring/rrf";
export { cosineSimilarity, dotProduct, normalizeVector } from "./scoring/vector";
// Agent memory: spec
export type { EmbedderV1 } from "./spec/embedder-v1";
export {
  type MemoryHit,
  type MemoryStoreStats,
  memoryHitSchema,
  memoryStoreStatsSchema,
  type ScoreComponent,
  type SearchMemoryResult,
  scoreComponentSchema,
  searchMemoryResultSchema,
} from "./spec/memory-hit";
export {
  type AddMemoryInput,
  addManyInputSchema,
  addMemoryInputSchema,
  type ForgetMemoryInput,
  forgetMemoryInputSchema,
  type ListMemoryInput,
  listMemoryInputSchema,
  type MemoryFilters,
  type MemoryRef,
  type MemoryStatsInput,
  type MetadataCondition,
  memoryFiltersSchema,
  memoryRefSchema,
  memoryStatsInputSchema,
  metadataConditionSchema,
  type ParsedAddMemoryInput,
  type ParsedSearchMemoryInput,
  type PurgeMemoryInput,
  purgeMemoryInputSchema,
  type SearchMemoryInput,
  searchMemoryInputSchema,
  type UpdateMemoryInput,
  updateMemoryInputSchema,
} from "./spec/memory-inputs";
export {
  isoDateTimeSchema,
  MEMORY_LIMITS,
  type MemoryKind,
  type MemoryMetadata,
  type MemoryRecord,
  type MemoryScope,
  type MemorySource,
  type MemoryStatus,
  memoryKindSchema,
  memoryMetadataSchema,
  memoryRecordSchema,
  memoryScopeSchema,
  memorySourceSchema,
  memoryStatusSchema,
  metadataValueSchema,
  storableString,
} from "./spec/memory-record";
export {
  inMemoryStoreProvider,
  type MemoryStoreProviderV1,
  memoryStoreKind,
  memoryStoreProviderV1Schema,
} from "./spec/memory-store-provider";
export type { MemoryStoreCapabilities, MemoryStoreFactory, MemoryStoreV1 } from "./spec/memory-store-v1";
export { type ScoringOptions, type ScoringOptionsInput, scoringOptionsSchema } from "./spec/scoring-options";
// Agent memory: stores and the contract suite
export { createInMemoryStore, type InMemoryStoreOptions } from "./store/in-memory-store";
export { filtersMatch, isSearchable, metadataConditionMatches, scopeMatches } from "./store/memory-filters";
export { buildMemoryRecord, newMemoryId, normalizeIso, supersedeMemoryRecord } from "./store/memory-versions";
// Agent memory: text and scoring
export { ENGLISH_STOPWORDS, estimateTokens, sStem, termFrequencies, tokenize } from "./text/tokenize";
