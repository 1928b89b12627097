import { parseInput } from "@aifactory/core";
import { z } from "zod";
import { createHashingEmbedder } from "../embedding/hashing-embedder";
import type { EmbedderV1 } from "../spec/embedder-v1";
import type { AddMemoryInput } from "../spec/memory-inputs";
import type { MemoryStoreV1 } from "../spec/memory-store-v1";
import type { ScoringOptionsInput } from "../spec/scoring-options";
import { createInMemoryStore } from "../store/in-memory-store";
import { ndcgAtK, recallAtK } from "./retrieval-metrics";

const turnSchema = z.looseObject({
  speaker: z.string(),
  dia_id: z.string(),
  text: z.string(),
  blip_caption: z.string().optional(),
});

const questionSchema = z.looseObject({
  question: z.string(),
  category: z.number().int(),
  evidence: z.array(z.string()).optional(),
});

/**
 * The shape of LoCoMo's `locomo10.json` that the evaluation reads (Maharana et al., ACL 2024;
 * snap-research/locomo): conversations of sessions of turns, and questions with evidence dialogue ids.
 * Other fields are kept and ignored. The data set is CC BY-NC 4.0 and is never bundled: callers pass it in.
 *
 * @example
 * ```ts
 * import { locomoDatasetSchema } from "@aifactory/memory";
 * locomoDatasetSchema.parse([]);
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export const locomoDatasetSchema = z.array(
  z.looseObject({
    sample_id: z.string(),
    conversation: z.record(z.string(), z.unknown()),
    qa: z.array(questionSchema),
  }),
);

/**
 * A parsed LoCoMo data set. See {@link locomoDatasetSchema}.
 *
 * @since 0.1.0
 * @category Evaluation
 */
export type LocomoDataset = z.infer<typeof locomoDatasetSchema>;

/**
 * LoCoMo's question categories by the numeric `category` of the released `locomo10.json`.
 *
 * The paper (Maharana et al., ACL 2024, section 4.1) lists the types as single-hop, multi-hop, temporal,
 * open-domain, adversarial, but the file's numbers do not follow that order. This mapping is the one the
 * authors' own scoring code implies and the file's contents confirm:
 * - snap-research/locomo `task_eval/evaluation.py` (`eval_question_answering`): category 1 is scored as
 *   multi-hop (F1 over comma-split sub-answers), category 5 as adversarial ("no information available");
 *   2, 3 and 4 share token F1 and category 3's answer is cut at `;`;
 * - snap-research/locomo issue #29 ("Category ID to Name Mapping") gives 1 multi-hop, 2 temporal,
 *   3 open-domain, 4 single-hop, 5 adversarial, and snap-research/locomo issue #6 and caura-ai/caura PR #712
 *   reach the same by reading the questions;
 * - the data (checked on locomo10.json, sha256 79fa87e9…698ff4): 276 of the 282 category-1 questions cite
 *   several evidence turns; 246 of the 321 category-2 questions start with "When"; the 96 category-3
 *   questions ask for inference beyond the transcript ("Would Caroline likely…"); category 4 (841) is the
 *   largest, one evidence turn each; category-5 questions have no `answer`.
 *
 * Sources disagree: mem0's LoCoMo evaluation (mem0ai/mem0 issue #2609) and its forks (memodb-io/memobase
 * issue #79) use 1 single-hop, 2 temporal, 3 multi-hop, 4 open-domain. Compare per-category figures across
 * papers only after checking which mapping each used.
 *
 * @example
 * ```ts
 * import { LOCOMO_CATEGORY_NAMES } from "@aifactory/memory";
 * LOCOMO_CATEGORY_NAMES[2]; // "temporal"
 * ```
 * @since 0.2.0
 * @category Evaluation
 */
export const LOCOMO_CATEGORY_NAMES: Readonly<Record<1 | 2 | 3 | 4 | 5, LocomoCategoryName>> = Object.freeze({
  1: "multi-hop",
  2: "temporal",
  3: "open-domain",
  4: "single-hop",
  5: "adversarial",
});

/**
 * The name of a LoCoMo question category (see {@link LOCOMO_CATEGORY_NAMES}).
 *
 * @since 0.2.0
 * @category Evaluation
 */
export type LocomoCategoryName = "multi-hop" | "temporal" | "open-domain" | "single-hop" | "adversarial";

