import { describe, expect, it } from "vitest";
import { base64UrlToBytes, bytesToBase64Url, decodeStateHash, encodeStateHash } from "./url-state";

const scenario = {
  id: "llama-3.1-70b-pretraining-1024-h100",
  name: "Llama 3.1 70B pretraining on 1,024 H100 — ünïcode",
  workload: { kind: "pretraining", tokens: 15e12, parallelism: { tp: 8 } },
  hardware: { accelerator: "nvidia-h100-sxm", count: 1024 },
};

describe("base64url", () => {
  it("round-trips every byte value without padding or URL-unsafe characters", () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    const text = bytesToBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect([...base64UrlToBytes(text)]).toEqual([...bytes]);
  });

  it("round-trips lengths that need 0, 1 and 2 padding characters", () => {
    for (const length of [0, 1, 2, 3, 4, 5]) {
      const bytes = new Uint8Array(length).map((_, i) => 250 - i);
      expect([...base64UrlToBytes(bytesToBase64Url(bytes))]).toEqual([...bytes]);
    }
  });

  it("rejects text that is not base64url", () => {
    expect(() => base64UrlToBytes("a+b/")).toThrow(/base64url/);
  });
});

describe("state hash", () => {
  it("round-trips a scenario through the compressed form", async () => {
    const hash = await encodeStateHash(scenario);
    expect(hash.startsWith("#z=")).toBe(true);
    expect(await decodeStateHash(hash)).toEqual(scenario);
  });

  it("round-trips a scenario through the plain form", async () => {
    const hash = await encodeStateHash(scenario, { compress: false });
    expect(hash.startsWith("#s=")).toBe(true);
    expect(await decodeStateHash(hash)).toEqual(scenario);
  });

  it("compresses: the packed hash is shorter than the plain one", async () => {
    const packed = await encodeStateHash(scenario);
    const plain = await encodeStateHash(scenario, { compress: false });
    expect(packed.length).toBeLessThan(plain.length);
  });

  it("returns undefined for a hash without state", async () => {
    expect(await decodeStateHash("")).toBeUndefined();
    expect(await decodeStateHash("#results")).toBeUndefined();
  });

  it("throws for corrupt state", async () => {
    await expect(decodeStateHash("#s=@@@")).rejects.toThrow();
    await expect(decodeStateHash("#z=AAAA")).rejects.toThrow();
  });
});

describe("hostile share links", () => {
  it("a small link that inflates past 1 MiB is refused without inflating it all", async () => {
    // 300 MB of zeros deflate to about 300 KB; a 50 MB bomb is enough to show the bound and stays fast.
    const zeros = new Uint8Array(50 * 1024 * 1024);
    const packed = new Uint8Array(
      await new Response(new Blob([zeros]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer(),
    );
    await expect(decodeStateHash(`#z=${bytesToBase64Url(packed)}`)).rejects.toThrow(/larger than 1 MiB/);
  });

  it("a damaged link says it is damaged, not 'Failed to fetch'", async () => {
    const hash = await encodeStateHash(scenario);
    const damaged = `${hash.slice(0, 12)}AAAAAAAA${hash.slice(20)}`;
    await expect(decodeStateHash(damaged)).rejects.toThrow(/the link is damaged/);
    await expect(decodeStateHash(`#s=${bytesToBase64Url(new TextEncoder().encode("{not json"))}`)).rejects.toThrow(
      /not valid JSON/,
    );
  });

  it("a link longer than 256 KiB is refused before decoding", async () => {
    await expect(decodeStateHash(`#s=${"A".repeat(300_000)}`)).rejects.toThrow(/longer than/);
  });
});
