import type { Plan } from "@aifactory/planner";
import { useEffect, useMemo } from "react";

/** Download links for the scenario (JSON) and the plan (JSON, CSV from `planToCsv`, Markdown from `planToMarkdown`). */
export function ExportLinks({
  scenarioId,
  scenario,
  plan,
  csv,
  markdown,
}: {
  scenarioId: string;
  scenario: unknown;
  plan: Plan;
  csv: string;
  markdown: string;
}) {
  const files = useMemo(
    () =>
      [
        {
          label: "scenario JSON",
          name: `${scenarioId}.scenario.json`,
          type: "application/json",
          text: `${JSON.stringify(scenario, null, 2)}\n`,
        },
        {
          label: "plan JSON",
          name: `${scenarioId}.plan.json`,
          type: "application/json",
          text: `${JSON.stringify(plan, null, 2)}\n`,
        },
        { label: "CSV", name: `${scenarioId}.plan.csv`, type: "text/csv", text: `${csv}\n` },
        { label: "Markdown", name: `${scenarioId}.plan.md`, type: "text/markdown", text: markdown },
      ].map((file) => ({ ...file, url: URL.createObjectURL(new Blob([file.text], { type: file.type })) })),
    [scenarioId, scenario, plan, csv, markdown],
  );
  useEffect(
    () => () => {
      for (const file of files) URL.revokeObjectURL(file.url);
    },
    [files],
  );
  return (
    <nav className="exports" aria-label="export">
      <span className="muted">export:</span>
      {files.map((file) => (
        <a key={file.name} href={file.url} download={file.name} data-export={file.label}>
          {file.label}
        </a>
      ))}
    </nav>
  );
}
