import { AifError } from "@aifactory/core";
import { z } from "zod";

/**
 * One nvbandwidth test: its bandwidth matrix (GB/s, decimal; `null` for N/A cells) and the SUM line.
 *
 * @example
 * ```ts
 * import { nvbandwidthTestSchema } from "@aifactory/bench";
 * nvbandwidthTestSchema.safeParse({ name: "host_to_device_memcpy_sm", description: "memcpy SM CPU(row) -> GPU(column)",
 *   columnLabels: ["0"], rowLabels: ["0"], matrixGBps: [[25.13]], sumGBps: 25.13 }).success; // true
 * ```
 * @since 0.1.0
 * @category nvbandwidth
 */
export const nvbandwidthTestSchema = z.object({
  name: z.string(),
  /** The description line, e.g. `memcpy SM CPU(row) -> GPU(column) bandwidth (GB/s)`. */
  description: z.string(),
  columnLabels: z.array(z.string()),
  rowLabels: z.array(z.string()),
  matrixGBps: z.array(z.array(z.number().nonnegative().nullable())),
  sumGBps: z.number().nonnegative().optional(),
});

/**
 * A parsed test; see {@link nvbandwidthTestSchema}.
 *
 * @example
 * ```ts
 * import type { NvbandwidthTest } from "@aifactory/bench";
 * const cellsGBps = (test: NvbandwidthTest) => test.matrixGBps.flat().filter((v): v is number => v !== null);
 * ```
 * @since 0.1.0
 * @category nvbandwidth
 */
export type NvbandwidthTest = z.infer<typeof nvbandwidthTestSchema>;

/**
 * A parsed nvbandwidth run.
 *
 * @example
 * ```ts
 * import { nvbandwidthReportSchema, parseNvbandwidth } from "@aifactory/bench";
 * const stdout = [
 *   "Running host_to_device_memcpy_sm.",
 *   "memcpy SM CPU(row) -> GPU(column) bandwidth (GB/s)",
 *   "           0",
 *   " 0     25.13",
 *   "",
 *   "SUM host_to_device_memcpy_sm 25.13",
 * ].join("\n");
 * nvbandwidthReportSchema.safeParse(JSON.parse(JSON.stringify(parseNvbandwidth(stdout)))).success; // true
 * ```
 * @since 0.1.0
 * @category nvbandwidth
 */
export const nvbandwidthReportSchema = z.object({
  tool: z.literal("nvbandwidth"),
  version: z.string().optional(),
  cudaRuntimeVersion: z.string().optional(),
  cudaDriverVersion: z.string().optional(),
  driverVersion: z.string().optional(),
  devices: z.array(z.object({ index: z.number().int(), name: z.string(), busId: z.string().optional() })),
  tests: z.array(nvbandwidthTestSchema),
  /** Tests nvbandwidth reported as waived or failed. */
  skipped: z.array(z.string()),
});

/**
 * A parsed run; see {@link nvbandwidthReportSchema}.
 *
 * @example
 * ```ts
 * import type { NvbandwidthReport } from "@aifactory/bench";
 * const testNames = (report: NvbandwidthReport) => report.tests.map((t) => t.name);
 * ```
 * @since 0.1.0
 * @category nvbandwidth
 */
export type NvbandwidthReport = z.infer<typeof nvbandwidthReportSchema>;

/** One bandwidth figure: a plain non-negative decimal (no "25,13", no "1e400", no negative rate). */
function bandwidthCell(cell: string, test: string, row: string): number {
  const value = /^\d+(\.\d+)?$/.test(cell) ? Number(cell) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new AifError(
      "INVALID_INPUT",
      `nvbandwidth ${test} row ${row}: "${cell.slice(0, 32)}" is not a bandwidth in GB/s`,
      {
        hint: "pass nvbandwidth's text output unchanged (decimal point, no thousands separators)",
      },
    );
  }
  return value;
}

/**
 * Splits `NVIDIA H100 80GB HBM3 (00000000:99:00)` into the name and the bus id in parentheses at the end (the
 * first ` (` after the last `)` before the closing one, as the name may hold parentheses), without a regular
 * expression that backtracks: `(.+?)(?: \(([^)]+)\))?$` took seconds on a line of many ` (`.
 */
function deviceName(text: string): { name: string; busId?: string } {
  if (!text.endsWith(")")) return { name: text };
  const inner = text.slice(0, -1);
  const open = inner.indexOf(" (", Math.max(1, inner.lastIndexOf(")") + 1));
  if (open < 1 || open + 2 >= inner.length) return { name: text };
  return { name: text.slice(0, open), busId: inner.slice(open + 2) };
}

