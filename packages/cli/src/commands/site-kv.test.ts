import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

const serving = ["site", "--power-mw", "5", "--date", "2027-Q3", "--region", "us-tx", "--climate", "hot"].concat([
  "--serve",
  "llama-3.3-70b",
  "--isl",
  "8000",
  "--osl",
  "1000",
  "--prefix-hit-ratio",
  "0.8",
]);

describe("aif site --kv-retained-contexts", () => {
  it("sizes KV offload tiers for a serving site: host DRAM first, then storage nodes (JSON and table)", async () => {
    const args = [...serving, "--systems", "nvidia-dgx-b200,nvidia-gb200-nvl72", "--kv-retained-contexts", "500000"];
    const result = await aif([...args, "--json"]);
    expect(result.exitCode).toBe(0);
    const [b200, gb200] = JSON.parse(result.stdout).designs;
    expect(b200.kvOffload.tiers[0].tier).toBe("host-dram");
    // 500k contexts x 9,000 tokens x 160 KiB per token (Llama 3.3 70B, FP8 KV) = 737 TB.
    expect(b200.kvOffload.requiredBytes).toBe(500_000 * 9000 * 163_840);
    // GB200 NVL72 has no published host memory or local drives in the catalog: all on DDN AI400X2 nodes.
    expect(gb200.kvOffload.tiers.map((tier: { tier: string }) => tier.tier)).toEqual(["storage-nodes"]);
    expect(gb200.kvOffload.storageNodeCount).toBeGreaterThan(0);
    expect(gb200.bom.find((line: { category: string }) => line.category === "storage").quantity).toBe(
      gb200.kvOffload.storageNodeCount,
    );
    expect(result.stdout).not.toMatch(/NaN/);
    const table = await aif(args);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/KV offload of nvidia-dgx-b200: 737\.3 TB retained/);
    expect(table.stdout).toContain("reads needed of offered");
  });

  it("--kv-tiers limits the tiers; what fits none is reported", async () => {
    const result = await aif([
      ...serving,
      "--systems",
      "nvidia-dgx-h100",
      "--kv-retained-contexts",
      "5000000",
      "--kv-context-tokens",
      "32000",
      "--kv-tiers",
      "host-dram",
      "--json",
    ]);
    expect(result.exitCode).toBe(0);
    const [design] = JSON.parse(result.stdout).designs;
    expect(design.kvOffload.tiers).toHaveLength(1);
    expect(design.kvOffload.unplacedBytes).toBeGreaterThan(0);
    expect(design.warnings.some((line: string) => line.includes("fits no tier"))).toBe(true);
  });

  it.each([
    [["--kv-retained-contexts", "0"], "--kv-retained-contexts"],
    [["--kv-retained-contexts", "10", "--kv-tiers", "tape"], "--kv-tiers"],
    [["--kv-tiers", "host-dram"], "--kv-retained-contexts"],
  ])("exits 2 and names the flag for %j", async (args, flag) => {
    const result = await aif([...serving, ...args]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(flag);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("asks for --serve when a KV offload is given without a serving workload", async () => {
    const result = await aif(["site", "--power-mw", "5", "--date", "2027-Q3", "--kv-retained-contexts", "10"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--serve");
  });
});

describe("aif site --max-ep", () => {
  const deepseek = ["site", "--power-mw", "5", "--date", "2027-Q3", "--systems", "nvidia-dgx-h100"].concat([
    "--serve",
    "deepseek-v3",
    "--isl",
    "4096",
    "--osl",
    "1024",
    "--json",
  ]);

  it("serves a model wider than one NVLink domain with expert parallelism over the fabric, unless --max-ep caps it", async () => {
    const wide = await aif(deepseek);
    expect(wide.exitCode).toBe(0);
    const [design] = JSON.parse(wide.stdout).designs;
    expect(design.production.outputTokensPerSecond).toBeGreaterThan(0);
    const capped = await aif([...deepseek, "--max-ep", "8"]);
    expect(capped.exitCode).toBe(0);
    expect(JSON.parse(capped.stdout).designs[0].production).toBeUndefined();
    const bad = await aif([...deepseek, "--max-ep", "0"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--max-ep");
  });
});
