/**
 * Fuzz suite (#22): the request-trace reader and the length distributions on hostile input. Traces are
 * structure-aware (valid-looking Mooncake JSONL, Azure CSV and aif JSONL, then mutated: numbers made negative,
 * zero, 1e308 or past it, NaN/Infinity spelled out, hex, with thousands separators or 400 digits; lines truncated,
 * duplicated, deleted or made ~100 KB long; junk and unicode inserted; CRLF), read with the layout detected or
 * named (rightly or wrongly), plus raw random strings. Every call either returns records that the trace schema
 * accepts (finite, non-negative arrival times, whole token counts >= 1) or throws a typed AifError; never another
 * exception. How long a call takes on the worst inputs is measured by `pnpm bench` (bench/request-trace.bench.ts),
 * not asserted here: a wall-clock bound fails on a loaded machine. Length distributions: any value the schema
 * accepts draws whole, finite lengths within its bounds. At least 5% of each property's cases must produce a result. The case counts are in
 * the reliability guide; AIF_FUZZ_SCALE=20 runs 20 times as many.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAifError } from "../errors/aif-error";
import { nonFinitePaths } from "../errors/finite-result";
import { parseInput } from "../errors/invalid-input-error";
import { lengthDistributionSchema, meanLength, sampleLength, traceRecordSchema } from "./length-distribution";
import { detectRequestTraceFormat, parseRequestTrace, type RequestTraceFormat } from "./request-trace";
import { createSeededRandom } from "./seeded-random";

/** Multiplies every property's case count (default 1; a long local run: AIF_FUZZ_SCALE=20). */
const SCALE = Math.max(1, Number(process.env.AIF_FUZZ_SCALE ?? 1) || 1);
const runs = (n: number): number => Math.round(n * SCALE);

/** Results and typed errors seen by the running property (a fuzz run that only ever errors tests nothing). */
const seen = { results: 0, errors: 0 };

/** One case: a result with only finite numbers that `check` accepts, or a typed AifError. */
function finiteOrTyped<T>(run: () => T, check: (value: T) => void = () => undefined): void {
  let value: T;
  try {
    value = run();
  } catch (error) {
    expect(isAifError(error), `untyped error: ${error instanceof Error ? error.stack : String(error)}`).toBe(true);
    seen.errors++;
    return;
  }
  expect(nonFinitePaths(value)).toEqual([]);
  check(value);
  seen.results++;
}

/** Runs a property and checks that every case ran and at least 5% of them produced a result. */
function fuzz<T>(property: fc.IProperty<T>, numRuns: number): void {
  seen.results = 0;
  seen.errors = 0;
  fc.assert(property, { numRuns });
  expect(seen.results + seen.errors).toBe(numRuns);
  expect(seen.results).toBeGreaterThan(numRuns * 0.05);
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------------------------

/** A number as a broken or hostile trace may hold it. */
const wildNumber: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "0",
      "-0",
      "-1",
      "-0.5",
      "0.5",
      "1e308",
      "1e+308",
      "1e309",
      "-1e308",
      "1.7976931348623157e308",
      "5e-324",
      "1e-400",
      "NaN",
      "Infinity",
      "-Infinity",
      "0x1F",
      "1,234",
      "1_000",
      "1.2.3",
      "+5",
      "5.",
      ".5",
      "",
      "null",
      "true",
      '"12"',
      "[]",
      "9".repeat(400),
      `1${"0".repeat(320)}`,
      "9007199254740993",
      "2147483648",
      "0000",
      "99",
    ),
  },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
);

const oddCharacter = fc.constantFrom(
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\u0000",
  "\t",
  "\r",
  "\ud800",
  "\u00e9",
  "\u{1f600}",
  ",",
  ":",
  '"',
  "{",
  "}",
  "[",
  "]",
  "-",
  "T",
  "Z",
);