/**
 * Parses nvbandwidth's text output (version and device header, then per test a `Running <test>.` line, a
 * description, a column header, matrix rows and `SUM <test> <GB/s>`). nvbandwidth reports the median of its
 * samples (3 by default). For `-j` JSON output, read the JSON directly.
 *
 * @param text - stdout of `nvbandwidth`
 * @returns the parsed report
 * @throws AifError `INVALID_INPUT` when no test result is found, a bandwidth is not a plain non-negative decimal
 *   or a device number is not a whole number
 * @example
 * ```ts
 * import { parseNvbandwidth } from "@aifactory/bench";
 * const stdout = [
 *   "Running host_to_device_memcpy_sm.",
 *   "memcpy SM CPU(row) -> GPU(column) bandwidth (GB/s)",
 *   "           0",
 *   " 0     25.13",
 *   "",
 *   "SUM host_to_device_memcpy_sm 25.13",
 * ].join("\n");
 * parseNvbandwidth(stdout).tests[0]?.sumGBps; // 25.13
 * ```
 * @since 0.1.0
 * @category nvbandwidth
 */
export function parseNvbandwidth(text: string): NvbandwidthReport {
  const report: NvbandwidthReport = { tool: "nvbandwidth", devices: [], tests: [], skipped: [] };
  const lines = text.split(/\r?\n/);
  let current: NvbandwidthTest | undefined;
  let expectDescription = false;
  for (const rawLine of lines) {
    const line = rawLine.trimEnd();
    let match = /^nvbandwidth Version: (\S+)/.exec(line);
    if (match?.[1]) {
      report.version = match[1];
      continue;
    }
    match = /^CUDA Runtime Version: (\S+)/.exec(line);
    if (match?.[1]) {
      report.cudaRuntimeVersion = match[1];
      continue;
    }
    match = /^CUDA Driver Version: (\S+)/.exec(line);
    if (match?.[1]) {
      report.cudaDriverVersion = match[1];
      continue;
    }
    match = /^Driver Version: (\S+)/.exec(line);
    if (match?.[1]) {
      report.driverVersion = match[1];
      continue;
    }
    match = /^Device (\d+): (.+)$/.exec(line);
    if (match) {
      const index = Number(match[1]);
      if (!Number.isSafeInteger(index)) {
        throw new AifError(
          "INVALID_INPUT",
          `nvbandwidth device "${(match[1] as string).slice(0, 32)}" is not a device number`,
          {
            hint: "pass nvbandwidth's text output unchanged",
          },
        );
      }
      report.devices.push({ index, ...deviceName(match[2] as string) });
      continue;
    }
    match = /^Running (\S+?)\.?$/.exec(line);
    if (match?.[1]) {
      current = { name: match[1], description: "", columnLabels: [], rowLabels: [], matrixGBps: [] };
      report.tests.push(current);
      expectDescription = true;
      continue;
    }
    match = /^(?:Waived|ERROR|Test (\S+) failed)/i.exec(line);
    if (match && current) {
      report.skipped.push(current.name);
      continue;
    }
    match = /^SUM (\S+) (\S+)/.exec(line);
    if (match && current) {
      current.sumGBps = bandwidthCell(match[2] as string, current.name, "SUM");
      current = undefined;
      continue;
    }
    if (current === undefined) continue;
    if (expectDescription && line.trim() !== "") {
      current.description = line.trim();
      expectDescription = false;
      continue;
    }
    if (current.columnLabels.length === 0 && /^\s+\d+(\s+\d+)*\s*$/.test(line)) {
      current.columnLabels = line.trim().split(/\s+/);
      continue;
    }
    const row = /^\s*(\d+)\s+(.+)$/.exec(line);
    if (row && current.columnLabels.length > 0) {
      current.rowLabels.push(row[1] as string);
      current.matrixGBps.push(
        (row[2] as string)
          .trim()
          .split(/\s+/)
          .map((cell) => (cell === "N/A" ? null : bandwidthCell(cell, current?.name ?? "", row[1] as string))),
      );
    }
  }
  const withResults = report.tests.filter((test) => test.matrixGBps.length > 0 || test.sumGBps !== undefined);
  if (withResults.length === 0) {
    throw new AifError("INVALID_INPUT", "no nvbandwidth test result found in the input", {
      hint: "pass the text stdout of nvbandwidth (for -j output, parse the JSON directly)",
    });
  }
  report.tests = withResults;
  return report;
}
