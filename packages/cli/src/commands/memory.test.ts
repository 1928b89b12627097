import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const dir = mkdtempSync(join(tmpdir(), "aif-memory-"));
// A tiny LoCoMo-shaped file written by the test (the real data set is CC BY-NC and never copied here).
const tiny = join(dir, "tiny-locomo.json");
writeFileSync(
  tiny,
  JSON.stringify([
    {
      sample_id: "tiny-1",
      conversation: {
        speaker_a: "Ann",
        speaker_b: "Bo",
        session_1_date_time: "1:56 pm on 8 May, 2023",
        session_1: [
          { speaker: "Ann", dia_id: "D1:1", text: "I adopted a puppy named Biscuit yesterday." },
          { speaker: "Bo", dia_id: "D1:2", text: "Congrats! I started pottery classes." },
        ],
        session_2_date_time: "10:00 am on 20 June, 2023",
        session_2: [{ speaker: "Ann", dia_id: "D2:1", text: "Biscuit learned to sit this week." }],
      },
      qa: [
        { question: "What is the name of Ann's puppy?", answer: "Biscuit", evidence: ["D1:1"], category: 4 },
        { question: "Which classes did Bo start?", answer: "pottery", evidence: ["D1:2"], category: 1 },
      ],
    },
  ]),
);
const locomo = join(import.meta.dirname, "../../../../../shared/reference/locomo/locomo10.json");

describe("aif memory eval locomo", () => {
  it("prints recall and NDCG per category as JSON", async () => {
    const result = await runCli(["memory", "eval", "locomo", "--data", tiny, "--k", "1,3", "--json"]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.ks).toEqual([1, 3]);
    expect(output.overall.questions).toBe(2);
    expect(output.overall.turn.recall["1"]).toBe(1);
    expect(Object.keys(output.byCategory)).toEqual(["1", "4"]);
    expect(output.byCategory["1"]).toMatchObject({ category: 1, categoryName: "multi-hop", questions: 1 });
    expect(output.byCategory["4"]).toMatchObject({ category: 4, categoryName: "single-hop", questions: 1 });
  });
  it("renders a table without --json, categories named", async () => {
    const result = await runCli(["memory", "eval", "locomo", "--data", tiny, "--retriever", "hybrid"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("turn R@5");
    expect(result.stdout).toContain("1 multi-hop");
    expect(result.stdout).toContain("4 single-hop");
  });
  it("names the download location when the data file is missing (exit 2)", async () => {
    const result = await runCli(["memory", "eval", "locomo", "--data", join(dir, "missing", "locomo10.json")]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--data");
    expect(result.stderr).toContain("https://github.com/snap-research/locomo");
    expect(result.stderr).toContain("data/locomo10.json");
  });
  it("rejects an unknown retriever with exit code 2", async () => {
    const result = await runCli(["memory", "eval", "locomo", "--data", tiny, "--retriever", "bm52"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("--retriever");
  });
  it.skipIf(!existsSync(locomo))(
    "runs on the first real LoCoMo conversation (skipped when shared/ is absent)",
    async () => {
      const result = await runCli(["memory", "eval", "locomo", "--data", locomo, "--conversations", "1", "--json"]);
      expect(result.exitCode).toBe(0);
      const output = JSON.parse(result.stdout);
      expect(output.overall.questions).toBeGreaterThan(100);
      expect(output.overall.turn.recall["10"]).toBeGreaterThan(0.3);
    },
  );
});

describe("aif memory bench", () => {
  it("measures the in-memory store", async () => {
    const result = await runCli(["memory", "bench", "--store", "memory", "--n", "2000", "--queries", "20", "--json"]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.n).toBe(2000);
    expect(output.ingestPerSecond).toBeGreaterThan(0);
    expect(output.searchP99Ms).toBeGreaterThanOrEqual(output.searchP50Ms);
  });
  it("asks for a connection string for postgres", async () => {
    const saved = process.env.AIF_POSTGRES_URL;
    delete process.env.AIF_POSTGRES_URL;
    try {
      const result = await runCli(["memory", "bench", "--store", "postgres", "--n", "10"]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain("--url");
    } finally {
      if (saved !== undefined) process.env.AIF_POSTGRES_URL = saved;
    }
  });
});
