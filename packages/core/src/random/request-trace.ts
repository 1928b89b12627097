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
 *   timestamps such as `2023-11-16 18:15:46.6805900`; arrival times become seconds after the first row.
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
    if (/"input_length"/.test(line)) return "mooncake";
    if (/"inputTokens"/.test(line)) return "aif-jsonl";
  }
  return undefined;
}

/** Seconds since the epoch of an Azure trace timestamp (`YYYY-MM-DD HH:MM:SS[.fraction]`, UTC), NaN if malformed. */
function azureSeconds(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[+-]00:?00|Z)?$/.exec(text.trim());
  if (m === null) return Number.NaN;
  const whole = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const fraction = m[7] !== undefined ? Number(`0.${m[7]}`) : 0;
  return whole / 1e3 + fraction;
}

function problem(problems: InputProblem[], line: number, message: string, received?: unknown): void {
  if (problems.length < 20) {
    problems.push({ path: `line ${line}`, message, ...(received !== undefined ? { received } : {}) });
  }
}

/**
 * Parses a request trace (Mooncake JSONL, the Azure LLM inference CSV, or the simulator's JSONL) into trace
 * records for the fleet simulator's `{ trace }` traffic (`simulateFleet` in `@aifactory/workloads`). Rows are validated one by one; errors name the line.
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
  const records: TraceRecord[] = [];
  let origin = Number.NaN;
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).trim();
    const lineNo = i + 1;
    if (raw === "") continue;
    let candidate: unknown;
    if (layout === "azure-csv") {
      if (/^TIMESTAMP\s*,/i.test(raw)) continue;
      const cells = raw.split(",");
      if (cells.length < 3) {
        problem(problems, lineNo, "expected TIMESTAMP,ContextTokens,GeneratedTokens", raw.slice(0, 80));
        continue;
      }
      const seconds = azureSeconds(cells[0] as string);
      if (Number.isNaN(seconds)) {
        problem(problems, lineNo, "TIMESTAMP is not YYYY-MM-DD HH:MM:SS[.fraction]", cells[0]);
        continue;
      }
      if (Number.isNaN(origin)) origin = seconds;
      candidate = {
        arrivalSeconds: Math.max(0, seconds - origin),
        inputTokens: Number((cells[1] as string).trim()),
        outputTokens: Number((cells[2] as string).trim()),
      };
    } else {
      let row: unknown;
      try {
        row = JSON.parse(raw);
      } catch {
        problem(problems, lineNo, "is not valid JSON", raw.slice(0, 80));
        continue;
      }
      if (typeof row !== "object" || row === null || Array.isArray(row)) {
        problem(problems, lineNo, "is not a JSON object", raw.slice(0, 80));
        continue;
      }
      const r = row as Record<string, unknown>;
      if (layout === "mooncake") {
        candidate = {
          arrivalSeconds: typeof r.timestamp === "number" ? r.timestamp / 1e3 : r.timestamp,
          inputTokens: r.input_length,
          outputTokens: r.output_length,
          ...(r.hash_ids !== undefined ? { hashIds: r.hash_ids } : {}),
          ...(r.session_id !== undefined ? { sessionId: String(r.session_id) } : {}),
        };
      } else {
        candidate = r;
      }
    }
    const parsed = traceRecordSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".") ?? "";
      problem(problems, lineNo, `${field === "" ? "row" : field}: ${issue?.message ?? "invalid"}`, raw.slice(0, 80));
      continue;
    }
    records.push(parsed.data);
  }
  if (problems.length > 0) {
    throw new InvalidInputError(`${layout} request trace`, problems, "fix or remove the listed rows");
  }
  if (records.length === 0) {
    throw new InvalidInputError("request trace", [
      { path: "lines", message: "has no requests", hint: "give a trace with at least one row" },
    ]);
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
