/**
 * Runs the LoCoMo retrieval evaluation for every retriever preset and prints one JSON line each.
 * Usage: pnpm --filter @aifactory/memory run eval:locomo [path/to/locomo10.json]
 * The data set is read from ../shared/reference/locomo/ by default and never copied into the package.
 */
import { readFileSync } from "node:fs";
import { evaluateLocomo } from "../src/index";

const path = process.argv[2] ?? new URL("../../../../shared/reference/locomo/locomo10.json", import.meta.url).pathname;
const data: unknown = JSON.parse(readFileSync(path, "utf8"));
for (const retriever of ["bm25", "hybrid", "cognitive"] as const) {
  const started = performance.now();
  const result = await evaluateLocomo(data, { retriever, ks: [5, 10] });
  console.log(JSON.stringify({ ...result, durationMs: Math.round(performance.now() - started) }));
}
