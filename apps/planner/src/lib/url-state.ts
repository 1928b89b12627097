/**
 * Scenario state in the URL hash, so a scenario can be shared as a link.
 *
 * Format: `#z=<base64url(deflate-raw(JSON))>` where the browser has `CompressionStream`, else
 * `#s=<base64url(JSON)>`. Both are read back.
 */

/** Encodes bytes as base64url (RFC 4648 section 5, no padding). */
export function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * Decodes base64url (padding optional).
 *
 * @throws Error when the text is not base64url
 */
export function base64UrlToBytes(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const padded = text.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipeThrough(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const output = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(output).arrayBuffer());
}

function hasCompression(): boolean {
  return typeof CompressionStream === "function" && typeof DecompressionStream === "function";
}

/**
 * Encodes a value (a scenario) as a URL hash, compressed where the platform can.
 *
 * @returns the hash with its leading `#`
 */
export async function encodeStateHash(value: unknown, options: { compress?: boolean } = {}): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(value));
  if ((options.compress ?? true) && hasCompression()) {
    const packed = await pipeThrough(json, new CompressionStream("deflate-raw"));
    return `#z=${bytesToBase64Url(packed)}`;
  }
  return `#s=${bytesToBase64Url(json)}`;
}

/**
 * Reads a value back from a URL hash written by {@link encodeStateHash}.
 *
 * @returns the value, or `undefined` when the hash holds no state
 * @throws Error when the hash holds state that cannot be decoded
 */
export async function decodeStateHash(hash: string): Promise<unknown> {
  if (hash.length > MAX_HASH_CHARS) throw new Error(`the link is longer than ${MAX_HASH_CHARS} characters`);
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const packed = params.get("z");
  const plain = params.get("s");
  if (packed !== null) {
    if (!hasCompression()) throw new Error("this browser cannot decompress the shared scenario");
    const bytes = await inflateBounded(base64UrlToBytes(packed), MAX_STATE_BYTES);
    return parseState(bytes);
  }
  if (plain !== null) return parseState(base64UrlToBytes(plain));
  return undefined;
}

/** A shared scenario is a few kilobytes: links and their inflated state are bounded far above that. */
const MAX_HASH_CHARS = 256 * 1024;
const MAX_STATE_BYTES = 1024 * 1024;

function parseState(bytes: Uint8Array): unknown {
  if (bytes.length > MAX_STATE_BYTES) throw new Error("the shared scenario is larger than 1 MiB");
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error("the link is damaged (its scenario is not valid JSON)");
  }
}

/**
 * Inflates chunk by chunk and stops past `limit` bytes, so that a small link that inflates to hundreds of
 * megabytes (a deflate bomb) cannot exhaust the tab's memory.
 */
async function inflateBounded(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel();
        throw new Error("the shared scenario is larger than 1 MiB");
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("the shared scenario")) throw error;
    throw new Error("the link is damaged (its compressed data cannot be read)");
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
