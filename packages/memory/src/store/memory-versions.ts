import { ConflictError } from "@aifactory/core";
import type { ParsedAddMemoryInput, UpdateMemoryInput } from "../spec/memory-inputs";
import type { MemoryRecord } from "../spec/memory-record";

const HEX_CODES = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
/** Random bytes for the next 256 ids (drawn in bulk: one Web Crypto call per 256 ids). */
const randomBytes = new Uint8Array(16 * 256);
let randomBytesUsed = randomBytes.length;
/** Character codes of the id being built; the dashes stay in place. */
const idCodes: number[] = new Array<number>(36).fill(45);
/** Bytes of the id being built. */
const idBytes = new Uint8Array(16);
/** Milliseconds and counter of the last id: ids made in one process sort in the order they were made. */
let lastIdMs = -1;
let idCounter = 0;

/**
 * A new memory id: an RFC 9562 version-7 UUID (lower-case hex, 8-4-4-4-12). The first 48 bits are the Unix
 * time in milliseconds, the next 12 a counter that starts at a random value below 2048 each millisecond and
 * counts up within it (RFC 9562 section 6.2, method 1: ids made in one process sort in the order they were
 * made, even when the clock steps back), the remaining 62 random bits come from the Web Crypto API's
 * `getRandomValues`, available in Node and browsers. Time-ordered ids keep a database's id index appending at
 * its right edge instead of touching a random page per insert (a Postgres store ingested about a third faster
 * with them). The id is built as one flat string: stores keep every id for as long as its memory lives, and an
 * id assembled by concatenation is a tree of string objects that the garbage collector must trace. Ids made
 * before this version (version 4, random) remain valid ids.
 *
 * @returns a UUID string
 * @example
 * ```ts
 * import { newMemoryId } from "@aifactory/memory";
 * const first = newMemoryId();
 * const second = newMemoryId();
 * first.length; // 36
 * first[14]; // "7"
 * first < second; // true
 * ```
 * @since 0.1.0
 * @category Store
 */
export function newMemoryId(): string {
  if (randomBytesUsed + 16 > randomBytes.length) {
    globalThis.crypto.getRandomValues(randomBytes);
    randomBytesUsed = 0;
  }
  let ms = Date.now();
  if (ms <= lastIdMs) {
    ms = lastIdMs;
    idCounter++;
    // 4096 ids in one millisecond: borrow the next millisecond (the RFC's counter rollover).
    if (idCounter > 0xfff) {
      ms++;
      idCounter = ((randomBytes[randomBytesUsed] as number) << 3) & 0x7ff;
    }
  } else {
    // Random start below 2048, so the counter has room to count (the RFC's rollover guard).
    idCounter =
      (((randomBytes[randomBytesUsed] as number) << 8) | (randomBytes[randomBytesUsed + 1] as number)) & 0x7ff;
  }
  lastIdMs = ms;
  // 48-bit big-endian milliseconds: above 2^32, so split with division rather than bit shifts.
  const high = Math.floor(ms / 0x100000000);
  const low = ms >>> 0;
  idBytes[0] = (high >>> 8) & 0xff;
  idBytes[1] = high & 0xff;
  idBytes[2] = low >>> 24;
  idBytes[3] = (low >>> 16) & 0xff;
  idBytes[4] = (low >>> 8) & 0xff;
  idBytes[5] = low & 0xff;
  idBytes[6] = 0x70 | (idCounter >>> 8);
  idBytes[7] = idCounter & 0xff;
  // Variant 10xx in byte 8 (RFC 9562 section 4.1), then random bits.
  idBytes[8] = ((randomBytes[randomBytesUsed + 8] as number) & 0x3f) | 0x80;
  for (let i = 9; i < 16; i++) idBytes[i] = randomBytes[randomBytesUsed + i] as number;
  randomBytesUsed += 16;
  let j = 0;
  for (let i = 0; i < 16; i++) {
    const byte = idBytes[i] as number;
    if (j === 8 || j === 13 || j === 18 || j === 23) j++;
    idCodes[j++] = HEX_CODES[byte >> 4] as number;
    idCodes[j++] = HEX_CODES[byte & 15] as number;
  }
  return String.fromCharCode.apply(null, idCodes);
}

/**
 * Rewrites an ISO date-time in the canonical UTC form `YYYY-MM-DDTHH:mm:ss.sssZ`, so every store returns
 * the same string for the same instant.
 *
 * @param value - an ISO-8601 date-time with a zone
 * @returns the canonical form
 * @example
 * ```ts
 * import { normalizeIso } from "@aifactory/memory";
 * normalizeIso("2026-01-01T02:00:00+02:00"); // "2026-01-01T00:00:00.000Z"
 * ```
 * @since 0.1.0
 * @category Store
 */
export function normalizeIso(value: string): string {
  return new Date(Date.parse(value)).toISOString();
}

