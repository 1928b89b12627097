import type { SolveRequest, SolveResult } from "@aifactory/planner";
import { memo, useId, useMemo, useState } from "react";
import {
  costBasisText,
  DEFAULT_MAX_GPUS,
  type GoalForm,
  type GoalKind,
  type GoalRow,
  goalKindFor,
  goalRows,
  scenarioWithConfiguration,
  solveRequestOf,
} from "../lib/goal-view";
import { formatCount, formatExactCount } from "../lib/units";
import { STARTUP } from "../startup-data";
import { formatValue } from "./format";

/** The catalog's accelerators (`listAccelerators`: ids and names computed at build time, see startup-data.ts). */
const CATALOG = (STARTUP.suggestions.accelerator ?? []).map((entry) => ({
  id: entry.value,
  name: entry.label ?? entry.value,
}));

const days = (value: number | null) => (value === null ? "–" : formatValue(value, "d"));
const usd = (value: number | null) => (value === null ? "–" : formatValue(value, "USD"));

/** A configuration in words: "4,096 x nvidia-b200". */
function configurationName(row: Pick<GoalRow["point"], "count" | "accelerator">): string {
  return `${formatExactCount(row.count)} x ${row.accelerator}`;
}

/**
 * Goal seeking: the configurations that meet a goal, from the planner's `solve` (run in the design-space
 * worker, with progress per accelerator type). For a run (pretraining, RL) the goal is to finish within a number of
 * days; for serving, to serve a number of output tokens per second within the scenario's SLO. For each accelerator
 * type ticked it shows the cheapest configuration that meets the goal and the fastest within the GPU limit, the
 * best highlighted, and "Open in editor" loads a configuration into the scenario.
 */
