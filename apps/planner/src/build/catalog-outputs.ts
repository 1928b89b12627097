// What the planner worker computes from the packages' catalogs, for a broad set of inputs, as one JSON value:
// strip-catalog-text.test.ts computes it with the catalogs as the worker's bundle has them (text fields dropped)
// and with the packages' own catalogs (a Node process of its own), and compares the two.
import "../zod-config";
import { listGridRegions } from "@aifactory/energy";
import { DTYPES, listAccelerators, listSystems } from "@aifactory/hardware";
import {
  DEFAULT_SCENARIOS,
  DEFAULT_SITE_CANDIDATES,
  designSite,
  explore,
  getDefaultScenario,
  plan,
  planToCsv,
  planToMarkdown,
  siteBomToCsv,
  siteDesignInputSchema,
} from "@aifactory/planner";
import { deployFiles } from "../lib/deploy-export";
import { comparisonView, hardwareSourcesView, rooflineView } from "../lib/hardware-view";
import { planTexts } from "../lib/plan-texts";
import { SITE_EXAMPLE, siteWorkloadFrom } from "../lib/site-view";

function attempt<T>(run: () => T): T | { error: string } {
  try {
    return run();
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Every output, keyed by what produced it (a thrown error's message in place of a result). */
export function catalogOutputs(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { id } of DEFAULT_SCENARIOS) {
    const scenario = getDefaultScenario(id);
    out[`plan:${id}`] = attempt(() => {
      const result = plan(scenario);
      return {
        plan: result,
        csv: planToCsv(result),
        markdown: planToMarkdown(result),
        texts: planTexts(result),
        deploy: deployFiles(result, id),
      };
    });
    // Every catalog accelerator and system in the place of the first two scenarios' (the editor offers them all).
    if (id !== DEFAULT_SCENARIOS[0]?.id && id !== DEFAULT_SCENARIOS[1]?.id) continue;
    for (const accelerator of listAccelerators()) {
      out[`plan:${id}:${accelerator.id}`] = attempt(() => {
        const result = plan({ ...scenario, hardware: { ...scenario.hardware, accelerator: accelerator.id } } as never);
        return { plan: result, markdown: planToMarkdown(result) };
      });
    }
    for (const system of listSystems()) {
      out[`plan:${id}:${system.id}`] = attempt(() => {
        const result = plan({
          ...scenario,
          hardware: { ...scenario.hardware, accelerator: system.acceleratorId, system: system.id },
        } as never);
        return { plan: result, markdown: planToMarkdown(result) };
      });
    }
  }
  const first = getDefaultScenario(DEFAULT_SCENARIOS[0]!.id);
  out.explore = attempt(() =>
    explore({
      base: first,
      accelerators: listAccelerators().map((entry) => entry.id),
      regions: listGridRegions().map((entry) => entry.id),
    } as never),
  );
  const workloads = [
    undefined,
    ...DEFAULT_SCENARIOS.map(({ id }) => siteWorkloadFrom(getDefaultScenario(id).workload)),
  ];
  for (const [index, workload] of workloads.entries()) {
    for (const gridPowerMW of [5, 100, 1000]) {
      out[`site:${index}:${gridPowerMW}`] = attempt(() => {
        const input = siteDesignInputSchema.parse({
          site: { ...SITE_EXAMPLE, gridPowerMW },
          candidates: [...DEFAULT_SITE_CANDIDATES, ...listSystems().map((system) => ({ systemId: system.id }))],
          ...(workload ? { workload } : {}),
        });
        const result = designSite(input);
        return {
          result,
          csv: result.designs.map((design) => attempt(() => siteBomToCsv({ ...result, designs: [design] } as never))),
        };
      });
    }
  }
  // The accelerators' notes are left out: the worker's bundle has none (the page fetches them, see
  // withBuiltinNotes).
  const withoutNotes = ({ accelerator, ...view }: ReturnType<typeof hardwareSourcesView>) => ({
    ...view,
    ...(accelerator ? { accelerator: { name: accelerator.name, sources: accelerator.sources } } : {}),
  });
  for (const accelerator of listAccelerators()) {
    out[`sources:${accelerator.id}`] = withoutNotes(hardwareSourcesView(accelerator.id));
    for (const dtype of DTYPES) {
      out[`roofline:${accelerator.id}:${dtype}`] = attempt(() => rooflineView(accelerator.id, dtype));
      out[`comparison:${accelerator.id}:${dtype}`] = attempt(() => comparisonView(accelerator.id, dtype));
    }
  }
  for (const system of listSystems()) {
    out[`sources:${system.id}`] = withoutNotes(hardwareSourcesView(system.acceleratorId, system.id));
  }
  return out;
}
