import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../run";
import { parseLengthOption, parsePoolOption } from "./fleet";

const aif = (argv: string[]) => runCli(argv);
const MODEL = ["--model", "llama-3.1-8b"];

describe("aif fleet simulate", () => {
  it("prints latency percentiles, goodput and per-pool utilisation", async () => {
    const out = await aif([
      "fleet",
      "simulate",
      ...MODEL,
      "--gpu",
      "nvidia-h100-sxm",
      "--replicas",
      "2",
      "--rate",
      "10",
      "--isl",
      "lognormal:1000,0.6",
      "--osl",
      "uniform:50-300",
      "--requests",
      "800",
      "--slo-ttft-ms",
      "500",
      "--slo-tpot-ms",
      "30",
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/TTFT \((ms|s)\)/);
    expect(out.stdout).toMatch(/p99 95% CI/);
    expect(out.stdout).toMatch(/goodput/);
    expect(out.stdout).toMatch(/2 x nvidia-h100-sxm/);
  });

  it("--json gives the result, and --out writes per-request results", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-fleet-"));
    const file = join(dir, "simulated.json");
    const out = await aif([
      "fleet",
      "simulate",
      ...MODEL,
      "--pool",
      "gpu=nvidia-h100-sxm,count=1,role=prefill",
      "--pool",
      "gpu=nvidia-h200-sxm,count=1,role=decode",
      "--rate",
      "4",
      "--isl",
      "2000",
      "--osl",
      "200",
      "--requests",
      "300",
      "--out",
      file,
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.pools.map((p: { role: string }) => p.role)).toEqual(["prefill", "decode"]);
    expect(result.ttftMs.p99).toBeGreaterThan(0);
    expect(result).not.toHaveProperty("perRequest");
    const written = JSON.parse(readFileSync(file, "utf8"));
    expect(written.requests).toHaveLength(300);
    expect(written.requests[0]).toHaveProperty("ttftMs");
    expect(out.stderr).toMatch(/wrote 300 per-request results/);
  });

  it("replays a Mooncake trace and a closed loop", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-trace-"));
    const trace = join(dir, "trace.jsonl");
    const lines = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ timestamp: i * 100, input_length: 1200, output_length: 100, hash_ids: [0, 1, i + 2] }),
    );
    writeFileSync(trace, `${lines.join("\n")}\n`);
    const replay = await aif(["fleet", "simulate", ...MODEL, "--gpu", "nvidia-h100-sxm", "--trace", trace, "--json"]);
    expect(replay.exitCode).toBe(0);
    const result = JSON.parse(replay.stdout);
    expect(result.requests).toBe(200);
    // Every prompt starts with the same two 512-token blocks: once cached, they hit.
    expect(result.prefixHitRatio).toBeGreaterThan(0.5);
    const closed = await aif([
      "fleet",
      "simulate",
      ...MODEL,
      "--gpu",
      "nvidia-h100-sxm",
      "--concurrency",
      "16",
      "--isl",
      "1000",
      "--osl",
      "100",
      "--requests",
      "160",
      "--json",
    ]);
    expect(closed.exitCode).toBe(0);
  });

  it("exits 2 naming the flag for bad input", async () => {
    const bad = await aif([
      "fleet",
      "simulate",
      ...MODEL,
      "--gpu",
      "nvidia-h100-sxm",
      "--rate",
      "-1",
      "--isl",
      "1",
      "--osl",
      "1",
    ]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--rate/);
    const both = await aif(["fleet", "simulate", ...MODEL, "--gpu", "nvidia-h100-sxm", "--isl", "1", "--osl", "1"]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toMatch(/--rate/);
    const length = await aif([
      "fleet",
      "simulate",
      ...MODEL,
      "--gpu",
      "nvidia-h100-sxm",
      "--rate",
      "1",
      "--isl",
      "gaussian:3",
      "--osl",
      "1",
    ]);
    expect(length.exitCode).toBe(2);
    expect(length.stderr).toMatch(/--isl/);
    const pool = await aif([
      "fleet",
      "simulate",
      ...MODEL,
      "--pool",
      "gpu=nvidia-h100-sxm,replicas=2",
      "--rate",
      "1",
      "--isl",
      "1",
      "--osl",
      "1",
    ]);
    expect(pool.exitCode).toBe(2);
    expect(pool.stderr).toMatch(/unknown key "replicas"/);
  });

  it("parses length and pool specs", () => {
    expect(parseLengthOption("--isl", "1000")).toEqual({ kind: "fixed", tokens: 1000 });
    expect(parseLengthOption("--isl", "uniform:10-20")).toEqual({ kind: "uniform", minTokens: 10, maxTokens: 20 });
    expect(parseLengthOption("--isl", "normal:500,50")).toEqual({ kind: "normal", meanTokens: 500, stdTokens: 50 });
    expect(parseLengthOption("--isl", "exponential:300")).toEqual({ kind: "exponential", meanTokens: 300 });
    expect(parsePoolOption("gpu=nvidia-b200,count=3,tp=2,kv-admission=on-demand", {})).toEqual({
      accelerator: "nvidia-b200",
      count: 3,
      role: "mixed",
      engine: { tp: 2, kvAdmission: "on-demand" },
    });
  });
});

