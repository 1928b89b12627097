import type { MemoryStoreStats, SearchMemoryResult } from "./memory-hit";
import type {
  AddMemoryInput,
  ForgetMemoryInput,
  ListMemoryInput,
  MemoryRef,
  MemoryStatsInput,
  PurgeMemoryInput,
  SearchMemoryInput,
  UpdateMemoryInput,
} from "./memory-inputs";
import type { MemoryRecord } from "./memory-record";

/**
 * What a store can do beyond the required verbs.
 *
 * @since 0.1.0
 * @category Spec
 */
export interface MemoryStoreCapabilities {
  /** `native`: the backend ranks vectors itself (pgvector); `scan`: the store compares vectors in JS. */
  readonly vectorSearch: "native" | "scan";
  /** Whether memories survive a restart. */
  readonly persistent: boolean;
}

/**
 * Version 1 of the agent-memory store interface. Every method validates its input with the exported zod
 * schemas and throws `InvalidInputError` before writing anything; every write is atomic. Scopes are hard
 * isolation: a call in scope `{ userId: "a" }` never reads, returns or changes a memory of another user
 * (a miss throws `NOT_FOUND`, exactly as for an id that does not exist).
 *
 * Implementations run {@link runMemoryStoreContract} in their own tests.
 *
 * @example
 * ```ts
 * import { createInMemoryStore } from "@aifactory/memory";
 * const store = createInMemoryStore();
 * const scope = { userId: "alice" };
 * const memory = await store.add({ scope, content: "Alice is vegetarian", kind: "semantic" });
 * const { hits } = await store.search({ scope, text: "what does alice eat? vegetarian" });
 * await store.update({ scope, id: memory.id, content: "Alice is vegan" }); // new version, old kept
 * ```
 * @since 0.1.0
 * @category Spec
 */
export interface MemoryStoreV1 {
  /** Always `"v1"`. */
  readonly specificationVersion: "v1";
  /** The implementation, e.g. `"in-memory"`, `"pglite"`, `"postgres"`. */
  readonly storeId: string;
  readonly capabilities: MemoryStoreCapabilities;
  /** Adds one memory. @throws InvalidInputError for malformed or oversized input. */
  add(input: AddMemoryInput): Promise<MemoryRecord>;
  /** Adds a batch atomically: all are written or none. @throws InvalidInputError naming the item. */
  addMany(inputs: readonly AddMemoryInput[]): Promise<MemoryRecord[]>;
  /** Ranks memories of the scope for a query, with a per-component explanation of each score. */
  search(input: SearchMemoryInput): Promise<SearchMemoryResult>;
  /** One memory version by id. @throws AifError `NOT_FOUND` when missing or in another scope. */
  get(input: MemoryRef): Promise<MemoryRecord>;
  /** Memories of a scope, oldest first. */
  list(input: ListMemoryInput): Promise<MemoryRecord[]>;
  /**
   * Writes a new version of an active memory and marks the old one superseded (append-only).
   * @throws ConflictError when the version is not active (update the latest version instead).
   */
  update(input: UpdateMemoryInput): Promise<MemoryRecord>;
  /** Soft-deletes an active memory with a reason. @throws ConflictError when it is not active. */
  forget(input: ForgetMemoryInput): Promise<MemoryRecord>;
  /** Hard-deletes one lineage (every version) or everything in a scope. */
  purge(input: PurgeMemoryInput): Promise<{ purgedCount: number }>;
  /** Every version of the memory's lineage, oldest first. */
  history(input: MemoryRef): Promise<MemoryRecord[]>;
  /** Counts for the scope. */
  stats(input: MemoryStatsInput): Promise<MemoryStoreStats>;
  /** Releases resources (connections, files). */
  close(): Promise<void>;
}

/**
 * Makes a fresh, empty store; what {@link runMemoryStoreContract} calls before each case.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryStoreFactory = () => Promise<MemoryStoreV1> | MemoryStoreV1;
