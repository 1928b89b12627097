import type { Plan } from "@aifactory/planner";
import { memo, useEffect, useMemo } from "react";
import { genericCurves, isFleetPerformance } from "../lib/fleet-view";
import { type BreakdownLike, findBreakdowns, findCurves, firstNumber } from "../lib/plan-view";
import { formatField } from "../lib/units";
import type { PlannerClient } from "../planner-client";
import { AssumptionsPanel } from "./AssumptionsPanel";
import { BreakdownChart } from "./BreakdownChart";
import { CurveChart } from "./CurveChart";
import { DetailsTable } from "./DetailsTable";
import { ExplorePanel } from "./ExplorePanel";
import { FleetPanel } from "./FleetPanel";
import { formatValue } from "./format";
import { GoalPanel } from "./GoalPanel";
import { HardwareTable } from "./HardwareTable";
import { RooflineChart } from "./RooflineChart";

/**
 * The chart, table and source panels of a plan (loaded lazily and rendered as a deferred update, so the
 * headline metrics of an edit show first). What is drawn is found in the plan, so new workload kinds need no
 * change here; a fleet plan also gets its designs panel (FleetPanel).
 */
function ResultPanels({
  plan,
  getScenario,
  client,
  canExplore,
  onRendered,
  onOpenScenario,
}: {
  plan: Plan;
  getScenario: () => unknown;
  client: PlannerClient;
  canExplore: boolean;
  onRendered?: (plan: Plan) => void;
  /** Loads a scenario into the editor (the Goal panel's "Open in editor"); `label` names it. */
  onOpenScenario: (scenario: Record<string, unknown>, label: string) => void;
}) {
  useEffect(() => onRendered?.(plan), [plan, onRendered]);
  const breakdowns = useMemo(() => {
    const found = findBreakdowns(plan);
    // The step-time or latency breakdown leads; the rest keep the plan's order.
    return [
      ...found.filter((entry) => entry.path === "timeBreakdown"),
      ...found.filter((entry) => entry.path !== "timeBreakdown"),
    ];
  }, [plan]);
  // A fleet plan's headroom curve is drawn by the fleet panel (one series of its charts), not here too.
  const curves = useMemo(() => genericCurves(findCurves(plan), plan.performance), [plan]);
  const carbon: BreakdownLike = {
    title: "Carbon",
    unit: "tCO2e",
    items: [
      { label: "operational", value: plan.carbon.operationalTonnes },
      { label: "embodied", value: plan.carbon.embodiedTonnes },
    ],
  };
  const achieved = firstNumber(plan.performance, ["modelTflopsPerGpu", "achievedTflopsPerGpu"]);
  const workload = plan.scenario.workload as Record<string, unknown>;
  return (
    <>
      {isFleetPerformance(plan.performance) && (
        <FleetPanel performance={plan.performance} workload={plan.scenario.workload} />
      )}
      <div className="charts">
        {breakdowns.map((entry) => (
          <BreakdownChart
            key={entry.path}
            breakdown={entry.breakdown}
            {...(entry.path === "memory.breakdown"
              ? { reference: { value: plan.memory.capacityBytesPerGpu, label: "capacity" } }
              : {})}
          />
        ))}
        <BreakdownChart
          breakdown={carbon}
          note={`Grid ${plan.carbon.regionId}: ${formatField("gridKgCo2ePerKWh", plan.carbon.gridKgCo2ePerKWh)}. Embodied range across public estimates: ${formatValue(plan.carbon.embodiedTonnesRange.min, "tCO2e")} – ${formatValue(plan.carbon.embodiedTonnesRange.max, "tCO2e")}.`}
        />
        <RooflineChart
          client={client}
          acceleratorId={plan.scenario.hardware.accelerator}
          precision={workload.precision ?? workload.weights}
          {...(achieved ? { achievedTflopsPerGpu: achieved.value } : {})}
        />
        {curves.map((curve) => (
          <CurveChart key={curve.path} curve={curve} />
        ))}
      </div>
      <details className="panel">
        <summary>All plan figures</summary>
        <DetailsTable
          sections={[
            { name: "performance", value: plan.performance },
            { name: "timeline", value: plan.timeline },
            { name: "energy", value: plan.energy },
            { name: "carbon", value: plan.carbon },
            { name: "water", value: plan.water },
            { name: "cost", value: plan.cost },
            { name: "supply", value: plan.supply },
          ]}
        />
      </details>
      <GoalPanel
        getScenario={getScenario}
        workloadKind={plan.scenario.workload.kind}
        currentAccelerator={plan.scenario.hardware.accelerator}
        {...(plan.performance.kind === "serving"
          ? { currentOutputTokensPerSecond: plan.performance.outputTokensPerSecond }
          : {})}
        run={(request, onProgress) => client.solve(request, onProgress)}
        onOpen={onOpenScenario}
        disabled={!canExplore}
      />
      <ExplorePanel
        getScenario={getScenario}
        currentAccelerator={plan.scenario.hardware.accelerator}
        currentCount={plan.scenario.hardware.count}
        ownership={plan.scenario.economics.ownership}
        run={(space, onProgress) => client.explore(space, onProgress)}
        disabled={!canExplore}
      />
      <HardwareTable client={client} currentId={plan.scenario.hardware.accelerator} />
      <AssumptionsPanel plan={plan} client={client} />
    </>
  );
}

export default memo(ResultPanels);
