#!/usr/bin/env node
// Checks the published shape of library packages: `publint --strict` and `attw --pack`.
//   node tooling/scripts/check-shape.mjs [package-dir ...]   (default: every public package under packages/)
// Prints one line per check and, last, `shape: N passed, N failed`. Exits 1 if any check failed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = (name) => join(root, "node_modules", ".bin", name);
let dirs = process.argv.slice(2).map((d) => resolve(d));
if (dirs.length === 0) {
  dirs = readdirSync(join(root, "packages"))
    .map((name) => join(root, "packages", name))
    .filter((dir) => existsSync(join(dir, "package.json")));
}
let passed = 0;
let failed = 0;
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (pkg.private) continue;
  if (!existsSync(join(dir, "dist"))) {
    console.log(`FAIL ${pkg.name}: no dist/ (run pnpm build first)`);
    failed += 2;
    continue;
  }
  const checks = [
    ["publint --strict", bin("publint"), ["--strict", "--level", "warning"]],
    ["attw --pack", bin("attw"), ["--pack", ".", "--format", "table-flipped", "--no-emoji"]],
  ];
  for (const [label, command, args] of checks) {
    const result = spawnSync(command, args, { cwd: dir, encoding: "utf8", timeout: 120_000 });
    if (result.status === 0) {
      passed += 1;
      console.log(`ok   ${pkg.name}: ${label}`);
    } else {
      failed += 1;
      console.log(`FAIL ${pkg.name}: ${label}\n${(result.stdout ?? "") + (result.stderr ?? "")}`);
    }
  }
}
console.log(`shape: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