/**
 * Builds the first version of a memory from parsed `add` input. Stores call this so records look the same
 * in every backend.
 *
 * @param input - parsed `add` input
 * @param nowIso - the ingestion time
 * @param embeddingDimensions - dimensions of the stored embedding, or null
 * @returns the record to store
 * @example
 * ```ts
 * import { addMemoryInputSchema, buildMemoryRecord } from "@aifactory/memory";
 * buildMemoryRecord(addMemoryInputSchema.parse({ scope: { userId: "a" }, content: "hi" }), new Date().toISOString(), null);
 * ```
 * @since 0.1.0
 * @category Store
 */
export function buildMemoryRecord(
  input: ParsedAddMemoryInput,
  nowIso: string,
  embeddingDimensions: number | null,
): MemoryRecord {
  const id = newMemoryId();
  return {
    id,
    lineageId: id,
    version: 1,
    kind: input.kind,
    content: input.content,
    scope: { ...input.scope },
    metadata: { ...input.metadata },
    importance: input.importance,
    validFrom: input.validFrom === undefined ? nowIso : normalizeIso(input.validFrom),
    validTo: input.validTo == null ? null : normalizeIso(input.validTo),
    createdAt: nowIso,
    status: "active",
    supersedes: null,
    supersededBy: null,
    forgottenAt: null,
    forgetReason: null,
    source: input.source ?? null,
    embeddingDimensions,
    accessCount: 0,
    lastAccessedAt: null,
  };
}

/**
 * Builds the next version of a memory for `update`, and the closed-off old version. The old version's
 * validity ends where the new one's begins (never later than it already ended); nothing is deleted. Without
 * new content, `validFrom` stays, so the old window closes to nothing (a correction).
 *
 * @param current - the active version
 * @param patch - the parsed update input
 * @param nowIso - the time of the update
 * @param embeddingDimensions - dimensions of the new version's embedding, or null
 * @returns `{ next, previous }`: the new active version and the superseded old one
 * @throws ConflictError when `current` is not active
 * @example
 * ```ts
 * import { addMemoryInputSchema, buildMemoryRecord, supersedeMemoryRecord } from "@aifactory/memory";
 * const now = new Date().toISOString();
 * const v1 = buildMemoryRecord(addMemoryInputSchema.parse({ scope: { userId: "a" }, content: "x" }), now, null);
 * supersedeMemoryRecord(v1, { scope: { userId: "a" }, id: v1.id, content: "y" }, now, null).next.version; // 2
 * ```
 * @since 0.1.0
 * @category Store
 */
export function supersedeMemoryRecord(
  current: MemoryRecord,
  patch: UpdateMemoryInput,
  nowIso: string,
  embeddingDimensions: number | null,
): { next: MemoryRecord; previous: MemoryRecord } {
  if (current.status !== "active") {
    throw new ConflictError(`memory "${current.id}" is ${current.status}, not active`, {
      hint:
        current.supersededBy === null
          ? "a forgotten memory cannot be updated; add a new memory instead"
          : `update the latest version "${current.supersededBy}" (see history)`,
    });
  }
  const id = newMemoryId();
  const validFrom =
    patch.validFrom !== undefined
      ? normalizeIso(patch.validFrom)
      : patch.content === undefined
        ? current.validFrom
        : nowIso;
  const metadata = { ...(patch.metadata ?? current.metadata) };
  if (patch.reason !== undefined) metadata.updateReason = patch.reason;
  const next: MemoryRecord = {
    ...current,
    id,
    version: current.version + 1,
    kind: patch.kind ?? current.kind,
    content: patch.content ?? current.content,
    metadata,
    importance: patch.importance ?? current.importance,
    validFrom,
    validTo:
      patch.validTo === undefined ? current.validTo : patch.validTo === null ? null : normalizeIso(patch.validTo),
    createdAt: nowIso,
    status: "active",
    supersedes: current.id,
    supersededBy: null,
    source: patch.source ?? current.source,
    embeddingDimensions,
    accessCount: 0,
    lastAccessedAt: null,
  };
  if (next.validTo !== null && Date.parse(next.validTo) <= Date.parse(next.validFrom)) {
    throw new ConflictError(`validTo ${next.validTo} is not after validFrom ${next.validFrom}`, {
      hint: "give a validTo later than validFrom",
    });
  }
  const oldEnd = current.validTo === null ? Number.POSITIVE_INFINITY : Date.parse(current.validTo);
  // A new version takes over from its validFrom; a metadata-only correction keeps validFrom, which closes the
  // old window to nothing, so an asOf query never sees both.
  const closeAt = Date.parse(validFrom);
  const previous: MemoryRecord = {
    ...current,
    status: "superseded",
    supersededBy: id,
    validTo: closeAt < oldEnd ? new Date(closeAt).toISOString() : current.validTo,
  };
  return { next, previous };
}
