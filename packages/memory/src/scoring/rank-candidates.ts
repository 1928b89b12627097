import type { MemoryHit, ScoreComponent } from "../spec/memory-hit";
import type { MemoryRecord } from "../spec/memory-record";
import type { ScoringOptions } from "../spec/scoring-options";
import { baseLevelActivation, recallProbability, spacedActivation } from "./act-r";
import { exponentialRetention, powerLawRetention } from "./decay";
import { reciprocalRankFusion } from "./rrf";

const MS_PER_HOUR = 3_600_000;

/**
 * A memory that a retriever found, with what the store knows about its uses. Stores build these and hand
 * them to {@link rankCandidates}, so every backend scores the same way.
 *
 * @since 0.1.0
 * @category Scoring
 */
export interface ScoringCandidate {
  record: MemoryRecord;
  /** BM25 raw score and 1-based rank among the lexical candidates. */
  bm25?: { raw: number; rank: number };
  /** Cosine similarity and 1-based rank among the vector candidates. */
  vector?: { cosine: number; rank: number };
  /** Times of logged retrievals (ms since epoch); the encoding time is added by the ranker. */
  accessTimesMs: readonly number[];
}

/**
 * Context of one ranking.
 *
 * @since 0.1.0
 * @category Scoring
 */
export interface RankContext {
  /** The reference time for cognitive components (ms): `asOf` if given, else now. */
  referenceMs: number;
  k: number;
  /** Which retrievers ran (decides how relevance is normalised). */
  retrievers: ReadonlyArray<"bm25" | "vector">;
}

