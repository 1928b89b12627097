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
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const packed = params.get("z");
  const plain = params.get("s");
  if (packed !== null) {
    if (!hasCompression()) throw new Error("this browser cannot decompress the shared scenario");
    const bytes = await pipeThrough(base64UrlToBytes(packed), new DecompressionStream("deflate-raw"));
    return JSON.parse(new TextDecoder().decode(bytes));
  }
  if (plain !== null) return JSON.parse(new TextDecoder().decode(base64UrlToBytes(plain)));
  return undefined;
}
