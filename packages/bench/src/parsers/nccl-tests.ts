import { AifError } from "@aifactory/core";
import { z } from "zod";
import type { BenchmarkResult } from "../harness/result-schema";
import { summarize } from "../harness/statistics";
import { type CollectiveId, collectiveFromName } from "./collectives";

const halfSchema = z.object({
  timeUs: z.number().nonnegative(),
  algorithmBandwidthGBps: z.number().nonnegative(),
  busBandwidthGBps: z.number().nonnegative(),
  /** `#wrong` count (null when nccl-tests printed N/A, i.e. -c 0). */
  wrongCount: z.number().int().nonnegative().nullable().optional(),
  /** Legacy `error` column (max abs error). */
  maxError: z.number().nonnegative().optional(),
});

/**
 * One size row of an nccl-tests table.
 *
 * @example
 * ```ts
 * import { ncclTestsRowSchema } from "@aifactory/bench";
 * ncclTestsRowSchema.safeParse({ sizeBytes: 1024, count: 256, dataType: "float" }).success; // false: no outOfPlace
 * ```
 * @since 0.1.0
 * @category nccl-tests
 */
export const ncclTestsRowSchema = z.object({
  sizeBytes: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  dataType: z.string(),
  reductionOp: z.string().optional(),
  root: z.number().int().optional(),
  outOfPlace: halfSchema,
  inPlace: halfSchema.optional(),
});

/**
 * A parsed row; see {@link ncclTestsRowSchema}.
 *
 * @example
 * ```ts
 * import type { NcclTestsRow } from "@aifactory/bench";
 * const busBandwidthGBps = (row: NcclTestsRow) => row.inPlace?.busBandwidthGBps ?? row.outOfPlace.busBandwidthGBps;
 * ```
 * @since 0.1.0
 * @category nccl-tests
 */
export type NcclTestsRow = z.infer<typeof ncclTestsRowSchema>;

/**
 * A parsed nccl-tests (or rccl-tests) run.
 *
 * @example
 * ```ts
 * import { ncclTestsReportSchema, parseNcclTests } from "@aifactory/bench";
 * const log = [
 *   "#       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong",
 *   "  8589934592    2147483648     float     sum      -1  64074.0  134.06  234.61       0  64074.0  134.06  234.61       0",
 * ].join("\n");
 * ncclTestsReportSchema.safeParse(JSON.parse(JSON.stringify(parseNcclTests(log)))).success; // true
 * ```
 * @since 0.1.0
 * @category nccl-tests
 */
export const ncclTestsReportSchema = z.object({
  tool: z.literal("nccl-tests"),
  version: z.string().optional(),
  collective: z.string().optional(),
  /** Ranks (devices) in the run, from the device list. */
  ranks: z.number().int().positive().optional(),
  devices: z.array(
    z.object({
      rank: z.number().int(),
      node: z.string(),
      device: z.number().int(),
      busId: z.string(),
      name: z.string(),
    }),
  ),
  rows: z.array(ncclTestsRowSchema),
  outOfBoundsValues: z.number().int().nonnegative().optional(),
  averageBusBandwidthGBps: z.number().nonnegative().optional(),
  /** False when any row had wrong values or the out-of-bounds check failed. */
  valid: z.boolean(),
  problems: z.array(z.string()),
});

/**
 * A parsed run; see {@link ncclTestsReportSchema}.
 *
 * @example
 * ```ts
 * import type { NcclTestsReport } from "@aifactory/bench";
 * const peakBusBandwidthGBps = (report: NcclTestsReport) => Math.max(...report.rows.map((r) => r.outOfPlace.busBandwidthGBps));
 * ```
 * @since 0.1.0
 * @category nccl-tests
 */
export type NcclTestsReport = z.infer<typeof ncclTestsReportSchema>;

/** A decimal as nccl-tests prints it (`127997`, `-1`, `16240.0`, `4e-07`); hex, `Infinity` and overflow are not. */
function parseNumber(token: string | undefined): number | undefined {
  if (token === undefined || !/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(token)) return undefined;
  const value = Number(token);
  return Number.isFinite(value) ? value : undefined;
}

