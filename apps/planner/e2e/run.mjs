#!/usr/bin/env node
// Browser tests of the planner app: builds the app if dist/ is missing, serves it with `vite preview` on
// 127.0.0.1 (a free port), drives Debian's chromium with playwright-core, saves screenshots under
// <repo>/.artifacts/screenshots and writes <repo>/.artifacts/e2e.json. Exits 1 when a test fails.
//
// Timings (first plan on screen, recompute after an edit) are measured and reported (printed, and written to
// .artifacts/e2e.json and .artifacts/planner-timings.json) but never fail the tests: a busy machine is not a bug.
// `--bench` (`pnpm bench`) runs only the timing measurements, with more cold loads, and checks them against the
// budgets (see README.md "Budgets"), next to a baseline measured in the same browser: a trivial worker round-trip.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(appDir, "../..");
const artifacts = join(repoRoot, ".artifacts");
const screenshots = join(artifacts, "screenshots");
const vite = join(appDir, "node_modules/.bin/vite");
const executablePath = (await import("../../../tooling/scripts/chromium.mjs")).chromiumPathOrExit();
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const TEST_TIMEOUT_MS = 30_000;
// `--bench`: the timing measurements only, checked against the budgets (E2E_ENFORCE_BUDGETS=0 reports them only).
const benchMode = process.argv.includes("--bench");
// Budgets from the issue: first render < 1 s from `vite preview`, recompute after an edit < 50 ms.
const FIRST_RENDER_BUDGET_MS = 1000;
const RECOMPUTE_BUDGET_MS = 50;
// Cold page loads measured for the first-render budget in a bench run (each in a fresh browser context: empty HTTP
// and code caches); the budget applies to their median.
const COLD_LOADS = 5;
const enforceBudgets = benchMode && process.env.E2E_ENFORCE_BUDGETS !== "0";
// The narrow viewport of the responsive test (a phone).
const PHONE = { width: 390, height: 844 };

mkdirSync(screenshots, { recursive: true });
// Screenshots of earlier runs that this run may not rewrite (failures, built-in scenarios since renamed).
for (const name of readdirSync(screenshots)) {
  if (/^(failed-\d+|default-.+)\.png$/.test(name)) rmSync(join(screenshots, name));
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForServer(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`vite preview did not answer on ${url} within ${timeoutMs} ms`);
}

let server;
function stopServer() {
  if (!server || server.exitCode !== null || server.killedGroup) return;
  server.killedGroup = true;
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopServer();
    process.exit(130);
  });
}
process.on("exit", stopServer);

function withTimeout(promise, ms, label) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ---- page helpers -------------------------------------------------------------------------------------------

/** Watts from a power as the page formats it ("100 MW", "983 kW", "0 W"). */
function parseWatts(text) {
  const match = /(-?[\d.,]+)\s*(GW|MW|kW|W)\b/.exec(text ?? "");
  if (!match) throw new Error(`not a power: ${text}`);
  const factor = { W: 1, kW: 1e3, MW: 1e6, GW: 1e9 }[match[2]];
  return Number(match[1].replaceAll(",", "")) * factor;
}

async function metricsText(page) {
  return page.locator('[data-testid="metrics"]').textContent();
}

async function waitForPlan(page) {
  await page.locator('[data-testid="metrics"] .metric').first().waitFor({ timeout: 15_000 });
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="status"]')?.textContent?.startsWith("planned"),
  );
}

async function waitForMetricsChange(page, before) {
  await page.waitForFunction(
    (previous) => {
      const text = document.querySelector('[data-testid="metrics"]')?.textContent;
      const status = document.querySelector('[data-testid="status"]')?.textContent ?? "";
      return text !== undefined && text !== previous && status.startsWith("planned");
    },
    before,
    { timeout: 10_000 },
  );
}

/** Waits until the charts and tables show the plan on screen (they are a deferred render). */
async function waitForPanelsCurrent(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="panels"][data-current="true"]'), null, {
    timeout: 15_000,
  });
}

/**
 * Waits until the URL hash holds exactly the given scenario (the page writes it 120 ms after the last edit, from a
 * timer and an async compression: under load that can take any time, so the test waits for the condition, not for
 * the hash to look still). Returns the hash.
 */
async function waitForHashOf(page, scenario) {
  const handle = await page.waitForFunction(
    async (expected) => {
      const hash = window.location.hash;
      const packed = new URLSearchParams(hash.slice(1)).get("z");
      const plain = new URLSearchParams(hash.slice(1)).get("s");
      const text = packed ?? plain;
      if (text === null) return false;
      const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (text.length % 4)) % 4));
      let bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
      if (packed !== null) {
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
        bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      }
      const decoded = JSON.parse(new TextDecoder().decode(bytes));
      return JSON.stringify(decoded) === JSON.stringify(expected) ? hash : false;
    },
    scenario,
    { timeout: 10_000, polling: 100 },
  );
  return handle.jsonValue();
}

/** Decodes a state hash (`#z=` deflated or `#s=` plain base64url JSON) in the page. */
async function decodeHash(page, hash) {
  return page.evaluate(async (text) => {
    const params = new URLSearchParams(text.slice(1));
    const packed = params.get("z");
    const value = packed ?? params.get("s");
    if (value === null) return null;
    const binary = atob(value.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (value.length % 4)) % 4));
    let bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    if (packed !== null) {
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    }
    return JSON.parse(new TextDecoder().decode(bytes));
  }, hash);
}

/** JSON with object keys sorted, to compare values whatever their key order. */
function canonicalJson(value) {
  return JSON.stringify(value, (_key, item) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** Waits until the plan on screen is the current scenario's (its exports are offered only then) and returns it. */
async function waitForPlanOf(page, check) {
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="status"]')?.textContent?.startsWith("planned") &&
      document.querySelector('[data-export="scenario JSON"]'),
    null,
    { timeout: 15_000 },
  );
  const scenario = JSON.parse(await exportText(page, "scenario JSON"));
  assert(check(scenario), `the scenario on screen is not the edited one: ${JSON.stringify(scenario.hardware)}`);
  return scenario;
}

async function exportText(page, label) {
  // A link's file is made when the link is about to be used (pointer over it, focus, click), as a user would.
  await page.locator(`[data-export="${label}"]`).focus();
  return page.evaluate(async (name) => {
    const link = document.querySelector(`[data-export="${name}"]`);
    if (!link) throw new Error(`no export link ${name}`);
    return (await fetch(link.href)).text();
  }, label);
}

// CPU time of the page's renderer process (main thread and workers), seconds: a load-independent companion to
// the wall-clock timings on a shared machine.
async function rendererCpuSeconds(cdp) {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((metric) => metric.name === "ProcessTime")?.value;
}

/**
 * One round-trip to a trivial worker that echoes a message, until the next painted frame: the baseline of the
 * recompute timings (an edit's plan is a worker round-trip too), measured in the same browser under the same load.
 */
async function workerRoundTripMs(page) {
  return page.evaluate(async () => {
    window.__echoWorker ??= new Worker(
      URL.createObjectURL(new Blob(["onmessage = (event) => postMessage(event.data);"], { type: "text/javascript" })),
    );
    const worker = window.__echoWorker;
    const once = () =>
      new Promise((resolve) => {
        const started = performance.now();
        worker.onmessage = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0));
        worker.postMessage({ ping: started });
      });
    await once(); // the worker's start
    return once();
  });
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const percentile = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round1 = (value) => (typeof value === "number" ? Math.round(value * 10) / 10 : value);

/**
 * Waits until the browser's own processes are idle (CPU time of all of them grows by < 5% of one core over
 * 300 ms, at most 15 s). A fresh Chromium spends a few seconds of CPU on its own start-up (in headless mode too,
 * e.g. its WebUI renderer); on a 2-core machine a page loaded meanwhile measures Chromium's start-up, not the
 * app. The page loads measured after this are still cold: each in a fresh context with empty caches.
 */
