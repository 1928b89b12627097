/**
 * Fuzz suite (#22): the benchmark-output parsers on hostile text. Inputs are structure-aware (valid-looking output
 * of nvidia-smi, nccl-tests, nvbandwidth, MLPerf mllog, a measured-serving file and an SSE stream, then mutated:
 * numbers made negative, zero, 1e308 or past it, NaN/Infinity spelled out, hex, with thousands separators or
 * 400 digits; lines truncated, duplicated, deleted or made ~100 KB long; junk and unicode inserted; CRLF) and raw
 * random strings. Every call either returns a result whose every number is finite and that the parser's own
 * schema accepts (non-negative times, bandwidths, powers, counts), or throws a typed AifError; never another
 * exception. At least 5% of each property's cases must produce a result. How long the parsers take on their
 * worst inputs (no super-linear backtracking) is measured by `pnpm bench` (bench/parsers-worst-case.bench.ts),
 * not asserted here: a wall-clock bound fails on a loaded machine. The case counts are in the reliability guide; AIF_FUZZ_SCALE=20 runs 20 times as many.
 */
import { formatRequestTrace, isAifError, nonFinitePaths, parseRequestTrace, traceRecordSchema } from "@aifactory/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { measuredRunToTrace, measuredServingFileSchema, parseMeasuredServing } from "../serving/measured-serving";
import { readSseData } from "../serving/sse";
import { busBandwidthFactor, COLLECTIVE_IDS, type CollectiveId } from "./collectives";
import { mllogEventSchema, parseMllog, summarizeMllog } from "./mllog";
import { ncclTestsReportSchema, ncclTestsToResults, parseNcclTests } from "./nccl-tests";
import { nvbandwidthReportSchema, parseNvbandwidth } from "./nvbandwidth";
import {
  decodeThrottleReasons,
  energyFromTelemetry,
  gpuInventoryEntrySchema,
  NVIDIA_SMI_INVENTORY_FIELDS,
  NVIDIA_SMI_TELEMETRY_FIELDS,
  parseNvidiaSmiCsv,
  parseNvidiaSmiInventory,
  parseNvidiaSmiTimestamp,
  parseTelemetryCsv,
  telemetrySampleSchema,
} from "./nvidia-smi";

/** Multiplies every property's case count (default 1; a long local run: AIF_FUZZ_SCALE=20). */
const SCALE = Math.max(1, Number(process.env.AIF_FUZZ_SCALE ?? 1) || 1);
const runs = (n: number): number => Math.round(n * SCALE);

/**
 * Cases of the running property that gave a result, and the others (a typed error or an empty result): a fuzz
 * run that only ever errors tests nothing.
 */
const seen = { results: 0, errors: 0 };

type Outcome<T> = { ok: true; value: T } | { ok: false };

/** Runs one call: a result with only finite numbers, or a typed AifError; never another throw. */
function outcome<T>(run: () => T): Outcome<T> {
  let value: T;
  try {
    value = run();
  } catch (error) {
    expect(isAifError(error), `untyped error: ${error instanceof Error ? error.stack : String(error)}`).toBe(true);
    return { ok: false };
  }
  expect(nonFinitePaths(value)).toEqual([]);
  return { ok: true, value };
}

/**
 * Counts one case: `check` asserts what the parser promises of a result and says whether it is a result worth
 * counting (a parser that returns an empty list for junk has not been exercised).
 */
function finiteOrTyped<T>(run: () => T, check: (value: T) => boolean = () => true): void {
  const result = outcome(run);
  if (!result.ok) {
    seen.errors++;
    return;
  }
  if (check(result.value)) seen.results++;
  else seen.errors++;
}

/** Runs a property and checks that every case ran and at least `minShare` of them produced a result. */
function fuzz<T>(property: fc.IProperty<T>, numRuns: number, minShare = 0.05): void {
  seen.results = 0;
  seen.errors = 0;
  fc.assert(property, { numRuns });
  expect(seen.results + seen.errors).toBe(numRuns);
  expect(seen.results).toBeGreaterThan(numRuns * minShare);
}

/** The parsed value satisfies `schema` (the parser's own promise about its output). */
function conforms(schema: { safeParse: (value: unknown) => { success: boolean; error?: unknown } }, value: unknown) {
  const parsed = schema.safeParse(value);
  expect(parsed.success, `schema refused the parser's output: ${String(parsed.error)}`).toBe(true);
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations shared by every text format
// ---------------------------------------------------------------------------------------------------------------

/** A number as a broken or hostile log may print it. */
const wildNumber: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "0",
      "-0",
      "-1",
      "-101.9",
      "1e308",
      "1e+308",
      "1e309",
      "-1e308",
      "1.7976931348623157e308",
      "5e-324",
      "1e-400",
      "NaN",
      "nan",
      "Infinity",
      "-Infinity",
      "inf",
      "0x1F",
      "0xffffffff",
      "1,234.5",
      "25,13",
      "1_000",
      "1.2.3",
      ".",
      "+5",
      "0.",
      ".5",
      "",
      "N/A",
      "[N/A]",
      "[Not Supported]",
      "\u0663",
      "\uff11\uff12",
      "9".repeat(400),
      `1${"0".repeat(320)}`,
      "12345678901234567890",
      "9007199254740993",
      "2.5",
      "-2.5",
    ),
  },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
);

