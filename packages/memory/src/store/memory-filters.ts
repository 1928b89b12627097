import type { MemoryFilters, MetadataCondition } from "../spec/memory-inputs";
import type { MemoryRecord, MemoryScope } from "../spec/memory-record";

/**
 * Whether a memory belongs to a query scope: the same `userId`, and the same value for every narrower field
 * the query names (`agentId`, `sessionId`, `namespace`).
 *
 * @param memoryScope - the memory's scope
 * @param queryScope - the scope of the call
 * @returns true when the memory is visible in the query scope
 * @example
 * ```ts
 * import { scopeMatches } from "@aifactory/memory";
 * scopeMatches({ userId: "a", agentId: "x" }, { userId: "a" }); // true
 * scopeMatches({ userId: "a" }, { userId: "a", agentId: "x" }); // false
 * ```
 * @since 0.1.0
 * @category Store
 */
export function scopeMatches(memoryScope: MemoryScope, queryScope: MemoryScope): boolean {
  return (
    memoryScope.userId === queryScope.userId &&
    (queryScope.agentId === undefined || memoryScope.agentId === queryScope.agentId) &&
    (queryScope.sessionId === undefined || memoryScope.sessionId === queryScope.sessionId) &&
    (queryScope.namespace === undefined || memoryScope.namespace === queryScope.namespace)
  );
}

function compare(a: unknown, b: number | string): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function equals(value: unknown, expected: unknown): boolean {
  if (Array.isArray(value) && !Array.isArray(expected)) return value.includes(expected as string);
  if (Array.isArray(value) && Array.isArray(expected)) {
    return value.length === expected.length && value.every((v, i) => v === expected[i]);
  }
  return value === expected;
}

/**
 * Whether a metadata value satisfies a condition (see `metadataConditionSchema`): a bare value means
 * equality (membership for list values); operators `eq`, `ne`, `in`, `nin`, `gt`, `gte`, `lt`, `lte`,
 * `exists` combine with AND; ordering compares numbers with numbers and strings with strings only.
 *
 * @param value - the memory's metadata value (undefined when absent)
 * @param condition - the condition
 * @returns true when satisfied
 * @example
 * ```ts
 * import { metadataConditionMatches } from "@aifactory/memory";
 * metadataConditionMatches(4, { gte: 3, lt: 5 }); // true
 * ```
 * @since 0.1.0
 * @category Store
 */
export function metadataConditionMatches(value: unknown, condition: MetadataCondition): boolean {
  if (condition === null || typeof condition !== "object" || Array.isArray(condition)) {
    return value !== undefined && equals(value, condition);
  }
  const c = condition;
  if (c.exists !== undefined && (value !== undefined) !== c.exists) return false;
  if (c.eq !== undefined && !(value !== undefined && equals(value, c.eq))) return false;
  if (c.ne !== undefined && value !== undefined && equals(value, c.ne)) return false;
  if (c.in !== undefined && !(value !== undefined && c.in.some((x) => equals(value, x)))) return false;
  if (c.nin !== undefined && value !== undefined && c.nin.some((x) => equals(value, x))) return false;
  const ordered: Array<[number | string | undefined, (d: number) => boolean]> = [
    [c.gt, (d) => d > 0],
    [c.gte, (d) => d >= 0],
    [c.lt, (d) => d < 0],
    [c.lte, (d) => d <= 0],
  ];
  for (const [bound, test] of ordered) {
    if (bound === undefined) continue;
    const d = compare(value, bound);
    if (d === undefined || !test(d)) return false;
  }
  return true;
}

/**
 * Whether a memory passes search filters (kinds, metadata, importance, creation window).
 *
 * @param record - a memory version
 * @param filters - parsed filters
 * @returns true when every filter holds
 * @example
 * ```ts
 * import { filtersMatch } from "@aifactory/memory";
 * filtersMatch({ kind: "semantic", metadata: {}, importance: 0.5, createdAt: "2026-01-01T00:00:00Z" } as never, { kinds: ["semantic"] });
 * ```
 * @since 0.1.0
 * @category Store
 */
export function filtersMatch(record: MemoryRecord, filters: MemoryFilters): boolean {
  if (filters.kinds && !filters.kinds.includes(record.kind)) return false;
  if (filters.minImportance !== undefined && record.importance < filters.minImportance) return false;
  if (filters.createdAfter !== undefined && Date.parse(record.createdAt) <= Date.parse(filters.createdAfter)) {
    return false;
  }
  if (filters.createdBefore !== undefined && Date.parse(record.createdAt) >= Date.parse(filters.createdBefore)) {
    return false;
  }
  if (filters.metadata) {
    for (const [key, condition] of Object.entries(filters.metadata)) {
      if (!metadataConditionMatches(record.metadata[key], condition)) return false;
    }
  }
  return true;
}

/**
 * Whether a memory version is a search candidate at a time. Without `asOfMs`: it is active and its validity
 * has not ended at `nowMs`. With `asOfMs`: it is not forgotten and `validFrom ≤ asOf < validTo`.
 *
 * @param record - a memory version
 * @param nowMs - the current time (ms)
 * @param asOfMs - the event time asked about (ms), if any
 * @returns true when it may be returned
 * @example
 * ```ts
 * import { isSearchable } from "@aifactory/memory";
 * isSearchable({ status: "active", validFrom: "2026-01-01T00:00:00Z", validTo: null } as never, Date.now());
 * ```
 * @since 0.1.0
 * @category Store
 */
export function isSearchable(
  record: Pick<MemoryRecord, "status" | "validFrom" | "validTo">,
  nowMs: number,
  asOfMs?: number,
): boolean {
  const validTo = record.validTo === null ? Number.POSITIVE_INFINITY : Date.parse(record.validTo);
  if (asOfMs === undefined) return record.status === "active" && validTo > nowMs;
  if (record.status === "forgotten") return false;
  return Date.parse(record.validFrom) <= asOfMs && asOfMs < validTo;
}
