import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import cliProgress from "cli-progress";
import { describe, expect, it, vi } from "vitest";
import { runCli } from "../run";

const dir = mkdtempSync(join(tmpdir(), "aif-kv-"));

describe("aif kv simulate", () => {
  it("replays a synthetic agentic trace and prints hitRatio, perTier and prefillTokensSavedRatio as JSON", async () => {
    const result = await runCli([
      "kv",
      "simulate",
      "--trace",
      "synthetic:agentic",
      "--sessions",
      "8",
      "--tiers",
      "hbm:80GB,dram:1TB@64,ssd:30TB@7/3",
      "--block-tokens",
      "16",
      "--json",
    ]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.hitRatio).toBeGreaterThan(0);
    expect(output.hitRatio).toBeLessThanOrEqual(1);
    expect(output.prefillTokensSavedRatio).toBeGreaterThan(0);
    expect(output.perTier.map((tier: { id: string }) => tier.id)).toEqual(["hbm", "dram", "ssd"]);
    expect(output.trace.source).toBe("synthetic:agentic");
    expect(result.stderr).toContain("--kv-bytes-per-token not given; using 131072");
  });

  it("reads a JSONL trace file (Mooncake lines included) and renders a table without --json", async () => {
    const path = join(dir, "trace.jsonl");
    writeFileSync(
      path,
      [
        '{"timestamp":0,"input_length":1100,"output_length":10,"hash_ids":[0,1,2]}',
        '{"timestamp":5,"input_length":1100,"output_length":10,"hash_ids":[0,1,3]}',
      ].join("\n"),
    );
    const result = await runCli([
      "kv",
      "simulate",
      "--trace",
      path,
      "--tiers",
      "hbm:1TB",
      "--block-tokens",
      "512",
      "--kv-bytes-per-token",
      "1000",
      "--policy",
      "lfu",
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("hit ratio");
    expect(result.stdout).toContain("50%");
    expect(result.stdout).toContain("hbm");
  });

  it("derives KV bytes per token from --model and --kv-dtype through the architecture catalog", async () => {
    const { getArchitecture, kvCacheBytesPerToken } = await import("@aifactory/workloads");
    const base = ["kv", "simulate", "--trace", "synthetic:agentic", "--sessions", "4", "--tiers", "hbm:80GB"];
    const bf16 = await runCli([...base, "--model", "llama-3.1-8b", "--json"]);
    expect(bf16.exitCode).toBe(0);
    const bf16Output = JSON.parse(bf16.stdout);
    expect(bf16Output.kv).toEqual({
      bytesPerToken: kvCacheBytesPerToken(getArchitecture("llama-3.1-8b"), "bf16"),
      from: "--model",
      modelId: "llama-3.1-8b",
      kvDtype: "bf16",
    });
    // 2 (K, V) x 8 KV heads x 128 head dim x 32 layers x 2 B; memory's default (no --model) is the same figure.
    expect(bf16Output.kv.bytesPerToken).toBe(131072);
    const { LLAMA_3_1_8B_BF16_KV } = await import("@aifactory/memory");
    expect(LLAMA_3_1_8B_BF16_KV.kvBytesPerToken).toBe(bf16Output.kv.bytesPerToken);
    expect(bf16Output.blockBytes).toBe(16 * 131072);
    expect(bf16.stderr).not.toContain("not given");

    const fp8 = await runCli([...base, "--model", "deepseek-v3", "--kv-dtype", "fp8", "--json"]);
    expect(fp8.exitCode).toBe(0);
    // MLA: (512 latent + 64 RoPE key) x 61 layers x 1 B
    expect(JSON.parse(fp8.stdout).kv.bytesPerToken).toBe(576 * 61);

    const text = await runCli([...base, "--model", "llama-3.1-8b"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain("KV cache");
    expect(text.stdout).toContain("llama-3.1-8b, bf16");
  });

  it("keeps --kv-bytes-per-token, and exits 2 naming the flags when it is combined with --model", async () => {
    const base = ["kv", "simulate", "--trace", "synthetic:agentic", "--sessions", "2", "--tiers", "hbm:80GB"];
    const raw = await runCli([...base, "--kv-bytes-per-token", "65536", "--json"]);
    expect(raw.exitCode).toBe(0);
    expect(JSON.parse(raw.stdout).kv).toEqual({ bytesPerToken: 65536, from: "--kv-bytes-per-token" });
    const both = await runCli([...base, "--model", "llama-3.1-8b", "--kv-bytes-per-token", "65536"]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("--model");
    expect(both.stderr).toContain("--kv-bytes-per-token");
    expect(both.stdout).toBe("");
    const dtypeAlone = await runCli([...base, "--kv-dtype", "fp8"]);
    expect(dtypeAlone.exitCode).toBe(2);
    expect(dtypeAlone.stderr).toContain("--kv-dtype applies to --model");
    const badDtype = await runCli([...base, "--model", "llama-3.1-8b", "--kv-dtype", "fp9"]);
    expect(badDtype.exitCode).toBe(2);
    expect(badDtype.stderr).toContain("--kv-dtype");
    const unknownModel = await runCli([...base, "--model", "llama-3.1-9b"]);
    expect(unknownModel.exitCode).toBe(2);
    expect(unknownModel.stderr).toContain("llama-3.1-8b");
  });

  it("reports simulation progress on a TTY stderr, every 2,000 requests and at the end", async () => {
    const started: number[] = [];
    const updates: number[] = [];
    const start = vi.spyOn(cliProgress.SingleBar.prototype, "start").mockImplementation((total: number) => {
      started.push(total);
    });
    const update = vi.spyOn(cliProgress.SingleBar.prototype, "update").mockImplementation((done: unknown) => {
      updates.push(done as number);
    });
    const stop = vi.spyOn(cliProgress.SingleBar.prototype, "stop").mockImplementation(() => {});
    try {
      const args = ["kv", "simulate", "--trace", "synthetic:shared-prefix", "--requests", "5000", "--tiers", "hbm:8GB"];
      const result = await runCli([...args, "--json"], { stderrIsTty: true });
      expect(result.exitCode).toBe(0);
      expect(started).toEqual([5000]);
      expect(updates).toEqual([2000, 4000, 5000]);
      expect(stop).toHaveBeenCalledTimes(1);
      // same figures without a progress display
      const quiet = await runCli([...args, "--json"]);
      expect(JSON.parse(quiet.stdout)).toEqual(JSON.parse(result.stdout));
    } finally {
      start.mockRestore();
      update.mockRestore();
      stop.mockRestore();
    }
  });

  it("exits 2 naming the bad tier part", async () => {
    const result = await runCli(["kv", "simulate", "--trace", "synthetic:agentic", "--tiers", "hbm:80GB,dram:1XB"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('tiers[1].capacity (dram): unknown capacity unit "XB"');
    expect(result.stdout).toBe("");
  });

  it("exits 2 for a bad trace line, an unknown synthetic trace, a bad policy, a missing file", async () => {
    const path = join(dir, "bad.jsonl");
    writeFileSync(path, '{"inputTokenIds":[1,2]}\n{"inputTokenIds":"x"}\n');
    const badLine = await runCli(["kv", "simulate", "--trace", path, "--tiers", "hbm:1GB"]);
    expect(badLine.exitCode).toBe(2);
    expect(badLine.stderr).toContain("line 2: inputTokenIds");
    const synthetic = await runCli(["kv", "simulate", "--trace", "synthetic:agentc", "--tiers", "hbm:1GB"]);
    expect(synthetic.exitCode).toBe(2);
    expect(synthetic.stderr).toContain("synthetic:agentic");
    const policy = await runCli([
      "kv",
      "simulate",
      "--trace",
      "synthetic:agentic",
      "--tiers",
      "hbm:1GB",
      "--policy",
      "lruu",
    ]);
    expect(policy.exitCode).toBe(2);
    expect(policy.stderr).toContain("--policy lru");
    const missing = await runCli(["kv", "simulate", "--trace", join(dir, "nope.jsonl"), "--tiers", "hbm:1GB"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("cannot read trace");
  });
});
