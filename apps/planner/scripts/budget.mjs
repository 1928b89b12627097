#!/usr/bin/env node
// Prints the size of the built app's JavaScript (raw and gzip, per file and in total) against the budget of
// 400 KB gzip, and writes <repo>/.artifacts/planner-budget.json. Run after `vite build`. Exits 1 over budget.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_GZIP_BYTES = 400 * 1000;
const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const assets = join(appDir, "dist/assets");
if (!existsSync(assets)) {
  console.error("dist/assets is missing: run `vite build` (pnpm --filter @aifactory/planner-app build) first");
  process.exit(2);
}
const files = readdirSync(assets)
  .filter((name) => name.endsWith(".js"))
  .map((name) => {
    const bytes = readFileSync(join(assets, name));
    return { name, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  })
  .sort((a, b) => b.gzipBytes - a.gzipBytes);
const total = files.reduce((sum, file) => ({ raw: sum.raw + file.rawBytes, gzip: sum.gzip + file.gzipBytes }), {
  raw: 0,
  gzip: 0,
});
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
for (const file of files)
  console.log(`${file.name.padEnd(40)} ${kb(file.rawBytes).padStart(10)} ${kb(file.gzipBytes).padStart(10)} gzip`);
const within = total.gzip <= BUDGET_GZIP_BYTES;
console.log(
  `total JS ${kb(total.raw)}, ${kb(total.gzip)} gzip (budget ${kb(BUDGET_GZIP_BYTES)}): ${within ? "within" : "OVER"}`,
);
const artifacts = resolve(appDir, "../../.artifacts");
mkdirSync(artifacts, { recursive: true });
writeFileSync(
  join(artifacts, "planner-budget.json"),
  `${JSON.stringify({ files, totalRawBytes: total.raw, totalGzipBytes: total.gzip, budgetGzipBytes: BUDGET_GZIP_BYTES, within }, null, 2)}\n`,
);
process.exit(within ? 0 : 1);
