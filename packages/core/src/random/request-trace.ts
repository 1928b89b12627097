import { type InputProblem, InvalidInputError } from "../errors/invalid-input-error";
import { type TraceRecord, traceRecordSchema } from "./length-distribution";

/**
 * Request-trace file layouts {@link parseRequestTrace} reads:
 *
 * - `aif-jsonl`: one JSON object per line, `{"arrivalSeconds", "inputTokens", "outputTokens", "sessionId"?,
 *   "hashIds"?}` (the simulator's own format; {@link formatRequestTrace} writes it);
 * - `mooncake`: the Mooncake/FAST'25 trace layout (also read by AIPerf and Dynamo), one JSON object per line,
 *   `{"timestamp": ms since the first request, "input_length", "output_length", "hash_ids": [...]}` with 512-token
 *   blocks, optionally `"session_id"`;
 * - `azure-csv`: the Azure LLM inference traces (2023, 2024), `TIMESTAMP,ContextTokens,GeneratedTokens` with
 *   timestamps such as `2023-11-16 18:15:46.6805900`; arrival times become seconds after the earliest row (the
 *   first, in the published traces), fractions of a second kept to the digit.
 *
 * @since 0.2.0
 * @category Random
 */
export type RequestTraceFormat = "aif-jsonl" | "mooncake" | "azure-csv";

/** The most lines one trace may have. */
const MAX_TRACE_LINES = 5_000_000;

/**
 * Guesses a trace's layout from its first non-empty line.
 *
 * @param text - the file's text
 * @returns the format, or undefined when none matches
 * @example
 * ```ts
 * import { detectRequestTraceFormat } from "@aifactory/core";
 * detectRequestTraceFormat('{"timestamp": 0, "input_length": 10, "output_length": 2, "hash_ids": [0]}'); // "mooncake"
 * ```
 * @since 0.2.0
 * @category Random
 */
export function detectRequestTraceFormat(text: string): RequestTraceFormat | undefined {
  const first = text.split(/\r?\n/, 50).find((l) => l.trim() !== "");
  if (first === undefined) return undefined;
  const line = first.trim();
  if (/^TIMESTAMP\s*,\s*ContextTokens\s*,\s*GeneratedTokens/i.test(line)) return "azure-csv";
  if (line.startsWith("{")) {
    // Any one of a layout's fields will do, so that a first row missing a field is reported as such.
    if (/"(?:input_length|output_length|hash_ids|timestamp)"\s*:/.test(line)) return "mooncake";
    if (/"(?:inputTokens|outputTokens|arrivalSeconds)"\s*:/.test(line)) return "aif-jsonl";
  }
  return undefined;
}

/**
 * An Azure trace timestamp (`YYYY-MM-DD HH:MM:SS[.fraction]`, UTC) as whole seconds since the epoch and the
 * fraction apart (added together, 1.7e9 s would keep only about 7 of the fraction's digits), or undefined if
 * malformed.
 */
function azureTime(text: string): { whole: number; fraction: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[+-]00:?00|Z)?$/.exec(text.trim());
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Not Date.UTC, which reads the years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // Dates roll over (February 30 is March 2): only a date that comes back as written is one.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  if (date.getUTCHours() !== hour) return undefined;
  if (date.getUTCMinutes() !== minute || date.getUTCSeconds() !== second) return undefined;
  return { whole: date.getTime() / 1e3, fraction: m[7] !== undefined ? Number(`0.${m[7]}`) : 0 };
}

/** A CSV token count: plain decimal digits only (no hex, exponent, sign or empty cell), else NaN. */
function csvCount(cell: string): number {
  const text = cell.trim();
  return /^\d+(?:\.\d*)?$/.test(text) ? Number(text) : Number.NaN;
}

/** The most problems kept and listed; the rest are counted. */
const MAX_PROBLEMS = 20;