/**
 * Names a LoCoMo `category` number by {@link LOCOMO_CATEGORY_NAMES}.
 *
 * @param category - the question's `category` in `locomo10.json`
 * @returns the name, or `"unknown"` for a number outside 1-5
 * @example
 * ```ts
 * import { locomoCategoryName } from "@aifactory/memory";
 * locomoCategoryName(1); // "multi-hop"
 * locomoCategoryName(9); // "unknown"
 * ```
 * @since 0.2.0
 * @category Evaluation
 */
export function locomoCategoryName(category: number): LocomoCategoryName | "unknown" {
  return (LOCOMO_CATEGORY_NAMES as Record<number, LocomoCategoryName>)[category] ?? "unknown";
}

/**
 * The retrieval configurations compared on LoCoMo:
 * - `bm25`: lexical BM25 only (the baseline);
 * - `hybrid`: BM25 + the hashing n-gram embedder fused with RRF;
 * - `cognitive`: BM25 + ACT-R activation + power-law decay (30-day half-life) + importance, with the
 *   conversation's last session as "now" and the session dates as encoding times.
 *
 * @since 0.1.0
 * @category Evaluation
 */
export type LocomoRetriever = "bm25" | "hybrid" | "cognitive";

/**
 * Options of {@link evaluateLocomo}.
 *
 * @since 0.1.0
 * @category Evaluation
 */
