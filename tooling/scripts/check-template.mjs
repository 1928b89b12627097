#!/usr/bin/env node
// The plugin template as a user gets it: examples/plugin-template copied to a temporary folder outside the
// repository (no workspace, no ../../tooling configs above it), its @aifactory/* dependencies pointed at the packed
// tarballs (in the copy's package.json only: the template keeps its published ranges), `npm install`, then its own
// typecheck, lint, test and build scripts, and its built default export loaded and validated as `aif --pack
// <package>` would. check-pack.mjs runs this with the tarballs it packed (`--tarballs <list.json>`); run alone, this
// script packs them first (`--keep` keeps the copy). Prints one line per check and `template: N passed, N failed`.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, "../..");
const TEMPLATE = "examples/plugin-template";
// What a user's copy never contains; everything else in the folder is copied as is.
const NOT_COPIED = new Set(["node_modules", "dist", "coverage", ".turbo"]);

/**
 * Packs every public package under `packages/` with `pnpm pack` (which rewrites `workspace:` ranges).
 *
 * @param {string} root - the repository root
 * @param {string} destination - the folder the tarballs go to
 * @returns {{ tarballs: { name: string, version: string, file: string }[], failures: { name: string, output: string }[] }}
 */
export function packPublicPackages(root, destination) {
  const tarballs = [];
  const failures = [];
  for (const folder of readdirSync(join(root, "packages"))) {
    const dir = join(root, "packages", folder);
    if (!existsSync(join(dir, "package.json"))) continue;
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (pkg.private) continue;
    const before = new Set(readdirSync(destination));
    const pack = spawnSync("pnpm", ["pack", "--pack-destination", destination], { cwd: dir, encoding: "utf8" });
    const added = readdirSync(destination).filter((file) => !before.has(file) && file.endsWith(".tgz"));
    if (pack.status !== 0 || added.length !== 1) {
      failures.push({ name: pkg.name, output: `${pack.stdout}${pack.stderr}` });
      continue;
    }
    tarballs.push({ name: pkg.name, version: pkg.version, file: join(destination, added[0]) });
  }
  return { tarballs, failures };
}

/**
 * Whether `version` satisfies `range` for the range forms a template uses: `^x.y.z`, `~x.y.z` and `x.y.z`.
 *
 * @param {string} version
 * @param {string} range
 * @returns {boolean | undefined} undefined for a range form not handled here
 */