async function waitForBrowserIdle(browser) {
  const session = await browser.newBrowserCDPSession();
  const started = Date.now();
  const cpu = async () => {
    const { processInfo } = await session.send("SystemInfo.getProcessInfo");
    return processInfo.reduce((sum, process) => sum + process.cpuTime, 0);
  };
  let previous = await cpu();
  while (Date.now() - started < 15_000) {
    await new Promise((done) => setTimeout(done, 300));
    const now = await cpu();
    const busy = (now - previous) / 0.3;
    previous = now;
    if (busy < 0.05) break;
  }
  await session.detach();
  return Date.now() - started;
}

/**
 * Waits until the page reports its first plan on screen, with a small polling promise evaluated over CDP: the
 * browser-side helpers of playwright's locators would be injected (a large script) while the page is still
 * rendering its first frame, and so be measured as part of it.
 */
async function waitForFirstPlanShown(page) {
  const session = await page.context().newCDPSession(page);
  try {
    const { result, exceptionDetails } = await session.send("Runtime.evaluate", {
      expression: `new Promise((resolve) => {
        const deadline = performance.now() + 15000;
        const check = () => {
          if (window.__plannerTimings?.firstPlanPaintedMs !== undefined) resolve(true);
          else if (performance.now() > deadline) resolve(false);
          else setTimeout(check, 50);
        };
        check();
      })`,
      awaitPromise: true,
      returnByValue: true,
    });
    assert(!exceptionDetails && result.value === true, "the first plan was not shown within 15 s");
  } finally {
    await session.detach();
  }
}

/** What the page reports about its first plan: commit, paint (a frame later) and the browser's Element Timing. */
async function firstPlanTimings(page) {
  return page.evaluate(async () => {
    const state = window.__plannerTimings ?? {};
    const element = await new Promise((resolve) => {
      const observer = new PerformanceObserver((list) => {
        const entry = list.getEntries().find((item) => item.identifier === "planner-first-metric");
        if (entry) {
          observer.disconnect();
          resolve(entry.renderTime || entry.loadTime);
        }
      });
      observer.observe({ type: "element", buffered: true });
      setTimeout(() => {
        observer.disconnect();
        resolve(undefined);
      }, 2000);
    });
    const navigation = performance.getEntriesByType("navigation")[0];
    const marks = Object.fromEntries(
      performance
        .getEntriesByType("mark")
        .filter((mark) => mark.name.startsWith("planner:"))
        .map((mark) => [mark.name.slice("planner:".length), Math.round(mark.startTime)]),
    );
    return {
      firstPlanCommittedMs: state.firstPlanMs,
      firstPlanPaintedMs: state.firstPlanPaintedMs,
      firstMetricElementTimingMs: element,
      prebuilt: state.firstPlanPrebuilt,
      domContentLoadedMs: navigation?.domContentLoadedEventEnd,
      loadMs: navigation?.loadEventEnd,
      marks,
    };
  });
}

/** The time the first plan was on screen: the later of the page's own paint mark and the browser's Element Timing. */
function firstPlanOnScreen(timing) {
  const candidates = [timing.firstPlanPaintedMs, timing.firstMetricElementTimingMs].filter(
    (value) => typeof value === "number",
  );
  return candidates.length > 0 ? Math.max(...candidates) : undefined;
}

async function shot(page, name) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

// ---- main -----------------------------------------------------------------------------------------------------

