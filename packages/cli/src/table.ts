import { type Assumption, formatSignificant } from "@aifactory/core";
import Table from "cli-table3";

/**
 * A column of {@link renderTable}.
 *
 * @since 0.1.0
 * @category CLI
 */
export interface TableColumn {
  /** The row field to show. */
  key: string;
  /** The header (default: the key). */
  header?: string;
  /** Alignment (default: right for numbers, left otherwise). */
  align?: "left" | "right";
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "n/a";
  return String(value);
}

/**
 * Renders rows as a text table for people (cli-table3, no colours so output is stable and pipeable).
 *
 * @param rows - the rows; values are strings or numbers (format numbers first for units)
 * @param columns - which fields to show and how (default: the first row's keys)
 * @returns the table text
 * @example
 * ```ts
 * import { renderTable } from "@aifactory/cli";
 * renderTable([{ id: "nvidia-h100-sxm", bf16: 989 }]);
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function renderTable(rows: ReadonlyArray<Record<string, unknown>>, columns?: readonly TableColumn[]): string {
  const cols: TableColumn[] = columns ? [...columns] : Object.keys(rows[0] ?? {}).map((key) => ({ key }));
  const table = new Table({
    head: cols.map((column) => column.header ?? column.key),
    style: { head: [], border: [], compact: true },
    colAligns: cols.map((column) => column.align ?? (typeof rows[0]?.[column.key] === "number" ? "right" : "left")),
  });
  for (const row of rows) table.push(cols.map((column) => cell(row[column.key])));
  return table.toString();
}

/**
 * Renders label/value pairs as an aligned two-column block.
 *
 * @param pairs - `[label, value]` pairs
 * @returns the text
 * @example
 * ```ts
 * import { renderKeyValues } from "@aifactory/cli";
 * renderKeyValues([["step time", "1.2 s"], ["MFU", "41%"]]);
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function renderKeyValues(pairs: ReadonlyArray<readonly [string, unknown]>): string {
  const width = Math.max(0, ...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${label.padEnd(width)}  ${cell(value)}`).join("\n");
}

/**
 * One model assumption as a text line: `name = value unit (basis: text)`, or `name: text` for a statement of method
 * (no value), with a numeric value at three significant figures (`956.25` -> `956`, `23238` -> `23,238` keeps its
 * thousands separator), so that raw floats never reach the text output. JSON output keeps the raw numbers.
 *
 * @param assumption - core's `Assumption` as the models return it
 * @returns the line, without indentation
 * @example
 * ```ts
 * import { formatAssumption } from "./table";
 * formatAssumption({ name: "pue", value: 1.56, unit: "ratio", basis: "default", text: "air cooling" });
 * // "pue = 1.56 ratio (default: air cooling)"
 * ```
 * @since 0.6.0
 * @category CLI
 */
export function formatAssumption(assumption: Assumption): string {
  const value = assumption.value;
  const detail = assumption.text ?? assumption.source?.title;
  if (value === undefined) return detail === undefined ? assumption.name : `${assumption.name}: ${detail}`;
  const shown =
    typeof value === "number"
      ? Number.isInteger(value) && Math.abs(value) < 1e6
        ? value.toLocaleString("en-US")
        : formatSignificant(value, 3)
      : String(value);
  return `${assumption.name} = ${shown}${assumption.unit === undefined ? "" : ` ${assumption.unit}`} (${assumptionBasis(assumption)})`;
}

/**
 * Where an assumption's value came from, in words: `default: air cooling ...`, `given`.
 *
 * @param assumption - core's `Assumption`
 * @returns the basis, followed by the assumption's text (or its source's title) when it has one
 * @example
 * ```ts
 * import { assumptionBasis } from "./table";
 * assumptionBasis({ name: "pue", value: 1.2, basis: "given", text: "--pue" }); // "given: --pue"
 * ```
 * @since 0.10.0
 * @category CLI
 */
export function assumptionBasis(assumption: Assumption): string {
  const detail = assumption.text ?? assumption.source?.title;
  return detail === undefined ? assumption.basis : `${assumption.basis}: ${detail}`;
}

/**
 * The `assumptions:` and `warnings:` blocks every model command prints under its figures.
 *
 * @param assumptions - the model's assumptions
 * @param warnings - the model's warnings
 * @returns the lines (none when both are empty)
 * @example
 * ```ts
 * import { renderAssumptions } from "./table";
 * renderAssumptions([{ name: "pue", value: 1.1, basis: "given" }], []).join("\n");
 * ```
 * @since 0.6.0
 * @category CLI
 */
export function renderAssumptions(assumptions: readonly Assumption[], warnings: readonly string[]): string[] {
  return [
    ...(assumptions.length > 0 ? ["assumptions:", ...assumptions.map((a) => `  ${formatAssumption(a)}`)] : []),
    ...(warnings.length > 0 ? ["warnings:", ...warnings.map((w) => `  warning: ${w}`)] : []),
  ];
}

const DURATION_STEPS: ReadonlyArray<readonly [number, string]> = [
  [1e-9, "ns"],
  [1e-6, "µs"],
  [1e-3, "ms"],
  [1, "s"],
  [60, "min"],
  [3600, "h"],
  [86_400, "d"],
];

/**
 * One time unit for a whole column (or row) of durations, chosen from its largest finite value, so that the
 * column reads in one unit with three significant figures (`654,400 ms` becomes `10.9 min`, and its neighbours
 * are minutes too).
 *
 * @param seconds - the column's values, seconds
 * @returns the unit symbol and a formatter for values in seconds (non-finite: `n/a`)
 * @example
 * ```ts
 * import { durationColumn } from "./table";
 * const column = durationColumn([0.2, 654.4]);
 * column.symbol; // "min"
 * column.format(654.4); // "10.9"
 * ```
 * @since 0.6.0
 * @category CLI
 */
export function durationColumn(seconds: readonly number[]): { symbol: string; format: (value: number) => string } {
  const largest = Math.max(0, ...seconds.filter(Number.isFinite).map(Math.abs));
  let chosen: readonly [number, string] = [1e-3, "ms"];
  if (largest > 0) {
    chosen = DURATION_STEPS[0] as readonly [number, string];
    for (const step of DURATION_STEPS) if (largest >= step[0]) chosen = step;
  }
  const [factor, symbol] = chosen;
  return { symbol, format: (value: number) => formatSignificant(value / factor, 3) };
}
