import siteForm from "virtual:site-form";
import { type FormEvent, memo, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { fieldText, pathLabel } from "../../lib/labels";
import { fieldId, getAt, issuesByPath, type JsonSchema, type Path, pathKey, setAt } from "../../lib/schema-form";
import {
  bomFileName,
  initialDesignKey,
  quarterOptions,
  SITE_EXAMPLE,
  type SiteFormData,
  type SiteRun,
  siteWorkloadFrom,
  siteWorkloadSchema,
} from "../../lib/site-view";
import type { ScenarioIssue } from "../../lib/validate";
import type { PlannerClient } from "../../planner-client";
import { DEFAULTS, STARTUP } from "../../startup-data";
import type { WorkerError } from "../../worker-protocol";
import { formatValue } from "../format";
import { Field, FieldIdPrefix, type FormContext } from "../SchemaForm";
import { PowerBreakdownChart } from "./PowerBreakdownChart";
import { SiteBomTable, SiteCandidatesTable, SiteKvOffloadTable } from "./SiteTables";

const FORM = siteForm as SiteFormData;
/** The Site form's ids start with this (its paths overlap the scenario editor's, which stays in the page). */
const SITE_ID_PREFIX = "site-";
const siteFieldId = (path: Path) => `${SITE_ID_PREFIX}${fieldId(path)}`;

/** Moves focus to the control of a problem's path (without changing the URL hash, which holds the scenario). */
function focusField(event: { preventDefault: () => void }, path: Path): void {
  event.preventDefault();
  for (let depth = path.length; depth >= 0; depth--) {
    const element = document.getElementById(siteFieldId(path.slice(0, depth)));
    if (element) {
      const control = element.matches("input, select, textarea")
        ? element
        : element.querySelector("input, select, textarea");
      (control as HTMLElement | null)?.focus();
      return;
    }
  }
}
const SCHEMA = FORM.jsonSchema;
const SITE_SCHEMA: JsonSchema = SCHEMA.properties?.site ?? {};
const SITE_PROPERTIES = SITE_SCHEMA.properties ?? {};
const CANDIDATE_SCHEMA: JsonSchema = SCHEMA.properties?.candidates?.items ?? {};
/** A serving site's KV offload (`storage.kvOffload`): the only storage option the form shows. */
const KV_OFFLOAD_SCHEMA: JsonSchema | undefined = SCHEMA.properties?.storage?.properties?.kvOffload;
/** The site fields the form shows first; the others (PUE, WUE, rack limit, efficiencies) are under "More options". */
const MAIN_SITE_FIELDS = ["gridPowerMW", "availableQuarter", "regionId", "climate", "cooling", "floorSpaceRacks"];
const WORKLOAD_SCHEMA = siteWorkloadSchema(STARTUP.scenarioJsonSchema, FORM.workloadKinds);
/** The whole input's schema, workload included (labels the problems' paths). */
const INPUT_SCHEMA: JsonSchema = {
  ...SCHEMA,
  properties: { ...SCHEMA.properties, ...(WORKLOAD_SCHEMA ? { workload: WORKLOAD_SCHEMA } : {}) },
};

const SUGGESTIONS: FormContext["suggestions"] = {
  regionId: STARTUP.suggestions.region ?? [],
  model: STARTUP.suggestions.model ?? [],
};
/** The cooling technologies by their catalog names, up to any aside ("Direct-to-chip liquid cooling"). */
const CHOICE_LABELS: FormContext["choiceLabels"] = {
  cooling: Object.fromEntries(FORM.cooling.map((entry) => [entry.value, entry.label.split(" (")[0] ?? entry.value])),
};
/** The catalog's systems (`listSystems`: ids and names, from the startup data). */
const SYSTEMS = STARTUP.suggestions.system ?? [];
const SYSTEM_NAMES = new Map(SYSTEMS.map((system) => [system.value, system.label ?? system.value]));

/** A starting value for a workload kind: the matching built-in scenario's workload, its parallelism left out. */
function seedVariant(path: Path, discriminator: string, tag: string): unknown {
  for (const { scenario } of DEFAULTS) {
    const workload = siteWorkloadFrom(getAt(scenario, path));
    if (workload && workload[discriminator] === tag) return structuredClone(workload);
  }
  return { [discriminator]: tag };
}

/** The input the form opens with: the example site, the default candidates and the first built-in workload. */
function initialInput(): Record<string, unknown> {
  const workload = DEFAULTS.map((entry) => siteWorkloadFrom(entry.scenario.workload)).find(Boolean);
  return {
    site: { ...SITE_EXAMPLE },
    candidates: FORM.defaultCandidates.map((candidate) => ({ ...candidate })),
    ...(workload ? { workload: structuredClone(workload) } : {}),
  };
}

/** The quarter the power is available: a select over the coming years (the schema's `YYYY-Qn`). */
function QuarterField({ value, ctx }: { value: unknown; ctx: FormContext }) {
  const path: Path = ["site", "availableQuarter"];
  const schema = SITE_PROPERTIES.availableQuarter ?? {};
  const text = fieldText("availableQuarter", schema);
  const errors = ctx.errors.get(pathKey(path));
  const options = useMemo(() => quarterOptions(value, new Date().getFullYear() - 1, 10), [value]);
  return (
    <div className="field">
      <label htmlFor={siteFieldId(path)}>{text.label}</label>
      <select
        id={siteFieldId(path)}
        name={pathKey(path)}
        value={typeof value === "string" ? value : ""}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${siteFieldId(path)}-error` : undefined}
        onChange={(event) => ctx.set(path, event.target.value === "" ? undefined : event.target.value)}
      >
        {typeof value !== "string" && <option value="">(choose)</option>}
        {options.map((quarter) => (
          <option key={quarter} value={quarter}>
            {quarter}
          </option>
        ))}
      </select>
      {errors && (
        <p className="field-error" id={`${siteFieldId(path)}-error`}>
          {errors.join("; ")}
        </p>
      )}
    </div>
  );
}

interface Candidate {
  systemId?: string;
  powerCapWatts?: number | string;
}

/** The candidate systems (and power caps): one row each, a system from the catalog and an optional cap. */
function CandidatesField({ value, ctx }: { value: unknown; ctx: FormContext }) {
  const candidates: Candidate[] = Array.isArray(value) ? (value as Candidate[]) : [];
  const systemText = fieldText("systemId", CANDIDATE_SCHEMA.properties?.systemId ?? {});
  const capText = fieldText("powerCapWatts", CANDIDATE_SCHEMA.properties?.powerCapWatts ?? {});
  const errors = ctx.errors.get("candidates");
  const write = (next: Candidate[]) => ctx.set(["candidates"], next);
  const hintId = useId();
  return (
    <fieldset className="group site-candidates-field" id={siteFieldId(["candidates"])}>
      <legend>Candidate systems</legend>
      <small className="hint" id={hintId}>
        {systemText.help ?? systemText.label}; {capText.help ?? capText.label} — empty: the accelerator's TDP
      </small>
      <ol className="site-candidate-list">
        {candidates.map((candidate, index) => {
          const rowPath: Path = ["candidates", index];
          const known = SYSTEM_NAMES.has(candidate.systemId ?? "");
          const rowErrors = [
            ...(ctx.errors.get(pathKey([...rowPath, "systemId"])) ?? []),
            ...(ctx.errors.get(pathKey([...rowPath, "powerCapWatts"])) ?? []),
            ...(ctx.errors.get(pathKey(rowPath)) ?? []),
          ];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows are positions in the list (edited in place)
            <li key={index}>
              <select
                id={siteFieldId([...rowPath, "systemId"])}
                aria-label={`Candidate ${index + 1}: ${systemText.label.toLowerCase()}`}
                value={candidate.systemId ?? ""}
                onChange={(event) =>
                  write(candidates.map((c, i) => (i === index ? { ...c, systemId: event.target.value } : c)))
                }
              >
                {!known && <option value={candidate.systemId ?? ""}>{candidate.systemId ?? "(choose)"}</option>}
                {SYSTEMS.map((system) => (
                  <option key={system.value} value={system.value}>
                    {system.label ?? system.value}
                  </option>
                ))}
              </select>
              <input
                id={siteFieldId([...rowPath, "powerCapWatts"])}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                className="site-cap"
                placeholder="TDP"
                aria-label={`Candidate ${index + 1}: ${capText.label}`}
                aria-describedby={hintId}
                value={candidate.powerCapWatts === undefined ? "" : String(candidate.powerCapWatts)}
                onChange={(event) => {
                  const text = event.target.value.trim();
                  const number = Number(text);
                  const cap = text === "" ? undefined : Number.isFinite(number) ? number : text;
                  write(
                    candidates.map((c, i) => {
                      if (i !== index) return c;
                      const { powerCapWatts: _old, ...rest } = c;
                      return cap === undefined ? rest : { ...rest, powerCapWatts: cap };
                    }),
                  );
                }}
              />
              <button
                type="button"
                aria-label={`Remove candidate ${index + 1}`}
                onClick={() => write(candidates.filter((_, i) => i !== index))}
              >
                ×
              </button>
              {rowErrors.length > 0 && <p className="field-error">{rowErrors.join("; ")}</p>}
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        onClick={() => write([...candidates, { systemId: candidates.at(-1)?.systemId ?? SYSTEMS[0]?.value ?? "" }])}
      >
        Add a candidate
      </button>
      {errors && <p className="field-error">{errors.join("; ")}</p>}
    </fieldset>
  );
}

/** Downloads a text file (a blob URL clicked through a temporary link). */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The Site mode: design an AI factory from its power. The form (its labels, choices and defaults from
 * `@aifactory/planner`'s `siteDesignInputSchema`) sets the grid power, date, region, climate, cooling, floor space,
 * the workload and the candidate systems; "Design site" runs `designSite` in the planner worker. The results: the
 * power breakdown from the grid down to the accelerators, the candidates side by side (Pareto ones marked), and the
 * bill of materials of the design shown, with its CSV (`siteBomToCsv`).
 */
function SitePanel({ client }: { client: PlannerClient }) {
  const [input, setInput] = useState<Record<string, unknown>>(initialInput);
  const inputRef = useRef(input);
  inputRef.current = input;
  const [running, setRunning] = useState(false);
  const [answer, setAnswer] = useState<Extract<SiteRun, { ok: true }> | undefined>();
  const [ranInput, setRanInput] = useState<unknown>(undefined);
  const [issues, setIssues] = useState<ScenarioIssue[]>([]);
  const [error, setError] = useState<WorkerError | undefined>();
  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const errors = useMemo(() => issuesByPath(issues), [issues]);
  const set = useCallback((path: Path, value: unknown) => {
    const next = setAt(inputRef.current, path, value) as Record<string, unknown>;
    inputRef.current = next;
    setInput(next);
  }, []);
  const ctx = useMemo<FormContext>(
    () => ({
      root: input,
      set,
      errors,
      seedVariant,
      suggestions: SUGGESTIONS,
      choiceLabels: CHOICE_LABELS,
    }),
    [input, set, errors],
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const run = async (event?: FormEvent) => {
    event?.preventDefault();
    const sent = inputRef.current;
    setRunning(true);
    setError(undefined);
    try {
      const outcome = await client.query("site", { input: sent });
      if (outcome.ok) {
        setAnswer(outcome);
        setRanInput(sent);
        setIssues([]);
        setSelectedKey((current) =>
          current !== undefined && outcome.result.designs.some((design) => design.key === current && design.feasible)
            ? current
            : initialDesignKey(outcome.result),
        );
      } else {
        setIssues(outcome.issues);
      }
    } catch (caught) {
      setError(caught as WorkerError);
    } finally {
      setRunning(false);
    }
  };

  const result = answer?.result;
  const selected = result?.designs.find((design) => design.key === selectedKey && design.feasible);
  const stale = answer !== undefined && ranInput !== input;
  const site = getAt(input, ["site"]);

  return (
    <main className="layout site-layout" data-testid="site-mode">
      <aside className="editor" aria-label="site editor">
        <h2 ref={headingRef} tabIndex={-1}>
          Site
        </h2>
        <p className="muted small">
          Start from the power: the largest cluster of each candidate system that fits the site's grid power after
          cooling, losses, network and storage.
        </p>
        {issues.length > 0 && (
          <div className="problems" role="alert" data-testid="site-problems">
            <strong>
              {issues.length} problem{issues.length === 1 ? "" : "s"}
            </strong>{" "}
            — {answer ? "results below are for the last valid input." : "fix them and design again."}
            <ul>
              {issues.map((issue) => (
                <li key={`${pathKey(issue.path)}-${issue.message}`}>
                  <a href={`#${siteFieldId(issue.path)}`} onClick={(event) => focusField(event, issue.path)}>
                    {pathLabel(INPUT_SCHEMA, issue.path, input)}
                  </a>
                  : {issue.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <FieldIdPrefix.Provider value={SITE_ID_PREFIX}>
          <form onSubmit={run} noValidate>
            <fieldset className="group" id={siteFieldId(["site"])}>
              <legend>Site</legend>
              {MAIN_SITE_FIELDS.filter((key) => SITE_PROPERTIES[key] !== undefined).map((key) =>
                key === "availableQuarter" ? (
                  <QuarterField key={key} value={getAt(site, [key])} ctx={ctx} />
                ) : (
                  <Field
                    key={key}
                    name={key}
                    schema={SITE_PROPERTIES[key]!}
                    path={["site", key]}
                    value={getAt(site, [key])}
                    required={(SITE_SCHEMA.required ?? []).includes(key)}
                    ctx={ctx}
                  />
                ),
              )}
            </fieldset>
            {WORKLOAD_SCHEMA && (
              <Field
                name="workload"
                schema={WORKLOAD_SCHEMA}
                path={["workload"]}
                value={getAt(input, ["workload"])}
                required={false}
                ctx={ctx}
              />
            )}
            <CandidatesField value={getAt(input, ["candidates"])} ctx={ctx} />
            {KV_OFFLOAD_SCHEMA && (
              <details className="group site-more" data-testid="site-kv-offload-options">
                <summary>KV-cache offload (serving): retained contexts and tiers</summary>
                <Field
                  name="kvOffload"
                  schema={KV_OFFLOAD_SCHEMA}
                  path={["storage", "kvOffload"]}
                  value={getAt(input, ["storage", "kvOffload"])}
                  required={false}
                  ctx={ctx}
                />
              </details>
            )}
            <details className="group site-more">
              <summary>More options: PUE, WUE, rack power limit, power distribution</summary>
              {Object.keys(SITE_PROPERTIES)
                .filter((key) => !MAIN_SITE_FIELDS.includes(key))
                .map((key) => (
                  <Field
                    key={key}
                    name={key}
                    schema={SITE_PROPERTIES[key]!}
                    path={["site", key]}
                    value={getAt(site, [key])}
                    required={false}
                    ctx={ctx}
                  />
                ))}
            </details>
            <div className="site-actions">
              <button type="submit" className="primary" disabled={running} data-testid="site-run">
                {running ? "Designing…" : "Design site"}
              </button>
            </div>
          </form>
        </FieldIdPrefix.Provider>
      </aside>
      <section className="results" aria-label="site results" aria-busy={running}>
        <div className="results-head">
          <h2>Site design</h2>
          <span className="status muted" role="status" data-testid="site-status">
            {running
              ? "designing…"
              : answer
                ? `designed in ${formatValue(answer.designMs, "ms")}${stale ? " (the form has changed since)" : ""}`
                : ""}
          </span>
        </div>
        {error && (
          <div className="plan-error" role="alert" data-testid="site-error">
            <strong>{error.code}</strong>: {error.message}
            {error.hint && <div className="muted">hint: {error.hint}</div>}
          </div>
        )}
        {!result && !running && !error && <p className="muted">Set the site and press “Design site”.</p>}
        {result && (
          <div className={stale ? "stale" : undefined} data-testid="site-results">
            <p className="site-summary" data-testid="site-summary">
              {formatValue(result.site.gridPowerMW, "MW")} from {result.site.availableQuarter} in {result.site.regionId}
              , {CHOICE_LABELS?.cooling?.[result.cooling.coolingId] ?? result.cooling.coolingId} ({result.site.climate}{" "}
              climate): PUE {formatValue(result.cooling.pue, "")}, WUE {formatValue(result.cooling.wueLitersPerKWh, "")}{" "}
              L/kWh, rack limit{" "}
              {result.cooling.rackPowerLimitWatts === undefined
                ? "not published"
                : formatValue(result.cooling.rackPowerLimitWatts, "W")}
              .
            </p>
            {result.warnings.length > 0 && (
              <ul className="warnings" aria-label="site warnings">
                {result.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            )}
            {selected ? (
              <PowerBreakdownChart design={selected} />
            ) : (
              <p className="muted">No candidate fits this site.</p>
            )}
            <section className="panel">
              <SiteCandidatesTable result={result} selectedKey={selected?.key} onSelect={setSelectedKey} />
            </section>
            {selected && (
              <section className="panel" aria-label="bill of materials">
                <SiteBomTable design={selected} />
                <div className="site-actions">
                  <button
                    type="button"
                    data-testid="site-bom-csv"
                    onClick={() =>
                      download(
                        bomFileName(result, selected.key),
                        `${answer.bomCsvByKey[selected.key] ?? ""}\n`,
                        "text/csv",
                      )
                    }
                  >
                    Download BOM (CSV)
                  </button>
                </div>
              </section>
            )}
            {selected?.kvOffload && (
              <section className="panel" aria-label="KV-cache offload">
                <SiteKvOffloadTable design={selected} />
              </section>
            )}
            {selected && (
              <details className="panel">
                <summary>Assumptions and warnings of {selected.systemName}</summary>
                <ul className="small">
                  {[...selected.assumptions, ...result.assumptions].map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
                {selected.warnings.length > 0 && (
                  <ul className="warnings small" aria-label="design warnings">
                    {selected.warnings.map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                )}
              </details>
            )}
          </div>
        )}
      </section>
    </main>
  );
}

export default memo(SitePanel);