const results = [];
const timings = {};
let browser;
let exitCode = 0;
try {
  if (!existsSync(join(appDir, "dist/index.html"))) {
    console.log("e2e: dist/ is missing, running vite build");
    const build = spawnSync(vite, ["build"], { cwd: appDir, stdio: "inherit" });
    if (build.status !== 0) throw new Error(`vite build failed with code ${build.status}`);
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}/`;
  server = spawn(vite, ["preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: appDir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let serverLog = "";
  server.stdout.on("data", (chunk) => (serverLog += chunk));
  server.stderr.on("data", (chunk) => (serverLog += chunk));
  try {
    await waitForServer(baseUrl, server, 30_000);
  } catch (error) {
    throw new Error(`${error.message}\n${serverLog}`);
  }

  browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  timings.browserSettledMs = await waitForBrowserIdle(browser);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });

  const tests = [
    [
      "load: the default scenario renders its metrics",
      async () => {
        await page.goto(baseUrl);
        await waitForFirstPlanShown(page);
        await waitForPlan(page);
        const cpuAtFirstPlan = await rendererCpuSeconds(cdp);
        const text = await metricsText(page);
        const count = await page.locator('[data-testid="metrics"] .metric').count();
        assert(count >= 4, `expected at least 4 metric cards, got ${count}`);
        assert(/\d/.test(text), "metric cards show no numbers");
        assert((await page.locator('[data-testid="plan-error"]').count()) === 0, "the default plan shows an error");
        await page.waitForFunction(
          () => document.querySelectorAll("figure.chart svg.recharts-surface").length >= 5,
          null,
          {
            timeout: 15_000,
          },
        );
        const first = await firstPlanTimings(page);
        timings.firstRender = {
          firstPlanOnScreenMs: round1(firstPlanOnScreen(first)),
          ...first,
          rendererCpuMsUntilFirstPlan: cpuAtFirstPlan * 1000,
          loadAverage1m: loadavg()[0],
        };
        assert(typeof first.firstPlanPaintedMs === "number", "no first-plan timing recorded");
        assert(pageErrors.length === 0, `page errors: ${pageErrors.join(" | ")}`);
        await waitForPanelsCurrent(page);
        // The accelerator's notes under its sources: the worker's bundle has no catalog notes, it fetches the
        // built-in accelerators' notes (hardware/accelerator-notes.json, see vite.config.ts) when the panel asks.
        const notes = page.locator('section[aria-labelledby="assumptions-title"] details ul.muted.small li');
        await notes.first().waitFor({ state: "attached", timeout: 10_000 });
        const noteTexts = await notes.allTextContents();
        assert(
          noteTexts.some((note) => /HBM bandwidth/.test(note)),
          `the H100's notes are not listed: ${noteTexts.join(" | ")}`,
        );
        await shot(page, "01-load");
      },
    ],
    [
      "defaults: every built-in scenario plans and renders its panels",
      async () => {
        const picker = page.locator('[data-testid="scenario-picker"]');
        const ids = await picker.locator("option").evaluateAll((options) => options.map((option) => option.value));
        assert(ids.length >= 1, "no built-in scenarios in the picker");
        for (const id of [...ids.slice(1), ids[0]]) {
          const before = await metricsText(page);
          await picker.selectOption(id);
          if (id !== ids[0] || ids.length > 1) await waitForMetricsChange(page, before);
          assert((await page.locator('[data-testid="plan-error"]').count()) === 0, `${id} shows a plan error`);
          // The charts are a deferred render: wait until they show this scenario's plan.
          await page.waitForFunction(
            (scenarioId) =>
              document.querySelector(`[data-testid="panels"][data-scenario="${scenarioId}"][data-current="true"]`) &&
              document.querySelectorAll("figure.chart svg.recharts-surface").length >= 5,
            id,
            { timeout: 15_000 },
          );
          await page.screenshot({ path: join(screenshots, `default-${id}.png`) });
        }
        assert(pageErrors.length === 0, `page errors: ${pageErrors.join(" | ")}`);
      },
    ],
    [
      "fleet: the fleet scenario shows its designs panel (P99 and $/Mtoken vs rate per accelerator, designs table)",
      async () => {
        const fleetId = "llama-3.1-8b-fleet-h100-poisson";
        const picker = page.locator('[data-testid="scenario-picker"]');
        const firstId = await picker.inputValue();
        assert((await page.locator('[data-testid="fleet-panel"]').count()) === 0, `${firstId} shows a fleet panel`);
        // The tests after this one edit the first scenario: go back to it even when an assertion fails here.
        try {
          const before = await metricsText(page);
          await picker.selectOption(fleetId);
          await waitForMetricsChange(page, before);
          await page.waitForFunction(
            (scenarioId) =>
              document.querySelector(`[data-testid="panels"][data-scenario="${scenarioId}"][data-current="true"]`),
            fleetId,
            { timeout: 15_000 },
          );
          const panel = page.locator('[data-testid="fleet-panel"]');
          await panel.waitFor({ timeout: 15_000 });
          for (const chart of ["ttft", "tpot", "cost"]) {
            const figure = panel.locator(`[data-testid="fleet-chart-${chart}"]`);
            await figure.locator("path.recharts-line-curve").first().waitFor({ timeout: 15_000 });
            const lines = await figure.locator("path.recharts-line-curve").count();
            assert(lines === 3, `fleet ${chart} chart draws ${lines} series, expected 3 (H100, B200, A100)`);
            const description = await figure.evaluate(
              (node) => document.getElementById(node.getAttribute("aria-describedby") ?? "")?.textContent ?? "",
            );
            assert(/nvidia-b200:/.test(description), `fleet ${chart} chart has no text alternative`);
          }
          const legend = await panel.locator(".series-legend li").allTextContents();
          const accelerators = ["nvidia-h100-sxm", "nvidia-b200", "nvidia-a100-sxm-80gb"];
          assert(legend.join() === accelerators.join(), `the fleet charts' key is ${legend.join(", ")}`);
          for (const chart of ["ttft", "tpot"]) {
            const figure = panel.locator(`[data-testid="fleet-chart-${chart}"]`);
            const references = await figure.locator(".recharts-reference-line").count();
            const labels = await figure.locator(".recharts-label").allTextContents();
            assert(
              references === 2 && labels.some((label) => /^SLO /.test(label)),
              `fleet ${chart} chart lacks its SLO reference line (${references} references, labels ${labels.join(", ")})`,
            );
          }
          const rows = await panel.locator('[data-testid="fleet-designs"] tbody tr').count();
          assert(rows === 3, `the designs table has ${rows} rows, expected 3`);
          const headers = await panel.locator('[data-testid="fleet-designs"] thead th').allTextContents();
          assert(headers.includes("$/Mtoken") && headers.includes("meets SLO"), `designs table headers: ${headers}`);
          const genericHeadroom = await page.locator("figcaption", { hasText: "performance.headroom" }).count();
          assert(genericHeadroom === 0, "the generic headroom curve is drawn next to the fleet panel");
          await panel.scrollIntoViewIfNeeded();
          await panel.screenshot({ path: join(screenshots, "07-fleet-panel.png") });
        } finally {
          if ((await picker.inputValue()) !== firstId) {
            const fleetMetrics = await metricsText(page);
            await picker.selectOption(firstId);
            await waitForMetricsChange(page, fleetMetrics);
            await waitForPanelsCurrent(page);
          }
        }
        assert((await page.locator('[data-testid="fleet-panel"]').count()) === 0, "the fleet panel outlives its plan");
        assert(pageErrors.length === 0, `page errors: ${pageErrors.join(" | ")}`);
      },
    ],
    [
      "edit: changing the accelerator count changes the result",
      async () => {
        const count = page.locator("#field-hardware-count");
        const original = await count.inputValue();
        const cpuMs = [];
        for (const value of ["512", "2048", "256", original]) {
          const before = await metricsText(page);
          await page.waitForTimeout(300); // let the previous edit's deferred chart render finish
          const cpuBefore = await rendererCpuSeconds(cdp);
          await count.fill(value);
          await waitForMetricsChange(page, before);
          cpuMs.push((await rendererCpuSeconds(cdp)) - cpuBefore);
        }
        timings.rendererCpuMsPerEdit = cpuMs.map((seconds) => seconds * 1000);
        // A few more edits of other kinds for the recompute timings.
        const tokens = page.locator("#field-workload-tokens");
        const tokensOriginal = await tokens.inputValue();
        for (const value of ["10000000000000", tokensOriginal]) {
          const before = await metricsText(page);
          await tokens.fill(value);
          await waitForMetricsChange(page, before);
        }
        const before = await metricsText(page);
        await count.fill("2048");
        await waitForMetricsChange(page, before);
        const after = await metricsText(page);
        assert(after !== before, "metrics did not change after the edit");
        await waitForPanelsCurrent(page);
        await shot(page, "02-edited");
        await count.fill(original);
        await waitForMetricsChange(page, after);
      },
    ],
    [
      "invalid value: an inline error appears next to the field",
      async () => {
        const count = page.locator("#field-hardware-count");
        const original = await count.inputValue();
        await count.fill("-5");
        const error = page.locator("#field-hardware-count-error");
        await error.waitFor({ timeout: 5_000 });
        const message = await error.textContent();
        assert(message.length > 0, "the inline error is empty");
        assert((await count.getAttribute("aria-invalid")) === "true", "the field is not marked aria-invalid");
        const describedBy = (await count.getAttribute("aria-describedby")) ?? "";
        assert(describedBy.includes("field-hardware-count-error"), "the error is not linked with aria-describedby");
        assert((await page.locator('[data-testid="problems"]').count()) === 1, "no problem summary");
        await page.locator("#field-hardware-count").scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(screenshots, "03-invalid.png") });
        await page.locator("fieldset#field-hardware").screenshot({ path: join(screenshots, "03-invalid-field.png") });
        await count.fill("abc");
        await error.waitFor();
        await count.fill(original);
        await error.waitFor({ state: "detached", timeout: 5_000 });
      },
    ],
    [
      "share URL: a new page opened on the link shows the same scenario",
      async () => {
        const before = await metricsText(page);
        await page.locator("#field-hardware-count").fill("256");
        await page.locator("#field-site-region").fill("us-tx");
        await waitForMetricsChange(page, before);
        // Deterministic: wait for the conditions (the plan on screen is the edited scenario's, the hash holds that
        // scenario), not for a quiet period.
        const scenario = await waitForPlanOf(
          page,
          (value) => value.hardware?.count === 256 && value.site?.region === "us-tx",
        );
        const hash = await waitForHashOf(page, scenario);
        await page.getByRole("button", { name: "Share link" }).click();
        const shared = await page.locator(".share-link").inputValue();
        // The link is this page's address with a hash that holds the edited scenario (compared as data: a state
        // update between the hash above and the click may re-encode the same scenario with its keys in another order).
        assert(new URL(shared).pathname === new URL(page.url()).pathname, "the share link is not this page's URL");
        const sharedScenario = await decodeHash(page, new URL(shared).hash);
        assert(
          canonicalJson(sharedScenario) === canonicalJson(scenario) || shared.endsWith(hash),
          "the share link's hash does not hold the edited scenario",
        );
        const scenarioHere = await exportText(page, "scenario JSON");
        const metricsHere = await metricsText(page);
        const other = await context.newPage();
        try {
          await other.goto(shared);
          await waitForPlan(other);
          assert((await other.locator("#field-hardware-count").inputValue()) === "256", "count not restored");
          assert((await other.locator("#field-site-region").inputValue()) === "us-tx", "region not restored");
          assert((await exportText(other, "scenario JSON")) === scenarioHere, "scenario JSON differs");
          assert((await metricsText(other)) === metricsHere, "metrics differ");
          await waitForPanelsCurrent(other);
          await shot(other, "04-shared");
        } finally {
          await other.close();
        }
      },
    ],
    [
      "export: JSON, CSV and Markdown downloads have the right content",
      async () => {
        const contents = {};
        for (const label of ["scenario JSON", "plan JSON", "CSV", "Markdown"]) {
          const [download] = await Promise.all([
            page.waitForEvent("download"),
            page.locator(`[data-export="${label}"]`).click(),
          ]);
          const path = await download.path();
          contents[label] = { name: download.suggestedFilename(), text: readFileSync(path, "utf8") };
        }
        const scenario = JSON.parse(contents["scenario JSON"].text);
        const plan = JSON.parse(contents["plan JSON"].text);
        assert(contents["scenario JSON"].name.endsWith(".scenario.json"), "scenario file name");
        assert(scenario.hardware?.count === 256, "scenario JSON lacks the edited count");
        assert(plan.scenario?.id === scenario.id, "plan JSON is for another scenario");
        assert(Array.isArray(plan.metrics) && plan.metrics.length > 0, "plan JSON has no metrics");
        const cards = await page
          .locator('[data-testid="metrics"] [data-metric]')
          .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-metric")));
        for (const metric of plan.metrics) assert(cards.includes(metric.id), `metric ${metric.id} is not shown`);
        const csvLines = contents.CSV.text.trim().split("\n");
        assert(contents.CSV.name.endsWith(".csv"), "CSV file name");
        assert(csvLines[0] === "section,name,value,unit", `CSV header is ${csvLines[0]}`);
        for (const metric of plan.metrics) {
          assert(
            csvLines.some((line) => line.startsWith(`metric,${metric.id},${metric.value}`)),
            `CSV lacks ${metric.id}`,
          );
        }
        const markdown = contents.Markdown.text;
        assert(markdown.startsWith(`# ${plan.scenario.name}`), "Markdown does not start with the scenario name");
        for (const metric of plan.metrics)
          assert(markdown.includes(`| ${metric.label} |`), `Markdown lacks ${metric.label}`);
        assert(markdown.includes("## Assumptions"), "Markdown lacks the assumptions");
        // Launch scripts (#21): a pretraining plan offers Megatron-LM and torchtitan, loaded after the plan.
        await page.locator('[data-export="Megatron"]').waitFor({ timeout: 10_000 });
        const [launch] = await Promise.all([
          page.waitForEvent("download"),
          page.locator('[data-export="Megatron"]').click(),
        ]);
        const script = readFileSync(await launch.path(), "utf8");
        assert(launch.suggestedFilename().endsWith(".megatron.sh"), "Megatron launch file name");
        assert(script.startsWith("#!/bin/sh\n"), "the launch script is not a shell script");
        assert(
          script.includes("pretrain_gpt.py --tensor-model-parallel-size"),
          "the launch script has no Megatron command",
        );
        assert(script.includes("--nproc-per-node=8 --nnodes=32"), "the launch script is not for the edited GPU count");
      },
    ],
    [
      "explore: the Pareto sweep runs in the worker and draws its front",
      async () => {
        const button = page.getByRole("button", { name: /^Explore / });
        await button.scrollIntoViewIfNeeded();
        await button.click();
        await page.locator('[data-testid="explore-summary"]').waitFor({ timeout: 25_000 });
        const summary = await page.locator('[data-testid="explore-summary"]').textContent();
        assert(/on the Pareto front/.test(summary), `unexpected summary: ${summary}`);
        assert(!/ 0 on the Pareto front/.test(summary), "the Pareto front is empty");
        // Every point is named: an SVG title per dot, and a row per configuration in the table.
        const evaluated = Number(/^(\d+) configurations/.exec(summary)?.[1]);
        const rows = await page.locator('[data-testid="explore-points"] tbody tr').count();
        assert(rows === evaluated, `the configurations table has ${rows} rows for ${evaluated} configurations`);
        const titles = await page
          .locator(".explore-chart .recharts-scatter title")
          .evaluateAll((nodes) => nodes.map((node) => node.textContent));
        assert(titles.length > 0, "the chart's points have no titles");
        assert(
          titles.every((title) => /^\d+ x [a-z0-9-]+: .+\((Pareto-optimal|dominated)\)$/.test(title)),
          `a point's title does not name it: ${titles.find((title) => !/^\d+ x /.test(title))}`,
        );
        const best = await page.locator('[data-testid="explore-best"] tbody tr').count();
        assert(best >= 2, `the best-per-accelerator table has ${best} rows`);
        const caption = await page.locator('[data-testid="explore-caption"]').textContent();
        assert(
          /wall-clock time/.test(caption) && /US dollars/.test(caption) && /Pareto-optimal/.test(caption),
          "the axes are not explained",
        );
        await page.locator('[data-testid="explore-summary"]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(screenshots, "05-explore.png") });
        await page.locator(".explore-chart").screenshot({ path: join(screenshots, "05-explore-chart.png") });
      },
    ],
    [
      "accessibility: every input, select, textarea and button has an accessible name",
      async () => {
        // Open every <details> so their controls are in the accessibility tree too.
        await page.evaluate(() => {
          for (const details of document.querySelectorAll("details")) details.open = true;
        });
        const cdp = await context.newCDPSession(page);
        const { nodes } = await cdp.send("Accessibility.getFullAXTree");
        const controlRoles = new Set([
          "textbox",
          "combobox",
          "listbox",
          "button",
          "checkbox",
          "spinbutton",
          "searchbox",
          "slider",
          "radio",
        ]);
        const unnamed = nodes
          .filter((node) => !node.ignored && controlRoles.has(node.role?.value))
          .filter((node) => !String(node.name?.value ?? "").trim())
          .map((node) => `${node.role.value} (backend node ${node.backendDOMNodeId})`);
        const controlCount = nodes.filter((node) => !node.ignored && controlRoles.has(node.role?.value)).length;
        // The same check from the DOM side (labels, aria-label, aria-labelledby, button text).
        const domUnnamed = await page.evaluate(() =>
          [...document.querySelectorAll("input, select, textarea, button")]
            .filter((element) => element.getAttribute("type") !== "hidden")
            .filter((element) => {
              const labelled =
                (element.labels && [...element.labels].some((label) => label.textContent.trim())) ||
                element.getAttribute("aria-label")?.trim() ||
                (element.getAttribute("aria-labelledby") ?? "")
                  .split(/\s+/)
                  .some((id) => document.getElementById(id)?.textContent.trim()) ||
                (element.tagName === "BUTTON" && element.textContent.trim());
              return !labelled;
            })
            .map((element) => element.outerHTML.slice(0, 120)),
        );
        timings.accessibility = { controlsChecked: controlCount };
        assert(controlCount >= 20, `only ${controlCount} controls found in the accessibility tree`);
        assert(unnamed.length === 0, `controls without a name: ${unnamed.join(", ")}`);
        assert(domUnnamed.length === 0, `controls without a label: ${domUnnamed.join(", ")}`);
        // Labels and headings are words, never a schema key (camelCase) — the plan's own prose is the library's.
        const rawKeys = await page.evaluate(() => {
          const selectors = "label, legend, .hint, th, caption, figcaption, summary, .metric-label, h2, h3, option";
          return (
            [...document.querySelectorAll(selectors)]
              .map((node) => node.textContent ?? "")
              .flatMap((text) => text.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? [])
              // Unit symbols and proper spellings, not keys.
              .filter((word) => !/^(k|M|G)?Wh$|^kW$|^(kg|t|Mt|kt)CO2e$|^(ZeRO|MoE|GPUs|vLLM|torchtitan)$/.test(word))
          );
        });
        assert(rawKeys.length === 0, `raw keys on the page: ${[...new Set(rawKeys)].join(", ")}`);
        await shot(page, "06-full-page");
      },
    ],
    [
      "keyboard: Tab reaches the editor's controls, a value changes with keys and the plan updates",
      async () => {
        await page.evaluate(() => {
          document.activeElement?.blur();
          window.scrollTo(0, 0);
        });
        // Every control of the editor is in the tab order.
        const untabbable = await page.evaluate(() =>
          [...document.querySelectorAll(".editor input, .editor select, .editor textarea, .editor button")]
            .filter((element) => element.tabIndex < 0 || element.disabled)
            .map((element) => element.id || element.outerHTML.slice(0, 80)),
        );
        assert(untabbable.length === 0, `editor controls out of the tab order: ${untabbable.join(", ")}`);
        // Tab from the top of the page until the accelerator count has focus.
        let reached = false;
        let presses = 0;
        for (; presses < 80 && !reached; presses++) {
          await page.keyboard.press("Tab");
          reached = await page.evaluate(() => document.activeElement?.id === "field-hardware-count");
        }
        assert(reached, `Tab did not reach the accelerator count in ${presses} presses`);
        const focus = await page.evaluate(() => {
          const style = getComputedStyle(document.activeElement);
          return { outline: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
        });
        assert(focus.outline !== "none" && focus.width >= 2, `no visible focus style: ${JSON.stringify(focus)}`);
        const original = await page.locator("#field-hardware-count").inputValue();
        const before = await metricsText(page);
        await page.keyboard.press("ControlOrMeta+A");
        await page.keyboard.type(String(Number(original) * 2));
        await waitForMetricsChange(page, before);
        await page.locator(".editor").screenshot({ path: join(screenshots, "08-keyboard-focus.png") });
        // A select operated with the arrow keys: the cooling choice.
        const cooling = page.locator("#field-site-cooling");
        await cooling.focus();
        const coolingBefore = await cooling.inputValue();
        const beforeCooling = await metricsText(page);
        await page.keyboard.press(coolingBefore === "0" ? "ArrowDown" : "ArrowUp");
        assert((await cooling.inputValue()) !== coolingBefore, "the arrow key did not change the select");
        await waitForMetricsChange(page, beforeCooling);
        // Back to the scenario the later tests expect.
        await page.keyboard.press(coolingBefore === "0" ? "ArrowUp" : "ArrowDown");
        const count = page.locator("#field-hardware-count");
        await count.focus();
        await page.keyboard.press("ControlOrMeta+A");
        const restored = await metricsText(page);
        await page.keyboard.type(original);
        await waitForMetricsChange(page, restored);
      },
    ],
    [
      "goal: the Goal panel finds configurations that finish within 30 days, and opens the best in the editor",
      async () => {
        // The steps of apps/docs/guides/getting-started.md, on the default scenario.
        const picker = page.locator('[data-testid="scenario-picker"]');
        const firstId = await picker.locator("option").first().getAttribute("value");
        if ((await picker.inputValue()) !== firstId) {
          const before = await metricsText(page);
          await picker.selectOption(firstId);
          await waitForMetricsChange(page, before);
        }
        await waitForPanelsCurrent(page);
        const panel = page.locator('[data-testid="goal-panel"]');
        await panel.scrollIntoViewIfNeeded();
        // 1. Choose "finish within" and type 30 days.
        await panel.getByRole("radio", { name: "finish within" }).check();
        await panel.getByRole("textbox", { name: "finish within, days" }).fill("30");
        // 2. Tick nvidia-h100-sxm and nvidia-b200 (the scenario's accelerator is ticked already).
        const accelerators = ["nvidia-h100-sxm", "nvidia-b200"];
        for (const id of accelerators) {
          await panel.getByRole("checkbox", { name: new RegExp(`^${id} `) }).check();
        }
        const ticked = await panel
          .locator('input[type="checkbox"]:checked')
          .evaluateAll((nodes) => nodes.map((node) => node.value));
        assert(ticked.sort().join() === [...accelerators].sort().join(), `ticked: ${ticked.join(", ")}`);
        assert(
          (await panel.getByRole("textbox", { name: "Max GPUs" }).inputValue()) === "16384",
          "the GPU limit is not 16,384 by default",
        );
        // 3. Press "Find configurations" and wait for the answer (seconds of CPU in the worker; slower under load).
        const started = Date.now();
        await panel.getByRole("button", { name: "Find configurations" }).click();
        await panel.locator('[data-testid="goal-table"]').waitFor({ timeout: 110_000 });
        timings.goalSeekingMs = Date.now() - started;
        const rows = await panel.locator('[data-testid="goal-table"] tbody').evaluateAll((groups) =>
          groups.flatMap((group) =>
            [...group.querySelectorAll("tr")].map((row) => ({
              accelerator: group.getAttribute("data-accelerator"),
              choice: row.getAttribute("data-choice"),
              acceleratorCount: Number(row.getAttribute("data-gpus")),
              days: Number(row.getAttribute("data-days")),
              best: row.getAttribute("data-best") === "true",
              text: row.textContent,
            })),
          ),
        );
        for (const id of accelerators) {
          const mine = rows.filter((row) => row.accelerator === id);
          assert(
            mine.some((row) => row.choice === "cheapest" && row.acceleratorCount > 0),
            `${id} shows no cheapest configuration: ${mine.map((row) => row.text).join(" | ")}`,
          );
          for (const row of mine) {
            assert(/\d/.test(row.text), `${id} ${row.choice} shows no GPU count`);
            assert(row.days > 0 && row.days <= 30, `${id} ${row.choice} takes ${row.days} days, goal 30`);
          }
        }
        const best = rows.filter((row) => row.best);
        assert(best.length === 1, `${best.length} configurations are highlighted as the best`);
        const summary = await panel.locator('[data-testid="goal-best"]').textContent();
        assert(summary.startsWith("Best:"), `the answer names no best: ${summary}`);
        timings.goal = { rows: rows.map(({ text, ...row }) => row), best: summary };
        await panel.screenshot({ path: join(screenshots, "10-goal.png") });
        // The panel on a phone: the table scrolls inside its box, the page does not.
        await page.setViewportSize(PHONE);
        try {
          await panel.scrollIntoViewIfNeeded();
          // The charts follow a resize a moment later (ResizeObserver): wait for the page to settle at the new width.
          await page
            .waitForFunction((width) => document.documentElement.scrollWidth <= width, PHONE.width, { timeout: 3_000 })
            .catch(() => {});
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          assert(width <= PHONE.width, `the page is ${width} px wide at ${PHONE.width} px with the Goal panel`);
          await panel.screenshot({ path: join(screenshots, "10-goal-390.png") });
        } finally {
          await page.setViewportSize({ width: 1440, height: 1000 });
        }
        // Open the best in the editor: the scenario and every panel show that configuration.
        const [chosen] = best;
        const before = await metricsText(page);
        await panel
          .locator('tr[data-best="true"]')
          .getByRole("button", { name: /^Open in editor/ })
          .click();
        await waitForMetricsChange(page, before);
        assert(
          (await page.locator("#field-hardware-count").inputValue()) === String(chosen.acceleratorCount),
          "the editor does not show the best configuration's count",
        );
        assert(
          (await page.locator("#field-hardware-accelerator").inputValue()) === chosen.accelerator,
          "the editor does not show the best configuration's accelerator",
        );
        const opened = await waitForPlanOf(
          page,
          (value) =>
            value.hardware?.count === chosen.acceleratorCount && value.hardware?.accelerator === chosen.accelerator,
        );
        const plan = JSON.parse(await exportText(page, "plan JSON"));
        assert(plan.scenario.hardware.count === opened.hardware.count, "the plan is not for the opened count");
        const days = plan.timeline.wallClockHours / 24;
        assert(
          Math.abs(days - chosen.days) <= 1e-6 * chosen.days,
          `the opened plan takes ${days} days, the Goal panel said ${chosen.days}`,
        );
        const capex = await page.locator('[data-cost="capex"] .metric-label').textContent();
        assert(
          capex.includes(String(chosen.acceleratorCount)),
          `the cost cards are not for ${chosen.acceleratorCount} accelerators: ${capex}`,
        );
        await waitForPanelsCurrent(page);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(screenshots, "10-goal-opened.png") });
        assert(pageErrors.length === 0, `page errors: ${pageErrors.join(" | ")}`);
        // Back to the default scenario for the tests after this one.
        const openedMetrics = await metricsText(page);
        await picker.selectOption(firstId);
        await waitForMetricsChange(page, openedMetrics);
      },
    ],
    [
      `responsive: at ${PHONE.width}x${PHONE.height} nothing overflows and the editor does not cover the results`,
      async () => {
        const phone = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1 });
        try {
          const small = await phone.newPage();
          await small.goto(baseUrl);
          await waitForPlan(small);
          await small.waitForFunction(
            () => document.querySelector('[data-testid="panels"][data-current="true"]'),
            null,
            {
              timeout: 15_000,
            },
          );
          const layout = await small.evaluate(() => {
            const box = (selector) => {
              const rect = document.querySelector(selector)?.getBoundingClientRect();
              return (
                rect && {
                  left: rect.left,
                  top: rect.top + window.scrollY,
                  right: rect.right,
                  bottom: rect.bottom + window.scrollY,
                }
              );
            };
            const wide = [...document.querySelectorAll("body *")]
              .filter((node) => node.getBoundingClientRect().right > window.innerWidth + 1)
              .filter((node) => !node.closest(".scroll"))
              .slice(0, 5)
              .map((node) => `${node.tagName.toLowerCase()}.${node.className}`);
            return {
              scrollWidth: document.documentElement.scrollWidth,
              editor: box(".editor"),
              results: box(".results"),
              wide,
            };
          });
          timings.phoneLayout = layout;
          assert(
            layout.scrollWidth <= PHONE.width,
            `the page is ${layout.scrollWidth} px wide at ${PHONE.width} px (${layout.wide.join(", ")})`,
          );
          const { editor, results } = layout;
          const overlap =
            editor.left < results.right &&
            results.left < editor.right &&
            editor.top < results.bottom &&
            results.top < editor.bottom;
          assert(!overlap, `the editor and the results overlap: ${JSON.stringify({ editor, results })}`);
          // Scrolled to the results, what is on screen there is the results (a sticky editor would cover them).
          await small.locator('[data-testid="metrics"]').scrollIntoViewIfNeeded();
          const onTop = await small.evaluate(() => {
            const rect = document.querySelector('[data-testid="metrics"]').getBoundingClientRect();
            const hit = document.elementFromPoint(rect.left + 10, rect.top + 10);
            return Boolean(hit?.closest(".results"));
          });
          assert(onTop, "the metrics are covered when scrolled into view");
          await small.evaluate(() => window.scrollTo(0, 0));
          await shot(small, "09-phone-390");
          await small.locator('[data-testid="metrics"]').scrollIntoViewIfNeeded();
          await small.screenshot({ path: join(screenshots, "09-phone-390-results.png") });
        } finally {
          await phone.close();
        }
      },
    ],
    [
      "site: a 100 MW site designed in the Site mode; its power breakdown adds up to the grid, its BOM has rows and downloads as CSV",
      async () => {
        await page.setViewportSize({ width: 1440, height: 1000 });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator('[data-mode="site"]').click();
        const mode = page.locator('[data-testid="site-mode"]');
        await mode.waitFor({ timeout: 15_000 });
        assert(
          await page.locator("main.layout:not(.site-layout)").isHidden(),
          "the plan is still shown in the Site mode",
        );
        // 0. An invalid grid power is named next to its field, as the scenario editor does it.
        const gridPower = page.locator("#site-field-site-gridPowerMW");
        await gridPower.fill("-5");
        await page.locator('[data-testid="site-run"]').click();
        await page.locator("#site-field-site-gridPowerMW-error").waitFor({ timeout: 30_000 });
        const problems = await page.locator('[data-testid="site-problems"]').textContent();
        assert(/Grid power/.test(problems), `the problem does not name the grid power: ${problems}`);
        // 1. Set 100 MW and design the site (the default candidates and the form's workload).
        await gridPower.fill("100");
        const started = Date.now();
        await page.locator('[data-testid="site-run"]').click();
        await page.waitForFunction(
          () => document.querySelector('[data-testid="site-status"]')?.textContent?.startsWith("designed"),
          null,
          { timeout: 90_000 },
        );
        timings.siteDesignMs = Date.now() - started;
        assert(
          (await page.locator('[data-testid="site-problems"], [data-testid="site-error"]').count()) === 0,
          "the site design failed",
        );
        // 2. The breakdown: the chart's blocks of the stages that add up (and their table's figures) make the grid.
        const chart = page.locator('[data-testid="site-power-chart"]');
        await chart.waitFor({ timeout: 10_000 });
        const gridWatts = Number(await chart.getAttribute("data-grid-watts"));
        const shownGrid = parseWatts(await page.locator('[data-testid="site-grid-mw"]').textContent());
        assert(
          gridWatts === 100e6 && shownGrid === 100e6,
          `the chart shows a grid of ${shownGrid} W (${gridWatts} W), expected 100 MW`,
        );
        const segments = await chart.locator("svg [data-segment]").evaluateAll((nodes) =>
          nodes.map((node) => ({
            id: node.getAttribute("data-segment"),
            watts: Number(node.getAttribute("data-watts")),
            widthPx: Number(node.querySelector("rect")?.getAttribute("width")),
          })),
        );
        const svgWidthPx = Number(await chart.locator("svg").getAttribute("width"));
        const segmentWatts = segments.reduce((sum, segment) => sum + segment.watts, 0);
        const segmentPx = segments.reduce((sum, segment) => sum + segment.widthPx, 0);
        assert(
          segments.some((segment) => segment.id === "gpus"),
          `no accelerator segment: ${segments.map((s) => s.id)}`,
        );
        assert(
          Math.abs(segmentWatts - gridWatts) <= 1e-6 * gridWatts,
          `the segments add up to ${segmentWatts} W of ${gridWatts} W`,
        );
        assert(Math.abs(segmentPx - svgWidthPx) <= 1, `the segments are ${segmentPx} px wide of ${svgWidthPx} px`);
        const shown = await chart
          .locator('[data-testid="site-power-table"] tbody tr')
          .evaluateAll((rows) => rows.map((row) => row.querySelector("td")?.textContent ?? ""));
        assert(
          shown.length === segments.length,
          `the table lists ${shown.length} stages, the chart ${segments.length}`,
        );
        const shownSum = shown.reduce((sum, text) => sum + parseWatts(text), 0);
        // Each figure is shown to 3 significant figures: their sum is within half a percent of the grid.
        assert(
          Math.abs(shownSum - shownGrid) <= 0.005 * shownGrid,
          `the shown stages add up to ${shownSum} W, the grid is ${shownGrid} W`,
        );
        timings.site = { segments: segments.map(({ id, watts }) => ({ id, watts })), shownSumWatts: shownSum };
        // 3. The candidates, Pareto ones marked; the BOM of the one shown, and its CSV.
        const candidates = await page.locator('[data-testid="site-candidates"] tbody tr').count();
        assert(candidates >= 2, `the candidates table has ${candidates} rows`);
        const pareto = await page.locator('[data-testid="site-candidates"] tr[data-pareto="true"]').count();
        assert(pareto >= 1, "no candidate is marked Pareto-optimal");
        const selectedKey = await page.locator('[data-testid="site-candidates"] tr.current').getAttribute("data-key");
        const bomRows = await page.locator('[data-testid="site-bom"] tbody tr').count();
        assert(bomRows > 0, "the BOM table has no rows");
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.locator('[data-testid="site-bom-csv"]').click(),
        ]);
        const csv = readFileSync(await download.path(), "utf8")
          .trim()
          .split("\n");
        assert(download.suggestedFilename().endsWith(".csv"), `BOM file name ${download.suggestedFilename()}`);
        assert(csv[0] === "design,category,item,quantity,powerWatts,priceUsd,note", `BOM CSV header is ${csv[0]}`);
        assert(csv.length - 1 === bomRows, `the CSV has ${csv.length - 1} lines, the table ${bomRows}`);
        assert(
          csv.slice(1).every((line) => line.startsWith(`${selectedKey},`)),
          `a CSV line is not for ${selectedKey}`,
        );
        // 4. Every control of the Site mode is named, and no label shows a schema key.
        const unnamed = await mode.evaluate((root) =>
          [...root.querySelectorAll("input, select, textarea, button")]
            .filter(
              (element) =>
                !(
                  (element.labels && [...element.labels].some((label) => label.textContent.trim())) ||
                  element.getAttribute("aria-label")?.trim() ||
                  (element.tagName === "BUTTON" && element.textContent.trim())
                ),
            )
            .map((element) => element.outerHTML.slice(0, 100)),
        );
        assert(unnamed.length === 0, `Site controls without a label: ${unnamed.join(", ")}`);
        const rawKeys = await mode.evaluate((root) =>
          [...root.querySelectorAll("label, legend, th, caption, figcaption, summary, h2, option")]
            .map((node) => node.textContent ?? "")
            .flatMap((text) => text.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? [])
            .filter((word) => !/^(k|M|G)?Wh$|^kW$|^(kg|t|Mt|kt)CO2e$|^(GPUs)$/.test(word)),
        );
        assert(rawKeys.length === 0, `raw keys in the Site mode: ${[...new Set(rawKeys)].join(", ")}`);
        await page.evaluate(() => {
          window.scrollTo(0, 0);
          document.querySelector('[data-testid="site-mode"] .editor')?.scrollTo(0, 0);
        });
        await shot(page, "11-site");
        await chart.screenshot({ path: join(screenshots, "11-site-power-chart.png") });
        // 5. Another candidate: the breakdown and the BOM follow it.
        const other = await page
          .locator('[data-testid="site-candidates"] tr[data-feasible="true"]:not(.current)')
          .first()
          .getAttribute("data-key");
        await page.locator(`[data-testid="site-candidates"] tr[data-key="${other}"] button`).click();
        await page.waitForFunction(
          (key) =>
            document.querySelector('[data-testid="site-candidates"] tr.current')?.getAttribute("data-key") === key,
          other,
        );
        // 5b. Serving: the form's workload switched to the built-in serving scenario's; the table reports output
        // tokens per second under its SLO.
        await page.locator("#site-field-workload-kind").selectOption("serving");
        const before = await page.locator('[data-testid="site-status"]').textContent();
        await page.locator('[data-testid="site-run"]').click();
        await page.waitForFunction(
          (previous) => {
            const status = document.querySelector('[data-testid="site-status"]')?.textContent ?? "";
            return status.startsWith("designed") && status !== previous;
          },
          before,
          { timeout: 90_000 },
        );
        const headers = await page.locator('[data-testid="site-candidates"] thead th').allTextContents();
        assert(headers.includes("Output tokens/s"), `the serving design's table headers: ${headers.join(", ")}`);
        const outputs = await page.locator('[data-testid="site-candidates"] tbody td').allTextContents();
        assert(
          outputs.some((text) => /tokens\/s$/.test(text)),
          "no candidate reports output tokens per second",
        );
        // 5c. KV-cache offload of the serving site: retained contexts set in the form; the design shows each tier.
        await page.locator('[data-testid="site-kv-offload-options"] summary').click();
        await page.locator("#site-field-storage-kvOffload-set").check();
        await page.locator("#site-field-storage-kvOffload-retainedContextCount").fill("200000");
        const beforeKv = await page.locator('[data-testid="site-status"]').textContent();
        await page.locator('[data-testid="site-run"]').click();
        await page.waitForFunction(
          (previous) => {
            const status = document.querySelector('[data-testid="site-status"]')?.textContent ?? "";
            return status.startsWith("designed") && status !== previous;
          },
          beforeKv,
          { timeout: 90_000 },
        );
        const kvRows = await page.locator('[data-testid="site-kv-offload"] tbody tr').allTextContents();
        assert(kvRows.length > 0, "the serving design with a KV offload shows no KV tiers");
        const kvCaption = (await page.locator('[data-testid="site-kv-offload"] caption').textContent()) ?? "";
        assert(/retained/.test(kvCaption) && !/NaN|undefined/.test(kvCaption), `KV offload caption: ${kvCaption}`);
        await page.locator('[data-testid="site-kv-offload"]').screenshot({ path: join(screenshots, "11-site-kv.png") });
        // 6. On a phone nothing overflows but the tables (which scroll in their box).
        await page.setViewportSize(PHONE);
        try {
          await page
            .waitForFunction(
              (width) =>
                document.documentElement.scrollWidth <= width &&
                Number(document.querySelector('[data-testid="site-power-chart"] svg')?.getAttribute("width")) <= width,
              PHONE.width,
              { timeout: 5_000 },
            )
            .catch(() => {});
          const layout = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            wide: [...document.querySelectorAll('[data-testid="site-mode"] *')]
              .filter((node) => node.getBoundingClientRect().right > window.innerWidth + 1)
              .filter((node) => !node.closest(".scroll"))
              .slice(0, 5)
              .map((node) => `${node.tagName.toLowerCase()}.${node.getAttribute("class") ?? ""}`),
          }));
          assert(
            layout.scrollWidth <= PHONE.width && layout.wide.length === 0,
            `the Site mode is ${layout.scrollWidth} px wide at ${PHONE.width} px (${layout.wide.join(", ")})`,
          );
          await page.evaluate(() => window.scrollTo(0, 0));
          await shot(page, "11-site-390");
        } finally {
          await page.setViewportSize({ width: 1440, height: 1000 });
        }
        assert(pageErrors.length === 0, `page errors: ${pageErrors.join(" | ")}`);
        await page.locator('[data-mode="plan"]').click();
        await page.locator('[data-testid="metrics"]').waitFor({ state: "visible", timeout: 5_000 });
      },
    ],
    [
      "bundle: the app's JavaScript is within its 400 KB gzip budget",
      async () => {
        const budget = spawnSync(process.execPath, [join(appDir, "scripts/budget.mjs")], { encoding: "utf8" });
        const total = /total JS .*/.exec(budget.stdout)?.[0] ?? budget.stdout + budget.stderr;
        timings.bundle = total;
        console.log(`     ${total}`);
        assert(budget.status === 0, `over the bundle budget: ${total}`);
      },
    ],
  ];

  // Recompute timings: several edits on every built-in scenario, spaced like a user who looks at each result
  // (the next edit comes once the previous result's charts are drawn, plus 250 ms). Each timing runs from the
  // edit's input event to the first frame painted with the new figures (see src/lib/timings.ts).
  const WORKLOAD_FIELD = {
    pretraining: ["tokens", "10000000000000"],
    serving: ["outputTokens", "2048"],
    rl: ["steps", "1000"],
    agentic: ["turns", "20"],
    fleet: ["days", "60"],
  };
  tests.splice(
    tests.findIndex(([name]) => name.startsWith("invalid value")),
    0,
    [
      "recompute: several edits on every built-in scenario (scenario switch, accelerator count, region, a workload field)",
      async () => {
        const picker = page.locator('[data-testid="scenario-picker"]');
        const ids = await picker.locator("option").evaluateAll((options) => options.map((option) => option.value));
        const samples = [];
        const act = async (scenarioId, action, label) => {
          const before = await metricsText(page);
          const counts = await page.evaluate(() => ({
            recomputes: window.__plannerTimings?.recomputes.length ?? 0,
            panels: window.__plannerTimings?.panels.length ?? 0,
          }));
          await action();
          await waitForMetricsChange(page, before).catch((error) => {
            throw new Error(`${scenarioId}: ${label}: ${error.message.split("\n")[0]}`);
          });
          await page
            .waitForFunction((n) => (window.__plannerTimings?.panels.length ?? 0) > n, counts.panels, {
              timeout: 5_000,
            })
            .catch(() => {});
          await page.waitForTimeout(250);
          const entry = await page.evaluate(
            (n) => window.__plannerTimings?.recomputes.slice(n).at(-1),
            counts.recomputes,
          );
          assert(entry, `no recompute recorded for ${scenarioId}: ${label}`);
          assert(entry.ok, `${scenarioId}: ${label} failed to plan`);
          samples.push({
            scenarioId,
            edit: label,
            totalMs: round1(entry.totalMs),
            paintedMs: round1(entry.paintedMs),
            planMsInWorker: round1(entry.planMs),
          });
          // The baseline, interleaved with the edits so that load hits both alike: a trivial worker round-trip.
          baseline.push(await workerRoundTripMs(page));
        };
        const baseline = [];
        // Start with the second scenario, so that every switch changes the scenario (the page shows the first).
        for (const id of [...ids.slice(1), ids[0]]) {
          await act(id, () => picker.selectOption(id), "switch to this scenario");
          assert((await page.locator('[data-testid="plan-error"]').count()) === 0, `${id} shows a plan error`);
          const count = page.locator("#field-hardware-count");
          const countOriginal = await count.inputValue();
          await act(id, () => count.fill(String(Number(countOriginal) * 2)), "hardware.count x2");
          await act(id, () => count.fill(countOriginal), "hardware.count back");
          const region = page.locator("#field-site-region");
          const regionOriginal = await region.inputValue();
          await act(id, () => region.fill(regionOriginal === "us-va" ? "us-tx" : "us-va"), "site.region");
          await act(id, () => region.fill(regionOriginal), "site.region back");
          const kind = await page.locator("#field-workload-kind").inputValue();
          const [field, value] = WORKLOAD_FIELD[kind] ?? [];
          if (field) {
            const input = page.locator(`#field-workload-${field}`);
            const original = await input.inputValue();
            await act(id, () => input.fill(value), `workload.${field}`);
            await act(id, () => input.fill(original), `workload.${field} back`);
          }
        }
        const byScenario = {};
        for (const id of ids) {
          const mine = samples.filter((sample) => sample.scenarioId === id);
          const painted = mine.map((sample) => sample.paintedMs ?? sample.totalMs);
          byScenario[id] = {
            edits: mine.length,
            medianMs: round1(median(painted)),
            p95Ms: round1(percentile(painted, 95)),
            maxMs: round1(Math.max(...painted)),
            medianCommittedMs: round1(median(mine.map((sample) => sample.totalMs))),
            medianPlanMsInWorker: round1(median(mine.map((sample) => sample.planMsInWorker))),
          };
        }
        const painted = samples.map((sample) => sample.paintedMs ?? sample.totalMs);
        const baselineMedian = median(baseline);
        timings.recompute = {
          measuredTo: "first frame painted with the new figures, from the edit's input event",
          count: samples.length,
          baseline: {
            measuredTo: "a trivial worker's echo of a message, then the next painted frame",
            medianMs: round1(baselineMedian),
          },
          ratioToBaseline: round1(median(painted) / baselineMedian),
          medianMs: round1(median(painted)),
          p95Ms: round1(percentile(painted, 95)),
          maxMs: round1(Math.max(...painted)),
          byScenario,
          samples,
          loadAverage1m: loadavg()[0],
        };
        assert(pageErrors.length === 0, `page errors: ${pageErrors.join(" | ")}`);
      },
    ],
  );

  if (benchMode)
    tests.push([
      `first render: ${COLD_LOADS} more cold loads, each in a fresh browser context`,
      async () => {
        const loads = [];
        for (let i = 0; i < COLD_LOADS; i++) {
          const fresh = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
          try {
            const cold = await fresh.newPage();
            await cold.goto(baseUrl);
            await waitForFirstPlanShown(cold);
            const first = await firstPlanTimings(cold);
            loads.push({
              firstPlanOnScreenMs: round1(firstPlanOnScreen(first)),
              ...first,
              loadAverage1m: loadavg()[0],
            });
          } finally {
            await fresh.close();
          }
        }
        timings.coldLoads = loads;
      },
    ]);

  tests.push([
    benchMode
      ? `budgets: median first plan on screen < ${FIRST_RENDER_BUDGET_MS} ms, median recompute < ${RECOMPUTE_BUDGET_MS} ms on every built-in scenario${enforceBudgets ? "" : " (reported, not enforced)"}`
      : "timings: first plan on screen and recompute, reported against their budgets (checked by `pnpm bench`)",
    async () => {
      const firstLoads = [timings.firstRender, ...(timings.coldLoads ?? [])]
        .map((load) => load?.firstPlanOnScreenMs)
        .filter((value) => typeof value === "number");
      const firstMedian = median(firstLoads);
      const byScenario = timings.recompute?.byScenario ?? {};
      const slowest = Object.entries(byScenario).sort((a, b) => b[1].medianMs - a[1].medianMs)[0];
      timings.budgets = {
        firstPlanOnScreenMs: {
          measuredTo: "first frame painted with the plan's figures (page paint mark and Element Timing, the later)",
          loads: firstLoads.length,
          median: firstMedian,
          max: Math.max(...firstLoads),
          budget: FIRST_RENDER_BUDGET_MS,
          within: firstMedian < FIRST_RENDER_BUDGET_MS,
        },
        recomputeMs: {
          measuredTo: timings.recompute?.measuredTo,
          medianByScenario: Object.fromEntries(Object.entries(byScenario).map(([id, entry]) => [id, entry.medianMs])),
          p95ByScenario: Object.fromEntries(Object.entries(byScenario).map(([id, entry]) => [id, entry.p95Ms])),
          median: timings.recompute?.medianMs,
          p95: timings.recompute?.p95Ms,
          budget: RECOMPUTE_BUDGET_MS,
          within: slowest !== undefined && slowest[1].medianMs < RECOMPUTE_BUDGET_MS,
        },
        baseline: timings.recompute?.baseline,
        recomputeToBaselineRatio: timings.recompute?.ratioToBaseline,
        loadAverage1m: loadavg()[0],
        cpus: cpus().length,
        enforced: enforceBudgets,
      };
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(
        join(artifacts, benchMode ? "planner-bench.json" : "planner-timings.json"),
        `${JSON.stringify({ mode: benchMode ? "bench" : "e2e", ...timings.budgets, recompute: timings.recompute, firstRender: timings.firstRender, coldLoads: timings.coldLoads }, null, 2)}\n`,
      );
      console.log(
        `budget first plan on screen: median ${firstMedian?.toFixed(0)} ms over ${firstLoads.length} cold loads (< ${FIRST_RENDER_BUDGET_MS}); recompute median ${timings.recompute?.medianMs} ms, p95 ${timings.recompute?.p95Ms} ms, slowest scenario median ${slowest?.[0]} ${slowest?.[1].medianMs} ms (< ${RECOMPUTE_BUDGET_MS}); baseline worker round-trip ${timings.recompute?.baseline?.medianMs} ms (recompute ${timings.recompute?.ratioToBaseline}x); load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores${enforceBudgets ? "" : " (reported, not enforced)"}`,
      );
      assert(firstLoads.length >= 1, "no first-render timing");
      assert(Object.keys(byScenario).length >= 1, "no recompute timings");
      if (enforceBudgets) {
        assert(firstMedian < FIRST_RENDER_BUDGET_MS, `median first plan on screen after ${firstMedian?.toFixed(0)} ms`);
        for (const [id, entry] of Object.entries(byScenario)) {
          assert(entry.medianMs < RECOMPUTE_BUDGET_MS, `median recompute of ${id} is ${entry.medianMs} ms`);
        }
      }
    },
  ]);

  // A bench run measures only: the first load, the recompute timings, the cold loads and the budgets.
  // E2E_ONLY=<regex>: the tests whose names match, after the page load (a quicker run while working on one).
  const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : undefined;
  const selected = benchMode
    ? tests.filter(([name]) => /^(load|recompute|first render|budgets):/.test(name))
    : only
      ? tests.filter(([name]) => name.startsWith("load:") || only.test(name))
      : tests;
  for (const [name, run] of selected) {
    const started = Date.now();
    try {
      // The recompute timings make 35 spaced edits, and goal seeking plans dozens of configurations: more time, so
      // a loaded machine does not cut them off (a test that timed out would go on editing the page under the next).
      await withTimeout(
        run(),
        name.startsWith("recompute:") || name.startsWith("goal:") ? 4 * TEST_TIMEOUT_MS : TEST_TIMEOUT_MS,
        name,
      );
      results.push({ name, ok: true, durationMs: Date.now() - started });
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      results.push({ name, ok: false, error: message, durationMs: Date.now() - started });
      console.log(`FAIL ${name}: ${message}`);
      await shot(page, `failed-${results.length}`).catch(() => {});
    }
  }
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  results.push({ name: "setup", ok: false, error: message });
  console.log(`FAIL setup: ${message}`);
} finally {
  await browser?.close().catch(() => {});
  stopServer();
}

const passed = results.filter((result) => result.ok).length;
const failed = results.length - passed;
mkdirSync(artifacts, { recursive: true });
writeFileSync(
  join(artifacts, benchMode ? "planner-bench-run.json" : "e2e.json"),
  `${JSON.stringify({ passed, failed, tests: results, timings, screenshots: "screenshots/" }, null, 2)}\n`,
);
console.log(`timings: ${JSON.stringify(timings)}`);
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) exitCode = 1;
process.exit(exitCode);
