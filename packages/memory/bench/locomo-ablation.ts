/**
 * LoCoMo ablation: BM25 plus one cognitive component at a time, with fixed, untuned settings, to show what
 * each adds or costs. Usage: tsx --conditions=source bench/locomo-ablation.ts [path/to/locomo10.json]
 */
import { readFileSync } from "node:fs";
import { evaluateLocomo, type ScoringOptionsInput } from "../src/index";

const path = process.argv[2] ?? new URL("../../../../shared/reference/locomo/locomo10.json", import.meta.url).pathname;
const data: unknown = JSON.parse(readFileSync(path, "utf8"));
const variants: Array<[string, ScoringOptionsInput]> = [
  ["bm25", {}],
  ["+activation (w 0.3)", { activation: { enabled: true, weight: 0.3 } }],
  ["+decay power 30 d (w 0.3)", { decay: { enabled: true, weight: 0.3, curve: "power", halfLifeHours: 720 } }],
  [
    "+decay exponential 30 d (w 0.3)",
    { decay: { enabled: true, weight: 0.3, curve: "exponential", halfLifeHours: 720 } },
  ],
  ["generative agents (paper weights)", { generativeAgents: { enabled: true } }],
];
for (const [label, scoring] of variants) {
  const r = await evaluateLocomo(data, { retriever: "bm25", scoring, ks: [5, 10] });
  console.log(JSON.stringify({ label, overall: r.overall }));
}
