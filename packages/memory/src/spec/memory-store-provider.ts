import { defineExtensionKind, KEBAB_ID_PATTERN } from "@aifactory/core";
import { z } from "zod";
import { createInMemoryStore, type InMemoryStoreOptions } from "../store/in-memory-store";
import type { MemoryStoreV1 } from "./memory-store-v1";

/**
 * A named way to create a `MemoryStoreV1`: what a plugin contributes under `memoryStores`.
 *
 * @example
 * ```ts
 * import { createInMemoryStore, type MemoryStoreProviderV1 } from "@aifactory/memory";
 * const provider: MemoryStoreProviderV1 = {
 *   specificationVersion: "v1",
 *   id: "my-store",
 *   description: "an in-memory store with my settings",
 *   create: async () => createInMemoryStore(),
 * };
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export interface MemoryStoreProviderV1 {
  readonly specificationVersion: "v1";
  /** Kebab-case id, e.g. `"in-memory"`, `"pglite"`. */
  readonly id: string;
  readonly description: string;
  /**
   * Creates a store.
   *
   * @param options - store-specific options (validated by the provider)
   * @returns an open store
   */
  create(options?: Record<string, unknown>): Promise<MemoryStoreV1>;
}

/**
 * Validates a {@link MemoryStoreProviderV1} at plugin registration.
 *
 * @example
 * ```ts
 * import { inMemoryStoreProvider, memoryStoreProviderV1Schema } from "@aifactory/memory";
 * memoryStoreProviderV1Schema.parse(inMemoryStoreProvider);
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const memoryStoreProviderV1Schema = z.custom<MemoryStoreProviderV1>(
  (value) => {
    const provider = value as Partial<MemoryStoreProviderV1> | null;
    return (
      typeof provider === "object" &&
      provider !== null &&
      provider.specificationVersion === "v1" &&
      typeof provider.id === "string" &&
      KEBAB_ID_PATTERN.test(provider.id) &&
      typeof provider.description === "string" &&
      typeof provider.create === "function"
    );
  },
  {
    message: 'must be a MemoryStoreProviderV1: { specificationVersion: "v1", id (kebab-case), description, create() }',
  },
);

/**
 * The `memoryStores` plugin extension kind: `definePlugin({ name, version, memoryStores: [provider] })`, then
 * `createRegistry({ kinds: [memoryStoreKind] }).use(plugin)`.
 *
 * @example
 * ```ts
 * import { createRegistry, definePlugin } from "@aifactory/core";
 * import { inMemoryStoreProvider, memoryStoreKind } from "@aifactory/memory";
 * const registry = createRegistry({ kinds: [memoryStoreKind] }).use(
 *   definePlugin({ name: "stores", version: "1.0.0", memoryStores: [inMemoryStoreProvider] }),
 * );
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const memoryStoreKind = defineExtensionKind({
  key: "memoryStores",
  label: "memory store",
  schema: memoryStoreProviderV1Schema,
  idOf: (provider: MemoryStoreProviderV1) => provider.id,
});

/**
 * The provider of {@link createInMemoryStore} (options: `accessLogLimit`; an embedder or clock must be passed
 * to `createInMemoryStore` directly).
 *
 * @example
 * ```ts
 * import { inMemoryStoreProvider } from "@aifactory/memory";
 * const store = await inMemoryStoreProvider.create();
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const inMemoryStoreProvider: MemoryStoreProviderV1 = {
  specificationVersion: "v1",
  id: "in-memory",
  description: "fast, dependency-free store held in memory (lost when the process ends)",
  create: async (options = {}) => {
    const limit = options.accessLogLimit;
    const settings: InMemoryStoreOptions = typeof limit === "number" ? { accessLogLimit: limit } : {};
    return createInMemoryStore(settings);
  },
};