export interface LocomoEvaluationOptions {
  retriever?: LocomoRetriever;
  /** Cut-offs (default 5 and 10). */
  ks?: readonly number[];
  /** Replaces the retriever preset's scoring options. */
  scoring?: ScoringOptionsInput;
  /** Replaces the hybrid preset's embedder. */
  embedder?: EmbedderV1;
  /** Makes the store for each conversation (default: in-memory). */
  storeFactory?: (embedder: EmbedderV1 | undefined) => Promise<MemoryStoreV1> | MemoryStoreV1;
  /** Only the first n conversations (default: all). */
  maxConversations?: number;
  /** Called after each conversation. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Mean recall@k and NDCG@k, keyed by k.
 *
 * @since 0.1.0
 * @category Evaluation
 */
export interface LocomoMetrics {
  recall: Record<string, number>;
  ndcg: Record<string, number>;
}

/**
 * Metrics for a group of questions, at turn and session level.
 *
 * @since 0.1.0
 * @category Evaluation
 */
export interface LocomoGroupMetrics {
  questions: number;
  turn: LocomoMetrics;
  session: LocomoMetrics;
}

/**
 * Metrics for the questions of one LoCoMo category, with its number and name.
 *
 * @since 0.2.0
 * @category Evaluation
 */
export interface LocomoCategoryMetrics extends LocomoGroupMetrics {
  /** The `category` number of `locomo10.json`. */
  category: number;
  /** Its name by {@link LOCOMO_CATEGORY_NAMES} (`"unknown"` outside 1-5). */
  categoryName: LocomoCategoryName | "unknown";
}

/**
 * The result of {@link evaluateLocomo}.
 *
 * @since 0.1.0
 * @category Evaluation
 */
export interface LocomoEvaluation {
  retriever: LocomoRetriever;
  ks: number[];
  conversations: number;
  turns: number;
  overall: LocomoGroupMetrics;
  /**
   * Keyed by LoCoMo's numeric category ("1"-"5"); each entry carries the number and its name
   * ({@link LOCOMO_CATEGORY_NAMES}: 1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop, 5 adversarial).
   */
  byCategory: Record<string, LocomoCategoryMetrics>;
  /** Questions left out because none of their evidence ids names a turn in the conversation. */
  skippedQuestions: number;
  /** Evidence strings rewritten to dialogue ids (e.g. `D8:6; D9:17` split, `D:11:26` read as `D11:26`). */
  normalizedEvidence: number;
  warnings: string[];
}

const MONTHS: Record<string, number> = {
  january: 0,
  february: 1,
  march: 2,
  april: 3,
  may: 4,
  june: 5,
  july: 6,
  august: 7,
  september: 8,
  october: 9,
  november: 10,
  december: 11,
};

/**
 * Parses LoCoMo's session time stamps, e.g. `1:56 pm on 8 May, 2023`, as UTC.
 *
 * @param text - the `session_N_date_time` value
 * @returns ms since epoch, or undefined when the text has another form
 * @example
 * ```ts
 * import { parseLocomoDateTime } from "@aifactory/memory";
 * new Date(parseLocomoDateTime("1:56 pm on 8 May, 2023") ?? 0).toISOString(); // "2023-05-08T13:56:00.000Z"
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export function parseLocomoDateTime(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})$/i.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS[(m[5] as string).toLowerCase()];
  if (month === undefined) return undefined;
  let hour = Number(m[1]) % 12;
  if ((m[3] as string).toLowerCase() === "pm") hour += 12;
  return Date.UTC(Number(m[6]), month, Number(m[4]), hour, Number(m[2]));
}

/**
 * Reads the dialogue ids out of one LoCoMo evidence string, tolerating the known malformed forms.
 *
 * @param evidence - e.g. `D1:3`, `D8:6; D9:17`, `D:11:26`
 * @returns the dialogue ids (`D<session>:<turn>`)
 * @example
 * ```ts
 * import { parseLocomoEvidence } from "@aifactory/memory";
 * parseLocomoEvidence("D8:6; D9:17"); // ["D8:6", "D9:17"]
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export function parseLocomoEvidence(evidence: string): string[] {
  return [...evidence.matchAll(/D:?(\d+):(\d+)/g)].map((m) => `D${m[1]}:${m[2]}`);
}

const sessionOf = (diaId: string): string => diaId.split(":")[0] as string;

function emptyMetrics(ks: readonly number[]): LocomoMetrics {
  return {
    recall: Object.fromEntries(ks.map((k) => [String(k), 0])),
    ndcg: Object.fromEntries(ks.map((k) => [String(k), 0])),
  };
}

function presetScoring(retriever: LocomoRetriever): ScoringOptionsInput {
  if (retriever === "cognitive") {
    return {
      activation: { enabled: true, weight: 0.3 },
      decay: { enabled: true, weight: 0.3, curve: "power", halfLifeHours: 24 * 30 },
      importance: { enabled: true, weight: 0.1 },
    };
  }
  return {};
}

/**
 * Evaluates retrieval on LoCoMo without an LLM: every turn of a conversation becomes an episodic memory
 * (scope = the conversation, `validFrom` = its session's date), every question is a search, and the
 * ranking is scored against the question's evidence turns: recall@k and NDCG@k at turn level, and at
 * session level (sessions ranked by their first retrieved turn), overall and per category. Nothing is
 * tuned on the questions; the presets are fixed in code.
 *
 * @param data - the parsed `locomo10.json` (validated here)
 * @param options - retriever, cut-offs, scoring, store
 * @returns the metrics
 * @throws InvalidInputError when `data` does not have LoCoMo's shape
 * @example
 * ```ts
 * import { evaluateLocomo } from "@aifactory/memory";
 * const result = await evaluateLocomo([], { retriever: "bm25", ks: [5] });
 * result.overall.questions; // 0
 * ```
 * @since 0.1.0
 * @category Evaluation
 */
export async function evaluateLocomo(data: unknown, options: LocomoEvaluationOptions = {}): Promise<LocomoEvaluation> {
  const dataset = parseInput(locomoDatasetSchema, data, "LoCoMo data");
  const retriever = options.retriever ?? "bm25";
  const ks = [...new Set(options.ks ?? [5, 10])].sort((a, b) => a - b);
  const maxK = ks[ks.length - 1] ?? 10;
  const embedder = retriever === "hybrid" ? (options.embedder ?? createHashingEmbedder()) : undefined;
  const scoring = options.scoring ?? presetScoring(retriever);
  const conversations = dataset.slice(0, options.maxConversations ?? dataset.length);
  const warnings: string[] = [];
  const sums = new Map<string, LocomoGroupMetrics>();
  const bump = (key: string, turn: LocomoMetrics, session: LocomoMetrics) => {
    const g = sums.get(key) ?? { questions: 0, turn: emptyMetrics(ks), session: emptyMetrics(ks) };
    g.questions++;
    for (const k of ks) {
      const s = String(k);
      g.turn.recall[s] = (g.turn.recall[s] ?? 0) + (turn.recall[s] ?? 0);
      g.turn.ndcg[s] = (g.turn.ndcg[s] ?? 0) + (turn.ndcg[s] ?? 0);
      g.session.recall[s] = (g.session.recall[s] ?? 0) + (session.recall[s] ?? 0);
      g.session.ndcg[s] = (g.session.ndcg[s] ?? 0) + (session.ndcg[s] ?? 0);
    }
    sums.set(key, g);
  };
  let turns = 0;
  let skippedQuestions = 0;
  let normalizedEvidence = 0;

  for (const [index, sample] of conversations.entries()) {
    const store = options.storeFactory ? await options.storeFactory(embedder) : createInMemoryStore({ embedder });
    const scope = { userId: sample.sample_id };
    const inputs: AddMemoryInput[] = [];
    let lastMs = 0;
    for (let n = 1; ; n++) {
      const session = sample.conversation[`session_${n}`];
      if (session === undefined) break;
      const when = sample.conversation[`session_${n}_date_time`];
      const sessionMs = typeof when === "string" ? parseLocomoDateTime(when) : undefined;
      if (sessionMs === undefined) warnings.push(`${sample.sample_id} session ${n}: unreadable date ${String(when)}`);
      const parsed = z.array(turnSchema).safeParse(session);
      if (!parsed.success) {
        warnings.push(`${sample.sample_id} session ${n}: not a list of turns`);
        continue;
      }
      parsed.data.forEach((turn, i) => {
        // Turns keep their order inside a session: one second apart from the session's start.
        const ms = (sessionMs ?? 0) + i * 1000;
        lastMs = Math.max(lastMs, ms);
        const caption = turn.blip_caption ? ` [shares an image: ${turn.blip_caption}]` : "";
        inputs.push({
          scope,
          kind: "episodic",
          content: `${turn.speaker}: ${turn.text}${caption}`.slice(0, 32_000),
          validFrom: new Date(ms).toISOString(),
          metadata: { diaId: turn.dia_id, session: `D${n}`, speaker: turn.speaker },
          source: { type: "message", ref: turn.dia_id },
        });
      });
    }
    const records = await store.addMany(inputs);
    turns += records.length;
    const known = new Set(records.map((r) => r.metadata.diaId as string));
    const now = new Date(lastMs + 24 * 3_600_000).toISOString();

    for (const qa of sample.qa) {
      const ids: string[] = [];
      for (const e of qa.evidence ?? []) {
        const parsed = parseLocomoEvidence(e);
        if (parsed.length !== 1 || parsed[0] !== e) normalizedEvidence++;
        ids.push(...parsed);
      }
      const evidence = new Set(ids.filter((id) => known.has(id)));
      if (evidence.size === 0) {
        skippedQuestions++;
        continue;
      }
      const { hits } = await store.search({
        scope,
        text: qa.question,
        k: Math.max(100, maxK),
        now,
        recordAccess: false,
        scoring,
      });
      const turnRanking = hits.map((h) => h.memory.metadata.diaId as string);
      const sessionRanking = [...new Set(turnRanking.map(sessionOf))];
      const evidenceSessions = new Set([...evidence].map(sessionOf));
      const turn = emptyMetrics(ks);
      const session = emptyMetrics(ks);
      for (const k of ks) {
        const s = String(k);
        turn.recall[s] = recallAtK(turnRanking, evidence, k);
        turn.ndcg[s] = ndcgAtK(turnRanking, evidence, k);
        session.recall[s] = recallAtK(sessionRanking, evidenceSessions, k);
        session.ndcg[s] = ndcgAtK(sessionRanking, evidenceSessions, k);
      }
      bump("overall", turn, session);
      bump(String(qa.category), turn, session);
    }
    await store.close();
    options.onProgress?.(index + 1, conversations.length);
  }

  const mean = (g: LocomoGroupMetrics | undefined): LocomoGroupMetrics => {
    if (!g) return { questions: 0, turn: emptyMetrics(ks), session: emptyMetrics(ks) };
    const div = (m: LocomoMetrics): LocomoMetrics => ({
      recall: Object.fromEntries(Object.entries(m.recall).map(([k, v]) => [k, v / g.questions])),
      ndcg: Object.fromEntries(Object.entries(m.ndcg).map(([k, v]) => [k, v / g.questions])),
    });
    return { questions: g.questions, turn: div(g.turn), session: div(g.session) };
  };
  const byCategory: Record<string, LocomoCategoryMetrics> = {};
  for (const key of [...sums.keys()].filter((k) => k !== "overall").sort((a, b) => Number(a) - Number(b))) {
    const category = Number(key);
    byCategory[key] = { category, categoryName: locomoCategoryName(category), ...mean(sums.get(key)) };
  }
  return {
    retriever,
    ks,
    conversations: conversations.length,
    turns,
    overall: mean(sums.get("overall")),
    byCategory,
    skippedQuestions,
    normalizedEvidence,
    warnings,
  };
}
