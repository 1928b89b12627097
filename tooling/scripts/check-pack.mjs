#!/usr/bin/env node
// Packs every public package (`pnpm pack`, which rewrites workspace: ranges), installs all the tarballs into
// a scratch npm project, and loads each package there with both `import` and `require`, as a user would.
// Prints one line per check and `pack: N passed, N failed`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const scratch = mkdtempSync(join(tmpdir(), "aif-pack-"));
const tarballs = join(scratch, "tarballs");
mkdirSync(tarballs);
let passed = 0;
let failed = 0;
const packages = [];
for (const name of readdirSync(join(root, "packages"))) {
  const dir = join(root, "packages", name);
  if (!existsSync(join(dir, "package.json"))) continue;
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (pkg.private) continue;
  const pack = spawnSync("pnpm", ["pack", "--pack-destination", tarballs], { cwd: dir, encoding: "utf8" });
  if (pack.status !== 0) {
    console.log(`FAIL ${pkg.name}: pnpm pack\n${pack.stdout}${pack.stderr}`);
    failed += 1;
    continue;
  }
  packages.push(pkg.name);
}
const project = join(scratch, "project");
mkdirSync(project);
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, version: "0.0.0" }));
const files = readdirSync(tarballs).map((file) => join(tarballs, file));
const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...files], {
  cwd: project,
  encoding: "utf8",
  timeout: 300_000,
});
if (install.status !== 0) {
  console.log(`FAIL npm install of the packed tarballs\n${install.stdout}${install.stderr}`);
  failed += packages.length;
} else {
  for (const name of packages) {
    for (const [label, code, flags] of [
      [
        "import",
        `const m = await import(${JSON.stringify(name)}); if (Object.keys(m).length === 0) throw new Error("no exports");`,
        ["--input-type=module"],
      ],
      [
        "require",
        `const m = require(${JSON.stringify(name)}); if (Object.keys(m).length === 0) throw new Error("no exports");`,
        [],
      ],
    ]) {
      const run = spawnSync(process.execPath, [...flags, "-e", code], {
        cwd: project,
        encoding: "utf8",
        timeout: 60_000,
      });
      if (run.status === 0) {
        passed += 1;
        console.log(`ok   ${name}: ${label} from the packed tarball`);
      } else {
        failed += 1;
        console.log(`FAIL ${name}: ${label} from the packed tarball\n${run.stderr}`);
      }
    }
  }
}
rmSync(scratch, { recursive: true, force: true });
console.log(`pack: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
