import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
