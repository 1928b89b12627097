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
