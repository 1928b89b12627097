import { z } from "zod";
import { memoryRecordSchema } from "./memory-record";

/**
 * One term of a hit's score: its raw value, the weight applied and what it added to the total. `detail`
 * carries the intermediate quantities (BM25 raw score, ranks, activation B, hours since last use, ...).
 *
 * @example
 * ```ts
 * import { scoreComponentSchema } from "@aifactory/memory";
 * scoreComponentSchema.parse({ name: "relevance", value: 0.8, weight: 1, contributionWeight: 0.8, detail: {} });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const scoreComponentSchema = z.object({
  name: z.enum([
    "bm25",
    "vector",
    "rrf",
    "relevance",
    "activation",
    "decay",
    "importance",
    "recency",
    "generative-agents",
  ]),
  value: z.number(),
  weight: z.number(),
  contributionWeight: z.number(),
  detail: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
});

/**
 * A score component. See {@link scoreComponentSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type ScoreComponent = z.infer<typeof scoreComponentSchema>;

/**
 * A search hit: the memory version, its total score, and the explanation (every component that made it).
 *
 * @example
 * ```ts
 * import { memoryHitSchema } from "@aifactory/memory";
 * memoryHitSchema.shape.score.parse(0.42);
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memoryHitSchema = z.object({
  memory: memoryRecordSchema,
  score: z.number(),
  rank: z.number().int().positive(),
  explanation: z.array(scoreComponentSchema),
});

/**
 * A search hit. See {@link memoryHitSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryHit = z.infer<typeof memoryHitSchema>;

/**
 * The result of a search: hits best first, and how many candidates were scored.
 *
 * @example
 * ```ts
 * import { searchMemoryResultSchema } from "@aifactory/memory";
 * searchMemoryResultSchema.parse({ hits: [], candidateCount: 0, retrievers: ["bm25"] });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const searchMemoryResultSchema = z.object({
  hits: z.array(memoryHitSchema),
  candidateCount: z.number().int().nonnegative(),
  retrievers: z.array(z.enum(["bm25", "vector"])),
});

/**
 * A search result. See {@link searchMemoryResultSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type SearchMemoryResult = z.infer<typeof searchMemoryResultSchema>;

/**
 * Counts in a scope.
 *
 * @example
 * ```ts
 * import { memoryStoreStatsSchema } from "@aifactory/memory";
 * memoryStoreStatsSchema.shape.totalCount.parse(3);
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const memoryStoreStatsSchema = z.object({
  totalCount: z.number().int().nonnegative(),
  activeCount: z.number().int().nonnegative(),
  supersededCount: z.number().int().nonnegative(),
  forgottenCount: z.number().int().nonnegative(),
  activeByKind: z.object({
    episodicCount: z.number().int().nonnegative(),
    semanticCount: z.number().int().nonnegative(),
    proceduralCount: z.number().int().nonnegative(),
  }),
  withEmbeddingCount: z.number().int().nonnegative(),
  accessCount: z.number().int().nonnegative(),
});

/**
 * Scope counts. See {@link memoryStoreStatsSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type MemoryStoreStats = z.infer<typeof memoryStoreStatsSchema>;
