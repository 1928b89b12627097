import { z } from "zod";

const weight = z.number().min(0).max(100);

/**
 * How a search ranks memories. Everything beyond lexical relevance is opt-in and appears in each hit's
 * explanation.
 *
 * - `lexical`: Okapi BM25 (Robertson & Zaragoza 2009), `k1` = 1.2 and `b` = 0.75 by default.
 * - `vector`: cosine similarity when the query carries an embedding (or the store has an embedder).
 * - `fusion`: reciprocal-rank fusion (Cormack, Clarke & Büttcher 2009), `k` = 60, when both rankings exist.
 * - `activation`: ACT-R base-level activation `B = ln Σ t_j^(−d)` over the creation and every retrieval,
 *   turned into a recall probability `1/(1+e^(−(B−τ)/s))` (Anderson & Lebiere 1998); optional spacing decay
 *   `d_i = c·e^(m_(i−1)) + α` (Pavlik & Anderson 2005).
 * - `decay`: retention since the last use, exponential `2^(−t/h)` or power law `(1 + (2^(1/β)−1)·t/h)^(−β)`,
 *   both written with a half-life `h` so that retention is 0.5 at `t = h` (Wixted & Ebbesen 1991).
 * - `importance`: the memory's importance (0..1).
 * - `generativeAgents`: Park et al. 2023's score `α_rec·recency + α_imp·importance + α_rel·relevance`, each
 *   min-max normalised over the candidates, recency `decayPerHour^hours` since the last use. Replaces the
 *   additive combination when enabled.
 *
 * @example
 * ```ts
 * import { scoringOptionsSchema } from "@aifactory/memory";
 * scoringOptionsSchema.parse({ activation: { enabled: true }, decay: { enabled: true, halfLifeHours: 168 } });
 * ```
 * @since 0.1.0
 * @category Spec
 */
export const scoringOptionsSchema = z
  .object({
    lexical: z
      .object({
        enabled: z.boolean().default(true),
        k1: z.number().min(0).max(10).default(1.2),
        b: z.number().min(0).max(1).default(0.75),
      })
      .strict()
      .default({ enabled: true, k1: 1.2, b: 0.75 }),
    vector: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
    fusion: z
      .object({ rrfK: z.number().min(0).max(10_000).default(60) })
      .strict()
      .default({ rrfK: 60 }),
    /** How many candidates each retriever hands to the re-ranking stage (at least `k`). */
    candidateCount: z.number().int().min(1).max(10_000).default(200),
    activation: z
      .object({
        enabled: z.boolean().default(false),
        weight: weight.default(1),
        /** ACT-R decay `d` (default 0.5, the ACT-R default). */
        decay: z.number().min(0.01).max(2).default(0.5),
        /** Retrieval threshold τ (default 0 in ACT-R). */
        threshold: z.number().min(-20).max(20).default(0),
        /** Activation noise scale s (ACT-R's `:ans`; 0.25 is a common setting in ACT-R models). */
        noise: z.number().min(0.01).max(10).default(0.25),
        /** Time unit of t_j in `t^(−d)`: ACT-R uses seconds. */
        timeUnitSeconds: z.number().positive().default(1),
        /** Spacing effect (Pavlik & Anderson 2005): per-use decay from the activation at that use. */
        spacing: z
          .object({
            enabled: z.boolean().default(false),
            /**
             * Decay scale c. Default 0.217 and α 0.177 are the fitted values as recalled from Pavlik & Anderson
             * (2005); not re-verified against the paper: pass your own when it matters.
             */
            c: z.number().min(0).max(5).default(0.217),
            /** Minimum decay α. */
            alpha: z.number().min(0).max(5).default(0.177),
          })
          .strict()
          .default({ enabled: false, c: 0.217, alpha: 0.177 }),
      })
      .strict()
      .default({
        enabled: false,
        weight: 1,
        decay: 0.5,
        threshold: 0,
        noise: 0.25,
        timeUnitSeconds: 1,
        spacing: { enabled: false, c: 0.217, alpha: 0.177 },
      }),
    decay: z
      .object({
        enabled: z.boolean().default(false),
        weight: weight.default(1),
        curve: z.enum(["exponential", "power"]).default("power"),
        /** Time after which retention is 0.5, in hours. */
        halfLifeHours: z
          .number()
          .positive()
          .default(24 * 30),
        /** Power-law exponent β (power curve only). */
        powerExponent: z.number().positive().max(10).default(0.5),
      })
      .strict()
      .default({ enabled: false, weight: 1, curve: "power", halfLifeHours: 720, powerExponent: 0.5 }),
    importance: z
      .object({ enabled: z.boolean().default(false), weight: weight.default(0.5) })
      .strict()
      .default({ enabled: false, weight: 0.5 }),
    generativeAgents: z
      .object({
        enabled: z.boolean().default(false),
        /** Paper: 0.995 per sandbox hour. */
        decayPerHour: z.number().gt(0).max(1).default(0.995),
        recencyWeight: weight.default(1),
        importanceWeight: weight.default(1),
        relevanceWeight: weight.default(1),
      })
      .strict()
      .default({ enabled: false, decayPerHour: 0.995, recencyWeight: 1, importanceWeight: 1, relevanceWeight: 1 }),
  })
  .strict();

/**
 * Parsed scoring options (all defaults filled). See {@link scoringOptionsSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type ScoringOptions = z.infer<typeof scoringOptionsSchema>;

/**
 * Scoring options as a caller writes them (every field optional). See {@link scoringOptionsSchema}.
 *
 * @since 0.1.0
 * @category Spec
 */
export type ScoringOptionsInput = z.input<typeof scoringOptionsSchema>;
