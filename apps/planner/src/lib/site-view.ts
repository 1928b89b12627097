/**
 * Pure helpers behind the Site mode: what the form starts from, the blocks of the power breakdown chart (the
 * tree `designSite` returns, laid out from the contracted grid power down to the accelerators), and the texts of a
 * design's production. Every number comes from `@aifactory/planner`'s `designSite` (run in the worker); nothing
 * here models anything.
 */
import type { SiteDesign, SiteDesignInput, SiteDesignResult, SiteProduction } from "@aifactory/planner";
import type { JsonSchema } from "./schema-form";
import type { ScenarioIssue } from "./validate";

/** What the Site form needs from the packages, computed at build time (vite.config.ts, `virtual:site-form`). */
export interface SiteFormData {
  /**
   * `toJsonSchema(siteDesignInputSchema)`, compacted as the scenario editor's schema is, without its workload (the
   * scenario's own variants, see `workloadKinds`) and the candidates' default (`defaultCandidates`).
   */
  jsonSchema: JsonSchema;
  /** The workload kinds the site takes: their schemas are the scenario schema's variants of these kinds. */
  workloadKinds: string[];
  /** `DEFAULT_SITE_CANDIDATES`. */
  defaultCandidates: Array<{ systemId: string; powerCapWatts?: number }>;
  /** `listCoolingTechnologies()`: ids and names. */
  cooling: Array<{ value: string; label: string }>;
}

/**
 * The JSON Schema of the site's workload: the scenario schema's workload variants of the kinds the site takes.
 *
 * @param scenarioSchema - the scenario's JSON Schema (startup data)
 * @param kinds - `SiteFormData.workloadKinds`
 * @returns a `oneOf` of the variants, or undefined when the scenario schema has none of them
 */
export function siteWorkloadSchema(scenarioSchema: JsonSchema, kinds: readonly string[]): JsonSchema | undefined {
  const options = scenarioSchema.properties?.workload?.oneOf ?? scenarioSchema.properties?.workload?.anyOf ?? [];
  const variants = options.filter((option) => kinds.includes(String(option.properties?.kind?.const)));
  return variants.length === 0 ? undefined : { oneOf: variants };
}

/** The worker's answer to a site design: the result and each feasible design's BOM as CSV, or the input's issues. */
export type SiteRun =
  | {
      ok: true;
      result: SiteDesignResult;
      /** `siteBomToCsv` of each feasible design alone, by design key. */
      bomCsvByKey: Record<string, string>;
      /** Time in the worker, ms. */
      designMs: number;
    }
  | { ok: false; issues: ScenarioIssue[] };

/**
 * The site the form starts from: a typical first question ("150 MW in Texas from 2027-Q3 with direct-to-chip liquid
 * cooling"), in a hot climate; the candidates and options are left to the schema's defaults.
 */
export const SITE_EXAMPLE: SiteDesignInput["site"] = {
  gridPowerMW: 150,
  availableQuarter: "2027-Q3",
  regionId: "us-tx",
  climate: "hot",
  cooling: "direct-to-chip-liquid",
};

/**
 * A workload for the site form from a built-in scenario's (serving or pretraining, the kinds `designSite` reports
 * production for), its parallelism left out so that the planner searches one for every candidate system.
 *
 * @param workload - a built-in scenario's workload
 * @returns the workload without its parallelism, or undefined for another kind
 */
export function siteWorkloadFrom(workload: unknown): Record<string, unknown> | undefined {
  if (typeof workload !== "object" || workload === null) return undefined;
  const { parallelism: _parallelism, ...rest } = workload as Record<string, unknown>;
  return rest.kind === "serving" || rest.kind === "pretraining" ? rest : undefined;
}

