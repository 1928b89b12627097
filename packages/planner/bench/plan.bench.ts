/**
 * Plan benchmark: milliseconds per `plan()` of every built-in scenario, and of edits around the agentic fleet, with
 * the KV-cache replay memo (the default) against the uncached path (`clearPlanCaches()` before every plan), in the
 * same process. The web app's recompute budget (< 50 ms from an edit to the result on screen) leaves the worker a
 * few milliseconds; an agentic plan that replays its trace takes about 100 ms in a browser worker.
 *
 * Every memoised plan is checked deep-equal to its uncached twin before timing.
 *
 * Run: `node --conditions=source --import tsx bench/plan.bench.ts` (from packages/planner).
 */
import { isDeepStrictEqual } from "node:util";
import { DEFAULT_SCENARIOS, getDefaultScenario, plan, type ScenarioInput } from "../src/index";
import { clearPlanCaches } from "../src/internal";

type Agentic = ScenarioInput & { workload: Extract<ScenarioInput["workload"], { kind: "agentic" }> };

function agenticEdit(edit: (scenario: Agentic) => void): ScenarioInput {
  const scenario = getDefaultScenario("gpt-oss-120b-agentic-fleet-h100") as Agentic;
  edit(scenario);
  return scenario;
}

const CASES: Array<{ name: string; scenario: ScenarioInput }> = [
  ...DEFAULT_SCENARIOS.map((scenario) => ({ name: scenario.id, scenario: getDefaultScenario(scenario.id) })),
  {
    name: "agentic, hardware.count x2 (same trace)",
    scenario: agenticEdit((s) => {
      s.hardware.count *= 2;
    }),
  },
  {
    name: "agentic, site.region us-tx (same trace)",
    scenario: agenticEdit((s) => {
      s.site = { ...s.site, region: "us-tx" };
    }),
  },
];

/** Median ms per call of `run` over `rounds` rounds (after one warm-up call). */
function time(run: () => void, rounds: number): number {
  run();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

// Warm the JIT on every scenario first, so neither side pays for compilation.
for (const { scenario } of CASES) plan(scenario);

const rows: string[] = [];
for (const { name, scenario } of CASES) {
  clearPlanCaches();
  const uncachedPlan = plan(scenario);
  const cachedPlan = plan(scenario);
  if (!isDeepStrictEqual(cachedPlan, uncachedPlan)) throw new Error(`${name}: the memoised plan differs`);
  const uncached = time(() => {
    clearPlanCaches();
    plan(scenario);
  }, 15);
  // The memo holds the default agentic replay (as after the scenario was first planned).
  plan(getDefaultScenario("gpt-oss-120b-agentic-fleet-h100"));
  const cached = time(() => plan(scenario), 15);
  rows.push(
    `${name.padEnd(44)} uncached ${uncached.toFixed(2).padStart(8)} ms   memoised ${cached.toFixed(2).padStart(7)} ms   ratio ${(uncached / cached).toFixed(1).padStart(6)}x`,
  );
}
console.log(rows.join("\n"));
