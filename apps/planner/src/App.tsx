import type { Plan } from "@aifactory/planner";
import {
  lazy,
  Suspense,
  startTransition,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { flushSync } from "react-dom";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { ExportLinks } from "./components/ExportLinks";
import { MetricsPanel } from "./components/MetricsPanel";
import { PackLoader } from "./components/PackLoader";
import { ScenarioBar } from "./components/ScenarioBar";
import { type FormContext, SchemaForm } from "./components/SchemaForm";
import { pathLabel } from "./lib/labels";
import { packLabels, withPack } from "./lib/scenario-packs";
import { fieldId, getAt, issuesByPath, type Path, pathKey, setAt } from "./lib/schema-form";
import { actionStartedAt, afterNextPaint, recordFirstPlan, recordPanelsRendered, recordRecompute } from "./lib/timings";
import { decodeStateHash, encodeStateHash } from "./lib/url-state";
import { client, type PlanOutcome } from "./planner-client";
import { DEFAULTS, FIRST_DEFAULT_ID, getDefaultScenario, STARTUP } from "./startup-data";

// The page's first screen needs no package code on the main thread: the editor's schema, the built-in scenarios,
// the catalog names and the default plan come from the build (startup-data.ts); the charts and the worker load once
// the first plan is on screen. The main thread never loads zod or the catalogs: the worker validates every scenario
// it is sent (an invalid one comes back with its issues by field) and answers the panels' catalog questions.
const SCENARIO_JSON_SCHEMA = STARTUP.scenarioJsonSchema;
const SUGGESTIONS: FormContext["suggestions"] = STARTUP.suggestions;
const DEFAULT_OPTIONS = DEFAULTS.map((entry) => ({ id: entry.id, name: entry.name }));

/** A starting value for a union variant: the matching part of the first built-in scenario that has it. */
function seedVariant(path: Path, discriminator: string, tag: string): unknown {
  for (const { scenario } of DEFAULTS) {
    const candidate = getAt(scenario, path);
    if (getAt(candidate, [discriminator]) === tag) return structuredClone(candidate);
  }
  return { [discriminator]: tag };
}

/** Moves keyboard focus to the control of a path (a problem's link), without changing the URL hash. */
function focusField(event: { preventDefault: () => void }, path: Path): void {
  event.preventDefault();
  for (let depth = path.length; depth >= 0; depth--) {
    const element = document.getElementById(fieldId(path.slice(0, depth)));
    if (element) {
      const control = element.matches("input, select, textarea")
        ? element
        : element.querySelector("input, select, textarea");
      (control as HTMLElement | null)?.focus();
      return;
    }
  }
}

/** Which built-in scenario a value equals, if any. */
function matchingDefaultId(value: unknown): string | undefined {
  const json = JSON.stringify(value);
  return DEFAULTS.find((entry) => JSON.stringify(entry.scenario) === json)?.id;
}

/** The build-time plan of the default scenario, when the page opens on it (no shared scenario in the URL). */
const PREBUILT: PlanOutcome | undefined =
  window.location.hash === ""
    ? client.seed(STARTUP.prebuilt.key, {
        plan: STARTUP.prebuilt.plan,
        texts: STARTUP.prebuilt.texts,
      })
    : undefined;

const ResultPanels = lazy(() =>
  import("./components/lazy-panels").then((panels) => ({ default: panels.ResultPanels })),
);
// The Site mode (#20: design a factory from its power), in the same chunk as the plan's panels (lazy-panels.ts).
const SitePanel = lazy(() => import("./components/lazy-panels").then((panels) => ({ default: panels.SitePanel })));

/** What the page shows: a scenario's plan, or a site designed from its power. */
type Mode = "plan" | "site";

function initialScenario(): unknown {
  return window.location.hash === "" ? getDefaultScenario(FIRST_DEFAULT_ID) : undefined;
}

/** What an edit waits for: when it started, what kind of action it was and which built-in scenario it came from. */
interface PendingAction {
  startedAt: number;
  kind: "edit" | "switch" | "load";
  scenarioId: string;
}

export function App() {
  const [scenario, setScenario] = useState<unknown>(initialScenario);
  const [baseId, setBaseId] = useState<string | undefined>(() =>
    window.location.hash === "" ? FIRST_DEFAULT_ID : undefined,
  );
  const [edited, setEdited] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [outcome, setOutcome] = useState<PlanOutcome | undefined>(PREBUILT);
  const [lastGood, setLastGood] = useState<Extract<PlanOutcome, { ok: true }> | undefined>(
    PREBUILT?.ok ? PREBUILT : undefined,
  );
  const [computing, setComputing] = useState(false);
  const [mode, setMode] = useState<Mode>("plan");
  // Set once the Site mode has been opened: it stays mounted (its form and results kept) while the plan is shown.
  const [siteOpened, setSiteOpened] = useState(false);
  // Set once the first plan is painted: then the charts and the worker load.
  const [ready, setReady] = useState(false);
  const requestStarts = useRef(new Map<number, PendingAction>());
  const lastHash = useRef<string>("");
  const scenarioRef = useRef<unknown>(scenario);
  scenarioRef.current = scenario;
  const getScenario = useCallback(() => scenarioRef.current, []);
  const planStarts = useRef(new WeakMap<Plan, number>());
  const planHeading = useRef<HTMLHeadingElement>(null);
  const onPanelsRendered = useCallback((rendered: Plan) => {
    const startedAt = planStarts.current.get(rendered);
    if (startedAt !== undefined) recordPanelsRendered(startedAt);
  }, []);

  // A result is rendered at once in the worker's message handler (not in a later scheduler task, possibly behind a
  // slice of the previous result's deferred chart render).
  useEffect(
    () =>
      client.subscribe((result) =>
        flushSync(() => {
          setOutcome(result);
          if (result.ok) setLastGood(result);
          setComputing(false);
        }),
      ),
    [],
  );

  /**
   * Handles an edit: records when its input event happened and sends the new scenario to the worker right away, so
   * that the worker validates and plans it while React renders the edit (a scenario switch re-renders the whole
   * editor). An invalid scenario comes back with its issues, which the editor shows by field.
   */
  const submit = useCallback((next: unknown, kind: PendingAction["kind"], scenarioId: string | undefined) => {
    const action = { startedAt: actionStartedAt(), kind, scenarioId: scenarioId ?? "custom" };
    scenarioRef.current = next;
    setScenario(next);
    const { id, known } = client.plan(next);
    if (known) return;
    requestStarts.current.set(id, action);
    setComputing(true);
  }, []);
  const baseIdRef = useRef(baseId);
  baseIdRef.current = baseId;

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

  // The issues of the scenario on screen, as the worker found them (an invalid scenario's answer carries them); they
  // stay until the answer to a later edit replaces them.
  const problems = useMemo(() => (outcome && !outcome.ok ? (outcome.issues ?? []) : []), [outcome]);
  const errors = useMemo(() => issuesByPath(problems), [problems]);

  // Plan every scenario in the worker (it validates it); latest wins. Edits are sent in their input event (submit);
  // this sends the others (a scenario restored from the link). The default scenario's plan is known from the build.
  useEffect(() => {
    if (scenario === undefined) return;
    const { id, known } = client.plan(scenario);
    if (known || requestStarts.current.has(id)) return;
    requestStarts.current.set(id, { startedAt: performance.now(), kind: "load", scenarioId: "custom" });
    setComputing(true);
  }, [scenario]);

  // Keep the URL hash in step with the scenario (shareable), without adding history entries. (Not before the
  // first plan is on screen: the default scenario needs no hash to be restored.)
  useEffect(() => {
    if (scenario === undefined || (!ready && window.location.hash === "")) return;
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
  }, [scenario, ready]);

  // Timings: the first plan on screen, and edit -> result on screen. A layout effect runs in the commit that puts
  // the result in the page; the paint is recorded a frame later. Once the first plan is painted, the rest of the
  // page loads: the charts and the worker.
  useLayoutEffect(() => {
    if (!outcome) return;
    const start = requestStarts.current.get(outcome.id);
    requestStarts.current.delete(outcome.id);
    if (outcome.ok) planStarts.current.set(outcome.plan, start?.startedAt ?? 0);
    if (start && start.kind !== "load") {
      recordRecompute(start.startedAt, {
        scenarioId: start.scenarioId,
        kind: start.kind,
        planMs: outcome.planMs,
        ok: outcome.ok,
      });
    } else if (outcome.ok) {
      recordFirstPlan(outcome.prebuilt === true, () => {
        client.start();
        setReady(true);
      });
    }
  }, [outcome]);

  const ctx = useMemo<FormContext>(
    () => ({
      root: scenario,
      set: (path, value) => {
        submit(setAt(scenarioRef.current, path, value), "edit", baseIdRef.current);
        setEdited(true);
        setNotice(undefined);
      },
      errors,
      seedVariant,
      suggestions: SUGGESTIONS,
    }),
    [scenario, errors, submit],
  );

  const chooseDefault = (id: string) => {
    submit(getDefaultScenario(id), "switch", id);
    setBaseId(id);
    setEdited(false);
    setNotice(undefined);
  };

  const loadScenario = useCallback(
    (value: unknown, label: string) => {
      submit(value, "load", undefined);
      setBaseId(matchingDefaultId(value));
      setEdited(true);
      setNotice(`Loaded ${label}.`);
    },
    [submit],
  );

  // A configuration opened from the Goal panel: the whole page shows it, and focus moves to the plan's heading.
  const openScenario = useCallback(
    (value: unknown, label: string) => {
      loadScenario(value, label);
      planHeading.current?.focus();
    },
    [loadScenario],
  );

  const share = async (): Promise<string> => {
    const hash = await encodeStateHash(scenario);
    lastHash.current = hash;
    window.history.replaceState(null, "", hash);
    return window.location.href;
  };

  // On an error or an invalid edit, the last good plan stays on screen, dimmed.
  const shown = outcome?.ok ? outcome : lastGood;
  const plan = shown?.plan;
  const stale = !outcome?.ok;
  // Charts and tables follow as a low-priority (interruptible) render that starts once the frame with the new
  // figures has been painted: an edit's figures never wait for the charts' render, nor for their commit.
  const [panelsPlan, setPanelsPlan] = useState(plan);
  useLayoutEffect(() => {
    if (plan === undefined) return;
    let cancelled = false;
    afterNextPaint(() => {
      if (!cancelled) startTransition(() => setPanelsPlan(plan));
    });
    return () => {
      cancelled = true;
    };
  }, [plan]);
  // The build-time plan comes without its CSV and Markdown: the worker makes them once it runs.
  const [builtExports, setBuiltExports] = useState<{ plan: Plan; csv: string; markdown: string } | undefined>();
  const needsExports = ready && outcome?.ok === true && outcome.csv === undefined ? outcome.plan : undefined;
  useEffect(() => {
    if (!needsExports || builtExports?.plan === needsExports) return;
    let live = true;
    void client.exports(needsExports).then((files) => {
      if (live) setBuiltExports({ plan: needsExports, ...files });
    });
    return () => {
      live = false;
    };
  }, [needsExports, builtExports]);
  const exportFiles =
    outcome?.ok && outcome.csv !== undefined && outcome.markdown !== undefined
      ? { csv: outcome.csv, markdown: outcome.markdown }
      : outcome?.ok && builtExports?.plan === outcome.plan
        ? builtExports
        : undefined;
  const scenarioId = typeof getAt(scenario, ["id"]) === "string" ? String(getAt(scenario, ["id"])) : "scenario";

  return (
    <div className="app">
      <header className="topbar">
        <h1>aifactory planner</h1>
        <nav className="modes" aria-label="mode">
          {(
            [
              ["plan", "Plan a scenario"],
              ["site", "Design a site"],
            ] as const
          ).map(([id, label]) => (
            <button
              key={id}
              type="button"
              aria-pressed={mode === id}
              data-mode={id}
              onClick={() => {
                setMode(id);
                if (id === "site") setSiteOpened(true);
              }}
            >
              {label}
            </button>
          ))}
        </nav>
        {mode === "plan" && (
          <ScenarioBar
            defaults={DEFAULT_OPTIONS}
            baseId={baseId}
            edited={edited}
            onChoose={chooseDefault}
            onLoad={loadScenario}
            onShare={share}
          />
        )}
        {mode === "plan" && (
          <PackLoader
            packs={packLabels(scenario)}
            onLoad={(pack, label) => loadScenario(withPack(scenarioRef.current, pack), `pack ${label}`)}
          />
        )}
      </header>
      {siteOpened && (
        <div hidden={mode !== "site"}>
          <ErrorBoundary label="site design" resetKey={undefined}>
            <Suspense fallback={<p className="muted layout">Loading the site designer…</p>}>
              <SitePanel client={client} />
            </Suspense>
          </ErrorBoundary>
        </div>
      )}
      {mode === "plan" && notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <main className="layout" hidden={mode !== "plan"}>
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
                    <a
                      href={`#${fieldId(issue.path as Path)}`}
                      onClick={(event) => focusField(event, issue.path as Path)}
                    >
                      {pathLabel(SCENARIO_JSON_SCHEMA, issue.path as Path, scenario)}
                    </a>
                    : {issue.message}
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
            <h2 ref={planHeading} tabIndex={-1}>
              Plan
            </h2>
            <span className="status muted" role="status" data-testid="status">
              {computing
                ? "computing…"
                : outcome?.ok && outcome.prebuilt
                  ? "planned at build time"
                  : outcome
                    ? `planned in ${outcome.planMs.toFixed(1)} ms`
                    : ""}
            </span>
            {outcome?.ok && !stale && exportFiles && (
              <ExportLinks
                client={client}
                scenarioId={scenarioId}
                scenario={scenario}
                plan={outcome.plan}
                csv={exportFiles.csv}
                markdown={exportFiles.markdown}
              />
            )}
          </div>
          {/* A planning error is shown while it is the current scenario's: after an edit it goes (the new value is
              being planned, or it is invalid and its field says why). */}
          {outcome && !outcome.ok && !computing && problems.length === 0 && (
            <div className="plan-error" role="alert" data-testid="plan-error">
              <strong>{outcome.error.code}</strong>: {outcome.error.message}
              {outcome.error.hint && <div className="muted">hint: {outcome.error.hint}</div>}
            </div>
          )}
          {plan && shown && (
            <div className={stale ? "stale" : undefined}>
              <ErrorBoundary label="headline metrics" resetKey={plan}>
                <MetricsPanel plan={plan} texts={shown.texts} />
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
              {ready && panelsPlan && (
                // Dimmed while the charts still show the previous plan (their deferred render is under way).
                <div
                  data-testid="panels"
                  data-scenario={panelsPlan.scenario.id}
                  data-current={panelsPlan === plan}
                  className={panelsPlan === plan ? undefined : "updating"}
                >
                  <ErrorBoundary label="charts and tables" resetKey={panelsPlan}>
                    <Suspense fallback={<p className="muted">Loading charts…</p>}>
                      <ResultPanels
                        plan={panelsPlan}
                        getScenario={getScenario}
                        client={client}
                        canExplore={problems.length === 0}
                        onRendered={onPanelsRendered}
                        onOpenScenario={openScenario}
                      />
                    </Suspense>
                  </ErrorBoundary>
                </div>
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
