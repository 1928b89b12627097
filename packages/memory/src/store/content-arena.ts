import { growTypedArray } from "../scoring/term-index";

/**
 * Memory contents of the in-memory store as UTF-8 bytes in large chunks, decoded only when a record is
 * returned. A million contents are then a few dozen buffers outside the JS heap instead of a million strings
 * (or, for text assembled by concatenation, a million rope trees of many string objects each) that every
 * major garbage collection would have to trace. Internal to the in-memory store.
 *
 * UTF-8 round-trips every well-formed string exactly; a string with a lone surrogate (which UTF-8 cannot
 * encode) is kept as a string instead.
 */
export interface ContentArena {
  chunks: Uint8Array[];
  /** Bytes used in the last chunk. */
  used: number;
  /** Per slot: chunk number, or −1 when the content is kept as a string in `strings`. */
  chunk: Int32Array;
  offset: Int32Array;
  byteLength: Int32Array;
  strings: Map<number, string>;
}

/** Bytes per chunk (a content of up to 32 000 characters takes at most 96 000 bytes). */
const CHUNK_BYTES = 4 * 1024 * 1024;
const SURROGATE = /[\uD800-\uDFFF]/;
const encoder = new TextEncoder();
// ignoreBOM: a leading U+FEFF is content, not a byte-order mark to strip.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Whether every surrogate of a string is part of a pair (what UTF-8 can encode). */
function isWellFormed(text: string): boolean {
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

/**
 * An empty arena.
 *
 * @returns the arena
 */
export function newContentArena(): ContentArena {
  return {
    chunks: [],
    used: 0,
    chunk: new Int32Array(64),
    offset: new Int32Array(64),
    byteLength: new Int32Array(64),
    strings: new Map(),
  };
}

/**
 * Stores the content of a slot (slots are written once, in any order).
 *
 * @param arena - the arena
 * @param slot - the slot (the store's row)
 * @param content - the text
 */
export function writeContent(arena: ContentArena, slot: number, content: string): void {
  if (slot >= arena.chunk.length) {
    arena.chunk = growTypedArray(arena.chunk, slot + 1);
    arena.offset = growTypedArray(arena.offset, slot + 1);
    arena.byteLength = growTypedArray(arena.byteLength, slot + 1);
  }
  if (!isWellFormed(content)) {
    arena.chunk[slot] = -1;
    arena.strings.set(slot, content);
    return;
  }
  // At most 3 bytes per UTF-16 code unit.
  const worst = content.length * 3;
  let last = arena.chunks[arena.chunks.length - 1];
  if (last === undefined || arena.used + worst > last.length) {
    last = new Uint8Array(Math.max(CHUNK_BYTES, worst));
    arena.chunks.push(last);
    arena.used = 0;
  }
  const { written } = encoder.encodeInto(content, last.subarray(arena.used));
  arena.chunk[slot] = arena.chunks.length - 1;
  arena.offset[slot] = arena.used;
  arena.byteLength[slot] = written;
  arena.used += written;
}

/**
 * The content of a slot.
 *
 * @param arena - the arena
 * @param slot - a written slot
 * @returns the text, identical to what was written
 */
export function readContent(arena: ContentArena, slot: number): string {
  const chunk = arena.chunk[slot] as number;
  if (chunk < 0) return arena.strings.get(slot) ?? "";
  const offset = arena.offset[slot] as number;
  return decoder.decode(
    (arena.chunks[chunk] as Uint8Array).subarray(offset, offset + (arena.byteLength[slot] as number)),
  );
}

/**
 * Erases a slot's content (hard delete): its bytes are zeroed, and it reads as the empty string.
 *
 * @param arena - the arena
 * @param slot - a written slot
 */
export function eraseContent(arena: ContentArena, slot: number): void {
  const chunk = arena.chunk[slot] as number;
  if (chunk < 0) {
    arena.strings.delete(slot);
  } else {
    const offset = arena.offset[slot] as number;
    (arena.chunks[chunk] as Uint8Array).fill(0, offset, offset + (arena.byteLength[slot] as number));
  }
  arena.chunk[slot] = -1;
  arena.byteLength[slot] = 0;
}