const junkLine: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.tuple(oddCharacter, fc.integer({ min: 1, max: 200 })).map(([c, n]) => c.repeat(n)),
  fc.constantFrom("TIMESTAMP,ContextTokens,GeneratedTokens", "{}", "[]", "null", '{"__proto__": 1}', "#"),
);

type Mutation =
  | { kind: "number"; line: number; at: number; value: string }
  | { kind: "truncate"; line: number; at: number }
  | { kind: "duplicate"; line: number; to: number }
  | { kind: "delete"; line: number }
  | { kind: "insert"; line: number; text: string }
  | { kind: "character"; line: number; at: number; text: string }
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
      case "long": {
        const unit = line === "" ? "9" : line;
        out[i] = unit.repeat(Math.ceil(m.length / unit.length)).slice(0, m.length);
        break;
      }
    }
  }
  return out;
}

/** A document (as lines), mutated, joined with LF or CRLF, with or without a final newline or blank lines. */
function mutated(document: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return fc
    .tuple(document, fc.array(mutation, { maxLength: 4 }), fc.constantFrom("\n", "\n", "\r\n"), fc.boolean())
    .map(
      ([lines, mutations, eol, finalNewline]) => applyMutations(lines, mutations).join(eol) + (finalNewline ? eol : ""),
    );
}

/** Raw text: random strings, random bytes as text, and a soup of the layouts' own tokens. */
const rawText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "{",
          "}",
          '"timestamp": ',
          '"input_length": ',
          '"output_length": ',
          '"hash_ids": [',
          '"arrivalSeconds": ',
          '"inputTokens": ',
          '"outputTokens": ',
          "TIMESTAMP,ContextTokens,GeneratedTokens",
          "2023-11-16 18:15:46.6805900",
          ",",
          "\n",
          "\r\n",
          " ",
        ),
        wildNumber,
      ),
      { maxLength: 60 },
    )
    .map((tokens) => tokens.join("")),
);

// ---------------------------------------------------------------------------------------------------------------
// The three layouts
// ---------------------------------------------------------------------------------------------------------------

const tokens = fc.oneof(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 200_000 }));
const hashIds = fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 12 });
const sessionId = fc.oneof(fc.constantFrom("s0", "s1", "chat-42"), fc.string({ minLength: 1, maxLength: 12 }));

const aifDocument: fc.Arbitrary<string[]> = fc.array(
  fc
    .record(
      {
        arrivalSeconds: fc.double({ min: 0, max: 86_400, noNaN: true }),
        inputTokens: tokens,
        outputTokens: tokens,
        sessionId,
        hashIds,
      },
      { requiredKeys: ["arrivalSeconds", "inputTokens", "outputTokens"] },
    )
    .map((record) => JSON.stringify(record)),
  { minLength: 1, maxLength: 10 },
);

const mooncakeDocument: fc.Arbitrary<string[]> = fc.array(
  fc
    .record(
      {
        timestamp: fc.integer({ min: 0, max: 3_600_000 }),
        input_length: tokens,
        output_length: tokens,
        hash_ids: hashIds,
        session_id: fc.oneof(sessionId, fc.nat({ max: 1000 })),
      },
      { requiredKeys: ["timestamp", "input_length", "output_length"] },
    )
    .map((record) => JSON.stringify(record)),
  { minLength: 1, maxLength: 10 },
);

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