/** What no nccl-tests build prints in a row's descriptor or check columns: a reason, or undefined. */
function impossibleColumns(row: NcclTestsRow, h: z.infer<typeof halfSchema>): string | undefined {
  if (!Number.isSafeInteger(row.count) || row.count < 0) return `count ${row.count} is not a whole number >= 0`;
  if (row.root !== undefined && !Number.isSafeInteger(row.root)) return `root ${row.root} is not a whole number`;
  if (
    h.wrongCount !== undefined &&
    h.wrongCount !== null &&
    !(Number.isSafeInteger(h.wrongCount) && h.wrongCount >= 0)
  ) {
    return `#wrong ${h.wrongCount} is not a whole number >= 0`;
  }
  if (h.maxError !== undefined && !(h.maxError >= 0)) return `error ${h.maxError} is negative`;
  return undefined;
}

/**
 * What is impossible in one half-row: a time that is not positive, a negative bandwidth, an algorithm bandwidth
 * that is not size / time (nccl-tests prints both, rounded to 2 decimals), or a bus bandwidth above twice the
 * algorithm bandwidth (the largest factor, all-reduce's 2(n-1)/n, is below 2).
 */
function impossibleTiming(
  sizeBytes: number,
  h: { timeUs: number; algorithmBandwidthGBps: number; busBandwidthGBps: number },
): string | undefined {
  if (!(h.timeUs > 0)) return `time ${h.timeUs} us is not positive`;
  if (h.algorithmBandwidthGBps < 0 || h.busBandwidthGBps < 0) return "a negative bandwidth";
  const expected = sizeBytes / (h.timeUs * 1e-6) / 1e9;
  const tolerance = Math.max(0.011, 0.05 * expected);
  if (sizeBytes > 0 && Math.abs(h.algorithmBandwidthGBps - expected) > tolerance) {
    return `algbw ${h.algorithmBandwidthGBps} GB/s contradicts size / time = ${expected.toPrecision(4)} GB/s`;
  }
  if (h.busBandwidthGBps > 2 * h.algorithmBandwidthGBps + 0.011) {
    return `busbw ${h.busBandwidthGBps} GB/s is more than twice algbw ${h.algorithmBandwidthGBps} GB/s`;
  }
  return undefined;
}

/**
 * Parses nccl-tests / rccl-tests stdout: every layout seen in the wild (current with `root` and `#wrong`, older
 * single-space headers, legacy float `error` columns, rccl without `redop`/`root`, out-of-place only). Columns
 * are located from the header, not by position. A run with wrong values or failed out-of-bounds check is
 * `valid: false` with the problems listed: its numbers must not be used.
 *
 * @param text - stdout of `all_reduce_perf` etc.
 * @param collectiveHint - the collective when the output does not name it (old versions)
 * @returns the parsed report
 * @throws AifError `INVALID_INPUT` when no result table is found
 * @example
 * ```ts
 * import { parseNcclTests } from "@aifactory/bench";
 * // the stdout of all_reduce_perf, e.g. readFileSync("all_reduce.log", "utf8"); here its last row:
 * const log = [
 *   "#       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong",
 *   "  8589934592    2147483648     float     sum      -1  64074.0  134.06  234.61       0  64074.0  134.06  234.61       0",
 * ].join("\n");
 * const report = parseNcclTests(log, "all-reduce");
 * report.rows.at(-1)?.outOfPlace.busBandwidthGBps; // 234.61
 * ```
 * @since 0.1.0
 * @category nccl-tests
 */