/** The quarters a picker offers: `YYYY-Q1..Q4` from `fromYear` for `years` years, and `current` if outside. */
export function quarterOptions(current: unknown, fromYear: number, years: number): string[] {
  const options: string[] = [];
  for (let year = fromYear; year < fromYear + years; year++) {
    for (let quarter = 1; quarter <= 4; quarter++) options.push(`${year}-Q${quarter}`);
  }
  if (typeof current === "string" && current !== "" && !options.includes(current)) {
    options.push(current);
    options.sort();
  }
  return options;
}

/** One block of the power breakdown chart: a stage of the tree, placed on its row (depth) from `startWatts`. */
export interface PowerBlock {
  id: string;
  label: string;
  watts: number;
  /** Where the block starts on its row, W from the left (the row spans the contracted grid power). */
  startWatts: number;
  /** 0 for the contracted grid power, 1 for the power used and unused, and so on down to the accelerators. */
  depth: number;
  /** A stage with no further split: the leaves add up to the contracted grid power. */
  leaf: boolean;
}

/** The id of the block that stands for the contracted grid power the design leaves unused. */
export const GRID_UNUSED_ID = "grid-unused";

/**
 * The power breakdown of a design as chart blocks: the contracted grid power at the top, split into the power the
 * design uses and the power it leaves unused (`gridUnusedWatts`), then `designSite`'s tree (`power.nodes`: losses,
 * cooling, IT, compute, network, storage, down to the accelerators). The leaves add up to the contracted power.
 *
 * @param design - a feasible design from `designSite`
 * @returns the blocks, parents before children, and the number of rows
 */
export function powerBlocks(design: SiteDesign): { blocks: PowerBlock[]; depthCount: number; totalWatts: number } {
  const nodes = design.power.nodes;
  const blocks: PowerBlock[] = [
    {
      id: "grid-contracted",
      label: "Grid power contracted",
      watts: design.power.gridContractedWatts,
      startWatts: 0,
      depth: 0,
      leaf: false,
    },
  ];
  let depthCount = 1;
  const place = (id: string, startWatts: number, depth: number) => {
    let at = startWatts;
    for (const node of nodes.filter((entry) => entry.parent === id)) {
      blocks.push({ id: node.id, label: node.label, watts: node.watts, startWatts: at, depth, leaf: node.leaf });
      depthCount = Math.max(depthCount, depth + 1);
      place(node.id, at, depth + 1);
      at += node.watts;
    }
  };
  let at = 0;
  for (const root of nodes.filter((node) => node.parent === undefined)) {
    blocks.push({ id: root.id, label: root.label, watts: root.watts, startWatts: at, depth: 1, leaf: root.leaf });
    depthCount = Math.max(depthCount, 2);
    place(root.id, at, 2);
    at += root.watts;
  }
  if (design.power.gridUnusedWatts > 0) {
    blocks.push({
      id: GRID_UNUSED_ID,
      label: "Grid power unused",
      watts: design.power.gridUnusedWatts,
      startWatts: at,
      depth: 1,
      leaf: true,
    });
  }
  return { blocks, depthCount, totalWatts: design.power.gridContractedWatts };
}

/** What a design produces, as a value and its unit (for the table), or undefined without a workload. */
export function productionOf(production: SiteProduction | undefined): { value: number; unit: string } | undefined {
  if (production === undefined) return undefined;
  if (production.kind === "serving") return { value: production.outputTokensPerSecond, unit: "tokens/s" };
  return { value: production.runsPerYear, unit: "runs/year" };
}

/** The design a result opens on: the first Pareto design, else the first feasible one. */
export function initialDesignKey(result: SiteDesignResult): string | undefined {
  return result.paretoKeys[0] ?? result.designs.find((design) => design.feasible)?.key;
}

/** A file name for a design's BOM: `site-100mw-nvidia-dgx-b200-bom.csv`. */
export function bomFileName(result: SiteDesignResult, key: string): string {
  const slug = `${key}`.toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
  return `site-${result.site.gridPowerMW}mw-${slug}-bom.csv`;
}