/** Characters that trip text handling: non-breaking space, line/paragraph separators, BOM, NUL, lone surrogate. */
const oddCharacter = fc.constantFrom(
  "\u00a0",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\u0000",
  "\t",
  "\r",
  "\ud800",
  "\u00e9",
  "\u65e5\u672c",
  "\u{1f600}",
  "]",
  "[",
  "(",
  ")",
  ",",
  ":",
  "#",
  '"',
  "{",
  "}",
);

/** A line of junk: random text, unicode, or a run of one odd character. */
const junkLine: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.tuple(oddCharacter, fc.integer({ min: 1, max: 200 })).map(([c, n]) => c.repeat(n)),
);

type Mutation =
  | { kind: "number"; line: number; at: number; value: string }
  | { kind: "truncate"; line: number; at: number }
  | { kind: "duplicate"; line: number; to: number }
  | { kind: "delete"; line: number }
  | { kind: "insert"; line: number; text: string }
  | { kind: "character"; line: number; at: number; text: string }
  | { kind: "separator"; line: number; to: string }
  | { kind: "long"; line: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.record({ kind: fc.constant("number" as const), line: fc.nat(), at: fc.nat(), value: wildNumber }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("truncate" as const), line: fc.nat(), at: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), line: fc.nat(), to: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("delete" as const), line: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("insert" as const), line: fc.nat(), text: junkLine }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("character" as const), line: fc.nat(), at: fc.nat(), text: oddCharacter }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("separator" as const),
      line: fc.nat(),
      to: fc.constantFrom("\t", ",", ", ", "  ", ";", ""),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("long" as const),
      line: fc.nat(),
      length: fc.integer({ min: 1000, max: 100_000 }),
    }),
  },
);

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** Applies mutations to a document's lines (indices wrap, so every mutation lands somewhere). */
function applyMutations(lines: readonly string[], mutations: readonly Mutation[]): string[] {
  const out = [...lines];
  for (const m of mutations) {
    if (out.length === 0) out.push("");
    const i = m.line % out.length;
    const line = out[i] as string;
    switch (m.kind) {
      case "number": {
        const matches = [...line.matchAll(NUMBER)];
        const hit = matches[m.at % Math.max(1, matches.length)];
        if (hit?.index === undefined) break;
        out[i] = line.slice(0, hit.index) + m.value + line.slice(hit.index + hit[0].length);
        break;
      }
      case "truncate":
        out[i] = line.slice(0, m.at % (line.length + 1));
        break;
      case "duplicate":
        out.splice(m.to % (out.length + 1), 0, line);
        break;
      case "delete":
        out.splice(i, 1);
        break;
      case "insert":
        out.splice(i, 0, m.text);
        break;
      case "character": {
        const at = m.at % (line.length + 1);
        out[i] = line.slice(0, at) + m.text + line.slice(at);
        break;
      }
      case "separator":
        out[i] = line.replace(/ +/g, m.to);
        break;
      case "long": {
        const unit = line === "" ? "9" : line;
        out[i] = unit.repeat(Math.ceil(m.length / unit.length)).slice(0, m.length);
        break;
      }
    }
  }
  return out;
}

/** A document (as lines), mutated, joined with LF or CRLF, with or without a final newline or a BOM. */
function mutated(document: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return fc
    .tuple(
      document,
      fc.array(mutation, { maxLength: 4 }),
      fc.constantFrom("\n", "\n", "\r\n"),
      fc.boolean(),
      fc.integer({ min: 0, max: 19 }),
    )
    .map(([lines, mutations, eol, finalNewline, bom]) => {
      const text = applyMutations(lines, mutations).join(eol) + (finalNewline ? eol : "");
      return bom === 0 ? `\ufeff${text}` : text;
    });
}

/** Raw text: random strings, random bytes as text, and a soup of the format's own tokens. */
function rawText(vocabulary: readonly string[]): fc.Arbitrary<string> {
  const token = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...vocabulary) },
    { weight: 2, arbitrary: wildNumber },
    { weight: 3, arbitrary: fc.constantFrom(" ", "  ", "\n", "\r\n", "\t", ",", "#", ":", "[", "]", "(", ")") },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  );
  return fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.array(token, { maxLength: 80 }).map((tokens) => tokens.join("")),
  );
}

/** Mostly mutated documents, some raw text. */
function textInput(document: fc.Arbitrary<string[]>, vocabulary: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 5, arbitrary: mutated(document) }, { weight: 1, arbitrary: rawText(vocabulary) });
}

const fixed = (x: number, digits = 2): string => x.toFixed(digits);
const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

// ---------------------------------------------------------------------------------------------------------------
// nvidia-smi
// ---------------------------------------------------------------------------------------------------------------

