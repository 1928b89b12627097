#!/usr/bin/env node
// Browser tests of the planner app: builds the app if dist/ is missing, serves it with `vite preview` on
// 127.0.0.1 (a free port), drives Debian's chromium with playwright-core, saves screenshots under
// <repo>/.artifacts/screenshots and writes <repo>/.artifacts/e2e.json. Exits 1 when a test fails.
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
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
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
// Budgets from the issue: first render < 1 s from `vite preview`, recompute after an edit < 50 ms.
const FIRST_RENDER_BUDGET_MS = 1000;
const RECOMPUTE_BUDGET_MS = 50;

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

async function waitForHashSettled(page) {
  await page.waitForFunction(() => window.location.hash.startsWith("#z=") || window.location.hash.startsWith("#s="));
  // The hash is written 120 ms after the last edit; wait until it stops changing.
  let previous = "";
  for (let i = 0; i < 20; i++) {
    const hash = await page.evaluate(() => window.location.hash);
    if (hash === previous) return hash;
    previous = hash;
    await page.waitForTimeout(200);
  }
  return previous;
}

async function exportText(page, label) {
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
        const firstPlanMs = await page.evaluate(() => window.__plannerTimings?.firstPlanMs);
        const navigation = await page.evaluate(() => {
          const entry = performance.getEntriesByType("navigation")[0];
          return entry ? { domContentLoadedMs: entry.domContentLoadedEventEnd, loadMs: entry.loadEventEnd } : {};
        });
        const marks = await page.evaluate(() =>
          Object.fromEntries(
            performance
              .getEntriesByType("mark")
              .filter((mark) => mark.name.startsWith("planner:"))
              .map((mark) => [mark.name.slice("planner:".length), Math.round(mark.startTime)]),
          ),
        );
        timings.firstRender = { firstPlanMs, rendererCpuMsUntilFirstPlan: cpuAtFirstPlan * 1000, ...navigation, marks };
        assert(typeof firstPlanMs === "number", "no first-plan timing recorded");
        assert(pageErrors.length === 0, `page errors: ${pageErrors.join(" | ")}`);
        await shot(page, "01-load");
      },
    ],
    [
      "defaults: every built-in scenario plans and renders its panels",
      async () => {
        const picker = page.locator('[data-testid="scenario-picker"]');
        const ids = await picker.locator("option").evaluateAll((options) => options.map((option) => option.value));
        assert(ids.length >= 1, "no built-in scenarios in the picker");
        timings.defaults = {};
        for (const id of [...ids.slice(1), ids[0]]) {
          const before = await metricsText(page);
          await picker.selectOption(id);
          if (id !== ids[0] || ids.length > 1) await waitForMetricsChange(page, before);
          assert((await page.locator('[data-testid="plan-error"]').count()) === 0, `${id} shows a plan error`);
          await page.waitForFunction(
            () => document.querySelectorAll("figure.chart svg.recharts-surface").length >= 5,
            null,
            {
              timeout: 15_000,
            },
          );
          const last = await page.evaluate(() => window.__plannerTimings?.recomputes.at(-1));
          timings.defaults[id] = { recomputeMs: last?.totalMs, planMsInWorker: last?.planMs };
          await page.screenshot({ path: join(screenshots, `default-${id}.png`) });
        }
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
        const hash = await waitForHashSettled(page);
        await page.getByRole("button", { name: "Share link" }).click();
        const shared = await page.locator(".share-link").inputValue();
        assert(shared.endsWith(hash), "the share link is not the page URL");
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
        await page.locator('[data-testid="explore-summary"]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(screenshots, "05-explore.png") });
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
        await shot(page, "06-full-page");
      },
    ],
  ];

  // Budgets are measured on every run and reported; they fail the run only with E2E_ENFORCE_BUDGETS=1,
  // because wall-clock timings on a shared, loaded machine say more about the machine than about the app.
  const enforceBudgets = process.env.E2E_ENFORCE_BUDGETS === "1";
  const budgetTest = [
    `budgets measured: first plan on screen < ${FIRST_RENDER_BUDGET_MS} ms, median recompute < ${RECOMPUTE_BUDGET_MS} ms${enforceBudgets ? "" : " (reported, not enforced)"}`,
    async () => {
      const recomputes = await page.evaluate(() => window.__plannerTimings?.recomputes ?? []);
      const panels = await page.evaluate(() => [...(window.__plannerTimings?.panels ?? [])].sort((a, b) => a - b));
      const totals = recomputes
        .filter((entry) => entry.ok)
        .map((entry) => entry.totalMs)
        .sort((a, b) => a - b);
      const plans = recomputes
        .filter((entry) => entry.ok)
        .map((entry) => entry.planMs)
        .sort((a, b) => a - b);
      const median = (list) => list[Math.floor(list.length / 2)];
      const first = timings.firstRender?.firstPlanMs;
      timings.recompute = {
        count: totals.length,
        medianMs: median(totals),
        maxMs: totals[totals.length - 1],
        medianPlanMsInWorker: median(plans),
        medianChartsRenderedMs: median(panels),
      };
      timings.budgets = {
        firstPlanOnScreenMs: { value: first, budget: FIRST_RENDER_BUDGET_MS, within: first < FIRST_RENDER_BUDGET_MS },
        medianRecomputeMs: {
          value: median(totals),
          budget: RECOMPUTE_BUDGET_MS,
          within: median(totals) < RECOMPUTE_BUDGET_MS,
        },
        loadAverage1m: loadavg()[0],
        cpus: cpus().length,
        enforced: enforceBudgets,
      };
      console.log(
        `budget first plan on screen ${first?.toFixed(0)} ms (< ${FIRST_RENDER_BUDGET_MS}), median recompute ${median(totals)?.toFixed(1)} ms (< ${RECOMPUTE_BUDGET_MS}), worker plan ${median(plans)?.toFixed(1)} ms, charts ${median(panels)?.toFixed(0)} ms; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
      );
      assert(totals.length >= 5, `only ${totals.length} recomputes recorded`);
      if (enforceBudgets) {
        assert(first < FIRST_RENDER_BUDGET_MS, `first plan on screen after ${first?.toFixed(0)} ms`);
        assert(median(totals) < RECOMPUTE_BUDGET_MS, `median recompute ${median(totals).toFixed(1)} ms`);
      }
    },
  ];
  tests.push(budgetTest);

  for (const [name, run] of tests) {
    const started = Date.now();
    try {
      await withTimeout(run(), TEST_TIMEOUT_MS, name);
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
  join(artifacts, "e2e.json"),
  `${JSON.stringify({ passed, failed, tests: results, timings, screenshots: "screenshots/" }, null, 2)}\n`,
);
console.log(`timings: ${JSON.stringify(timings)}`);
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) exitCode = 1;
process.exit(exitCode);