const azureDocument: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.boolean(),
    fc.array(
      fc.record({
        year: fc.integer({ min: 1970, max: 2100 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        hour: fc.integer({ min: 0, max: 23 }),
        minute: fc.integer({ min: 0, max: 59 }),
        second: fc.integer({ min: 0, max: 59 }),
        fraction: fc.option(fc.integer({ min: 0, max: 9_999_999 }), { nil: undefined }),
        context: tokens,
        generated: tokens,
      }),
      { minLength: 1, maxLength: 10 },
    ),
  )
  .map(([header, rows]) => [
    ...(header ? ["TIMESTAMP,ContextTokens,GeneratedTokens"] : []),
    ...rows.map(
      (r) =>
        `${r.year}-${pad(r.month)}-${pad(r.day)} ${pad(r.hour)}:${pad(r.minute)}:${pad(r.second)}${
          r.fraction === undefined ? "" : `.${pad(r.fraction, 7)}`
        },${r.context},${r.generated}`,
    ),
  ]);

const FORMATS: readonly RequestTraceFormat[] = ["aif-jsonl", "mooncake", "azure-csv"];

/** Reads a trace (layout detected, or named: rightly or not) and checks what the reader promises of records. */
function readTrace(text: string, format: RequestTraceFormat | undefined): void {
  finiteOrTyped(
    () => ({ records: parseRequestTrace(text, format), detected: detectRequestTraceFormat(text) }),
    ({ records, detected }) => {
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) {
        const parsed = traceRecordSchema.safeParse(record);
        expect(parsed.success, `the trace schema refused a record read: ${String(parsed.error)}`).toBe(true);
      }
      // Azure times are relative to the earliest row.
      if ((format ?? detected) === "azure-csv") expect(Math.min(...records.map((r) => r.arrivalSeconds))).toBe(0);
    },
  );
}

/** A layout's documents (mutated, mostly) and raw text, read with the layout detected or named. */
function traceProperty(document: fc.Arbitrary<string[]>, own: RequestTraceFormat) {
  return fc.property(
    fc.oneof({ weight: 5, arbitrary: mutated(document) }, { weight: 1, arbitrary: rawText }),
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 2, arbitrary: fc.constant(own) },
      { weight: 1, arbitrary: fc.constantFrom(...FORMATS) },
    ),
    readTrace,
  );
}

describe("fuzz: parseRequestTrace returns valid records or typed errors", () => {
  it("aif JSONL (1,000 cases)", () => {
    fuzz(traceProperty(aifDocument, "aif-jsonl"), runs(1000));
  });

  it("Mooncake JSONL (1,000 cases)", () => {
    fuzz(traceProperty(mooncakeDocument, "mooncake"), runs(1000));
  });

  it("Azure CSV (1,000 cases)", () => {
    fuzz(traceProperty(azureDocument, "azure-csv"), runs(1000));
  });

  it("auto-detection on mixed layouts and raw text (1,000 cases)", () => {
    fuzz(
      fc.property(
        fc.oneof(
          fc
            .tuple(
              mutated(aifDocument),
              mutated(mooncakeDocument),
              mutated(azureDocument),
              fc.oneof(
                { weight: 3, arbitrary: fc.nat({ max: 2 }) },
                { weight: 1, arbitrary: fc.integer({ min: 3, max: 5 }) },
              ),
            )
            .map(
              ([aif, mooncake, azure, pick]) =>
                [aif, mooncake, azure, `${aif}\n${mooncake}`, `${azure}\n${aif}`, `\n\n  ${mooncake}`][pick] as string,
            ),
          rawText,
        ),
        (text) => readTrace(text, undefined),
      ),
      runs(1000),
    );
  });

  it("Azure timestamps in years 0-99 are those years, not 1900-1999", () => {
    const records = parseRequestTrace(
      "TIMESTAMP,ContextTokens,GeneratedTokens\n0050-01-01 00:00:00,1,1\n2050-01-01 00:00:00,1,1\n",
    );
    // 2000 Gregorian years are 5 cycles of 146,097 days.
    expect(records.map((r) => r.arrivalSeconds)).toEqual([0, 5 * 146_097 * 86_400]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Length distributions
// ---------------------------------------------------------------------------------------------------------------

/** A magnitude from the ordinary to the absurd, and values the schema must refuse. */
const wildValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 100_000 }) },
  { weight: 2, arbitrary: fc.double({ min: 1e-300, max: 1e300, noNaN: true }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0,
      -0,
      -1,
      0.5,
      1e308,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      2 ** 53 - 1,
      2 ** 53,
      2 ** 60,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("12", null, undefined, true, [], {}) },
);

const distribution: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ kind: fc.constant("fixed"), tokens: wildValue }),
  fc.record({ kind: fc.constant("uniform"), minTokens: wildValue, maxTokens: wildValue }),
  fc.record(
    {
      kind: fc.constant("normal"),
      meanTokens: wildValue,
      stdTokens: wildValue,
      minTokens: wildValue,
      maxTokens: wildValue,
    },
    { requiredKeys: ["kind", "meanTokens", "stdTokens"] },
  ),
  fc.record(
    {
      kind: fc.constant("lognormal"),
      medianTokens: wildValue,
      sigma: fc.oneof(wildValue, fc.double({ min: 0, max: 50, noNaN: true })),
      minTokens: wildValue,
      maxTokens: wildValue,
    },
    { requiredKeys: ["kind", "medianTokens", "sigma"] },
  ),
  fc.record(
    { kind: fc.constant("exponential"), meanTokens: wildValue, minTokens: wildValue, maxTokens: wildValue },
    { requiredKeys: ["kind", "meanTokens"] },
  ),
  fc
    .tuple(
      fc.array(
        fc.tuple(
          wildValue,
          fc.oneof(wildValue, fc.constantFrom(1e308, Number.MAX_VALUE, 5e-324), fc.double({ min: 0, max: 10 })),
        ),
        { minLength: 1, maxLength: 6 },
      ),
      fc.constantFrom("weights", "none", "one more", "one less"),
    )
    .map(([pairs, layout]) => {
      const weights = pairs.map(([, w]) => w);
      if (layout === "one more") weights.push(1);
      if (layout === "one less") weights.pop();
      return { kind: "empirical", tokens: pairs.map(([t]) => t), ...(layout === "none" ? {} : { weights }) };
    }),
  fc.anything({ maxDepth: 2 }),
);

