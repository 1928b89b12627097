import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  evaluateLocomo,
  LOCOMO_CATEGORY_NAMES,
  locomoCategoryName,
  parseLocomoDateTime,
  parseLocomoEvidence,
} from "./locomo";
import { ndcgAtK, recallAtK } from "./retrieval-metrics";

describe("retrieval metrics", () => {
  it("recall@k and NDCG@k with binary relevance", () => {
    const relevant = new Set(["a", "c", "d"]);
    expect(recallAtK(["a", "b", "c"], relevant, 2)).toBeCloseTo(1 / 3, 12);
    expect(ndcgAtK(["x", "a"], new Set(["a"]), 5)).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcgAtK(["a", "c", "d"], relevant, 3)).toBeCloseTo(1, 12);
    expect(recallAtK(["a", "a", "c"], relevant, 2)).toBeCloseTo(2 / 3, 12);
  });
});

describe("LoCoMo parsing", () => {
  it("reads session dates and malformed evidence", () => {
    expect(new Date(parseLocomoDateTime("1:56 pm on 8 May, 2023") ?? 0).toISOString()).toBe("2023-05-08T13:56:00.000Z");
    expect(new Date(parseLocomoDateTime("12:05 am on 1 January, 2024") ?? 0).toISOString()).toBe(
      "2024-01-01T00:05:00.000Z",
    );
    expect(parseLocomoDateTime("yesterday")).toBeUndefined();
    expect(parseLocomoEvidence("D8:6; D9:17")).toEqual(["D8:6", "D9:17"]);
    expect(parseLocomoEvidence("D:11:26")).toEqual(["D11:26"]);
    expect(parseLocomoEvidence("D")).toEqual([]);
  });
});

describe("LoCoMo categories", () => {
  it("names the released file's numbers (snap-research/locomo task_eval/evaluation.py, issue #29)", () => {
    expect(Object.entries(LOCOMO_CATEGORY_NAMES)).toEqual([
      ["1", "multi-hop"],
      ["2", "temporal"],
      ["3", "open-domain"],
      ["4", "single-hop"],
      ["5", "adversarial"],
    ]);
    expect(locomoCategoryName(5)).toBe("adversarial");
    expect(locomoCategoryName(0)).toBe("unknown");
  });

  it("gives each category's number and name in the result", async () => {
    const data = [
      {
        sample_id: "t",
        conversation: {
          session_1_date_time: "1:56 pm on 8 May, 2023",
          session_1: [
            { speaker: "A", dia_id: "D1:1", text: "I adopted a puppy named Biscuit." },
            { speaker: "B", dia_id: "D1:2", text: "I started pottery classes." },
          ],
        },
        qa: [
          { question: "puppy name?", evidence: ["D1:1"], category: 2 },
          { question: "which classes?", evidence: ["D1:2"], category: 7 },
        ],
      },
    ];
    const result = await evaluateLocomo(data, { ks: [1] });
    expect(Object.keys(result.byCategory)).toEqual(["2", "7"]);
    expect(result.byCategory["2"]).toMatchObject({ category: 2, categoryName: "temporal", questions: 1 });
    expect(result.byCategory["7"]).toMatchObject({ category: 7, categoryName: "unknown" });
  });
});

// The real data set is read from shared/ (evaluation only; never copied into the package).
const path = new URL("../../../../../shared/reference/locomo/locomo10.json", import.meta.url);
describe.skipIf(!existsSync(path))("LoCoMo (Maharana et al. 2024), first two conversations", () => {
  it("BM25 finds evidence turns well above chance, and session recall exceeds turn recall", async () => {
    const data = JSON.parse(readFileSync(path, "utf8"));
    const result = await evaluateLocomo(data, { retriever: "bm25", ks: [5, 10], maxConversations: 2 });
    expect(result.overall.questions).toBeGreaterThan(200);
    const turnR10 = result.overall.turn.recall["10"] ?? 0;
    // ~600 turns per conversation: chance recall@10 is below 2%.
    expect(turnR10).toBeGreaterThan(0.3);
    expect(result.overall.session.recall["10"] ?? 0).toBeGreaterThan(turnR10);
  }, 60_000);
});