describe("aif fleet compare", () => {
  it("compares two per-request files quantile by quantile, and refuses other files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-compare-"));
    const files = [join(dir, "a.json"), join(dir, "b.json")];
    for (const [i, file] of files.entries()) {
      const out = await aif([
        "fleet",
        "simulate",
        ...MODEL,
        "--gpu",
        "nvidia-h100-sxm",
        "--rate",
        "5",
        "--isl",
        "500",
        "--osl",
        "100",
        "--requests",
        "300",
        "--seed",
        String(i + 1),
        "--out",
        file,
      ]);
      expect(out.exitCode).toBe(0);
    }
    const out = await aif(["fleet", "compare", files[0] as string, files[1] as string, "--json"]);
    expect(out.exitCode).toBe(0);
    const comparison = JSON.parse(out.stdout);
    expect(comparison.rows).toHaveLength(9);
    expect(comparison.agrees).toBe(true);
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ hello: 1 }));
    const bad = await aif(["fleet", "compare", other, files[1] as string]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/aif bench serve --out/);
  });
});

describe("aif fleet size", () => {
  it("an unknown id in --gpu names --gpu (not the scenario field) with the nearest ids", async () => {
    for (const gpus of ["nvidia-h100-sxm,nvidia-h100", "nvidia-h100"]) {
      const slo = ["--slo-ttft-ms", "2000", "--slo-tpot-ms", "50"];
      const out = await aif([
        "fleet",
        "size",
        ...MODEL,
        "--gpu",
        gpus,
        "--rate",
        "10",
        "--isl",
        "100",
        "--osl",
        "20",
        ...slo,
      ]);
      expect(out.exitCode, gpus).toBe(2);
      expect(out.stderr).toContain('error: --gpu: unknown accelerator "nvidia-h100"');
      expect(out.stderr).toContain('"nvidia-h100-sxm"');
      expect(out.stderr).not.toContain("workload.");
      expect(out.stderr).not.toContain("hardware.");
    }
  });

  it("sizes two accelerators with prices and a headroom table", async () => {
    const out = await aif([
      "fleet",
      "size",
      ...MODEL,
      "--gpu",
      "nvidia-h100-sxm,nvidia-b200",
      "--rate",
      "20",
      "--isl",
      "1000",
      "--osl",
      "200",
      "--requests",
      "600",
      "--slo-ttft-ms",
      "1000",
      "--slo-tpot-ms",
      "30",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const { designs } = JSON.parse(out.stdout);
    expect(designs.map((d: { acceleratorId: string }) => d.acceleratorId)).toEqual(["nvidia-h100-sxm", "nvidia-b200"]);
    for (const d of designs) {
      expect(d.meetsSlo).toBe(true);
      expect(d.ttftP99Ms).toBeLessThanOrEqual(1000);
      expect(d.usdPerMillionTokens).toBeGreaterThan(0);
      expect(d.headroom.length).toBeGreaterThan(3);
    }
  });

  it("sizes disaggregated and mixed designs given as pools", async () => {
    const out = await aif([
      "fleet",
      "size",
      ...MODEL,
      "--design",
      "gpu=nvidia-h100-sxm,role=prefill+gpu=nvidia-h200-sxm,role=decode,count=2",
      "--design",
      "gpu=nvidia-h100-sxm+gpu=nvidia-b200",
      "--rate",
      "20",
      "--isl",
      "1000",
      "--osl",
      "200",
      "--requests",
      "600",
      "--slo-ttft-ms",
      "1000",
      "--slo-tpot-ms",
      "30",
      "--json",
    ]);
    expect(out.exitCode).toBe(0);
    const { designs } = JSON.parse(out.stdout);
    expect(designs).toHaveLength(2);
    expect(designs[0].name).toMatch(/prefill/);
    expect(designs[0].acceleratorCount % 3).toBe(0);
    expect(designs[1].acceleratorId).toBe("nvidia-h100-sxm + nvidia-b200");
    for (const d of designs) expect(d.usdPerMillionTokens).toBeGreaterThan(0);
  });

  it("refuses a closed loop (no rate to size for)", async () => {
    const out = await aif([
      "fleet",
      "size",
      ...MODEL,
      "--gpu",
      "nvidia-h100-sxm",
      "--concurrency",
      "8",
      "--isl",
      "10",
      "--osl",
      "10",
      "--slo-ttft-ms",
      "100",
      "--slo-tpot-ms",
      "10",
    ]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/offered rate/);
  });
});