/**
 * When a memory was encoded: its event time if that is earlier than its ingestion (imported history),
 * else its ingestion time.
 *
 * @param record - a memory version
 * @returns ms since epoch
 * @example
 * ```ts
 * import { encodedAtMs } from "@aifactory/memory";
 * encodedAtMs({ validFrom: "2023-05-08T13:56:00Z", createdAt: "2026-01-01T00:00:00Z" } as never);
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function encodedAtMs(record: Pick<MemoryRecord, "validFrom" | "createdAt">): number {
  return Math.min(Date.parse(record.validFrom), Date.parse(record.createdAt));
}

function component(
  name: ScoreComponent["name"],
  value: number,
  weight: number,
  detail: ScoreComponent["detail"] = {},
): ScoreComponent {
  return { name, value, weight, contributionWeight: value * weight, detail };
}

function minMax(values: readonly number[]): (v: number) => number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // Park et al.'s released code maps a constant column to the middle of the target range.
  return (v) => (hi - lo > 0 ? (v - lo) / (hi - lo) : 0.5);
}

/**
 * Scores and orders candidates: relevance (BM25 normalised by the best candidate, cosine, or RRF of both,
 * normalised by its maximum), plus each enabled cognitive component, or the Generative-Agents score. Every
 * hit carries the components that made its score. Ties break by lexical rank, then newer first, then id.
 *
 * @param candidates - memories found by the retrievers (already filtered by scope and filters)
 * @param options - parsed scoring options
 * @param context - reference time, k and the retrievers that ran
 * @returns the best `k` hits, best first
 * @example
 * ```ts
 * import { rankCandidates, scoringOptionsSchema } from "@aifactory/memory";
 * rankCandidates([], scoringOptionsSchema.parse({}), { referenceMs: Date.now(), k: 5, retrievers: ["bm25"] });
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function rankCandidates(
  candidates: readonly ScoringCandidate[],
  options: ScoringOptions,
  context: RankContext,
): MemoryHit[] {
  if (candidates.length === 0) return [];
  const { referenceMs } = context;
  const useBm25 = context.retrievers.includes("bm25");
  const useVector = context.retrievers.includes("vector");
  const fused = useBm25 && useVector;
  let maxBm25 = 0;
  for (const c of candidates) if (c.bm25 && c.bm25.raw > maxBm25) maxBm25 = c.bm25.raw;
  const rrfMax = context.retrievers.length / (options.fusion.rrfK + 1);

  const scored = candidates.map((candidate) => {
    const explanation: ScoreComponent[] = [];
    if (candidate.bm25) {
      explanation.push(
        component("bm25", candidate.bm25.raw, 0, {
          rank: candidate.bm25.rank,
          normalized: maxBm25 > 0 ? candidate.bm25.raw / maxBm25 : 0,
        }),
      );
    }
    if (candidate.vector) {
      explanation.push(component("vector", candidate.vector.cosine, 0, { rank: candidate.vector.rank }));
    }
    let relevance: number;
    if (fused) {
      const ranks: number[] = [];
      if (candidate.bm25) ranks.push(candidate.bm25.rank);
      if (candidate.vector) ranks.push(candidate.vector.rank);
      const rrf = reciprocalRankFusion(ranks, options.fusion.rrfK);
      explanation.push(component("rrf", rrf, 0, { k: options.fusion.rrfK, retrievers: ranks.length }));
      relevance = rrf / rrfMax;
    } else if (useBm25) {
      relevance = maxBm25 > 0 && candidate.bm25 ? candidate.bm25.raw / maxBm25 : 0;
    } else {
      relevance = Math.max(0, candidate.vector?.cosine ?? 0);
    }

    const encoded = encodedAtMs(candidate.record);
    const uses = [encoded, ...candidate.accessTimesMs].filter((t) => t <= referenceMs);
    const lastUse = uses.length > 0 ? Math.max(...uses) : encoded;
    const hoursSinceLastUse = Math.max(0, (referenceMs - lastUse) / MS_PER_HOUR);
    return { candidate, explanation, relevance, uses, hoursSinceLastUse, total: 0 };
  });

  const ga = options.generativeAgents;
  const gaRecency = scored.map((s) => ga.decayPerHour ** s.hoursSinceLastUse);
  const normRecency = minMax(gaRecency);
  const normImportance = minMax(scored.map((s) => s.candidate.record.importance));
  const normRelevance = minMax(scored.map((s) => s.relevance));

  scored.forEach((s, index) => {
    let total = 0;
    if (ga.enabled) {
      const recency = component("recency", normRecency(gaRecency[index] as number), ga.recencyWeight, {
        raw: gaRecency[index] as number,
        hoursSinceLastUse: s.hoursSinceLastUse,
        decayPerHour: ga.decayPerHour,
      });
      const importance = component("importance", normImportance(s.candidate.record.importance), ga.importanceWeight, {
        raw: s.candidate.record.importance,
      });
      const relevance = component("relevance", normRelevance(s.relevance), ga.relevanceWeight, { raw: s.relevance });
      s.explanation.push(recency, importance, relevance);
      total = recency.contributionWeight + importance.contributionWeight + relevance.contributionWeight;
      s.explanation.push(component("generative-agents", total, 1, { normalization: "min-max" }));
    } else {
      const relevance = component("relevance", s.relevance, 1);
      s.explanation.push(relevance);
      total = relevance.contributionWeight;
      const act = options.activation;
      if (act.enabled) {
        const unit = act.timeUnitSeconds * 1000;
        const activation = act.spacing.enabled
          ? spacedActivation(
              s.uses.map((t) => t / unit),
              referenceMs / unit,
              act.spacing.c,
              act.spacing.alpha,
            )
          : baseLevelActivation(
              s.uses.map((t) => (referenceMs - t) / unit),
              act.decay,
              s.uses.length + Math.max(0, s.candidate.record.accessCount - s.candidate.accessTimesMs.length),
              (referenceMs - encodedAtMs(s.candidate.record)) / unit,
            );
        const p = recallProbability(activation, act.threshold, act.noise);
        const c = component("activation", p, act.weight, {
          baseLevel: Number.isFinite(activation) ? activation : null,
          uses: s.uses.length,
          threshold: act.threshold,
          noise: act.noise,
          spacing: act.spacing.enabled ? "pavlik-anderson-2005" : "off",
        });
        s.explanation.push(c);
        total += c.contributionWeight;
      }
      const decay = options.decay;
      if (decay.enabled) {
        const retention =
          decay.curve === "exponential"
            ? exponentialRetention(s.hoursSinceLastUse, decay.halfLifeHours)
            : powerLawRetention(s.hoursSinceLastUse, decay.halfLifeHours, decay.powerExponent);
        const c = component("decay", retention, decay.weight, {
          curve: decay.curve,
          halfLifeHours: decay.halfLifeHours,
          hoursSinceLastUse: s.hoursSinceLastUse,
        });
        s.explanation.push(c);
        total += c.contributionWeight;
      }
      if (options.importance.enabled) {
        const c = component("importance", s.candidate.record.importance, options.importance.weight);
        s.explanation.push(c);
        total += c.contributionWeight;
      }
    }
    s.total = total;
  });

  scored.sort((a, b) => {
    if (b.total !== a.total) return b.total - a.total;
    const ra = a.candidate.bm25?.rank ?? Number.MAX_SAFE_INTEGER;
    const rb = b.candidate.bm25?.rank ?? Number.MAX_SAFE_INTEGER;
    if (ra !== rb) return ra - rb;
    const ca = a.candidate.record.createdAt;
    const cb = b.candidate.record.createdAt;
    if (ca !== cb) return ca < cb ? 1 : -1;
    return a.candidate.record.id < b.candidate.record.id ? -1 : 1;
  });
  return scored.slice(0, context.k).map((s, i) => ({
    memory: s.candidate.record,
    score: s.total,
    rank: i + 1,
    explanation: s.explanation,
  }));
}
