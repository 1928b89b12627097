import type { ParsedAddMemoryInput } from "../spec/memory-inputs";
import { MEMORY_LIMITS, memoryKindSchema } from "../spec/memory-record";

const KINDS: ReadonlySet<string> = new Set(memoryKindSchema.options);
const SCOPE_KEYS: ReadonlySet<string> = new Set(["userId", "agentId", "sessionId", "namespace"]);
const SURROGATE = /[\uD800-\uDFFF]/;

/** Well-formed UTF-16 (no lone surrogate half) and no NUL: what `storableString` refines. */
function storable(text: string): boolean {
  if (text.includes("\u0000")) return false;
  if (!SURROGATE.test(text)) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (c > 0xdbff || next < 0xdc00 || next > 0xdfff) return false;
    i++;
  }
  return true;
}

function plainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function scopeId(value: unknown): boolean {
  return (
    typeof value === "string" && value.length >= 1 && value.length <= MEMORY_LIMITS.maxScopeIdChars && storable(value)
  );
}

/**
 * The common `addMany` batch checked in one pass, without building a zod result per record: every memory is a
 * plain object with only `scope`, `content` and optionally `kind` and `importance`, each of which
 * `addMemoryInputSchema` accepts. Returns the parsed inputs (defaults filled, the caller's scope object kept: the
 * record copies it) or `undefined` when anything falls outside that shape, so the caller parses with zod, which
 * accepts exactly the same batches and names the offending field when it refuses one.
 *
 * @internal
 * @example
 * ```ts
 * import { fastParseAddMany } from "./fast-add-many";
 * fastParseAddMany([{ scope: { userId: "u" }, content: "hello" }])?.[0]?.importance; // 0.5
 * fastParseAddMany([{ scope: { userId: "u" }, content: "hello", metadata: { a: 1 } }]); // undefined: zod's turn
 * ```
 * @since 0.1.0
 * @category Store
 */
export function fastParseAddMany(inputs: unknown): ParsedAddMemoryInput[] | undefined {
  if (!Array.isArray(inputs) || inputs.length < 1 || inputs.length > MEMORY_LIMITS.maxBatchSize) return undefined;
  const out: ParsedAddMemoryInput[] = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const input: unknown = inputs[i];
    if (!plainObject(input)) return undefined;
    let keys = 0;
    for (const key in input) {
      if (!Object.hasOwn(input, key)) return undefined;
      if (key !== "scope" && key !== "content" && key !== "kind" && key !== "importance") return undefined;
      keys++;
    }
    // Symbol or non-enumerable own keys: let zod decide.
    if (Reflect.ownKeys(input).length !== keys) return undefined;
    const { scope, content, kind, importance } = input;
    if (!plainObject(scope)) return undefined;
    let scopeKeys = 0;
    for (const key in scope) {
      if (!Object.hasOwn(scope, key) || !SCOPE_KEYS.has(key)) return undefined;
      const value = scope[key];
      // An explicit `undefined` for an optional id: zod keeps the key; leave that shape to zod.
      if (!scopeId(value)) return undefined;
      scopeKeys++;
    }
    if (Reflect.ownKeys(scope).length !== scopeKeys || scope.userId === undefined) return undefined;
    if (
      typeof content !== "string" ||
      content.length > MEMORY_LIMITS.maxContentChars ||
      !storable(content) ||
      content.trim().length === 0
    ) {
      return undefined;
    }
    if (kind !== undefined && (typeof kind !== "string" || !KINDS.has(kind))) return undefined;
    if (importance !== undefined && !(typeof importance === "number" && importance >= 0 && importance <= 1)) {
      return undefined;
    }
    out[i] = {
      scope: scope as ParsedAddMemoryInput["scope"],
      kind: (kind ?? "episodic") as ParsedAddMemoryInput["kind"],
      content,
      metadata: {},
      importance: (importance as number | undefined) ?? 0.5,
    };
  }
  return out;
}
