import "./zod-config";
import { toJsonSchema } from "@aifactory/core";
import { listAccelerators, listSystems } from "@aifactory/hardware";
import { DEFAULT_SCENARIOS, getDefaultScenario, type Plan, scenarioSchema } from "@aifactory/planner";
import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { client } from "./client";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { ExportLinks } from "./components/ExportLinks";
import { MetricsPanel } from "./components/MetricsPanel";
import { ScenarioBar } from "./components/ScenarioBar";
import { type FormContext, SchemaForm } from "./components/SchemaForm";
import { getAt, issuesByPath, type JsonSchema, type Path, pathKey, setAt } from "./lib/schema-form";
import { recordFirstPlan, recordPanelsRendered, recordRecompute } from "./lib/timings";
import { decodeStateHash, encodeStateHash } from "./lib/url-state";
import type { PlanOutcome } from "./planner-client";

// The same document as `plannerJsonSchemas()["scenario.schema.json"]`, without also building the design-space
// schema on the page's critical path.
const SCENARIO_JSON_SCHEMA = toJsonSchema(scenarioSchema) as JsonSchema;
const FIRST_DEFAULT_ID = DEFAULT_SCENARIOS[0]?.id ?? "";

const SUGGESTIONS: FormContext["suggestions"] = {
  accelerator: listAccelerators().map((entry) => ({ value: entry.id, label: entry.name })),
  system: listSystems().map((entry) => ({ value: entry.id, label: entry.name })),
};

/** A starting value for a union variant: the matching part of the first built-in scenario that has it. */
function seedVariant(path: Path, discriminator: string, tag: string): unknown {
  for (const scenario of DEFAULT_SCENARIOS) {
    const candidate = getAt(scenario, path);
    if (getAt(candidate, [discriminator]) === tag) return structuredClone(candidate);
  }
  return { [discriminator]: tag };
}

/** Which built-in scenario a value equals, if any. */
function matchingDefaultId(value: unknown): string | undefined {
  const json = JSON.stringify(value);
  return DEFAULT_SCENARIOS.find((scenario) => JSON.stringify(scenario) === json)?.id;
}

const ResultPanels = lazy(() => import("./components/ResultPanels"));

function initialScenario(): unknown {
  return window.location.hash === "" ? getDefaultScenario(FIRST_DEFAULT_ID) : undefined;
}

