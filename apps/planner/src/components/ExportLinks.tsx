import type { Plan } from "@aifactory/planner";
import { type SyntheticEvent, useEffect, useMemo, useState } from "react";
import type { DeployFile } from "../lib/deploy-export";
import type { PlannerClient } from "../planner-client";

/** How long a plan stays on screen before its launch scripts are asked for (fast edits ask for none), ms. */
const LAUNCH_DELAY_MS = 200;

/** The plan kinds that get launch scripts: serving (vLLM, SGLang, TRT-LLM) and pretraining (Megatron, torchtitan). */
const LAUNCH_KINDS: ReadonlySet<Plan["performance"]["kind"]> = new Set(["serving", "pretraining"]);

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
 * TensorRT-LLM; Megatron-LM, torchtitan) from `@aifactory/workloads`' emitters, made by the planner worker once the
 * plan has been on screen for a moment (the emitters and zod stay off the page's main thread).
 * A file's blob URL is made when the link is about to be used (pointer over it, keyboard focus, click), not on
 * every plan: serialising the plan and registering four blobs costs tens of milliseconds, which an edit's result
 * would otherwise wait for.
 */
export function ExportLinks({
  client,
  scenarioId,
  scenario,
  plan,
  csv,
  markdown,
}: {
  client: PlannerClient;
  scenarioId: string;
  scenario: unknown;
  plan: Plan;
  csv: string;
  markdown: string;
}) {
  const hasLaunch = LAUNCH_KINDS.has(plan.performance.kind);
  const [launch, setLaunch] = useState<{ plan: Plan; scenarioId: string; files: DeployFile[] } | undefined>();
  const launchFiles = launch?.plan === plan && launch.scenarioId === scenarioId ? launch.files : undefined;
  useEffect(() => {
    if (!hasLaunch || launchFiles !== undefined) return;
    let live = true;
    const timer = setTimeout(() => {
      // The parts of the plan the emitters read: the plan itself may be large to copy to the worker.
      const args = { plan: { scenario: plan.scenario, performance: plan.performance }, scenarioId };
      client.query("deploy", args).then(
        (files) => {
          if (live) setLaunch({ plan, scenarioId, files });
        },
        () => {
          if (live) setLaunch({ plan, scenarioId, files: [] });
        },
      );
    }, LAUNCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, plan, scenarioId, hasLaunch, launchFiles]);
  // The files, and the blob URLs made for them so far (revoked when the files change or the links go away). The
  // launch scripts arrive later than the plan: they are a set of their own, so that their arrival never revokes a
  // URL of the other files that a link has just been given.
  const base = useMemo<{ files: ExportFile[]; urls: Map<string, string> }>(
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
      ],
      urls: new Map<string, string>(),
    }),
    [scenarioId, scenario, plan, csv, markdown],
  );
  const scripts = useMemo<{ files: ExportFile[]; urls: Map<string, string> }>(
    () => ({
      // An engine the configuration cannot be emitted for gets no link.
      files: (launchFiles ?? []).map((file) => ({
        label: file.label,
        name: file.name,
        type: "text/x-shellscript",
        text: () => file.text,
        launch: true,
      })),
      urls: new Map<string, string>(),
    }),
    [launchFiles],
  );
  useEffect(
    () => () => {
      for (const url of base.urls.values()) URL.revokeObjectURL(url);
    },
    [base],
  );
  useEffect(
    () => () => {
      for (const url of scripts.urls.values()) URL.revokeObjectURL(url);
    },
    [scripts],
  );
  const prepare = (file: ExportFile, urls: Map<string, string>) => (event: SyntheticEvent<HTMLAnchorElement>) => {
    let url = urls.get(file.label);
    if (url === undefined) {
      url = URL.createObjectURL(new Blob([file.text()], { type: file.type }));
      urls.set(file.label, url);
    }
    // Set before the click's default action (the download) reads it.
    event.currentTarget.href = url;
  };
  const links = [
    ...base.files.map((file) => ({ file, urls: base.urls })),
    ...scripts.files.map((file) => ({ file, urls: scripts.urls })),
  ];
  return (
    <nav className="exports" aria-label="export">
      <span className="muted">export:</span>
      {links.map(({ file, urls }) => (
        <a
          key={file.name}
          href={urls.get(file.label) ?? "#export"}
          download={file.name}
          data-export={file.label}
          {...(file.launch === true
            ? { "data-launch": "", title: `${file.label} launch script for this plan's configuration` }
            : {})}
          onPointerEnter={prepare(file, urls)}
          onFocus={prepare(file, urls)}
          onClick={prepare(file, urls)}
        >
          {file.label}
        </a>
      ))}
    </nav>
  );
}