export function satisfiesSimpleRange(version, range) {
  const parse = (text) => text.split(".").map(Number);
  const match = /^([\^~]?)(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (match === null || !/^\d+\.\d+\.\d+$/.test(version)) return undefined;
  const [operator, base] = [match[1], parse(match[2])];
  const v = parse(version);
  const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  if (compare(v, base) < 0) return false;
  if (operator === "") return compare(v, base) === 0;
  if (operator === "~") return v[0] === base[0] && v[1] === base[1];
  // Caret: the left-most non-zero part is fixed (^0.1.0 allows 0.1.x, not 0.2.0).
  if (base[0] > 0) return v[0] === base[0];
  if (base[1] > 0) return v[0] === 0 && v[1] === base[1];
  return compare(v, base) === 0;
}

/**
 * Problems that keep the template from working outside the repository, before anything is installed:
 * `@aifactory/*` specs that are not published ranges or that the packed versions do not satisfy, and config
 * files that reach out of the folder.
 *
 * @param {string} templateDir
 * @param {{ name: string, version: string }[]} packages - the packages as packed
 * @returns {string[]}
 */
export function templateProblems(templateDir, packages) {
  const problems = [];
  const pkg = JSON.parse(readFileSync(join(templateDir, "package.json"), "utf8"));
  const versions = new Map(packages.map((entry) => [entry.name, entry.version]));
  for (const field of ["dependencies", "devDependencies", "peerDependencies"]) {
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      if (!name.startsWith("@aifactory/")) continue;
      const version = versions.get(name);
      const ok = version === undefined ? undefined : satisfiesSimpleRange(version, spec);
      if (version === undefined) problems.push(`${field}.${name}: no public package of that name was packed`);
      else if (ok === undefined)
        problems.push(`${field}.${name}: "${spec}" is not a published range such as ^${version}`);
      else if (!ok) {
        problems.push(`${field}.${name}: "${spec}" does not accept the current version ${version} (use ^${version})`);
      }
    }
  }
  for (const file of ["tsconfig.json", "tsconfig.build.json", "vitest.config.ts", "biome.json"]) {
    const path = join(templateDir, file);
    if (!existsSync(path)) {
      if (file !== "tsconfig.build.json") problems.push(`${file}: missing (the template needs its own)`);
      continue;
    }
    if (/["']\.\.\//.test(readFileSync(path, "utf8"))) problems.push(`${file}: reaches outside the folder (../)`);
  }
  return problems;
}

/**
 * Copies the template out, installs it against the tarballs and runs its scripts. Each step is one check.
 *
 * @param {{ root?: string, tarballs: { name: string, version: string, file: string }[], log?: (line: string) => void, keep?: boolean }} options
 * @returns {{ passed: number, failed: number, copy: string }}
 */
export function checkTemplate({ root = repositoryRoot, tarballs, log = console.log, keep = false }) {
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  const report = (ok, label, detail = "") => {
    if (ok) passed += 1;
    else failed += 1;
    log(`${ok ? "ok  " : "FAIL"} template: ${label}${detail === "" ? "" : `\n${detail}`}`);
    return ok;
  };
  const templateDir = join(root, TEMPLATE);
  const problems = templateProblems(templateDir, tarballs);
  report(problems.length === 0, "published @aifactory ranges and its own configs", problems.join("\n"));

  const copy = mkdtempSync(join(tmpdir(), "aif-template-"));
  cpSync(templateDir, copy, { recursive: true, filter: (source) => !NOT_COPIED.has(basename(source)) });
  const pkg = JSON.parse(readFileSync(join(copy, "package.json"), "utf8"));
  const fileSpec = new Map(tarballs.map((entry) => [entry.name, `file:${entry.file}`]));
  // npm takes an override of a direct dependency only when both specs are the same; the overrides also pin the
  // packages' own @aifactory dependencies (exact versions after `pnpm pack`) to the tarballs.
  for (const field of ["dependencies", "devDependencies"]) {
    for (const name of Object.keys(pkg[field] ?? {})) {
      if (fileSpec.has(name)) pkg[field][name] = fileSpec.get(name);
    }
  }
  pkg.overrides = { ...pkg.overrides, ...Object.fromEntries(fileSpec) };
  writeFileSync(join(copy, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);

  const env = { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", CI: "1" };
  const run = (args, timeout = 300_000) => {
    const started = Date.now();
    const result = spawnSync("npm", args, { cwd: copy, encoding: "utf8", env, timeout });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}`, seconds };
  };
  const install = run(["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]);
  if (
    !report(
      install.ok,
      `npm install in a copy outside the repository (${install.seconds} s)`,
      install.ok ? "" : install.output,
    )
  ) {
    failed += 5;
    log("FAIL template: typecheck, lint, test, build and load not run (install failed)");
  } else {
    const typecheck = run(["run", "typecheck"]);
    report(typecheck.ok, `npm run typecheck (${typecheck.seconds} s)`, typecheck.ok ? "" : typecheck.output);
    const lint = run(["run", "lint"]);
    report(lint.ok, `npm run lint (${lint.seconds} s)`, lint.ok ? "" : lint.output);
    const test = run(["test"]);
    const tests = test.output.match(/Tests\s+(\d+) passed/);
    report(
      test.ok && tests !== null,
      `npm test (${tests === null ? "no passing tests reported" : `${tests[1]} tests`}, ${test.seconds} s)`,
      test.ok && tests !== null ? "" : test.output,
    );
    const build = run(["run", "build"]);
    report(build.ok, `npm run build (${build.seconds} s)`, build.ok ? "" : build.output);
    // What `aif --pack <package>` does with an installed pack: import it by name, take the default export,
    // validate it as a pack. The package imports itself here through its own `exports`.
    const load = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const pack = (await import(${JSON.stringify(pkg.name)})).default;
         const { validateFactoryPack } = await import("@aifactory/planner");
         const result = validateFactoryPack(pack);
         if (!result.valid) throw new Error(JSON.stringify(result.problems));
         console.log(result.pack);`,
      ],
      { cwd: copy, encoding: "utf8", env, timeout: 60_000 },
    );
    report(
      load.status === 0,
      `the built package's default export loads by name and validates (${(load.stdout ?? "").trim()})`,
      load.status === 0 ? "" : `${load.stdout}${load.stderr}`,
    );
  }
  if (!keep) rmSync(copy, { recursive: true, force: true });
  else log(`template: the copy is kept in ${copy}`);
  log(`template: copy, install and checks took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { passed, failed, copy };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // `--tarballs <list.json>`: the tarballs check-pack.mjs packed ([{ name, version, file }]); otherwise pack here.
  const listIndex = process.argv.indexOf("--tarballs");
  const scratch = mkdtempSync(join(tmpdir(), "aif-template-pack-"));
  let tarballs;
  let failures = [];
  if (listIndex > 0 && process.argv[listIndex + 1] !== undefined) {
    tarballs = JSON.parse(readFileSync(process.argv[listIndex + 1], "utf8"));
  } else {
    const tarballDir = join(scratch, "tarballs");
    mkdirSync(tarballDir);
    ({ tarballs, failures } = packPublicPackages(repositoryRoot, tarballDir));
    for (const failure of failures) console.log(`FAIL ${failure.name}: pnpm pack\n${failure.output}`);
  }
  const result = checkTemplate({ tarballs, keep: process.argv.includes("--keep") });
  rmSync(scratch, { recursive: true, force: true });
  const failed = result.failed + failures.length;
  console.log(`template: ${result.passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
