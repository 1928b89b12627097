#!/usr/bin/env node
// `pnpm test`: the whole check. Build, typecheck, lint, unit tests with coverage, package-shape checks, the
// docs build and the browser tests, in that order; every step runs even if an earlier one failed, so one run
// shows every problem. Ends with one plain line `N passed, N failed` counting every test and check it ran.
// What the tests need from the machine is found or installed first (tooling/scripts/chromium.mjs): Chromium for
// the browser tests, and Mesa EGL for the WebGPU kernel tests (skipped, with a one-line note, without it).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { ensureMesaEgl, findOrInstallChromium } from "./chromium.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1", FORCE_COLOR: "0" };
mkdirSync(join(root, ".artifacts"), { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function step(label, command, args, options = {}) {
  const started = Date.now();
  process.stdout.write(`\n=== ${label}\n`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: options.capture ? "pipe" : "inherit",
    env,
    encoding: "utf8",
  });
  if (options.capture) process.stdout.write((result.stdout ?? "") + (result.stderr ?? ""));
  const ok = result.status === 0;
  process.stdout.write(
    `=== ${label}: ${ok ? "ok" : `FAILED (exit ${result.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return { ok, output: (result.stdout ?? "") + (result.stderr ?? "") };
}

/**
 * Runs a step like {@link step} with its output shown as it comes and kept (the last 4 MB), for steps whose
 * problems must be repeated at the end.
 */
async function stepKeepingOutput(label, command, args) {
  const started = Date.now();
  process.stdout.write(`\n=== ${label}\n`);
  const chunks = [];
  let kept = 0;
  const keep = (chunk) => {
    chunks.push(chunk);
    kept += chunk.length;
    while (kept > 4 * 1024 * 1024 && chunks.length > 1) kept -= chunks.shift().length;
  };
  const status = await new Promise((resolveStatus) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["inherit", "pipe", "pipe"] });
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      keep(chunk);
    });
    child.stderr.on("data", (chunk) => {
      process.stderr.write(chunk);
      keep(chunk);
    });
    child.on("error", (error) => {
      keep(Buffer.from(`${error.message}\n`));
      resolveStatus(null);
    });
    child.on("close", (code) => resolveStatus(code));
  });
  const ok = status === 0;
  process.stdout.write(
    `=== ${label}: ${ok ? "ok" : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return { ok, output: Buffer.concat(chunks).toString("utf8") };
}

/**
 * What vitest printed about errors outside the tests (unhandled errors, failed suites and hooks): at most
 * `limit` lines from the first such section, for the end of the output.
 */
function vitestErrorSections(output, limit = 40) {
  const lines = stripVTControlCharacters(output).split("\n");
  const start = lines.findIndex((line) =>
    /Unhandled (Errors?|Rejection)|Failed Suites? \d|Error: Hook timed out/.test(line),
  );
  if (start < 0) return [];
  return lines.slice(start, start + limit).map((line) => `  ${line}`);
}

function countStep(label, ok) {
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

const build = step("build", bin("turbo"), ["run", "build", "--output-logs=errors-only"]);
countStep("build", build.ok);
countStep("typecheck", step("typecheck", bin("turbo"), ["run", "typecheck", "--output-logs=errors-only"]).ok);
countStep("lint", step("lint (biome)", bin("biome"), ["check", "."]).ok);

// The tooling scripts' own tests (node:test; the root vitest config covers packages, apps and examples only).
const scriptsDir = join(root, "tooling/scripts");
const scriptTests = readdirSync(scriptsDir)
  .filter((name) => name.endsWith(".test.mjs"))
  .map((name) => join(scriptsDir, name));
if (scriptTests.length > 0) {
  const tooling = step("tooling script tests (node --test)", process.execPath, ["--test", ...scriptTests], {
    capture: true,
  });
  const pass = tooling.output.match(/^# pass (\d+)$/m);
  const fail = tooling.output.match(/^# fail (\d+)$/m);
  if (pass && fail) {
    passed += Number(pass[1]);
    failed += Number(fail[1]);
    if (Number(fail[1]) > 0 || !tooling.ok) failures.push("tooling script tests");
  } else countStep("tooling script tests (no summary)", false);
}

// WebGPU kernel tests without a GPU need Mesa EGL: installed here as root with apt-get, else one note (they skip).
const mesaNote = ensureMesaEgl({ log: (line) => process.stdout.write(`${line}\n`) });
if (mesaNote !== undefined) process.stdout.write(`\n${mesaNote}\n`);

// The failed unit tests, one line each (file, name, the first line of the failure), repeated at the very end:
// CI shows only the tail of a run's output.
const failedTests = [];
function failedTestLines(report) {
  const lines = [];
  for (const file of report.testResults ?? []) {
    const name = file.name.startsWith(root) ? file.name.slice(root.length + 1) : file.name;
    for (const test of file.assertionResults ?? []) {
      if (test.status !== "failed") continue;
      const message = (test.failureMessages?.[0] ?? "").split("\n")[0].slice(0, 300);
      lines.push(`FAILED ${name} > ${test.fullName}: ${message}`);
    }
    if (file.status === "failed" && (file.message ?? "") !== "") {
      lines.push(`FAILED ${name}: ${(file.message ?? "").split("\n")[0].slice(0, 300)}`);
    }
  }
  return lines;
}

const reportFile = join(root, ".artifacts", "vitest.json");
rmSync(reportFile, { force: true });
const unit = await stepKeepingOutput("unit tests (vitest, coverage)", bin("vitest"), [
  "run",
  "--coverage",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${reportFile}`,
]);
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (report.numFailedTests > 0 || !unit.ok) failures.push("unit tests");
  if (report.numFailedTests === 0 && !unit.ok) failed += 1;
  failedTests.push(...failedTestLines(report));
  if (!unit.ok && report.numFailedTests === 0) {
    failedTests.push(`FAILED unit tests: vitest exited non-zero with no failed test (an error outside the tests)`);
  }
  if (!unit.ok) failedTests.push(...vitestErrorSections(unit.output));
} else {
  countStep("unit tests (no report written)", false);
}

