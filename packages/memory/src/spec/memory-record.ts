import { z } from "zod";

/**
 * Limits every store enforces, so oversized input fails with a typed error before anything is written.
 *
 * @example
 * ```ts
 * import { MEMORY_LIMITS } from "@aifactory/memory";
 * MEMORY_LIMITS.maxContentChars; // 32000
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const MEMORY_LIMITS = {
  /** Longest memory content, in characters. */
  maxContentChars: 32_000,
  /** Longest scope id (userId, agentId, sessionId, namespace), in characters. */
  maxScopeIdChars: 256,
  /** Most metadata keys on one memory. */
  maxMetadataKeys: 64,
  /** Longest metadata string value, in characters. */
  maxMetadataValueChars: 2_000,
  /** Most embedding dimensions. */
  maxEmbeddingDimensions: 4_096,
  /** Most memories in one `addMany` batch. */
  maxBatchSize: 10_000,
  /** Largest `k` of a search. */
  maxK: 1_000,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A string a store can keep exactly: well-formed Unicode (no lone surrogate, which UTF-8 databases turn into
 * U+FFFD, so two distinct ids would collide) and no NUL character (PostgreSQL text cannot hold it).
 *
 * @param max - longest length, in UTF-16 code units
 * @param min - shortest length (default 0)
 * @returns the schema
 * @example
 * ```ts
 * import { storableString } from "@aifactory/memory";
 * storableString(64).safeParse("mallory\uD800").success; // false
 * ```
 * @since 0.5.0
 * @category Spec
 */
export function storableString(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((value) => !LONE_SURROGATE.test(value), {
      message: "must be well-formed Unicode (no lone surrogate halves)",
    })
    .refine((value) => !value.includes("\u0000"), { message: "must not contain NUL characters" });
}

const scopeId = storableString(MEMORY_LIMITS.maxScopeIdChars, 1);

/**
 * Who a memory belongs to. Scopes are hard isolation: a search, get or update in one `userId` never sees a
 * memory of another. `agentId`, `sessionId` and `namespace` narrow further: a query that names one of them
 * matches only memories with the same value; a query that omits one matches any value.
 *
 * @example
 * ```ts
 * import { memoryScopeSchema } from "@aifactory/memory";
 * memoryScopeSchema.parse({ userId: "alice", agentId: "travel-bot" });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memoryScopeSchema = z
  .object({
    userId: scopeId,
    agentId: scopeId.optional(),
    sessionId: scopeId.optional(),
    namespace: scopeId.optional(),
  })
  .strict();

/**
 * A memory scope. See {@link memoryScopeSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryScope = z.infer<typeof memoryScopeSchema>;

/**
 * Tulving's taxonomy: `episodic` (an event with its time and context), `semantic` (a fact detached from the
 * episode that taught it), `procedural` (how to do something: instructions, skills, preferences for tools).
 *
 * @example
 * ```ts
 * import { memoryKindSchema } from "@aifactory/memory";
 * memoryKindSchema.parse("semantic");
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memoryKindSchema = z.enum(["episodic", "semantic", "procedural"]);

/**
 * A memory kind. See {@link memoryKindSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryKind = z.infer<typeof memoryKindSchema>;

/**
 * A metadata value: a scalar or a list of strings, so every backend can filter on it.
 *
 * @example
 * ```ts
 * import { metadataValueSchema } from "@aifactory/memory";
 * metadataValueSchema.parse(["travel", "food"]);
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const metadataValueSchema = z.union([
  storableString(MEMORY_LIMITS.maxMetadataValueChars),
  z.number().refine(Number.isFinite, "must be a finite number"),
  z.boolean(),
  z.null(),
  z.array(storableString(MEMORY_LIMITS.maxMetadataValueChars)).max(64),
]);

/**
 * Free-form, filterable metadata of a memory (at most 64 keys).
 *
 * @example
 * ```ts
 * import { memoryMetadataSchema } from "@aifactory/memory";
 * memoryMetadataSchema.parse({ topic: "travel", turn: 3 });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memoryMetadataSchema = z
  .record(storableString(128, 1), metadataValueSchema)
  .refine((value) => Object.keys(value).length <= MEMORY_LIMITS.maxMetadataKeys, {
    message: `at most ${MEMORY_LIMITS.maxMetadataKeys} metadata keys`,
  });

/**
 * Memory metadata. See {@link memoryMetadataSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryMetadata = z.infer<typeof memoryMetadataSchema>;

/**
 * Where a memory came from (provenance): who said it, which tool produced it, or which consolidation made it.
 *
 * @example
 * ```ts
 * import { memorySourceSchema } from "@aifactory/memory";
 * memorySourceSchema.parse({ type: "message", ref: "D1:3" });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memorySourceSchema = z
  .object({
    /** e.g. `message`, `tool`, `document`, `consolidation`, `import`. */
    type: z.string().min(1).max(64),
    /** An id in the source system (message id, URL, memory ids). */
    ref: z.string().max(2_000).optional(),
    /** Free text. */
    note: z.string().max(2_000).optional(),
  })
  .strict();

