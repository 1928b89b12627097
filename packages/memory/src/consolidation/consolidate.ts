import type { MemoryRecord, MemoryScope } from "../spec/memory-record";
import type { MemoryStoreV1 } from "../spec/memory-store-v1";
import { tokenize } from "../text/tokenize";
import { setJaccard } from "./jaccard";

/**
 * Options of {@link consolidateMemories}. Every step can be switched off; `dryRun` reports without writing.
 *
 * @since 0.1.0
 * @category Consolidation
 */
export interface ConsolidationOptions {
  scope: MemoryScope;
  /** Episodic → semantic promotion of content that recurs (default on: ≥ 3 episodes with Jaccard ≥ 0.6). */
  promotion?: { enabled?: boolean; minOccurrences?: number; similarity?: number };
  /** Near-duplicate merging among semantic and procedural memories (default on: Jaccard ≥ 0.9). */
  duplicates?: { enabled?: boolean; similarity?: number };
  /**
   * Contradiction resolution among semantic memories. By default two memories contradict when they share the
   * values of every `keys` metadata field (default `subject`, `predicate`) and differ in content.
   */
  contradictions?: {
    enabled?: boolean;
    keys?: readonly string[];
    contradicts?: (older: MemoryRecord, newer: MemoryRecord) => boolean;
  };
  /** Most memories examined (pairwise steps are quadratic; default 5 000). */
  maxMemories?: number;
  /** Report the actions without writing (default false). */
  dryRun?: boolean;
}

/**
 * One action consolidation took (or would take, in a dry run).
 *
 * @since 0.1.0
 * @category Consolidation
 */
export type ConsolidationAction =
  | { type: "promote"; sourceIds: string[]; content: string; createdId: string | null }
  | { type: "merge-duplicate"; keptId: string; forgottenId: string; similarity: number }
  | { type: "resolve-contradiction"; olderId: string; newerId: string; closedAt: string; newVersionId: string | null };

/**
 * What {@link consolidateMemories} did.
 *
 * @since 0.1.0
 * @category Consolidation
 */
export interface ConsolidationReport {
  examined: number;
  actions: ConsolidationAction[];
  warnings: string[];
}

function clusters(records: readonly MemoryRecord[], threshold: number): MemoryRecord[][] {
  const sets = records.map((r) => new Set(tokenize(r.content)));
  const assigned = new Array<boolean>(records.length).fill(false);
  const out: MemoryRecord[][] = [];
  for (let i = 0; i < records.length; i++) {
    if (assigned[i]) continue;
    assigned[i] = true;
    const group = [records[i] as MemoryRecord];
    for (let j = i + 1; j < records.length; j++) {
      if (assigned[j]) continue;
      if (setJaccard(sets[i] as Set<string>, sets[j] as Set<string>) >= threshold) {
        assigned[j] = true;
        group.push(records[j] as MemoryRecord);
      }
    }
    out.push(group);
  }
  return out;
}

/**
 * Consolidates a scope's memories the way complementary learning systems do offline (McClelland, McNaughton &
 * O'Reilly 1995): repeated episodes become a semantic memory (the episodes stay: they are the record),
 * near-duplicate facts merge into the newest (the others are forgotten softly, with a reason naming the
 * survivor), and contradicted facts get their validity closed by supersession at the newer fact's
 * `validFrom`. Nothing is ever hard-deleted; every action is reported.
 *
 * @param store - any `MemoryStoreV1`
 * @param options - scope, steps and thresholds
 * @returns the actions taken and warnings
 * @example
 * ```ts
 * import { consolidateMemories, createInMemoryStore } from "@aifactory/memory";
 * const store = createInMemoryStore();
 * const scope = { userId: "alice" };
 * for (let i = 0; i < 3; i++) await store.add({ scope, content: "Alice drank green tea in the morning" });
 * const report = await consolidateMemories(store, { scope });
 * report.actions[0]?.type; // "promote"
 * ```
 * @since 0.1.0
 * @category Consolidation
 */