export function App() {
  const [scenario, setScenario] = useState<unknown>(initialScenario);
  const [baseId, setBaseId] = useState<string | undefined>(() =>
    window.location.hash === "" ? FIRST_DEFAULT_ID : undefined,
  );
  const [edited, setEdited] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [outcome, setOutcome] = useState<PlanOutcome | undefined>(undefined);
  const [lastPlan, setLastPlan] = useState<Plan | undefined>(undefined);
  const [computing, setComputing] = useState(false);
  const editStartedAt = useRef<number | undefined>(undefined);
  const requestStarts = useRef(new Map<number, { startedAt: number; isEdit: boolean }>());
  const lastHash = useRef<string>("");
  const scenarioRef = useRef<unknown>(scenario);
  scenarioRef.current = scenario;
  const getScenario = useCallback(() => scenarioRef.current, []);
  const planStarts = useRef(new WeakMap<Plan, number>());
  const onPanelsRendered = useCallback((rendered: Plan) => {
    const startedAt = planStarts.current.get(rendered);
    if (startedAt !== undefined) recordPanelsRendered(startedAt);
  }, []);

  useEffect(
    () =>
      client.subscribe((result) => {
        setOutcome(result);
        if (result.ok) setLastPlan(result.plan);
        setComputing(false);
      }),
    [],
  );

  const loadFromHash = useCallback(async () => {
    if (window.location.hash === lastHash.current) return;
    try {
      const value = await decodeStateHash(window.location.hash);
      if (value !== undefined) {
        lastHash.current = window.location.hash;
        const id = matchingDefaultId(value);
        setScenario(value);
        setBaseId(id);
        setEdited(id === undefined);
        setNotice(id === undefined ? "Scenario restored from the link." : undefined);
        return;
      }
    } catch (error) {
      setNotice(`Could not read the scenario in the link (${(error as Error).message}); showing the default.`);
    }
    lastHash.current = window.location.hash;
    setScenario((current: unknown) => current ?? getDefaultScenario(FIRST_DEFAULT_ID));
    setBaseId((current) => current ?? FIRST_DEFAULT_ID);
  }, []);

  useEffect(() => {
    void loadFromHash();
    const onHashChange = () => void loadFromHash();
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, [loadFromHash]);

  const validation = useMemo(
    () => (scenario === undefined ? undefined : scenarioSchema.safeParse(scenario)),
    [scenario],
  );
  const errors = useMemo(
    () => issuesByPath(validation && !validation.success ? validation.error.issues : []),
    [validation],
  );

  // Plan every valid scenario in the worker; latest wins.
  useEffect(() => {
    if (scenario === undefined || !validation?.success) return;
    const isEdit = editStartedAt.current !== undefined;
    const startedAt = editStartedAt.current ?? performance.now();
    editStartedAt.current = undefined;
    const id = client.plan(scenario);
    requestStarts.current.set(id, { startedAt, isEdit });
    setComputing(true);
  }, [scenario, validation]);

  // Keep the URL hash in step with the scenario (shareable), without adding history entries.
  useEffect(() => {
    if (scenario === undefined) return;
    let cancelled = false;
    const timer = window.setTimeout(async () => {
      const hash = await encodeStateHash(scenario);
      if (cancelled || hash === window.location.hash) return;
      lastHash.current = hash;
      window.history.replaceState(null, "", hash);
    }, 120);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [scenario]);

  // Timings: first plan on screen, and edit -> result on screen.
  useEffect(() => {
    if (!outcome) return;
    const start = requestStarts.current.get(outcome.id);
    requestStarts.current.delete(outcome.id);
    if (!start) return;
    if (outcome.ok) planStarts.current.set(outcome.plan, start.startedAt);
    if (start.isEdit) recordRecompute(start.startedAt, outcome.planMs, outcome.ok);
    else recordFirstPlan(outcome.ok);
  }, [outcome]);

  const ctx = useMemo<FormContext>(
    () => ({
      root: scenario,
      set: (path, value) => {
        editStartedAt.current = performance.now();
        setScenario((current: unknown) => setAt(current, path, value));
        setEdited(true);
        setNotice(undefined);
      },
      errors,
      seedVariant,
      suggestions: SUGGESTIONS,
    }),
    [scenario, errors],
  );

  const chooseDefault = (id: string) => {
    editStartedAt.current = performance.now();
    setScenario(getDefaultScenario(id));
    setBaseId(id);
    setEdited(false);
    setNotice(undefined);
  };

  const loadScenario = (value: unknown, label: string) => {
    editStartedAt.current = performance.now();
    setScenario(value);
    setBaseId(matchingDefaultId(value));
    setEdited(true);
    setNotice(`Loaded ${label}.`);
  };

  const share = async (): Promise<string> => {
    const hash = await encodeStateHash(scenario);
    lastHash.current = hash;
    window.history.replaceState(null, "", hash);
    return window.location.href;
  };

  const problems = validation && !validation.success ? validation.error.issues : [];
  // On an error or an invalid edit, the last good plan stays on screen, dimmed.
  const plan = outcome?.ok ? outcome.plan : lastPlan;
  const stale = !outcome?.ok || problems.length > 0;
  // Charts and tables follow as a deferred render, so the metrics of an edit never wait for them.
  const deferredPlan = useDeferredValue(plan);
  const scenarioId = typeof getAt(scenario, ["id"]) === "string" ? String(getAt(scenario, ["id"])) : "scenario";

  return (
    <div className="app">
      <header className="topbar">
        <h1>aifactory planner</h1>
        <ScenarioBar
          defaults={DEFAULT_SCENARIOS.map((entry) => ({ id: entry.id, name: entry.name }))}
          baseId={baseId}
          edited={edited}
          onChoose={chooseDefault}
          onLoad={loadScenario}
          onShare={share}
        />
      </header>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <main className="layout">
        <aside className="editor" aria-label="scenario editor">
          <h2>Scenario</h2>
          {problems.length > 0 && (
            <div className="problems" role="alert" data-testid="problems">
              <strong>
                {problems.length} problem{problems.length === 1 ? "" : "s"}
              </strong>{" "}
              — results below are for the last valid scenario.
              <ul>
                {problems.map((issue) => (
                  <li key={`${pathKey(issue.path as Path)}-${issue.message}`}>
                    <code>{pathKey(issue.path as Path) || "(scenario)"}</code>: {issue.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {scenario === undefined ? (
            <p className="muted">Loading…</p>
          ) : (
            <form onSubmit={(event) => event.preventDefault()} noValidate>
              <SchemaForm schema={SCENARIO_JSON_SCHEMA} value={scenario} ctx={ctx} />
            </form>
          )}
        </aside>
        <section className="results" aria-label="plan results" aria-busy={computing}>
          <div className="results-head">
            <h2>Plan</h2>
            <span className="status muted" role="status" data-testid="status">
              {computing ? "computing…" : outcome ? `planned in ${outcome.planMs.toFixed(1)} ms` : ""}
            </span>
            {outcome?.ok && !stale && (
              <ExportLinks
                scenarioId={scenarioId}
                scenario={scenario}
                plan={outcome.plan}
                csv={outcome.csv}
                markdown={outcome.markdown}
              />
            )}
          </div>
          {outcome && !outcome.ok && (
            <div className="plan-error" role="alert" data-testid="plan-error">
              <strong>{outcome.error.code}</strong>: {outcome.error.message}
              {outcome.error.hint && <div className="muted">hint: {outcome.error.hint}</div>}
            </div>
          )}
          {plan && (
            <div className={stale ? "stale" : undefined}>
              <ErrorBoundary label="headline metrics" resetKey={plan}>
                <MetricsPanel plan={plan} />
                {plan.warnings.length > 0 && (
                  <ul className="warnings" aria-label="warnings">
                    {plan.warnings.map((warning) => (
                      <li key={`${warning.area}-${warning.text}`}>
                        <strong>{warning.area}</strong>: {warning.text}
                      </li>
                    ))}
                  </ul>
                )}
              </ErrorBoundary>
              {deferredPlan && (
                <ErrorBoundary label="charts and tables" resetKey={deferredPlan}>
                  <Suspense fallback={<p className="muted">Loading charts…</p>}>
                    <ResultPanels
                      plan={deferredPlan}
                      getScenario={getScenario}
                      client={client}
                      canExplore={validation?.success === true}
                      onRendered={onPanelsRendered}
                    />
                  </Suspense>
                </ErrorBoundary>
              )}
            </div>
          )}
          {!outcome && scenario !== undefined && <p className="muted">Planning…</p>}
        </section>
      </main>
      <footer className="footer muted small">
        Every figure comes from an @aifactory package function (planner, hardware, core); the app adds no model logic.
        Sources are under “Assumptions and sources”.
      </footer>
    </div>
  );
}
