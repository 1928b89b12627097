// Plan a whole scenario (performance, memory, time, energy, carbon, water, cost, supply) and export it.
// Run: pnpm exec tsx --conditions=source examples/basics/src/plan-a-scenario.ts
import { getDefaultScenario, plan, planToMarkdown } from "@aifactory/planner";

export function main() {
  const scenario = getDefaultScenario("llama-3.1-70b-pretraining-1024-h100");
  const result = plan({ ...scenario, site: { ...scenario.site, region: "us-tx" } });
  return { metrics: result.metrics, fits: result.memory.fits, markdown: planToMarkdown(result) };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(main().markdown);