export async function consolidateMemories(
  store: MemoryStoreV1,
  options: ConsolidationOptions,
): Promise<ConsolidationReport> {
  const { scope } = options;
  const dryRun = options.dryRun ?? false;
  const maxMemories = options.maxMemories ?? 5_000;
  const warnings: string[] = [];
  const actions: ConsolidationAction[] = [];
  const records: MemoryRecord[] = [];
  for (let offset = 0; records.length < maxMemories; ) {
    const page = await store.list({ scope, limit: Math.min(1_000, maxMemories - records.length), offset });
    records.push(...page);
    offset += page.length;
    if (page.length === 0) break;
  }
  if (records.length >= maxMemories) warnings.push(`examined only the first ${maxMemories} memories`);

  const promotion = options.promotion ?? {};
  if (promotion.enabled ?? true) {
    const minOccurrences = promotion.minOccurrences ?? 3;
    const similarity = promotion.similarity ?? 0.6;
    const episodic = records.filter((r) => r.kind === "episodic");
    const semanticSets = records.filter((r) => r.kind === "semantic").map((r) => new Set(tokenize(r.content)));
    for (const group of clusters(episodic, similarity)) {
      if (group.length < minOccurrences) continue;
      const newest = group.reduce((a, b) => (a.validFrom >= b.validFrom ? a : b));
      const terms = new Set(tokenize(newest.content));
      if (semanticSets.some((s) => setJaccard(s, terms) >= similarity)) continue;
      const sourceIds = group.map((r) => r.id);
      let createdId: string | null = null;
      if (!dryRun) {
        const created = await store.add({
          scope: newest.scope,
          kind: "semantic",
          content: newest.content,
          importance: Math.max(...group.map((r) => r.importance)),
          validFrom: group.reduce((a, b) => (a.validFrom <= b.validFrom ? a : b)).validFrom,
          metadata: { promotedFrom: sourceIds.slice(0, 64), occurrences: group.length },
          source: { type: "consolidation", note: `promoted from ${group.length} episodes` },
        });
        createdId = created.id;
      }
      semanticSets.push(terms);
      actions.push({ type: "promote", sourceIds, content: newest.content, createdId });
    }
  }

  const duplicates = options.duplicates ?? {};
  const forgotten = new Set<string>();
  if (duplicates.enabled ?? true) {
    const threshold = duplicates.similarity ?? 0.9;
    for (const kind of ["semantic", "procedural"] as const) {
      const ofKind = records.filter((r) => r.kind === kind);
      for (const group of clusters(ofKind, threshold)) {
        if (group.length < 2) continue;
        const kept = group.reduce((a, b) => (a.createdAt >= b.createdAt ? a : b));
        const keptTerms = new Set(tokenize(kept.content));
        for (const other of group) {
          if (other.id === kept.id) continue;
          const sim = setJaccard(keptTerms, new Set(tokenize(other.content)));
          if (!dryRun) {
            await store.forget({
              scope,
              id: other.id,
              reason: `near-duplicate of ${kept.id} (Jaccard ${sim.toFixed(2)})`,
            });
          }
          forgotten.add(other.id);
          actions.push({ type: "merge-duplicate", keptId: kept.id, forgottenId: other.id, similarity: sim });
        }
      }
    }
  }

  const contradictions = options.contradictions ?? {};
  if (contradictions.enabled ?? true) {
    const keys = contradictions.keys ?? ["subject", "predicate"];
    const contradicts =
      contradictions.contradicts ??
      ((a: MemoryRecord, b: MemoryRecord) =>
        keys.every(
          (k) => a.metadata[k] !== undefined && JSON.stringify(a.metadata[k]) === JSON.stringify(b.metadata[k]),
        ) && a.content !== b.content);
    const facts = records
      .filter((r) => r.kind === "semantic" && !forgotten.has(r.id) && r.validTo === null)
      .sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
    const closed = new Set<string>();
    for (let i = 0; i < facts.length; i++) {
      const older = facts[i] as MemoryRecord;
      for (let j = i + 1; j < facts.length; j++) {
        const newer = facts[j] as MemoryRecord;
        if (closed.has(older.id) || !contradicts(older, newer)) continue;
        if (newer.validFrom <= older.validFrom) {
          warnings.push(`contradiction between ${older.id} and ${newer.id} with the same validFrom: left for review`);
          continue;
        }
        let newVersionId: string | null = null;
        if (!dryRun) {
          const next = await store.update({
            scope,
            id: older.id,
            validTo: newer.validFrom,
            reason: `contradicted by ${newer.id}`,
          });
          newVersionId = next.id;
        }
        closed.add(older.id);
        actions.push({
          type: "resolve-contradiction",
          olderId: older.id,
          newerId: newer.id,
          closedAt: newer.validFrom,
          newVersionId,
        });
      }
    }
  }
  return { examined: records.length, actions, warnings };
}