export function parseNcclTests(text: string, collectiveHint?: CollectiveId): NcclTestsReport {
  const lines = text.split(/\r?\n/);
  const report: NcclTestsReport = { tool: "nccl-tests", devices: [], rows: [], valid: true, problems: [] };
  let header: string[] | undefined;
  for (const rawLine of lines) {
    const line = rawLine.trimEnd();
    const version = /^# nccl-tests version (\S+)/.exec(line);
    if (version?.[1]) report.version = version[1];
    const starting = /Collective test starting: (\S+)/.exec(line);
    if (starting?.[1]) report.collective = collectiveFromName(starting[1]) ?? starting[1];
    const device =
      /^#\s+Rank\s+(\d+)(?:\s+Group\s+\d+)?\s+Pid\s+\d+\s+on\s+(\S+)\s+device\s+(\d+)\s+\[([^\]]+)\]\s+(.+)$/.exec(
        line,
      );
    if (device) {
      if (!Number.isSafeInteger(Number(device[1])) || !Number.isSafeInteger(Number(device[3]))) {
        report.valid = false;
        report.problems.push(`device line "${line.slice(0, 80)}": the rank or device number is not a whole number`);
        continue;
      }
      report.devices.push({
        rank: Number(device[1]),
        node: device[2] as string,
        device: Number(device[3]),
        busId: device[4] as string,
        name: (device[5] as string).trim(),
      });
      continue;
    }
    const oob = /^# Out of bounds values : (\d+) (\w+)/.exec(line);
    if (oob) {
      const values = Number(oob[1]);
      if (Number.isSafeInteger(values)) report.outOfBoundsValues = values;
      if (oob[2] !== "OK" || !Number.isSafeInteger(values)) {
        report.valid = false;
        report.problems.push(`out-of-bounds check ${oob[2]} (${(oob[1] as string).slice(0, 32)} values)`);
      }
      continue;
    }
    const average = /^# Avg bus bandwidth\s*: ([\d.]+)/.exec(line);
    if (average?.[1]) {
      // Informational only: a figure that does not read as a number ("1.2.3", 400 digits) is left out.
      const value = parseNumber(average[1]);
      if (value !== undefined) report.averageBusBandwidthGBps = value;
      continue;
    }
    if (/^#\s+size\s+count\s/.test(line)) {
      if (report.rows.length > 0) {
        throw new AifError("INVALID_INPUT", "the input holds more than one nccl-tests result table", {
          hint: "parse each run's output on its own (one collective, one size sweep per report)",
        });
      }
      header = line.replace(/^#/, "").trim().split(/\s+/);
      continue;
    }
    if (line.startsWith("#") || line.trim() === "" || header === undefined) continue;
    const tokens = line.trim().split(/\s+/);
    if (!/^\d+$/.test(tokens[0] ?? "")) continue;
    const firstTime = header.indexOf("time");
    if (firstTime < 0) continue;
    const descriptor = header.slice(0, firstTime);
    const halfColumns = header.slice(firstTime);
    const secondTime = halfColumns.indexOf("time", 1);
    const half = secondTime > 0 ? halfColumns.slice(0, secondTime) : halfColumns;
    const readHalf = (offset: number) => {
      const get = (name: string): string | undefined => {
        const index = half.indexOf(name);
        return index < 0 ? undefined : tokens[offset + index];
      };
      const timeUs = parseNumber(get("time"));
      const algbw = parseNumber(get("algbw"));
      const busbw = parseNumber(get("busbw"));
      if (timeUs === undefined || algbw === undefined || busbw === undefined) return undefined;
      const result: z.infer<typeof halfSchema> = { timeUs, algorithmBandwidthGBps: algbw, busBandwidthGBps: busbw };
      if (half.includes("#wrong")) {
        const wrong = get("#wrong");
        result.wrongCount = wrong === "N/A" ? null : (parseNumber(wrong) ?? null);
      }
      if (half.includes("error")) {
        const error = parseNumber(get("error"));
        if (error !== undefined) result.maxError = error;
      }
      return result;
    };
    const outOfPlace = readHalf(descriptor.length);
    if (outOfPlace === undefined) {
      report.valid = false;
      report.problems.push(`size ${(tokens[0] as string).slice(0, 32)}: a partial row (the output looks truncated)`);
      continue;
    }
    const inPlace =
      tokens.length >= descriptor.length + 2 * half.length ? readHalf(descriptor.length + half.length) : undefined;
    const at = (name: string): string | undefined => {
      const index = descriptor.indexOf(name);
      return index < 0 ? undefined : tokens[index];
    };
    const sizeBytes = Number(tokens[0]);
    if (!Number.isSafeInteger(sizeBytes)) {
      report.valid = false;
      report.problems.push(`size ${(tokens[0] as string).slice(0, 32)}: not a whole number of bytes`);
      continue;
    }
    const row: NcclTestsRow = {
      sizeBytes,
      count: parseNumber(at("count")) ?? 0,
      dataType: at("type") ?? "unknown",
      outOfPlace,
    };
    const redop = at("redop");
    if (redop !== undefined) row.reductionOp = redop;
    const root = parseNumber(at("root"));
    if (root !== undefined) row.root = root;
    if (inPlace !== undefined) row.inPlace = inPlace;
    for (const [label, h] of [
      ["out-of-place", outOfPlace],
      ["in-place", inPlace],
    ] as const) {
      if (h === undefined) continue;
      if (h.wrongCount !== undefined && h.wrongCount !== null && h.wrongCount > 0) {
        report.valid = false;
        report.problems.push(`${label} size ${row.sizeBytes}: ${h.wrongCount} wrong values`);
      }
      const problem = impossibleColumns(row, h) ?? impossibleTiming(row.sizeBytes, h);
      if (problem !== undefined) {
        report.valid = false;
        report.problems.push(`${label} size ${row.sizeBytes}: ${problem}`);
      }
    }
    report.rows.push(row);
  }
  if (report.rows.length === 0) {
    const skipped = report.problems.filter((p) => p.startsWith("size "));
    throw new AifError(
      "INVALID_INPUT",
      `no nccl-tests result table found in the input${skipped.length > 0 ? ` (rows left out: ${skipped.slice(0, 3).join("; ")})` : ""}`,
      { hint: "pass the stdout of an nccl-tests binary such as all_reduce_perf (not its -J JSON output)" },
    );
  }
  if (report.collective === undefined && collectiveHint !== undefined) report.collective = collectiveHint;
  if (report.devices.length > 0) report.ranks = report.devices.length;
  return report;
}