export const GoalPanel = memo(function GoalPanel({
  getScenario,
  workloadKind,
  currentAccelerator,
  currentOutputTokensPerSecond,
  run,
  onOpen,
  disabled,
}: {
  getScenario: () => unknown;
  workloadKind: string;
  currentAccelerator: string;
  /** Serving: the plan's output rate, the default throughput goal. */
  currentOutputTokensPerSecond?: number;
  run: (request: SolveRequest, onProgress: (done: number, total: number) => void) => Promise<SolveResult>;
  /** Loads a scenario (a configuration of the searched one) into the editor; `label` names it. */
  onOpen: (scenario: Record<string, unknown>, label: string) => void;
  disabled: boolean;
}) {
  const supported = goalKindFor(workloadKind);
  const [kind, setKind] = useState<GoalKind>(supported ?? "deadline");
  const goalKind: GoalKind = supported ?? kind;
  const [daysText, setDaysText] = useState("30");
  const [tokensPerSecondText, setTokensPerSecondText] = useState(() =>
    currentOutputTokensPerSecond ? String(Number(currentOutputTokensPerSecond.toPrecision(3))) : "",
  );
  const [accelerators, setAccelerators] = useState<string[]>(() => [currentAccelerator]);
  const [filter, setFilter] = useState("");
  const [objective, setObjective] = useState<GoalForm["objective"]>("cheapest");
  const [maxGpusText, setMaxGpusText] = useState(String(DEFAULT_MAX_GPUS));
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  // The answer, with the scenario it was searched on (a configuration opens as that scenario, changed).
  const [answer, setAnswer] = useState<
    { result: SolveResult; goalText: string; base: unknown; maxCount: number } | undefined
  >();
  const [error, setError] = useState<string | undefined>();
  const [tried, setTried] = useState(false);
  const id = useId();

  const form: GoalForm = { kind: goalKind, daysText, tokensPerSecondText, accelerators, objective, maxGpusText };
  const checked = solveRequestOf({}, form);
  const fieldErrors = tried && "errors" in checked ? checked.errors : {};

  const shown = useMemo(() => {
    const wanted = filter.trim().toLowerCase();
    return CATALOG.filter(
      (entry) =>
        accelerators.includes(entry.id) ||
        wanted === "" ||
        entry.id.includes(wanted) ||
        entry.name.toLowerCase().includes(wanted),
    );
  }, [filter, accelerators]);

  const toggle = (acceleratorId: string, on: boolean) =>
    setAccelerators((current) =>
      on
        ? [...current.filter((entry) => entry !== acceleratorId), acceleratorId]
        : current.filter((x) => x !== acceleratorId),
    );

  const start = async () => {
    setTried(true);
    const base = getScenario();
    const built = solveRequestOf(base, form);
    if ("errors" in built) return;
    const goalText =
      goalKind === "deadline"
        ? `finish within ${formatValue(Number(daysText), "d")}`
        : `serve ${formatValue(Number(tokensPerSecondText.replaceAll(",", "")), "tokens/s")} output`;
    setError(undefined);
    setProgress({ done: 0, total: accelerators.length });
    try {
      const result = await run(built.request, (done, total) => setProgress({ done, total }));
      setAnswer({ result, goalText, base, maxCount: built.request.maxCount ?? DEFAULT_MAX_GPUS });
    } catch (caught) {
      setError((caught as { message?: string }).message ?? String(caught));
    } finally {
      setProgress(undefined);
    }
  };

  const groups = useMemo(() => (answer ? goalRows(answer.result) : []), [answer]);
  const best = answer?.result.best ?? null;
  const throughput = answer?.result.goal.kind === "throughput";

  if (supported === undefined) {
    return (
      <section className="panel goal" aria-labelledby={`${id}-title`} data-testid="goal-panel">
        <h2 id={`${id}-title`}>Goal</h2>
        <p className="muted">
          Goal seeking sizes a run (pretraining, RL) or a serving deployment; this scenario's workload ({workloadKind})
          is sized in its own panels.
        </p>
      </section>
    );
  }

  return (
    <section className="panel goal" aria-labelledby={`${id}-title`} data-testid="goal-panel">
      <h2 id={`${id}-title`}>Goal</h2>
      <p className="muted small">
        Find the accelerator count and parallelism that meet a goal, for each accelerator type: every candidate is a
        full plan of this scenario (the planner's <code>solve</code>).
      </p>
      <form
        className="goal-form"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
        noValidate
      >
        <fieldset className="group">
          <legend>Goal</legend>
          <div className="goal-choice">
            <input
              type="radio"
              id={`${id}-deadline`}
              name={`${id}-kind`}
              checked={goalKind === "deadline"}
              disabled={supported !== "deadline"}
              onChange={() => setKind("deadline")}
            />
            <label htmlFor={`${id}-deadline`}>finish within</label>
            <input
              type="text"
              inputMode="decimal"
              id={`${id}-days`}
              className="goal-number"
              aria-label="finish within, days"
              value={daysText}
              disabled={goalKind !== "deadline"}
              aria-invalid={fieldErrors.goal && goalKind === "deadline" ? true : undefined}
              aria-describedby={fieldErrors.goal && goalKind === "deadline" ? `${id}-goal-error` : undefined}
              onChange={(event) => setDaysText(event.target.value)}
            />
            <span>days</span>
          </div>
          <div className="goal-choice">
            <input
              type="radio"
              id={`${id}-throughput`}
              name={`${id}-kind`}
              checked={goalKind === "throughput"}
              disabled={supported !== "throughput"}
              onChange={() => setKind("throughput")}
            />
            <label htmlFor={`${id}-throughput`}>serve</label>
            <input
              type="text"
              inputMode="decimal"
              id={`${id}-rate`}
              className="goal-number"
              aria-label="serve, output tokens per second"
              value={tokensPerSecondText}
              disabled={goalKind !== "throughput"}
              aria-invalid={fieldErrors.goal && goalKind === "throughput" ? true : undefined}
              aria-describedby={fieldErrors.goal && goalKind === "throughput" ? `${id}-goal-error` : undefined}
              onChange={(event) => setTokensPerSecondText(event.target.value)}
            />
            <span>output tokens/s</span>
          </div>
          <small className="hint">
            {supported === "deadline"
              ? "A run finishes within a deadline; serving scenarios take a throughput goal."
              : "A serving deployment meets a throughput within the scenario's latency SLO; runs take a deadline."}
          </small>
          {fieldErrors.goal && (
            <p className="field-error" id={`${id}-goal-error`}>
              {fieldErrors.goal}
            </p>
          )}
        </fieldset>
        <fieldset
          className="group goal-accelerators"
          aria-describedby={fieldErrors.accelerators ? `${id}-accelerators-error` : undefined}
        >
          <legend>Accelerator types to compare</legend>
          <div className="field">
            <label htmlFor={`${id}-filter`}>Search accelerators</label>
            <input
              type="search"
              id={`${id}-filter`}
              value={filter}
              placeholder="e.g. b200"
              onChange={(event) => setFilter(event.target.value)}
            />
          </div>
          <ul className="goal-checklist">
            {shown.map((entry) => (
              <li key={entry.id}>
                <input
                  type="checkbox"
                  id={`${id}-gpu-${entry.id}`}
                  value={entry.id}
                  checked={accelerators.includes(entry.id)}
                  onChange={(event) => toggle(entry.id, event.target.checked)}
                />
                <label htmlFor={`${id}-gpu-${entry.id}`}>
                  {entry.id} <span className="muted small">{entry.name}</span>
                </label>
              </li>
            ))}
          </ul>
          <small className="hint">{accelerators.length} ticked</small>
          {fieldErrors.accelerators && (
            <p className="field-error" id={`${id}-accelerators-error`}>
              {fieldErrors.accelerators}
            </p>
          )}
        </fieldset>
        <div className="goal-limits">
          <div className="field">
            <label htmlFor={`${id}-max`}>Max GPUs</label>
            <input
              type="text"
              inputMode="numeric"
              id={`${id}-max`}
              value={maxGpusText}
              aria-invalid={fieldErrors.maxGpus ? true : undefined}
              aria-describedby={fieldErrors.maxGpus ? `${id}-max-error` : undefined}
              onChange={(event) => setMaxGpusText(event.target.value)}
            />
            {fieldErrors.maxGpus && (
              <p className="field-error" id={`${id}-max-error`}>
                {fieldErrors.maxGpus}
              </p>
            )}
          </div>
          {supported === "deadline" && (
            <div className="field">
              <label htmlFor={`${id}-objective`}>Best means</label>
              <select
                id={`${id}-objective`}
                value={objective}
                onChange={(event) => setObjective(event.target.value as GoalForm["objective"])}
              >
                <option value="cheapest">cheapest run</option>
                <option value="fastest">fastest run</option>
              </select>
            </div>
          )}
          <button type="submit" disabled={disabled || progress !== undefined}>
            Find configurations
          </button>
          {progress && (
            <span className="goal-progress" role="status">
              <progress
                aria-label="goal seeking progress, accelerator types done"
                value={progress.done}
                max={Math.max(progress.total, 1)}
              />{" "}
              {progress.done} of {progress.total} accelerator types
            </span>
          )}
        </div>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {answer && (
        <div className="goal-answer" data-testid="goal-answer">
          <p data-testid="goal-best">
            {best ? (
              <>
                <strong>Best: {configurationName(best)}</strong> ({best.configuration}):{" "}
                {throughput && best.outputTokensPerSecond !== undefined
                  ? `serves ${formatValue(best.outputTokensPerSecond, "tokens/s")}`
                  : days(best.wallClockDays)}
                , run cost {usd(best.workloadCostUsd)} ({costBasisText(best)}), capex {usd(best.capexUsd)}.
              </>
            ) : (
              <strong>No configuration meets the goal.</strong>
            )}
          </p>
          {answer.result.warnings.length > 0 && (
            <ul className="warnings" aria-label="goal seeking warnings" data-testid="goal-warnings">
              {answer.result.warnings.map((warning) => (
                <li key={warning}>
                  <strong>cost basis</strong>: {warning}
                </li>
              ))}
            </ul>
          )}
          <div className="scroll">
            <table className="details goal-table" data-testid="goal-table">
              <caption>
                Configurations that {answer.goalText} ({answer.result.objective === "cheapest" ? "cheapest" : "fastest"}{" "}
                first; the best is highlighted)
              </caption>
              <thead>
                <tr>
                  <th scope="col">accelerator</th>
                  <th scope="col">choice</th>
                  <th scope="col">GPUs</th>
                  <th scope="col">{throughput ? "serves" : "time"}</th>
                  <th scope="col">run cost</th>
                  <th scope="col">capex</th>
                  <th scope="col">cost basis</th>
                  <th scope="col" className="goal-configuration">
                    configuration
                  </th>
                  <th scope="col">editor</th>
                </tr>
              </thead>
              {groups.map((group) => (
                <tbody key={group.accelerator} data-accelerator={group.accelerator}>
                  {group.rows.length === 0 ? (
                    <tr>
                      <th scope="row">{group.accelerator}</th>
                      <td colSpan={8} className="muted">
                        {group.note}
                      </td>
                    </tr>
                  ) : (
                    group.rows.map((row) => (
                      <tr
                        key={row.choice}
                        className={row.best ? "best" : undefined}
                        data-choice={row.choice}
                        data-gpus={row.point.count}
                        data-days={row.point.wallClockDays ?? ""}
                        data-best={row.best ? "true" : undefined}
                      >
                        <th scope="row">
                          {row.accelerator}
                          {row.best && <span className="badge">best</span>}
                        </th>
                        <td>{row.choice === "cheapest" ? (throughput ? "smallest" : "cheapest") : "fastest"}</td>
                        <td className="num">{formatExactCount(row.point.count)}</td>
                        <td className="num">
                          {throughput && row.point.outputTokensPerSecond !== undefined
                            ? formatValue(row.point.outputTokensPerSecond, "tokens/s")
                            : days(row.point.wallClockDays)}
                        </td>
                        <td className="num">{usd(row.point.workloadCostUsd)}</td>
                        <td className="num">{usd(row.point.capexUsd)}</td>
                        <td>{costBasisText(row.point)}</td>
                        <td className="goal-configuration">{row.point.configuration}</td>
                        <td>
                          <button
                            type="button"
                            aria-label={`Open in editor: ${configurationName(row.point)} (${row.choice})`}
                            onClick={() =>
                              onOpen(
                                scenarioWithConfiguration(answer.base, row.point),
                                `${configurationName(row.point)} from the Goal panel`,
                              )
                            }
                          >
                            Open in editor
                          </button>
                        </td>
                      </tr>
                    ))
                  )}
                </tbody>
              ))}
            </table>
          </div>
          <p className="muted small" data-testid="goal-summary">
            {formatCount(answer.result.evaluatedCount)} configurations planned in{" "}
            {formatValue(answer.result.elapsedMs, "ms")}; GPU counts on a grid of scale-up domains up to{" "}
            {formatExactCount(answer.maxCount)}, parallelism searched at each count. Fastest: the shortest run within
            the GPU limit.
          </p>
        </div>
      )}
    </section>
  );
});