/** The trace's own name of each record field, per layout, for error messages. */
const FIELD_NAMES: Record<RequestTraceFormat, ReadonlyMap<string, string>> = {
  "aif-jsonl": new Map(),
  mooncake: new Map([
    ["arrivalSeconds", "timestamp"],
    ["inputTokens", "input_length"],
    ["outputTokens", "output_length"],
    ["hashIds", "hash_ids"],
    ["sessionId", "session_id"],
  ]),
  "azure-csv": new Map([
    ["arrivalSeconds", "TIMESTAMP"],
    ["inputTokens", "ContextTokens"],
    ["outputTokens", "GeneratedTokens"],
  ]),
};

/**
 * Parses a request trace (Mooncake JSONL, the Azure LLM inference CSV, or the simulator's JSONL) into trace
 * records for the fleet simulator's `{ trace }` traffic (`simulateFleet` in `@aifactory/workloads`). Rows are
 * validated one by one; errors name the line and the field as the trace spells it (`input_length`,
 * `ContextTokens`), list the first 20 bad rows and count the rest. Blank lines and CRLF line ends are ignored.
 *
 * @param text - the file's text
 * @param format - the layout (default: detected from the first line)
 * @returns the records, in file order
 * @throws InvalidInputError naming the line and field of each bad row, or when the format is unknown
 * @example
 * ```ts
 * import { parseRequestTrace } from "@aifactory/core";
 * const records = parseRequestTrace('{"timestamp": 1500, "input_length": 655, "output_length": 52, "hash_ids": [46, 47]}');
 * records[0]?.arrivalSeconds; // 1.5
 * ```
 * @since 0.2.0
 * @category Random
 */