/**
 * Turns a parsed nccl-tests run into benchmark results, one per message size (out-of-place), with bus and
 * algorithm bandwidth metrics. An invalid run gives failed results only: wrong values are never numbers.
 *
 * @param report - from {@link parseNcclTests}
 * @param suite - suite id; default `nccl`
 * @returns benchmark results
 * @example
 * ```ts
 * import { ncclTestsToResults, parseNcclTests } from "@aifactory/bench";
 * const log = [
 *   "#       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong",
 *   "  8589934592    2147483648     float     sum      -1  64074.0  134.06  234.61       0  64074.0  134.06  234.61       0",
 * ].join("\n");
 * ncclTestsToResults(parseNcclTests(log, "all-reduce"))[0]?.metrics.map((m) => m.name); // includes "busBandwidthGBps"
 * ```
 * @since 0.1.0
 * @category nccl-tests
 */
export function ncclTestsToResults(report: NcclTestsReport, suite = "nccl"): BenchmarkResult[] {
  const benchmark = report.collective ?? "collective";
  return report.rows.map((row) => {
    const parameters: Record<string, string | number> = { sizeBytes: row.sizeBytes, dataType: row.dataType };
    if (report.ranks !== undefined) parameters.ranks = report.ranks;
    if (!report.valid) {
      return {
        suite,
        benchmark,
        parameters,
        status: "failed",
        failure: { code: "VERIFICATION_FAILED", message: report.problems.join("; ") },
        samplesSeconds: [],
        iterationsPerSample: 1,
        warmupIterations: 0,
        stopReason: "failed",
        metrics: [],
        notes: [],
      } satisfies BenchmarkResult;
    }
    const seconds = row.outOfPlace.timeUs / 1e6;
    return {
      suite,
      benchmark,
      parameters,
      status: "passed",
      samplesSeconds: [seconds],
      iterationsPerSample: 1,
      warmupIterations: 0,
      stopReason: "single-shot",
      summary: summarize([seconds]),
      metrics: [
        { name: "busBandwidthGBps", unit: "GB/s", value: row.outOfPlace.busBandwidthGBps, higherIsBetter: true },
        {
          name: "algorithmBandwidthGBps",
          unit: "GB/s",
          value: row.outOfPlace.algorithmBandwidthGBps,
          higherIsBetter: true,
        },
        { name: "timeUs", unit: "us", value: row.outOfPlace.timeUs, higherIsBetter: false },
      ],
      device: { backend: "external", ...(report.devices[0] ? { name: report.devices[0].name } : {}) },
      notes: ["time is nccl-tests' own average over its -n iterations"],
    } satisfies BenchmarkResult;
  });
}
