// Runs in the planner worker: validates the Site form's input with `@aifactory/planner`'s own schema, loads the
// measured kernel tables of the candidates' accelerators (as a plan does), and designs the site with `designSite`.
import "../zod-config";
import { getSystem } from "@aifactory/hardware";
import { designSite, type SiteDesignInput, siteBomToCsv, siteDesignInputSchema } from "@aifactory/planner";
import { loadBuiltinKernelTables } from "../kernels-builtin-browser";
import type { SiteRun } from "./site-view";

/** The accelerator ids of the candidates (an unknown system is left to `designSite`, which names it). */
function candidateAccelerators(candidates: ReadonlyArray<{ systemId: string }>): string[] {
  return candidates.flatMap((candidate) => {
    try {
      return [getSystem(candidate.systemId).acceleratorId];
    } catch {
      return [];
    }
  });
}

/**
 * Designs a site from the Site form's input: the issues by field when it is not a valid `siteDesignInputSchema`
 * input, else `designSite`'s result with each feasible design's BOM as CSV (`siteBomToCsv` of that design alone).
 *
 * @param input - the form's value
 * @returns the result, or the input's issues
 * @throws what `designSite` throws for a valid input it cannot design (an unknown region or system)
 */
export async function runSite(input: unknown): Promise<SiteRun> {
  const started = performance.now();
  const parsed = siteDesignInputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map((key) => (typeof key === "number" ? key : String(key))),
        message: issue.message,
      })),
    };
  }
  try {
    await loadBuiltinKernelTables(candidateAccelerators(parsed.data.candidates));
  } catch {
    // Without its tables an accelerator is priced by the analytic path, as in a plan.
  }
  const result = designSite(input as SiteDesignInput);
  const bomCsvByKey: Record<string, string> = {};
  for (const design of result.designs) {
    if (design.feasible) bomCsvByKey[design.key] = siteBomToCsv({ ...result, designs: [design] });
  }
  return { ok: true, result, bomCsvByKey, designMs: performance.now() - started };
}
