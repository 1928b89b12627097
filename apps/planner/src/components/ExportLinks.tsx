import type { Plan } from "@aifactory/planner";
import { type SyntheticEvent, useEffect, useMemo, useState } from "react";

type DeployModule = typeof import("../lib/deploy-export");
let deployLoad: Promise<DeployModule> | undefined;
/** The launch-configuration emitters (@aifactory/workloads' deploy functions), a chunk of their own, loaded once. */
function loadDeploy(): Promise<DeployModule> {
  deployLoad ??= import("../lib/deploy-export");
  return deployLoad;
}

const NO_LABELS: string[] = [];

/** Launch-script links a plan kind gets (#21): the engines `deployFiles` emits for it. */
const DEPLOY_LABELS: Partial<Record<Plan["performance"]["kind"], string[]>> = {
  serving: ["vLLM", "SGLang", "TRT-LLM"],
  pretraining: ["Megatron", "torchtitan"],
};

interface ExportFile {
  label: string;
  name: string;
  type: string;
  text: () => string;
  /** A launch script (shown after a separator, titled with what it is). */
  launch?: boolean;
}

/**
 * Download links for the scenario (JSON) and the plan (JSON, CSV from `planToCsv`, Markdown from `planToMarkdown`),
 * and for serving and pretraining plans the launch scripts of the configuration the plan chose (vLLM, SGLang,
 * TensorRT-LLM; Megatron-LM, torchtitan) from `@aifactory/workloads`' emitters, loaded after the plan is on screen.
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
  const deployLabels = DEPLOY_LABELS[plan.performance.kind] ?? NO_LABELS;
  const [deploy, setDeploy] = useState<DeployModule | undefined>(undefined);
  useEffect(() => {
    if (deployLabels.length === 0 || deploy !== undefined) return;
    let live = true;
    // After the plan is painted: the emitters' chunk never delays a result.
    const timer = setTimeout(() => {
      void loadDeploy().then((module) => {
        if (live) setDeploy(module);
      });
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [deployLabels.length, deploy]);
  // The files, and the blob URLs made for them so far (revoked when the files change or the links go away).
  const { files, urls } = useMemo(() => {
    // Launch scripts are emitted once, when the first of their links is about to be used.
    let emitted: { label: string; name: string; text: string }[] | undefined;
    const launch = (label: string) => {
      emitted ??= deploy?.deployFiles(plan, scenarioId) ?? [];
      return emitted.find((file) => file.label === label);
    };
    const list: ExportFile[] = [
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
      ...(deploy === undefined
        ? []
        : deployLabels.map((label) => ({
            label,
            name: `${scenarioId}.${label.toLowerCase().replaceAll(/[^a-z0-9]+/g, "")}.sh`,
            type: "text/x-shellscript",
            text: () => launch(label)?.text ?? `# ${label}: this plan's configuration could not be emitted\n`,
            launch: true,
          }))),
    ];
    return { files: list, urls: new Map<string, string>() };
  }, [scenarioId, scenario, plan, csv, markdown, deploy, deployLabels]);
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
          {...(file.launch === true
            ? { "data-launch": "", title: `${file.label} launch script for this plan's configuration` }
            : {})}
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
