import type { Plan } from "@aifactory/planner";
import { type SyntheticEvent, useEffect, useMemo } from "react";

interface ExportFile {
  label: string;
  name: string;
  type: string;
  text: () => string;
}

/**
 * Download links for the scenario (JSON) and the plan (JSON, CSV from `planToCsv`, Markdown from `planToMarkdown`).
 * A file's blob URL is made when the link is about to be used (pointer over it, keyboard focus, click), not on
 * every plan: serialising the plan and registering four blobs costs tens of milliseconds, which an edit's result
 * would otherwise wait for.
 */
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
  // The files, and the blob URLs made for them so far (revoked when the files change or the links go away).
  const { files, urls } = useMemo(
    () => ({
      files: [
        {
          label: "scenario JSON",
          name: `${scenarioId}.scenario.json`,
          type: "application/json",
          text: () => `${JSON.stringify(scenario, null, 2)}\n`,
        },
        {
          label: "plan JSON",
          name: `${scenarioId}.plan.json`,
          type: "application/json",
          text: () => `${JSON.stringify(plan, null, 2)}\n`,
        },
        { label: "CSV", name: `${scenarioId}.plan.csv`, type: "text/csv", text: () => `${csv}\n` },
        { label: "Markdown", name: `${scenarioId}.plan.md`, type: "text/markdown", text: () => markdown },
      ] satisfies ExportFile[],
      urls: new Map<string, string>(),
    }),
    [scenarioId, scenario, plan, csv, markdown],
  );
  useEffect(
    () => () => {
      for (const url of urls.values()) URL.revokeObjectURL(url);
    },
    [urls],
  );
  const prepare = (file: ExportFile) => (event: SyntheticEvent<HTMLAnchorElement>) => {
    let url = urls.get(file.label);
    if (url === undefined) {
      url = URL.createObjectURL(new Blob([file.text()], { type: file.type }));
      urls.set(file.label, url);
    }
    // Set before the click's default action (the download) reads it.
    event.currentTarget.href = url;
  };
  return (
    <nav className="exports" aria-label="export">
      <span className="muted">export:</span>
      {files.map((file) => (
        <a
          key={file.name}
          href={urls.get(file.label) ?? "#export"}
          download={file.name}
          data-export={file.label}
          onPointerEnter={prepare(file)}
          onFocus={prepare(file)}
          onClick={prepare(file)}
        >
          {file.label}
        </a>
      ))}
    </nav>
  );
}
