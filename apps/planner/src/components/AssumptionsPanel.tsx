import { getAccelerator, getSystem } from "@aifactory/hardware";
import type { Plan } from "@aifactory/planner";
import { memo } from "react";

interface SourceLike {
  title: string;
  url?: string;
  publisher?: string;
  date?: string;
  locator?: string;
  evidence: string;
  note?: string;
}

function lookup<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function SourceList({ sources }: { sources: readonly SourceLike[] }) {
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

/** Every assumption of the plan by area, and the sources of the hardware it used. */
export const AssumptionsPanel = memo(function AssumptionsPanel({ plan }: { plan: Plan }) {
  const areas = [...new Set(plan.assumptions.map((entry) => entry.area))];
  const accelerator = lookup(() => getAccelerator(plan.scenario.hardware.accelerator));
  const systemId = plan.scenario.hardware.system;
  const system = systemId ? lookup(() => getSystem(systemId)) : undefined;
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
          <SourceList sources={accelerator.sources as SourceLike[]} />
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
          <SourceList sources={system.sources as SourceLike[]} />
        </details>
      )}
    </section>
  );
});