describe("fuzz: length distributions draw whole, finite lengths within their bounds", () => {
  it("lengthDistributionSchema, sampleLength and meanLength (1,000 cases, 16 draws each)", () => {
    fuzz(
      fc.property(distribution, fc.integer(), (input, seed) => {
        finiteOrTyped(
          () => {
            const dist = parseInput(lengthDistributionSchema, input, "length distribution");
            const random = createSeededRandom(seed);
            return {
              dist,
              draws: Array.from({ length: 16 }, () => sampleLength(dist, random)),
              mean: meanLength(dist),
            };
          },
          ({ dist, draws, mean }) => {
            expect(mean).toBeGreaterThan(0);
            const bounds =
              dist.kind === "normal" || dist.kind === "lognormal" || dist.kind === "exponential"
                ? { min: dist.minTokens ?? 1, max: dist.maxTokens ?? Number.MAX_SAFE_INTEGER }
                : dist.kind === "uniform"
                  ? { min: Math.min(dist.minTokens, dist.maxTokens), max: Math.max(dist.minTokens, dist.maxTokens) }
                  : dist.kind === "fixed"
                    ? { min: dist.tokens, max: dist.tokens }
                    : { min: Math.min(...dist.tokens), max: Math.max(...dist.tokens) };
            for (const draw of draws) {
              expect(Number.isSafeInteger(draw), `draw ${draw}`).toBe(true);
              expect(draw).toBeGreaterThanOrEqual(Math.max(1, bounds.min));
              expect(draw).toBeLessThanOrEqual(bounds.max);
            }
            // The mean is exact for these kinds (the others give the unclamped mean, as documented).
            if (dist.kind === "fixed" || dist.kind === "uniform" || dist.kind === "empirical") {
              expect(mean).toBeGreaterThanOrEqual(bounds.min * (1 - 1e-12));
              expect(mean).toBeLessThanOrEqual(bounds.max * (1 + 1e-12));
            }
          },
        );
      }),
      runs(1000),
    );
  });
});
