import type { Plan } from "@aifactory/planner";
import { memo } from "react";
import type { SourceView } from "../lib/hardware-view";
import type { PlannerClient } from "../planner-client";
import { useWorkerQuery } from "./use-worker-query";

function SourceList({ sources }: { sources: readonly SourceView[] }) {
  return (
    <ul className="sources">
      {sources.map((source) => (
        <li key={`${source.title}-${source.locator ?? ""}-${source.url ?? ""}`}>
          <span className={`evidence evidence-${source.evidence}`}>{source.evidence}</span>{" "}
          {source.url ? (
            <a href={source.url} target="_blank" rel="noreferrer">
              {source.title}
            </a>
          ) : (
            source.title
          )}
          {source.publisher && <span className="muted"> — {source.publisher}</span>}
          {source.locator && <span className="muted">, {source.locator}</span>}
          {source.date && <span className="muted"> ({source.date})</span>}
          {source.note && <div className="muted small">{source.note}</div>}
        </li>
      ))}
    </ul>
  );
}

/**
 * Every assumption of the plan by area, and the catalog sources of the hardware it used (looked up in the planner
 * worker: see lib/hardware-view.ts).
 */
export const AssumptionsPanel = memo(function AssumptionsPanel({
  plan,
  client,
}: {
  plan: Plan;
  client: PlannerClient;
}) {
  const areas = [...new Set(plan.assumptions.map((entry) => entry.area))];
  const systemId = plan.scenario.hardware.system;
  const sources = useWorkerQuery(client, "sources", {
    accelerator: plan.scenario.hardware.accelerator,
    ...(systemId ? { system: systemId } : {}),
  });
  // Never the previous hardware's sources under this plan.
  const hardware = sources.current ? sources.result : undefined;
  const accelerator = hardware?.accelerator;
  const system = hardware?.system;
  return (
    <section className="panel" aria-labelledby="assumptions-title">
      <h2 id="assumptions-title">Assumptions and sources</h2>
      {areas.map((area) => (
        <details key={area} open={area === areas[0]}>
          <summary>
            {area} ({plan.assumptions.filter((entry) => entry.area === area).length})
          </summary>
          <ul>
            {plan.assumptions
              .filter((entry) => entry.area === area)
              .map((entry) => (
                <li key={entry.text}>{entry.text}</li>
              ))}
          </ul>
        </details>
      ))}
      {accelerator && (
        <details>
          <summary>sources: {accelerator.name}</summary>
          <SourceList sources={accelerator.sources} />
          {accelerator.notes && (
            <ul className="muted small">
              {accelerator.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
        </details>
      )}
      {system && (
        <details>
          <summary>sources: {system.name}</summary>
          <SourceList sources={system.sources} />
        </details>
      )}
    </section>
  );
});