const shape = step(
  "package shape (publint --strict, attw --pack)",
  process.execPath,
  [join(root, "tooling/scripts/check-shape.mjs")],
  {
    capture: true,
  },
);
const shapeLine = shape.output.match(/shape: (\d+) passed, (\d+) failed/);
if (shapeLine) {
  passed += Number(shapeLine[1]);
  failed += Number(shapeLine[2]);
  if (Number(shapeLine[2]) > 0) failures.push("package shape");
} else countStep("package shape", false);

const pack = step(
  "packed tarballs: import, require, and the plugin template copied out",
  process.execPath,
  [join(root, "tooling/scripts/check-pack.mjs")],
  {
    capture: true,
  },
);
const packLine = pack.output.match(/pack: (\d+) passed, (\d+) failed/);
if (packLine) {
  passed += Number(packLine[1]);
  failed += Number(packLine[2]);
  if (Number(packLine[2]) > 0) failures.push("packed tarballs");
} else countStep("packed tarballs", false);

if (existsSync(join(root, "apps/docs/scripts/build.mjs"))) {
  countStep(
    "docs",
    step("docs build (typedoc, guides, link check)", bin("turbo"), ["run", "docs", "--output-logs=errors-only"]).ok,
  );
}

const e2eReport = join(root, ".artifacts", "e2e.json");
if (existsSync(join(root, "apps/planner/e2e/run.mjs"))) {
  rmSync(e2eReport, { force: true });
  let chromium;
  try {
    chromium = findOrInstallChromium({ log: (line) => process.stdout.write(`${line}\n`) });
  } catch (error) {
    process.stdout.write(`\n=== browser tests (chromium): not run\nerror: ${error.message}\n`);
  }
  if (chromium !== undefined) {
    process.stdout.write(`\nchromium: ${chromium}\n`);
    env.CHROMIUM_PATH = chromium;
    // apps/planner/turbo.json passes CHROMIUM_PATH through to the e2e task.
    step("browser tests (chromium)", bin("turbo"), ["run", "e2e", "--output-logs=full", "--concurrency=1"]);
  }
  if (existsSync(e2eReport)) {
    const report = JSON.parse(readFileSync(e2eReport, "utf8"));
    passed += report.passed;
    failed += report.failed;
    if (report.failed > 0) failures.push("browser tests");
  } else countStep(chromium === undefined ? "browser tests (no Chromium)" : "browser tests (no report written)", false);
}

process.stdout.write(`\n${failures.length > 0 ? `failed: ${failures.join(", ")}\n` : ""}`);
for (const line of failedTests) process.stdout.write(`${line}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}\n`);
process.exit(failed > 0 || failures.length > 0 ? 1 : 0);
