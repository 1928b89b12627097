import { parseInput } from "@aifactory/core";
import { planAgentic } from "./agentic";
import { composeUsage } from "./compose";
import { planFleet } from "./fleet";
import type { Plan, PlanMetric, WorkloadSections } from "./plan-types";
import { planPretraining } from "./pretraining";
import { planRl } from "./rl";
import { type Scenario, type ScenarioInput, scenarioSchema } from "./scenario";
import { planServing } from "./serving";

function workloadSections(scenario: Scenario): WorkloadSections {
  switch (scenario.workload.kind) {
    case "pretraining":
      return planPretraining(scenario);
    case "serving":
      return planServing(scenario);
    case "rl":
      return planRl(scenario);
    case "agentic":
      return planAgentic(scenario);
    case "fleet":
      return planFleet(scenario);
  }
}

/**
 * Plans a scenario: performance and memory fit (`@aifactory/workloads`), time, energy, carbon and water
 * (`@aifactory/energy`), TCO and $/token, and the earliest online quarter (`@aifactory/economics`), with every
 * assumption and warning. The planner composes; it adds no model logic.
 *
 * @param input - a scenario (validated here)
 * @returns the plan
 * @throws InvalidInputError for an invalid scenario; NotFoundError for unknown ids; AifError when nothing fits
 * @example
 * ```ts
 * import { getDefaultScenario, plan } from "@aifactory/planner";
 * const result = plan(getDefaultScenario("llama-3.1-70b-pretraining-1024-h100"));
 * result.performance.kind; // "pretraining"
 * ```
 * @since 0.1.0
 * @category Plan
 */
export function plan(input: ScenarioInput | Scenario): Plan {
  const scenario = parseInput(scenarioSchema, input, "scenario");
  const sections = workloadSections(scenario);
  const usage = composeUsage(scenario, sections.usage);
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
