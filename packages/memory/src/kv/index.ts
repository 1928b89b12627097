/**
 * KV cache as a memory hierarchy: the `KvBlockStoreV1` spec and its contract suite, an in-memory store,
 * prefix block hashing, eviction policies, the JSONL trace format, synthetic traces and the tiered cache
 * simulator. The package entry re-exports these names.
 *
 * @packageDocumentation
 */
export {
  createFifoEvictionPolicy,
  createLfuEvictionPolicy,
  createLruEvictionPolicy,
  getKvEvictionPolicy,
  type KvEvictionPolicyFactory,
  type KvEvictionPolicyName,
  type KvEvictionPolicyV1,
  kvEvictionPolicies,
} from "./eviction-policy";
export { createInMemoryKvBlockStore, type InMemoryKvBlockStoreOptions } from "./in-memory-kv-block-store";
export {
  type KvBlock,
  type KvBlockStoreStats,
  type KvBlockStoreV1,
  type KvPutResult,
  type KvTierInfo,
  kvBlockHashSchema,
  kvBlockSchema,
  kvTierInfoSchema,
} from "./kv-block-store";
export {
  type KvBlockStoreContractOptions,
  type KvContractTestApi,
  runKvBlockStoreContract,
} from "./kv-block-store-contract";
export { LLAMA_3_1_8B_BF16_KV } from "./kv-bytes-per-token";
export { type KvTier, kvTierSchema, parseKvTierList } from "./kv-tier";
export {
  formatKvTraceJsonl,
  type KvTraceRequest,
  kvTraceRequestSchema,
  kvTraceSegmentSchema,
  type ParseKvTraceOptions,
  parseKvTraceJsonl,
} from "./kv-trace";
export {
  hashSegmentBlocks,
  hashTokenBlocks,
  type KvBlockHash,
  type KvTokenSegment,
  type PrefixBlockHashOptions,
  ROOT_KV_BLOCK_HASH,
} from "./prefix-block-hash";
export { createSeededRandom, randomInt, type SeededRandom } from "./seeded-random";
export {
  type KvCacheSimulationConfig,
  type KvCacheSimulationResult,
  type KvTierSimulationResult,
  kvCacheSimulationConfigSchema,
  type SimulateKvCacheOptions,
  simulateKvCache,
} from "./simulate-kv-cache";
export {
  type AgenticTraceOptions,
  agenticTraceOptionsSchema,
  generateAgenticTrace,
  generateSharedPrefixTrace,
  type SharedPrefixTraceOptions,
  sharedPrefixTraceOptionsSchema,
} from "./synthetic-traces";