const smiStamp = fc
  .record({
    year: fc.integer({ min: 2015, max: 2035 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    ms: fc.integer({ min: 0, max: 999 }),
  })
  .map(
    (t) => `${t.year}/${pad(t.month)}/${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}.${pad(t.ms, 3)}`,
  );

const TELEMETRY_HEADERS = [
  "timestamp, index, power.draw [W], clocks.sm [MHz], clocks.mem [MHz], temperature.gpu, utilization.gpu [%], utilization.memory [%], clocks_throttle_reasons.active",
  "timestamp, index, power.draw [W], clocks.current.sm [MHz], clocks.current.memory [MHz], temperature.gpu, utilization.gpu [%], utilization.memory [%], clocks_event_reasons.active",
];

const telemetryDocument: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.constantFrom<"header" | "aliased" | "noheader">("header", "aliased", "noheader"),
    fc.boolean(),
    fc.array(
      fc.record({
        stamp: fc.oneof({ weight: 6, arbitrary: smiStamp }, { weight: 1, arbitrary: fc.constantFrom("", "[N/A]") }),
        index: fc.integer({ min: 0, max: 7 }),
        power: fc.double({ min: 0, max: 1000, noNaN: true }),
        sm: fc.integer({ min: 0, max: 2100 }),
        mem: fc.integer({ min: 0, max: 3000 }),
        temperature: fc.integer({ min: 20, max: 95 }),
        utilization: fc.integer({ min: 0, max: 100 }),
        memoryUtilization: fc.integer({ min: 0, max: 100 }),
        reasons: fc.integer({ min: 0, max: 0x1ff }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  )
  .map(([header, units, rows]) => [
    ...(header === "noheader" ? [] : [TELEMETRY_HEADERS[header === "header" ? 0 : 1] as string]),
    ...rows.map((r) =>
      [
        r.stamp,
        String(r.index),
        units ? `${fixed(r.power)} W` : fixed(r.power),
        units ? `${r.sm} MHz` : String(r.sm),
        units ? `${r.mem} MHz` : String(r.mem),
        String(r.temperature),
        units ? `${r.utilization} %` : String(r.utilization),
        units ? `${r.memoryUtilization} %` : String(r.memoryUtilization),
        `0x${r.reasons.toString(16).padStart(16, "0")}`,
      ].join(", "),
    ),
  ]);

const INVENTORY_HEADER =
  "index, name, uuid, driver_version, pci.bus_id, memory.total [MiB], clocks.max.sm [MHz], clocks.max.memory [MHz], power.limit [W]";

const inventoryDocument: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.boolean(),
    fc.boolean(),
    fc.array(
      fc.record({
        name: fc.constantFrom("NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-40GB", "Tesla V100-SXM2-16GB", "NVIDIA L4"),
        memory: fc.integer({ min: 1024, max: 200_000 }),
        sm: fc.integer({ min: 500, max: 2500 }),
        mem: fc.integer({ min: 500, max: 3000 }),
        power: fc.double({ min: 50, max: 1200, noNaN: true }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  )
  .map(([header, units, rows]) => [
    ...(header ? [INVENTORY_HEADER] : []),
    ...rows.map((r, i) =>
      [
        String(i),
        r.name,
        `GPU-${(i * 7919).toString(16).padStart(8, "0")}-aaaa-bbbb-cccc-0123456789ab`,
        "550.54.15",
        `00000000:${pad(16 + i)}:00.0`,
        units ? `${r.memory} MiB` : String(r.memory),
        units ? `${r.sm} MHz` : String(r.sm),
        units ? `${r.mem} MHz` : String(r.mem),
        units ? `${fixed(r.power)} W` : fixed(r.power),
      ].join(", "),
    ),
  ]);

/** Header names that are also properties of every object. */
const hostileHeader = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "__proto__",
        "constructor",
        "toString",
        "hasOwnProperty",
        "valueOf",
        "index",
        "name",
        "timestamp",
      ),
      fc.constantFrom(...NVIDIA_SMI_TELEMETRY_FIELDS, ...NVIDIA_SMI_INVENTORY_FIELDS).map((f) => `${f} [W]`),
      fc.string({ maxLength: 12 }).filter((s) => !s.includes(",") && !/[\r\n]/.test(s)),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .chain((columns) =>
    fc
      .array(
        fc.array(fc.oneof(wildNumber, fc.constantFrom("", "x", "12 W", "[N/A]")), {
          minLength: columns.length,
          maxLength: columns.length,
        }),
        {
          maxLength: 4,
        },
      )
      .map((rows) => [`index, ${columns.join(", ")}`, ...rows.map((cells) => `0, ${cells.join(", ")}`)]),
  );

const SMI_VOCABULARY = [
  ...NVIDIA_SMI_TELEMETRY_FIELDS,
  ...NVIDIA_SMI_INVENTORY_FIELDS,
  "[W]",
  "[MHz]",
  " W",
  " MHz",
  " MiB",
  "%",
  "[N/A]",
  "2019/08/23 14:54:47.307",
  "0x0000000000000004",
  "NVIDIA H100",
];

describe("fuzz: nvidia-smi parsers return finite, plausible rows or typed errors", () => {
  it("parseNvidiaSmiCsv (1,000 cases)", () => {
    fuzz(
      fc.property(
        fc.oneof(
          textInput(telemetryDocument, SMI_VOCABULARY),
          textInput(inventoryDocument, SMI_VOCABULARY),
          mutated(hostileHeader),
        ),
        fc.option(
          fc.oneof(
            fc.constant(NVIDIA_SMI_TELEMETRY_FIELDS),
            fc.constant(NVIDIA_SMI_INVENTORY_FIELDS),
            fc.array(fc.constantFrom("index", "name", "__proto__", "power.draw", "clocks.current.sm"), {
              maxLength: 9,
            }),
          ),
          { nil: undefined },
        ),
        (text, fields) => {
          finiteOrTyped(
            () => parseNvidiaSmiCsv(text, fields),
            (rows) => {
              for (const row of rows) {
                // A column named "__proto__" is a column, not the row's prototype.
                expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
                for (const value of Object.values(row)) {
                  expect(value === null || typeof value === "string" || typeof value === "number").toBe(true);
                }
              }
              return rows.length > 0;
            },
          );
        },
      ),
      runs(1000),
    );
  });

  it("header names that are members of every object are plain columns", () => {
    const rows = parseNvidiaSmiCsv("index, __proto__, constructor, toString\n0, 1, 2 W, x\n");
    expect(rows).toHaveLength(1);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(Object.entries(rows[0] ?? {})).toEqual([
      ["index", 0],
      ["__proto__", 1],
      ["constructor", 2],
      ["toString", "x"],
    ]);
  });

  it("parseNvidiaSmiInventory (1,000 cases)", () => {
    fuzz(
      fc.property(textInput(inventoryDocument, SMI_VOCABULARY), (text) => {
        finiteOrTyped(
          () => parseNvidiaSmiInventory(text),
          (entries) => {
            for (const entry of entries) conforms(gpuInventoryEntrySchema, entry);
            return entries.length > 0;
          },
        );
      }),
      runs(1000),
    );
  });

  it("parseTelemetryCsv, then energyFromTelemetry over a window (1,500 cases)", () => {
    fuzz(
      fc.property(
        textInput(telemetryDocument, SMI_VOCABULARY),
        fc.oneof(
          { weight: 8, arbitrary: fc.constant(0) },
          { weight: 1, arbitrary: fc.double() },
          { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1e308, 1.7e12) },
        ),
        fc.double({ min: -0.5, max: 1.5, noNaN: true }),
        fc.oneof(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.double()),
        (text, fallbackTimeMs, at, width) => {
          finiteOrTyped(
            () => parseTelemetryCsv(text, undefined, fallbackTimeMs),
            (samples) => {
              for (const sample of samples) conforms(telemetrySampleSchema, sample);
              if (samples.length === 0) return false;
              const times = samples.map((s) => s.timeMs);
              const lo = Math.min(...times);
              const hi = Math.max(...times);
              const startMs = lo + at * (hi - lo);
              const energy = outcome(() => energyFromTelemetry(samples, startMs, startMs + width));
              if (energy.ok) {
                expect(energy.value.energyJoules).toBeGreaterThanOrEqual(0);
                expect(energy.value.averagePowerWatts).toBeGreaterThanOrEqual(0);
                expect(energy.value.durationSeconds).toBeGreaterThanOrEqual(0);
              }
              return true;
            },
          );
        },
      ),
      runs(1500),
    );
  });

  it("parseNvidiaSmiTimestamp and decodeThrottleReasons (500 cases)", () => {
    fuzz(
      fc.property(
        fc.oneof(smiStamp, mutated(smiStamp.map((s) => [s])), rawText(["2019", "/", ":", ".", " ", "08"])),
        fc.oneof(
          fc.integer({ min: 0, max: 0x1ff }).map((n) => `0x${n.toString(16).padStart(16, "0")}`),
          wildNumber,
          fc.double(),
          fc.constant(null),
        ),
        (stamp, mask) => {
          finiteOrTyped(
            () => ({ time: parseNvidiaSmiTimestamp(stamp), reasons: decodeThrottleReasons(mask) }),
            (r) => {
              expect(r.reasons.every((reason) => typeof reason === "string")).toBe(true);
              return r.time !== undefined;
            },
          );
        },
      ),
      runs(500),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// nccl-tests
// ---------------------------------------------------------------------------------------------------------------

type NcclLayout = "current" | "legacy" | "rccl" | "out-of-place";

const NCCL_HEADERS: Record<NcclLayout, { descriptor: string[]; half: string[]; halves: number }> = {
  current: {
    descriptor: ["size", "count", "type", "redop", "root"],
    half: ["time", "algbw", "busbw", "#wrong"],
    halves: 2,
  },
  legacy: { descriptor: ["size", "count", "type", "redop"], half: ["time", "algbw", "busbw", "error"], halves: 2 },
  rccl: { descriptor: ["size", "count", "type"], half: ["time", "algbw", "busbw", "error"], halves: 2 },
  "out-of-place": {
    descriptor: ["size", "count", "type", "redop", "root"],
    half: ["time", "algbw", "busbw", "#wrong"],
    halves: 1,
  },
};

const col = (text: string, width = 8): string => text.padStart(width);

const ncclDocument: fc.Arbitrary<string[]> = fc
  .record({
    layout: fc.constantFrom<NcclLayout>("current", "legacy", "rccl", "out-of-place"),
    collective: fc.constantFrom(...COLLECTIVE_IDS),
    ranks: fc.integer({ min: 1, max: 16 }),
    sizes: fc.uniqueArray(fc.integer({ min: 0, max: 34 }), { minLength: 1, maxLength: 10 }),
    bandwidth: fc.double({ min: 0.01, max: 500, noNaN: true }),
    latencyUs: fc.double({ min: 1, max: 100, noNaN: true }),
    version: fc.boolean(),
    outOfBounds: fc.constantFrom("0 OK", "3 FAILED", "none"),
  })
  .map((d) => {
    const { descriptor, half, halves } = NCCL_HEADERS[d.layout];
    const binary = `${d.collective.replace(/-/g, "_")}_perf`;
    const factor = busBandwidthFactor(d.collective as CollectiveId, d.ranks);
    const lines = [
      ...(d.version ? ["# nccl-tests version 2.19.6 nccl-headers=22707 nccl-library=22707"] : []),
      `# Collective test starting: ${binary}`,
      "# nThread 1 nGpus 1 minBytes 8 maxBytes 17179869184 step: 2(factor) warmup iters: 1 iters: 20",
      "#",
      "# Using devices",
      ...Array.from(
        { length: d.ranks },
        (_, r) =>
          `#  Rank ${col(String(r), 2)} Group  0 Pid  12345 on    node001 device ${col(String(r), 2)} [0000:${pad(r)}:00] NVIDIA H100 80GB HBM3`,
      ),
      "#",
      `#${col("out-of-place", 60)}${halves === 2 ? col("in-place", 36) : ""}`,
      `#${[...descriptor, ...Array.from({ length: halves }, () => half).flat()].map((h) => col(h)).join("")}`,
      `#${col("(B)")}${col("(elements)", 14)}`,
    ];
    for (const exponent of [...d.sizes].sort((a, b) => a - b)) {
      const size = 2 ** exponent;
      const timeUs = d.latencyUs + size / (d.bandwidth * 1e3);
      const algbw = size / timeUs / 1e3;
      const cells: Record<string, string> = {
        size: String(size),
        count: String(Math.max(1, size / 4)),
        type: "float",
        redop: "sum",
        root: "-1",
      };
      const halfCells: Record<string, string> = {
        time: timeUs >= 1e5 ? String(Math.round(timeUs)) : fixed(timeUs),
        algbw: fixed(algbw),
        busbw: fixed(algbw * factor),
        "#wrong": "0",
        error: "0e+00",
      };
      const row = [
        ...descriptor.map((name) => cells[name] as string),
        ...Array.from({ length: halves }, () => half.map((name) => halfCells[name] as string)).flat(),
      ];
      lines.push(row.map((cell) => col(cell, 12)).join(""));
    }
    if (d.outOfBounds !== "none") lines.push(`# Out of bounds values : ${d.outOfBounds}`);
    lines.push("# Avg bus bandwidth    : 121.862 ", "#", `# Collective test concluded: ${binary}`);
    return lines;
  });

const NCCL_VOCABULARY = [
  "#",
  "# ",
  "size",
  "count",
  "type",
  "redop",
  "root",
  "time",
  "algbw",
  "busbw",
  "#wrong",
  "error",
  "float",
  "sum",
  "N/A",
  "# Out of bounds values : ",
  "# Avg bus bandwidth    : ",
  "#       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong",
  "OK",
  "FAILED",
  "#  Rank  0 Group  0 Pid  1 on n device  0 [0000:07:00] GPU",
  "# Collective test starting: all_reduce_perf",
];

describe("fuzz: nccl-tests parser returns finite, plausible reports or typed errors", () => {
  it("parseNcclTests, then ncclTestsToResults (2,000 cases)", () => {
    fuzz(
      fc.property(
        textInput(ncclDocument, NCCL_VOCABULARY),
        fc.option(fc.constantFrom(...COLLECTIVE_IDS), { nil: undefined }),
        (text, hint) => {
          finiteOrTyped(
            () => {
              const report = parseNcclTests(text, hint);
              return { report, results: ncclTestsToResults(report) };
            },
            ({ report, results }) => {
              expect(report.rows.length).toBeGreaterThan(0);
              expect(results).toHaveLength(report.rows.length);
              if (report.valid) {
                // A valid report is what its schema says: positive times, non-negative bandwidths and counts.
                conforms(ncclTestsReportSchema, report);
                for (const row of report.rows) {
                  for (const half of [row.outOfPlace, row.inPlace]) {
                    if (half === undefined) continue;
                    expect(half.timeUs).toBeGreaterThan(0);
                    expect(half.busBandwidthGBps).toBeLessThanOrEqual(2 * half.algorithmBandwidthGBps + 0.011);
                  }
                }
                expect(results.every((r) => r.status === "passed")).toBe(true);
              } else {
                expect(report.problems.length).toBeGreaterThan(0);
                expect(results.every((r) => r.status === "failed" && r.metrics.length === 0)).toBe(true);
              }
              return true;
            },
          );
        },
      ),
      runs(2000),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// nvbandwidth
// ---------------------------------------------------------------------------------------------------------------

const NVBANDWIDTH_TESTS: readonly { name: string; description: string; square: boolean }[] = [
  {
    name: "host_to_device_memcpy_ce",
    description: "memcpy CE CPU(row) -> GPU(column) bandwidth (GB/s)",
    square: false,
  },
  {
    name: "device_to_device_memcpy_read_ce",
    description: "memcpy CE GPU(row) <- GPU(column) bandwidth (GB/s)",
    square: true,
  },
  {
    name: "device_to_device_memcpy_write_sm",
    description: "memcpy SM GPU(row) -> GPU(column) bandwidth (GB/s)",
    square: true,
  },
  { name: "all_to_host_memcpy_ce", description: "memcpy CE CPU(row) <- GPU(column) bandwidth (GB/s)", square: false },
];

const nvbandwidthDocument: fc.Arbitrary<string[]> = fc
  .record({
    gpus: fc.integer({ min: 1, max: 4 }),
    tests: fc.array(
      fc.record({
        test: fc.constantFrom(...NVBANDWIDTH_TESTS),
        cells: fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 16, maxLength: 16 }),
        waived: fc.integer({ min: 0, max: 9 }),
        sum: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ gpus, tests }) => {
    const lines = [
      "nvbandwidth Version: v0.8",
      "Built from Git version: v0.8",
      "",
      "CUDA Runtime Version: 12060",
      "CUDA Driver Version: 12060",
      "Driver Version: 560.35.05",
      "",
      ...Array.from({ length: gpus }, (_, i) => `Device ${i}: NVIDIA H100 80GB HBM3 (00000000:${pad(16 + i)}:00)`),
      "",
    ];
    for (const { test, cells, waived, sum } of tests) {
      const { name, description, square } = test;
      lines.push(`Running ${name}.`);
      if (waived === 0) {
        lines.push("Waived. ", "");
        continue;
      }
      lines.push(description);
      const rows = square ? gpus : 1;
      lines.push(Array.from({ length: gpus }, (_, c) => col(String(c), 10)).join(""));
      let total = 0;
      for (let r = 0; r < rows; r++) {
        const values = Array.from({ length: gpus }, (_, c) => {
          if (square && r === c) return col("N/A", 10);
          const value = cells[(r * gpus + c) % cells.length] as number;
          total += value;
          return col(fixed(value), 10);
        });
        lines.push(`${col(String(r), 2)}${values.join("")}`);
      }
      lines.push("");
      if (sum) lines.push(`SUM ${name} ${fixed(total)}`, "");
    }
    lines.push("NOTE: The reported results may not reflect the full capabilities of the platform.");
    return lines;
  });

const NVBANDWIDTH_VOCABULARY = [
  "nvbandwidth Version: ",
  "Device 0: ",
  "Running ",
  "host_to_device_memcpy_ce",
  ".",
  "SUM ",
  "Waived",
  "ERROR",
  "N/A",
  "  0  ",
  "memcpy CE CPU(row) -> GPU(column) bandwidth (GB/s)",
  "(00000000:99:00)",
  " (",
];

describe("fuzz: nvbandwidth parser returns finite, non-negative bandwidths or typed errors", () => {
  it("parseNvbandwidth (1,500 cases)", () => {
    fuzz(
      fc.property(textInput(nvbandwidthDocument, NVBANDWIDTH_VOCABULARY), (text) => {
        finiteOrTyped(
          () => parseNvbandwidth(text),
          (report) => {
            conforms(nvbandwidthReportSchema, report);
            expect(report.tests.length).toBeGreaterThan(0);
            return true;
          },
        );
      }),
      runs(1500),
    );
  });

  // Its time (linear, not quadratic) is measured by bench/parsers-worst-case.bench.ts.
  it("a device line of 50,000 ' (' pairs is read", () => {
    const text = `Device 0: x${" (".repeat(50_000)}\nRunning t.\nd\n 0\n 0 1.5\n`;
    expect(() => parseNvbandwidth(text)).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// MLPerf mllog
// ---------------------------------------------------------------------------------------------------------------

/** An event before its JSON: key, value and metadata. */
type MllogTemplate = { key: string; value: unknown; metadata: Record<string, unknown> };

const mllogEvent = fc
  .record({
    prefix: fc.constantFrom("", "0: ", "[3] ", "container | [0] ", "12:", "[ 7 ]"),
    time: fc.oneof(
      fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
    type: fc.constantFrom("POINT_IN_TIME", "INTERVAL_START", "INTERVAL_END"),
    event: fc.oneof(
      fc.constant<MllogTemplate>({ key: "submission_benchmark", value: "bert", metadata: {} }),
      fc.constant<MllogTemplate>({ key: "run_start", value: null, metadata: {} }),
      fc.constantFrom("success", "aborted").map((status) => ({ key: "run_stop", value: null, metadata: { status } })),
      fc
        .double({ min: 0, max: 1, noNaN: true })
        .map((x) => ({ key: "eval_accuracy", value: x, metadata: { epoch_num: 3 } })),
      fc.integer({ min: 1, max: 65536 }).map((n) => ({ key: "global_batch_size", value: n, metadata: {} })),
      fc.integer({ min: 1, max: 1e9 }).map((n) => ({ key: "train_samples", value: n, metadata: {} })),
      fc
        .double({ min: 0, max: 1e6, noNaN: true })
        .map((x) => ({ key: "tracked_stats", value: { throughput: x }, metadata: { step: 10 } })),
      fc.constant<MllogTemplate>({ key: "epoch_start", value: null, metadata: { epoch_num: 1 } }),
    ),
  })
  .map(
    ({ prefix, time, type, event: { key, value, metadata } }) =>
      `${prefix}:::MLLOG ${JSON.stringify({ namespace: "", time_ms: time, event_type: type, key, value, metadata: { file: "run.py", lineno: 42, ...metadata } })}`,
  );

const mllogDocument: fc.Arbitrary<string[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: mllogEvent },
    { weight: 1, arbitrary: fc.constantFrom("epoch 1 loss 0.35", "", "Traceback (most recent call last):") },
  ),
  { minLength: 1, maxLength: 12 },
);

const MLLOG_VOCABULARY = [
  ":::MLLOG ",
  '{"namespace": "", "time_ms": ',
  '"event_type": "POINT_IN_TIME", ',
  '"key": "run_stop", ',
  '"value": ',
  '"metadata": {"status": "success"}}',
  "{",
  "}",
  "0: ",
  "[0] ",
];

describe("fuzz: mllog parser returns finite events or reports malformed lines", () => {
  it("parseMllog, then summarizeMllog (1,500 cases)", () => {
    fuzz(
      fc.property(textInput(mllogDocument, MLLOG_VOCABULARY), (text) => {
        finiteOrTyped(
          () => {
            const parsed = parseMllog(text);
            return { parsed, summary: summarizeMllog(parsed.events) };
          },
          ({ parsed, summary }) => {
            for (const event of parsed.events) {
              conforms(mllogEventSchema, event);
              expect(Number.isInteger(event.line) && event.line >= 1).toBe(true);
              if (event.rank !== undefined) expect(Number.isSafeInteger(event.rank) && event.rank >= 0).toBe(true);
            }
            expect(summary.eventCount).toBe(parsed.events.length);
            return parsed.events.length > 0;
          },
        );
      }),
      runs(1500),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// measured-serving files
// ---------------------------------------------------------------------------------------------------------------

const latency = fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1e5, noNaN: true }));
const latencySummary = fc.record({ p50: latency, p90: latency, p99: latency, mean: latency });
const nonNegative = fc.double({ min: 0, max: 1e6, noNaN: true });

const measuredRequest = fc.record(
  {
    index: fc.nat({ max: 10_000 }),
    arrivalSeconds: fc.double({ min: 0, max: 3600, noNaN: true }),
    inputTokens: fc.nat({ max: 100_000 }),
    requestedInputTokens: fc.nat({ max: 100_000 }),
    outputTokens: fc.nat({ max: 10_000 }),
    requestedOutputTokens: fc.integer({ min: 1, max: 10_000 }),
    ttftMs: latency,
    tpotMs: latency,
    e2eMs: latency,
    ok: fc.boolean(),
    meetsSlo: fc.boolean(),
    sessionId: fc.oneof(fc.constantFrom("s0", "s1", "session-42"), fc.string({ maxLength: 8 })),
    turn: fc.nat({ max: 20 }),
    sharedPrefixTokens: fc.nat({ max: 10_000 }),
    error: fc.string({ maxLength: 20 }),
  },
  {
    requiredKeys: [
      "index",
      "arrivalSeconds",
      "inputTokens",
      "requestedInputTokens",
      "outputTokens",
      "requestedOutputTokens",
      "ttftMs",
      "tpotMs",
      "e2eMs",
      "ok",
      "meetsSlo",
    ],
  },
);

const measuredRun = fc.record({
  setup: fc.record({
    baseUrl: fc.constant("http://127.0.0.1:8000/v1"),
    model: fc.constantFrom("m", "meta-llama/Llama-3.1-8B-Instruct"),
    api: fc.constantFrom("completions", "chat"),
    arrival: fc.oneof(
      fc.double({ min: 0.01, max: 1000, noNaN: true }).map((ratePerSecond) => ({ kind: "poisson", ratePerSecond })),
      fc.integer({ min: 1, max: 512 }).map((concurrency) => ({ kind: "concurrency", concurrency })),
      fc
        .record({
          timeScale: fc.double({ min: 0.01, max: 100, noNaN: true }),
          blockTokens: fc.integer({ min: 1, max: 1024 }),
          recordCount: fc.nat({ max: 1e6 }),
        })
        .map((t) => ({ kind: "trace", ...t })),
    ),
    slo: fc.record(
      { ttftMs: fc.double({ min: 1, max: 1e4, noNaN: true }), tpotMs: fc.double({ min: 1, max: 1e3, noNaN: true }) },
      { requiredKeys: [] },
    ),
    seed: fc.integer(),
    startedAt: fc.constant("2025-01-01T00:00:00.000Z"),
  }),
  summary: fc.record({
    requests: fc.nat({ max: 10_000 }),
    succeededCount: fc.nat({ max: 10_000 }),
    failedCount: fc.nat({ max: 10_000 }),
    durationSeconds: nonNegative,
    requestsPerSecond: nonNegative,
    inputTokensPerSecond: nonNegative,
    outputTokensPerSecond: nonNegative,
    goodputRequestsPerSecond: nonNegative,
    sloAttainmentRatio: fc.double({ min: 0, max: 1, noNaN: true }),
    ttftMs: latencySummary,
    tpotMs: latencySummary,
    itlMs: latencySummary,
    e2eMs: latencySummary,
  }),
  requests: fc.array(measuredRequest, { maxLength: 5 }),
});

const measuredFile = fc.record(
  {
    schemaVersion: fc.constant(1),
    kind: fc.constant("aifactory-measured-serving"),
    createdAt: fc.constant("2025-01-01T00:00:00.000Z"),
    sweep: fc.record({
      kind: fc.constantFrom("poisson", "concurrency"),
      minSloAttainmentRatio: fc.double({ min: 0, max: 1, noNaN: true }),
      stoppedEarly: fc.boolean(),
    }),
    runs: fc.array(measuredRun, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ["schemaVersion", "kind", "createdAt", "runs"] },
);

/** Every leaf of a JSON value, as a path of keys. */
function leafPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value))
      leafPaths(child, [...path, Array.isArray(value) ? Number(key) : key], out);
  } else out.push(path);
  return out;
}

/** A copy of `value` with the leaf `pick` (wrapped) set to `replacement`. */
function replaceLeaf(value: unknown, pick: number, replacement: unknown): unknown {
  const copy = structuredClone(value);
  const paths = leafPaths(copy);
  const path = paths[pick % paths.length] as (string | number)[];
  if (path.length === 0) return replacement;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1) as string | number] = replacement;
  return copy;
}

const wildValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -1,
    -0,
    0,
    0.5,
    1e308,
    2 ** 53,
    2 ** 60,
    -1e308,
  ),
  fc.constantFrom(null, undefined, "", "1", "NaN", true, [], {}),
  fc.anything({ maxDepth: 2 }),
);

const measuredInput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: mutated(measuredFile.map((file) => JSON.stringify(file, null, 2).split("\n"))) },
  { weight: 1, arbitrary: measuredFile.map((file) => JSON.stringify(file)) },
  {
    weight: 2,
    arbitrary: fc.tuple(measuredFile, fc.nat(), wildValue).map(([file, pick, value]) => replaceLeaf(file, pick, value)),
  },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.json(), rawText(['{"schemaVersion": 1', '"runs": [', "]", "}", "null", "1e999"])),
  },
);

describe("fuzz: measured-serving reader returns valid files or typed errors", () => {
  it("parseMeasuredServing, then measuredRunToTrace (1,500 cases)", () => {
    fuzz(
      fc.property(measuredInput, (input) => {
        finiteOrTyped(
          () => {
            const file = parseMeasuredServing(input);
            return { file, traces: file.runs.map(measuredRunToTrace) };
          },
          ({ file, traces }) => {
            conforms(measuredServingFileSchema, file);
            for (const records of traces) {
              for (const record of records) conforms(traceRecordSchema, record);
              // A measured run replays in the simulator: its trace reads back as written.
              // (JSON has no -0: compare with the records as JSON carries them.)
              if (records.length > 0) {
                expect(parseRequestTrace(formatRequestTrace(records))).toEqual(JSON.parse(JSON.stringify(records)));
              }
            }
            return true;
          },
        );
      }),
      runs(1500),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Server-Sent Events (asynchronous: a few hundred cases)
// ---------------------------------------------------------------------------------------------------------------

const sseLine = fc.oneof(
  { weight: 4, arbitrary: fc.json({ maxDepth: 2 }).map((json) => `data: ${json}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "data: [DONE]",
      "data:",
      "data:x",
      ": keep-alive",
      "event: message",
      "id: 7",
      "retry: 100",
      "",
    ),
  },
  { weight: 1, arbitrary: junkLine.map((text) => text.replace(/[\r\n]/g, " ")) },
);

const sseBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.array(fc.array(sseLine, { minLength: 1, maxLength: 3 }), { maxLength: 8 }),
        fc.constantFrom("\n", "\r\n"),
      )
      .map(([events, eol]) => new TextEncoder().encode(events.map((lines) => lines.join(eol) + eol + eol).join(""))),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1000, max: 100_000 })
      .map((n) => new TextEncoder().encode(`data: ${"x".repeat(n)}\n\n`)),
  },
);

/** The bytes cut at the given offsets, as a stream. */
function streamOf(bytes: Uint8Array, cuts: readonly number[]): ReadableStream<Uint8Array> {
  const offsets = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const at of [...offsets, bytes.length]) {
    if (at > from) chunks.push(bytes.slice(from, at));
    from = Math.max(from, at);
  }
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function readAll(body: ReadableStream<Uint8Array>, maxLineChars?: number): Promise<Outcome<string[]>> {
  const out: string[] = [];
  try {
    for await (const data of readSseData(body, maxLineChars)) out.push(data);
  } catch (error) {
    expect(isAifError(error), `untyped error: ${String(error)}`).toBe(true);
    return { ok: false };
  }
  return { ok: true, value: out };
}

describe("fuzz: the SSE reader yields the same events however the stream is cut", () => {
  it("readSseData, one chunk vs random cuts (300 cases)", async () => {
    let results = 0;
    await fc.assert(
      fc.asyncProperty(sseBytes, fc.array(fc.nat(), { maxLength: 12 }), async (bytes, cuts) => {
        const whole = await readAll(streamOf(bytes, []));
        const cut = await readAll(streamOf(bytes, cuts));
        expect(whole.ok && cut.ok).toBe(true);
        if (whole.ok && cut.ok) {
          expect(cut.value).toEqual(whole.value);
          if (whole.value.length > 0) results++;
        }
      }),
      { numRuns: runs(300) },
    );
    expect(results).toBeGreaterThan(runs(300) * 0.05);
  });

  it("readSseData with a small line limit: events or a typed error (200 cases)", async () => {
    let results = 0;
    await fc.assert(
      fc.asyncProperty(
        sseBytes,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 1, max: 200 }),
        async (bytes, cuts, limit) => {
          const read = await readAll(streamOf(bytes, cuts), limit);
          if (read.ok) results++;
        },
      ),
      { numRuns: runs(200) },
    );
    expect(results).toBeGreaterThan(runs(200) * 0.05);
  });
});
