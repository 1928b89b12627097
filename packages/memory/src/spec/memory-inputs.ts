import { z } from "zod";
import {
  isoDateTimeSchema,
  MEMORY_LIMITS,
  memoryKindSchema,
  memoryMetadataSchema,
  memoryScopeSchema,
  memorySourceSchema,
  memoryStatusSchema,
  metadataValueSchema,
  storableString,
} from "./memory-record";
import { scoringOptionsSchema } from "./scoring-options";

const embeddingSchema = z
  .array(z.number().refine(Number.isFinite, "must be a finite number"))
  .min(1)
  .max(MEMORY_LIMITS.maxEmbeddingDimensions);

/**
 * Input of `add`: one memory. `kind` defaults to `episodic`, `importance` to 0.5, `validFrom` to now.
 *
 * @example
 * ```ts
 * import { addMemoryInputSchema } from "@aifactory/memory";
 * addMemoryInputSchema.parse({ scope: { userId: "alice" }, content: "Alice is vegetarian", kind: "semantic" });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const addMemoryInputSchema = z
  .object({
    scope: memoryScopeSchema,
    kind: memoryKindSchema.default("episodic"),
    // Stored verbatim (a trailing "\r" is content too); only an all-whitespace text is refused.
    content: storableString(MEMORY_LIMITS.maxContentChars).refine((value: string) => value.trim().length > 0, {
      message: "must not be empty or whitespace only",
    }),
    metadata: memoryMetadataSchema.default({}),
    importance: z.number().min(0).max(1).default(0.5),
    validFrom: isoDateTimeSchema.optional(),
    validTo: isoDateTimeSchema.nullable().optional(),
    source: memorySourceSchema.optional(),
    /** A precomputed embedding; otherwise the store's embedder (if any) computes one. */
    embedding: embeddingSchema.optional(),
  })
  .strict()
  .refine((v) => v.validFrom === undefined || v.validTo == null || Date.parse(v.validTo) > Date.parse(v.validFrom), {
    message: "validTo must be after validFrom",
    path: ["validTo"],
  });

/**
 * `add` input as a caller writes it. See {@link addMemoryInputSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type AddMemoryInput = z.input<typeof addMemoryInputSchema>;

/**
 * `add` input after parsing (defaults filled).
 *
 * @since 0.1.0
 * @category Spec
 */
export type ParsedAddMemoryInput = z.output<typeof addMemoryInputSchema>;

/**
 * Input of `addMany`: a batch written atomically (all or nothing).
 *
 * @example
 * ```ts
 * import { addManyInputSchema } from "@aifactory/memory";
 * addManyInputSchema.parse([{ scope: { userId: "u" }, content: "hello" }]);
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const addManyInputSchema = z.array(addMemoryInputSchema).min(1).max(MEMORY_LIMITS.maxBatchSize);

const comparable = z.union([z.number().refine(Number.isFinite), z.string()]);

/**
 * A metadata condition: a value (equality; for list values, membership) or an operator object.
 *
 * @example
 * ```ts
 * import { metadataConditionSchema } from "@aifactory/memory";
 * metadataConditionSchema.parse({ gte: 3 });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const metadataConditionSchema = z.union([
  metadataValueSchema,
  z
    .object({
      eq: metadataValueSchema.optional(),
      ne: metadataValueSchema.optional(),
      in: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
      nin: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
      gt: comparable.optional(),
      gte: comparable.optional(),
      lt: comparable.optional(),
      lte: comparable.optional(),
      exists: z.boolean().optional(),
    })
    .strict(),
]);

/**
 * A metadata condition. See {@link metadataConditionSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MetadataCondition = z.infer<typeof metadataConditionSchema>;

/**
 * Search filters, all combined with AND.
 *
 * @example
 * ```ts
 * import { memoryFiltersSchema } from "@aifactory/memory";
 * memoryFiltersSchema.parse({ kinds: ["semantic"], metadata: { topic: "travel" } });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memoryFiltersSchema = z
  .object({
    kinds: z.array(memoryKindSchema).min(1).optional(),
    metadata: z.record(z.string().min(1).max(128), metadataConditionSchema).optional(),
    minImportance: z.number().min(0).max(1).optional(),
    createdAfter: isoDateTimeSchema.optional(),
    createdBefore: isoDateTimeSchema.optional(),
  })
  .strict();

/**
 * Search filters. See {@link memoryFiltersSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryFilters = z.infer<typeof memoryFiltersSchema>;

/**
 * Input of `search`. Give `text`, `embedding`, or both. Without `asOf`, only active memories whose validity
 * has not ended are candidates; with `asOf`, every non-forgotten version whose validity window contains
 * `asOf` is (so superseded facts answer questions about the past). `now` pins the clock for cognitive
 * scores; `recordAccess` (default true) logs the returned hits as uses for ACT-R activation.
 *
 * @example
 * ```ts
 * import { searchMemoryInputSchema } from "@aifactory/memory";
 * searchMemoryInputSchema.parse({ scope: { userId: "alice" }, text: "diet", k: 5 });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const searchMemoryInputSchema = z
  .object({
    scope: memoryScopeSchema,
    text: storableString(MEMORY_LIMITS.maxContentChars).optional(),
    embedding: embeddingSchema.optional(),
    k: z.number().int().min(1).max(MEMORY_LIMITS.maxK).default(10),
    filters: memoryFiltersSchema.default({}),
    asOf: isoDateTimeSchema.optional(),
    now: isoDateTimeSchema.optional(),
    scoring: scoringOptionsSchema.default(scoringOptionsSchema.parse({})),
    recordAccess: z.boolean().default(true),
  })
  .strict()
  .refine((v) => (v.text !== undefined && v.text.trim() !== "") || v.embedding !== undefined, {
    message: "give text or an embedding to search with",
    path: ["text"],
  });

/**
 * `search` input as a caller writes it. See {@link searchMemoryInputSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type SearchMemoryInput = z.input<typeof searchMemoryInputSchema>;

/**
 * `search` input after parsing.
 *
 * @since 0.1.0
 * @category Spec
 */
