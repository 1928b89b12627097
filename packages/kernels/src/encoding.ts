/**
 * Compact encoding of measured latencies: each value is stored as an unsigned 16-bit integer
 * `round((log2(latencyUs) + 16) x 1024)` (0 = not measured), little-endian, base64. The resolution is
 * 2^(1/1024) - 1 = 0.068% of the value and the range 2^-16 us to 2^48 us, far beyond any kernel.
 */

/** Offset added to log2(microseconds) before scaling. */
const LOG2_OFFSET = 16;
/** Steps per doubling. */
const STEPS_PER_OCTAVE = 1024;

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_INDEX[BASE64.charCodeAt(i)] = i;

function toBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += `${BASE64[(n >> 18) & 63]}${BASE64[(n >> 12) & 63]}${BASE64[(n >> 6) & 63]}${BASE64[n & 63]}`;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    out += `${BASE64[(n >> 18) & 63]}${BASE64[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += `${BASE64[(n >> 18) & 63]}${BASE64[(n >> 12) & 63]}${BASE64[(n >> 6) & 63]}=`;
  }
  return out;
}

/** Node's Buffer where there is one: its native base64 decoder is far faster than a JS loop on a cold start. */
const NODE_BUFFER = (globalThis as { Buffer?: { from(text: string, encoding: "base64"): Uint8Array } }).Buffer;
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;

function fromBase64(text: string): Uint8Array {
  if (NODE_BUFFER !== undefined && BASE64_TEXT.test(text)) return NODE_BUFFER.from(text, "base64");
  const clean = text.replace(/=+$/, "");
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let j = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const digit = code < 128 ? (BASE64_INDEX[code] ?? -1) : -1;
    if (digit < 0) throw new Error(`invalid base64 character at ${i}`);
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[j++] = (value >> bits) & 255;
    }
  }
  return bytes;
}

/**
 * Encodes latencies in microseconds (`null`, `NaN` or a non-positive value = not measured) as the compact
 * log2-u16 base64 string used by built-in kernel tables.
 *
 * @param latenciesUs - latencies, microseconds
 * @returns the encoded string
 * @example
 * ```ts
 * import { decodeLatencies, encodeLatencies } from "@aifactory/kernels";
 * decodeLatencies(encodeLatencies([10, null]))[1]; // NaN
 * ```
 * @since 0.1.0
 * @category Tables
 */
export function encodeLatencies(latenciesUs: readonly (number | null)[]): string {
  const bytes = new Uint8Array(latenciesUs.length * 2);
  for (let i = 0; i < latenciesUs.length; i++) {
    const value = latenciesUs[i];
    let code = 0;
    if (value !== null && value !== undefined && Number.isFinite(value) && value > 0) {
      code = Math.round((Math.log2(value) + LOG2_OFFSET) * STEPS_PER_OCTAVE);
      code = Math.min(65535, Math.max(1, code));
    }
    bytes[2 * i] = code & 255;
    bytes[2 * i + 1] = code >> 8;
  }
  return toBase64(bytes);
}

/**
 * Encodes log2(latency in microseconds) per point (`NaN` = not measured) as the compact log2-u16 base64 string:
 * the inverse of {@link decodeLog2Latencies}, exact for every value it returns (a code is an integer number of
 * 1/1024 steps, which the float arithmetic here keeps exactly), so that a decoded table encodes to the same text.
 *
 * @param log2LatenciesUs - log2 latencies, microseconds
 * @returns the encoded string
 * @example
 * ```ts
 * import { encodeLatencies } from "@aifactory/kernels";
 * import { encodeLog2Latencies } from "./encoding";
 * encodeLog2Latencies([3, Number.NaN]) === encodeLatencies([8, null]); // true
 * ```
 * @internal
 */
export function encodeLog2Latencies(log2LatenciesUs: ArrayLike<number>): string {
  const bytes = new Uint8Array(log2LatenciesUs.length * 2);
  for (let i = 0; i < log2LatenciesUs.length; i++) {
    const value = log2LatenciesUs[i] ?? Number.NaN;
    const code = Number.isNaN(value)
      ? 0
      : Math.min(65535, Math.max(1, Math.round((value + LOG2_OFFSET) * STEPS_PER_OCTAVE)));
    bytes[2 * i] = code & 255;
    bytes[2 * i + 1] = code >> 8;
  }
  return toBase64(bytes);
}

/**
 * Decodes a string written by {@link encodeLatencies} into log2(latency in microseconds) per point (`NaN` where
 * nothing was measured). Lookups interpolate in this log space.
 *
 * @param encoded - the encoded string
 * @returns log2 latencies, microseconds
 * @throws Error when the string is not valid base64
 * @example
 * ```ts
 * import { decodeLog2Latencies, encodeLatencies } from "@aifactory/kernels";
 * decodeLog2Latencies(encodeLatencies([8]))[0]; // 3
 * ```
 * @since 0.1.0
 * @category Tables
 */
export function decodeLog2Latencies(encoded: string): Float64Array {
  const bytes = fromBase64(encoded);
  const out = new Float64Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) {
    const code = (bytes[2 * i] ?? 0) | ((bytes[2 * i + 1] ?? 0) << 8);
    out[i] = code === 0 ? Number.NaN : code / STEPS_PER_OCTAVE - LOG2_OFFSET;
  }
  return out;
}

/**
 * Decodes a string written by {@link encodeLatencies} into latencies in microseconds (`NaN` = not measured).
 *
 * @param encoded - the encoded string
 * @returns latencies, microseconds
 * @example
 * ```ts
 * import { decodeLatencies, encodeLatencies } from "@aifactory/kernels";
 * Math.round(decodeLatencies(encodeLatencies([1234.5]))[0] ?? 0); // 1235
 * ```
 * @since 0.1.0
 * @category Tables
 */
export function decodeLatencies(encoded: string): Float64Array {
  const log2 = decodeLog2Latencies(encoded);
  for (let i = 0; i < log2.length; i++) log2[i] = 2 ** (log2[i] ?? Number.NaN);
  return log2;
}