/**
 * Provenance of a memory. See {@link memorySourceSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemorySource = z.infer<typeof memorySourceSchema>;

/**
 * The life cycle of a memory version: `active` (the current version), `superseded` (an older version kept
 * for history and `asOf` queries), `forgotten` (soft-deleted with a reason; hidden from search, still
 * readable by id until purged).
 *
 * @example
 * ```ts
 * import { memoryStatusSchema } from "@aifactory/memory";
 * memoryStatusSchema.parse("superseded");
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memoryStatusSchema = z.enum(["active", "superseded", "forgotten"]);

/**
 * A memory status. See {@link memoryStatusSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryStatus = z.infer<typeof memoryStatusSchema>;

/**
 * An ISO-8601 date-time with a zone (`2026-11-25T10:00:00Z`).
 *
 * @example
 * ```ts
 * import { isoDateTimeSchema } from "@aifactory/memory";
 * isoDateTimeSchema.parse("2026-11-25T10:00:00Z");
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/**
 * One stored version of a memory. Records are bi-temporal: `validFrom`/`validTo` is event time (when the
 * fact held in the world), `createdAt` is system time (when the store learnt it). An update never edits a
 * record in place: it writes a new version with the same `lineageId` and marks the old one `superseded`.
 *
 * @example
 * ```ts
 * import { memoryRecordSchema } from "@aifactory/memory";
 * memoryRecordSchema.shape.status.parse("active");
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memoryRecordSchema = z.object({
  id: z.string(),
  /** Shared by every version of one memory; the id of its first version. */
  lineageId: z.string(),
  /** 1 for the first version, +1 per update. */
  version: z.number().int().positive(),
  kind: memoryKindSchema,
  content: z.string(),
  scope: memoryScopeSchema,
  metadata: memoryMetadataSchema,
  /** 0..1; 0.5 when not given. */
  importance: z.number().min(0).max(1),
  validFrom: isoDateTimeSchema,
  /** `null`: still valid. */
  validTo: isoDateTimeSchema.nullable(),
  createdAt: isoDateTimeSchema,
  status: memoryStatusSchema,
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
  forgottenAt: isoDateTimeSchema.nullable(),
  forgetReason: z.string().nullable(),
  source: memorySourceSchema.nullable(),
  /** Number of dimensions of the stored embedding; `null` when none. */
  embeddingDimensions: z.number().int().positive().nullable(),
  /** How many times a search returned this version (ACT-R "uses" besides its creation). */
  accessCount: z.number().int().nonnegative(),
  lastAccessedAt: isoDateTimeSchema.nullable(),
});

/**
 * A stored memory version. See {@link memoryRecordSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryRecord = z.infer<typeof memoryRecordSchema>;