export function parseRequestTrace(text: string, format?: RequestTraceFormat): TraceRecord[] {
  if (!/\S/.test(text)) {
    throw new InvalidInputError("request trace", [
      { path: "lines", message: "has no requests", hint: "give a trace with at least one row" },
    ]);
  }
  const layout = format ?? detectRequestTraceFormat(text);
  if (layout === undefined) {
    throw new InvalidInputError("request trace", [
      {
        path: "format",
        message: "unknown trace layout",
        hint: 'give a Mooncake JSONL ({"timestamp", "input_length", "output_length", "hash_ids"}), an Azure CSV (TIMESTAMP,ContextTokens,GeneratedTokens) or aif JSONL ({"arrivalSeconds", "inputTokens", "outputTokens"})',
      },
    ]);
  }
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_TRACE_LINES) {
    throw new InvalidInputError("request trace", [
      { path: "lines", message: `has ${lines.length} lines (limit ${MAX_TRACE_LINES})`, hint: "split the trace" },
    ]);
  }
  const problems: InputProblem[] = [];
  let badRows = 0;
  const problem = (line: number, message: string, received?: unknown): void => {
    badRows += 1;
    if (problems.length < MAX_PROBLEMS) {
      problems.push({ path: `line ${line}`, message, ...(received !== undefined ? { received } : {}) });
    }
  };
  const names = FIELD_NAMES[layout];
  const records: TraceRecord[] = [];
  // Azure rows: times relative to the earliest row, set once all rows are read (whole seconds and fraction apart).
  const azureWhole: number[] = [];
  const azureFraction: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    const lineNo = i + 1;
    if (raw === "") continue;
    let candidate: unknown;
    let source: Record<string, unknown> | undefined;
    let time: { whole: number; fraction: number } | undefined;
    if (layout === "azure-csv") {
      if (/^TIMESTAMP\s*,/i.test(raw)) continue;
      const cells = raw.split(",");
      if (cells.length < 3) {
        problem(lineNo, "expected TIMESTAMP,ContextTokens,GeneratedTokens", raw.slice(0, 80));
        continue;
      }
      time = azureTime(cells[0] as string);
      if (time === undefined) {
        problem(lineNo, "TIMESTAMP is not YYYY-MM-DD HH:MM:SS[.fraction]", cells[0]);
        continue;
      }
      source = { TIMESTAMP: cells[0], ContextTokens: cells[1]?.trim(), GeneratedTokens: cells[2]?.trim() };
      candidate = {
        arrivalSeconds: 0,
        inputTokens: csvCount(cells[1] as string),
        outputTokens: csvCount(cells[2] as string),
      };
    } else {
      let row: unknown;
      try {
        row = JSON.parse(raw);
      } catch {
        problem(lineNo, "is not valid JSON", raw.slice(0, 80));
        continue;
      }
      if (typeof row !== "object" || row === null || Array.isArray(row)) {
        problem(lineNo, "is not a JSON object", raw.slice(0, 80));
        continue;
      }
      const r = row as Record<string, unknown>;
      source = r;
      if (layout === "mooncake") {
        candidate = {
          arrivalSeconds: typeof r.timestamp === "number" ? r.timestamp / 1e3 : r.timestamp,
          inputTokens: r.input_length,
          outputTokens: r.output_length,
          ...(r.hash_ids !== undefined ? { hashIds: r.hash_ids } : {}),
          ...(r.session_id !== undefined && r.session_id !== null
            ? { sessionId: typeof r.session_id === "number" ? String(r.session_id) : r.session_id }
            : {}),
        };
      } else {
        candidate = r;
      }
    }
    const parsed = traceRecordSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = (issue?.path ?? []).filter((k): k is string | number => typeof k !== "symbol");
      const head = path[0];
      // Name the field as the trace spells it, and show the value found there.
      const field = head === undefined ? "" : (names.get(String(head)) ?? String(head));
      const where = [field, ...path.slice(1).map(String)].filter((k) => k !== "").join(".");
      let value: unknown = head === undefined ? raw.slice(0, 80) : source?.[field];
      for (const key of path.slice(1)) {
        value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
      }
      problem(lineNo, `${where === "" ? "row" : where}: ${issue?.message ?? "invalid"}`, value);
      continue;
    }
    if (time !== undefined) {
      azureWhole.push(time.whole);
      azureFraction.push(time.fraction);
    }
    records.push(parsed.data);
  }
  if (problems.length > 0) {
    const label =
      badRows > problems.length
        ? `${layout} request trace (${badRows} bad rows, the first ${problems.length} listed)`
        : `${layout} request trace`;
    throw new InvalidInputError(label, problems, "fix or remove the listed rows");
  }
  if (records.length === 0) {
    throw new InvalidInputError("request trace", [
      { path: "lines", message: "has no requests", hint: "give a trace with at least one row" },
    ]);
  }
  if (azureWhole.length > 0) {
    let originWhole = Number.POSITIVE_INFINITY;
    let originFraction = 0;
    for (let i = 0; i < azureWhole.length; i++) {
      const w = azureWhole[i] as number;
      const f = azureFraction[i] as number;
      if (w < originWhole || (w === originWhole && f < originFraction)) {
        originWhole = w;
        originFraction = f;
      }
    }
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as TraceRecord;
      record.arrivalSeconds = (azureWhole[i] as number) - originWhole + ((azureFraction[i] as number) - originFraction);
    }
  }
  return records;
}

/**
 * Writes trace records as the simulator's JSONL (`aif-jsonl`), one request per line: what `aif bench serve`
 * writes and `aif fleet simulate --trace` reads.
 *
 * @param records - the records
 * @returns JSONL text ending in a newline
 * @example
 * ```ts
 * import { formatRequestTrace } from "@aifactory/core";
 * formatRequestTrace([{ arrivalSeconds: 0, inputTokens: 10, outputTokens: 2 }]);
 * // '{"arrivalSeconds":0,"inputTokens":10,"outputTokens":2}\n'
 * ```
 * @since 0.2.0
 * @category Random
 */
export function formatRequestTrace(records: readonly TraceRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + (records.length > 0 ? "\n" : "");
}