export type ParsedSearchMemoryInput = z.output<typeof searchMemoryInputSchema>;

/**
 * Input of `get`, `history` and `purge` of one memory: the scope and the id.
 *
 * @example
 * ```ts
 * import { memoryRefSchema } from "@aifactory/memory";
 * memoryRefSchema.parse({ scope: { userId: "alice" }, id: "0b6..." });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memoryRefSchema = z.object({ scope: memoryScopeSchema, id: storableString(256, 1) }).strict();

/**
 * A reference to one memory. See {@link memoryRefSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryRef = z.infer<typeof memoryRefSchema>;

/**
 * Input of `update`: the fields to change. The store writes a new version (same lineage, version + 1) and
 * marks the old one superseded, closing its validity at the new version's `validFrom` (default now).
 *
 * @example
 * ```ts
 * import { updateMemoryInputSchema } from "@aifactory/memory";
 * updateMemoryInputSchema.parse({ scope: { userId: "a" }, id: "x", content: "Alice is vegan now" });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const updateMemoryInputSchema = z
  .object({
    scope: memoryScopeSchema,
    id: storableString(256, 1),
    kind: memoryKindSchema.optional(),
    content: storableString(MEMORY_LIMITS.maxContentChars)
      .refine((value: string) => value.trim().length > 0, {
        message: "must not be empty or whitespace only",
      })
      .optional(),
    metadata: memoryMetadataSchema.optional(),
    importance: z.number().min(0).max(1).optional(),
    validFrom: isoDateTimeSchema.optional(),
    validTo: isoDateTimeSchema.nullable().optional(),
    source: memorySourceSchema.optional(),
    embedding: embeddingSchema.optional(),
    /** Why it changed (kept in the new version's metadata as `updateReason`). */
    reason: storableString(2_000).optional(),
  })
  .strict();

/**
 * `update` input. See {@link updateMemoryInputSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type UpdateMemoryInput = z.input<typeof updateMemoryInputSchema>;

/**
 * Input of `forget`: soft deletion with a reason. The record stays readable by id and in history.
 *
 * @example
 * ```ts
 * import { forgetMemoryInputSchema } from "@aifactory/memory";
 * forgetMemoryInputSchema.parse({ scope: { userId: "a" }, id: "x", reason: "user asked" });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const forgetMemoryInputSchema = z
  .object({ scope: memoryScopeSchema, id: storableString(256, 1), reason: storableString(2_000, 1) })
  .strict();

/**
 * `forget` input. See {@link forgetMemoryInputSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type ForgetMemoryInput = z.input<typeof forgetMemoryInputSchema>;

/**
 * Input of `purge`: hard deletion of one memory's whole lineage (`id`), or of everything in a scope
 * (`all: true`). Nothing is kept; use it for privacy requests.
 *
 * @example
 * ```ts
 * import { purgeMemoryInputSchema } from "@aifactory/memory";
 * purgeMemoryInputSchema.parse({ scope: { userId: "a" }, all: true });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const purgeMemoryInputSchema = z
  .object({ scope: memoryScopeSchema, id: storableString(256, 1).optional(), all: z.boolean().optional() })
  .strict()
  .refine((v) => (v.id !== undefined) !== (v.all === true), {
    message: "give either id or all: true",
    path: ["id"],
  });

/**
 * `purge` input. See {@link purgeMemoryInputSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type PurgeMemoryInput = z.input<typeof purgeMemoryInputSchema>;

/**
 * Input of `list`: memories in a scope, oldest first, paged with `offset`.
 *
 * @example
 * ```ts
 * import { listMemoryInputSchema } from "@aifactory/memory";
 * listMemoryInputSchema.parse({ scope: { userId: "a" }, statuses: ["active"], limit: 100 });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const listMemoryInputSchema = z
  .object({
    scope: memoryScopeSchema,
    statuses: z.array(memoryStatusSchema).min(1).default(["active"]),
    kinds: z.array(memoryKindSchema).min(1).optional(),
    limit: z.number().int().min(1).max(MEMORY_LIMITS.maxBatchSize).default(1_000),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

/**
 * `list` input. See {@link listMemoryInputSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type ListMemoryInput = z.input<typeof listMemoryInputSchema>;

/**
 * Input of `stats`: counts for a scope.
 *
 * @example
 * ```ts
 * import { memoryStatsInputSchema } from "@aifactory/memory";
 * memoryStatsInputSchema.parse({ scope: { userId: "a" } });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memoryStatsInputSchema = z.object({ scope: memoryScopeSchema }).strict();

/**
 * `stats` input. See {@link memoryStatsInputSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryStatsInput = z.input<typeof memoryStatsInputSchema>;
