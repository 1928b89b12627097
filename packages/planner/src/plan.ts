import { NotFoundError, parseInput } from "@aifactory/core";
import { planAgentic } from "./agentic";
import { composeUsage } from "./compose";
import { planFleet } from "./fleet";
import {
  acceleratorForWorkloads,
  architectureForWorkloads,
  catalogForScenario,
  checkGridRegion,
  type FactoryCatalog,
} from "./pack";
import type { Plan, PlanMetric, WorkloadSections } from "./plan-types";
import { planPretraining } from "./pretraining";
import { planRl } from "./rl";
import { type Scenario, type ScenarioInput, scenarioSchema } from "./scenario";
import { upgradeScenarioKeys } from "./scenario-legacy";
import { planServing } from "./serving";

function workloadSections(scenario: Scenario, catalog: FactoryCatalog): WorkloadSections {
  switch (scenario.workload.kind) {
    case "pretraining":
      return planPretraining(scenario, catalog);
    case "serving":
      return planServing(scenario, catalog);
    case "rl":
      return planRl(scenario, catalog);
    case "agentic":
      return planAgentic(scenario, catalog);
    case "fleet":
      return planFleet(scenario, catalog);
  }
}

/**
 * Options of {@link plan}, {@link compare}, {@link explore} and {@link solve}.
 *
 * @since 0.10.0
 * @category Plan
 */
export interface PlanOptions {
  /**
   * The catalog ids are looked up in (default: the built-in catalogs). `createFactoryCatalog(packs)` adds packs'
   * accelerators, systems, fabrics, architectures, grid regions and prices; a scenario's own `packs` extend it.
   */
  catalog?: FactoryCatalog;
}

/**
 * Checks every id a scenario names against the catalog in use, before any model runs: the error names the field
 * (`hardware.accelerator`, `hardware.system`, `site.region`, `workload.model`, `workload.alsoAccelerators[1]`) and
 * the nearest ids.
 */
function checkScenarioIds(scenario: Scenario, catalog: FactoryCatalog): void {
  acceleratorForWorkloads(catalog, scenario.hardware.accelerator, "hardware.accelerator");
  const system = scenario.hardware.system;
  if (system !== undefined && !catalog.hardware.systems.some((entry) => entry.id === system)) {
    const error = new NotFoundError(
      "system",
      system,
      catalog.hardware.systems.map((entry) => entry.id),
    );
    error.message = `hardware.system: ${error.message}`;
    throw error;
  }
  checkGridRegion(catalog, scenario.site.region, "site.region");
  architectureForWorkloads(catalog, scenario.workload.model, "workload.model");
  if (scenario.workload.kind === "fleet") {
    scenario.workload.alsoAccelerators.forEach((id, index) => {
      acceleratorForWorkloads(catalog, id, `workload.alsoAccelerators[${index}]`);
    });
  }
}

/**
 * Plans a scenario: performance and memory fit (`@aifactory/workloads`), time, energy, carbon and water
 * (`@aifactory/energy`), TCO and $/token, and the earliest online quarter (`@aifactory/economics`), with every
 * assumption and warning. The planner composes; it adds no model logic.
 *
 * Ids come from the catalog in use: the built-in catalogs, `options.catalog` and the scenario's `packs` (a pack
 * may add accelerators, systems, fabrics, architectures, grid regions, prices and bills of materials).
 *
 * @param input - a scenario (validated here)
 * @param options - `catalog`: the catalog ids are looked up in (default: built-in; see `createFactoryCatalog`)
 * @returns the plan
 * @throws InvalidInputError for an invalid scenario or pack; NotFoundError naming the field for an id the catalog
 *   in use does not hold; AifError when nothing fits
 * @example
 * ```ts
 * import { getDefaultScenario, plan } from "@aifactory/planner";
 * const result = plan(getDefaultScenario("llama-3.1-70b-pretraining-1024-h100"));
 * result.performance.kind; // "pretraining"
 * ```
 * @since 0.1.0
 * @category Plan
 */
export function plan(input: ScenarioInput | Scenario, options: PlanOptions = {}): Plan {
  const upgraded = upgradeScenarioKeys(input);
  const scenario = parseInput(scenarioSchema, upgraded.scenario, "scenario");
  const catalog = catalogForScenario(scenario.packs, options.catalog);
  checkScenarioIds(scenario, catalog);
  const sections = workloadSections(scenario, catalog);
  const usage = composeUsage(scenario, sections.usage, catalog);
  const metrics: PlanMetric[] = [
    ...sections.metrics,
    { id: "energyMWh", label: "facility energy", value: usage.energy.facilityMWh, unit: "MWh" },
    { id: "co2eTonnes", label: "carbon (total)", value: usage.carbon.totalTonnes, unit: "tCO2e" },
    { id: "workloadCostUsd", label: "cost", value: usage.cost.workloadCostUsd, unit: "USD" },
  ];
  if (usage.cost.usdPerMillionTokens !== undefined) {
    metrics.push({
      id: "usdPerMillionTokens",
      label: "cost per Mtoken",
      value: usage.cost.usdPerMillionTokens,
      unit: "USD",
    });
  }
  const warnings = [...sections.warnings, ...usage.warnings];
  if (!sections.memory.fits)
    warnings.unshift({ area: "memory", text: "the configuration does not fit in accelerator memory" });
  for (const key of upgraded.renamed) {
    warnings.push({
      area: "scenario",
      text: `${key.from} is a deprecated name: read as ${key.to} (rename it in the scenario; the old name will stop working)`,
    });
  }
  return {
    scenario,
    metrics,
    performance: sections.performance,
    memory: sections.memory,
    timeline: sections.timeline,
    energy: usage.energy,
    carbon: usage.carbon,
    water: usage.water,
    cost: usage.cost,
    supply: usage.supply,
    timeBreakdown: sections.timeBreakdown,
    ...(sections.throughputLatency === undefined ? {} : { throughputLatency: sections.throughputLatency }),
    ...(sections.kvCache === undefined ? {} : { kvCache: sections.kvCache }),
    assumptions: [...sections.assumptions, ...usage.assumptions],
    warnings,
  };
}
