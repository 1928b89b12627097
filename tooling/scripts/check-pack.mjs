#!/usr/bin/env node
// Packs every public package (`pnpm pack`, which rewrites workspace: ranges), installs all the tarballs into
// a scratch npm project, and loads each package there with both `import` and `require`, as a user would. Beside
// that, in a second process (its npm install and tsc runs overlap the load checks' waits), the plugin template is
// copied out of the repository, installed against the same tarballs and runs its own scripts
// (check-template.mjs). Prints one line per check and `pack: N passed, N failed`.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { packPublicPackages } from "./check-template.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const scratch = mkdtempSync(join(tmpdir(), "aif-pack-"));
const tarballs = join(scratch, "tarballs");
mkdirSync(tarballs);
let passed = 0;
let failed = 0;
const packed = packPublicPackages(root, tarballs);
for (const failure of packed.failures) {
  console.log(`FAIL ${failure.name}: pnpm pack\n${failure.output}`);
  failed += 1;
}
const packages = packed.tarballs.map((entry) => entry.name);

const started = Date.now();
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);
// The template's output goes to a file, not a pipe: this process blocks in spawnSync and would not drain a pipe.
const tarballList = join(scratch, "tarballs.json");
writeFileSync(tarballList, JSON.stringify(packed.tarballs));
const templateLog = join(scratch, "template.log");
const templateOut = openSync(templateLog, "w");
const templateRun = spawn(
  process.execPath,
  [join(root, "tooling/scripts/check-template.mjs"), "--tarballs", tarballList],
  { cwd: root, stdio: ["ignore", templateOut, templateOut] },
);
const templateDone = new Promise((resolveExit) => {
  templateRun.on("error", (error) => resolveExit({ code: 1, error }));
  templateRun.on("exit", (code) => resolveExit({ code }));
});
const project = join(scratch, "project");
mkdirSync(project);
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, version: "0.0.0" }));
const files = packed.tarballs.map((entry) => entry.file);
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
const loadSeconds = seconds(started);
const templateExit = await templateDone;
closeSync(templateOut);
const templateOutput = readFileSync(templateLog, "utf8");
process.stdout.write(templateOutput);
const templateLine = templateOutput.match(/^template: (\d+) passed, (\d+) failed$/m);
if (templateLine !== null) {
  passed += Number(templateLine[1]);
  failed += Number(templateLine[2]);
} else {
  failed += 1;
  console.log(
    `FAIL template: check-template.mjs printed no summary (exit ${templateExit.code}) ${templateExit.error ?? ""}`,
  );
}
console.log(`pack: install and load checks took ${loadSeconds} s, with the template check running beside them`);
rmSync(scratch, { recursive: true, force: true });
console.log(`pack: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
