import { readFileSync } from "node:fs";
import { AifError, closestMatches, InvalidInputError, UNIT_TABLE } from "@aifactory/core";
import { parse as parseYaml } from "yaml";

/**
 * Parses a numeric flag value; the error names the flag, the value and what is allowed.
 *
 * @param flag - the flag as the user types it, e.g. `"--gpus"`
 * @param raw - the raw string value
 * @param options - `int` requires an integer; `min`/`max` bound it (inclusive)
 * @returns the number
 * @throws InvalidInputError for a non-number, a non-integer (or one above `Number.MAX_SAFE_INTEGER`) or an
 * out-of-range value
 * @example
 * ```ts
 * import { parseNumberOption } from "@aifactory/cli";
 * parseNumberOption("--gpus", "1024", { int: true, min: 1 }); // 1024
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function parseNumberOption(
  flag: string,
  raw: string | number,
  options: { int?: boolean; min?: number; max?: number } = {},
): number {
  const text = String(raw).trim().replaceAll("_", "");
  // Decimal notation only (1024, 1.5, 2e6): Number() would also read "0x40", "0b11" and "Infinity".
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
  const expected = [
    options.int ? "an integer" : "a number",
    options.min === Number.MIN_VALUE ? "> 0" : options.min !== undefined ? `>= ${options.min}` : "",
    options.max !== undefined ? `<= ${options.max}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const fail = (message: string) =>
    new InvalidInputError(`option ${flag}`, [
      { path: flag, message, received: raw, hint: `pass ${flag} ${expected.replace(/^an? /, "")}` },
    ]);
  if (!Number.isFinite(value)) throw fail(`must be ${expected}`);
  if (options.int && !Number.isInteger(value)) throw fail(`must be ${expected}`);
  // A larger "integer" (1e20) is not exact in a double, and every library schema refuses it.
  if (options.int && !Number.isSafeInteger(value))
    throw fail(`must be an integer of at most ${Number.MAX_SAFE_INTEGER}`);
  if (options.min !== undefined && value < options.min) throw fail(`must be ${expected}`);
  if (options.max !== undefined && value > options.max) throw fail(`must be ${expected}`);
  return value;
}

/**
 * Parses a ratio flag in [0, 1].
 *
 * @param flag - the flag, e.g. `"--utilization"`
 * @param raw - the raw value
 * @returns the ratio
 * @throws InvalidInputError outside [0, 1]
 * @example
 * ```ts
 * import { parseRatioOption } from "@aifactory/cli";
 * parseRatioOption("--utilization", "0.6"); // 0.6
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function parseRatioOption(flag: string, raw: string | number): number {
  return parseNumberOption(flag, raw, { min: 0, max: 1 });
}

/**
 * Parses a byte-count flag: a plain number of bytes, or a number with a data unit of `aif units list`
 * (`B`, `kB`, `MB`, `GB`, `TB`, decimal; `KiB`, `MiB`, `GiB`, `TiB`, binary; case-sensitive), e.g. `16MiB`,
 * `1.5 GB`, `16777216`.
 *
 * @param flag - the flag, e.g. `"--bytes"`
 * @param raw - the raw value
 * @param options - `min` bounds the byte count (inclusive, default 1)
 * @returns the byte count, rounded to a whole byte
 * @throws InvalidInputError naming the flag for a malformed value, an unknown unit or a value below `min`
 * @example
 * ```ts
 * import { parseBytesOption } from "@aifactory/cli";
 * parseBytesOption("--bytes", "16MiB"); // 16777216
 * parseBytesOption("--bytes", "1GB"); // 1000000000
 * ```
 * @since 0.4.0
 * @category CLI
 */
export function parseBytesOption(flag: string, raw: string | number, options: { min?: number } = {}): number {
  const min = options.min ?? 1;
  const text = String(raw).trim().replaceAll("_", "");
  const match = /^(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?\s*([A-Za-z]*)$/.exec(text);
  const units = UNIT_TABLE as Record<string, { dimension: string; factor: number }>;
  const dataUnits = Object.keys(units).filter((symbol) => units[symbol]?.dimension === "data");
  const fail = (message: string, hint: string) =>
    new InvalidInputError(`option ${flag}`, [{ path: flag, message, received: raw, hint }]);
  const example = `e.g. ${flag} 16MiB, ${flag} 1GB or ${flag} 16777216`;
  if (match === null) throw fail("must be a byte count, optionally with a unit", example);
  const [, mantissa = "", exponent, unit = ""] = match;
  const entry = unit === "" ? { dimension: "data", factor: 1 } : units[unit];
  const factor = entry?.dimension === "data" ? entry.factor : undefined;
  if (factor === undefined) {
    const suggestions = closestMatches(unit, dataUnits, 2);
    throw fail(
      `unknown data unit "${unit}"`,
      suggestions.length > 0
        ? `did you mean ${mantissa}${suggestions[0]}? (GB is decimal, GiB binary)`
        : `use one of ${dataUnits.join(", ")} (${example})`,
    );
  }
  const value = Math.round(Number(mantissa) * 10 ** Number(exponent ?? 0) * factor);
  if (!Number.isFinite(value) || value < min) throw fail(`must be at least ${min} bytes`, example);
  return value;
}

/**
 * The value of a flag a command cannot run without.
 *
 * @param flag - the flag as typed, e.g. `--gpu`
 * @param value - its value, undefined when absent
 * @returns the value
 * @throws InvalidInputError naming the flag when it is absent (the CLI exits 2)
 * @example
 * ```ts
 * import { requiredOption } from "@aifactory/cli";
 * requiredOption("--gpu", "nvidia-h100-sxm"); // "nvidia-h100-sxm"
 * ```
 * @since 0.4.0
 * @category CLI
 */
export function requiredOption(flag: string, value: string | undefined): string {
  if (value === undefined) {
    throw new InvalidInputError(`option ${flag}`, [
      { path: flag, message: "is required", received: undefined, hint: `pass ${flag} <value>` },
    ]);
  }
  return value;
}

/**
 * Parses a flag that takes one of a fixed set of values, suggesting the nearest on a miss.
 *
 * @param flag - the flag, e.g. `"--precision"`
 * @param raw - the raw value
 * @param choices - the allowed values
 * @returns the value, typed as one of the choices
 * @throws InvalidInputError for any other value
 * @example
 * ```ts
 * import { parseChoiceOption } from "@aifactory/cli";
 * parseChoiceOption("--precision", "bf16", ["bf16", "fp8"] as const); // "bf16"
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function parseChoiceOption<const T extends string>(flag: string, raw: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  const suggestions = closestMatches(raw, choices, 2);
  throw new InvalidInputError(`option ${flag}`, [
    {
      path: flag,
      message: `must be one of ${choices.join(", ")}`,
      received: raw,
      hint: suggestions.length > 0 ? `did you mean ${flag} ${suggestions[0]}?` : `use one of: ${choices.join(", ")}`,
    },
  ]);
}

function readText(path: string, label: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new AifError(
      code === "ENOENT" ? "INVALID_INPUT" : "IO_FAILURE",
      `cannot read ${label} "${path}"${code ? ` (${code})` : ""}`,
      { hint: code === "ENOENT" ? "check the path; relative paths start at the current directory" : undefined, cause },
    );
  }
}

/** Deepest nesting an input file may have (real scenarios, hardware packs and tables stay under 20 levels). */
const MAX_NESTING_DEPTH = 64;

/**
 * Refuses data nested deeper than {@link MAX_NESTING_DEPTH} (walked without recursion): the schemas and models
 * that read it recurse, and a stack overflow is not an answer.
 */
function checkNesting(value: unknown, path: string, label: string): unknown {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== "object") continue;
    if (depth > MAX_NESTING_DEPTH) {
      throw new AifError("INVALID_INPUT", `${label} "${path}" is nested more than ${MAX_NESTING_DEPTH} levels deep`, {
        hint: "this is not a valid input file: check that it is the file you meant",
      });
    }
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return value;
}

/**
 * Reads and parses a JSON file; a missing file or invalid JSON is an input error naming the path.
 *
 * @param path - the file path
 * @param label - what the file is, e.g. `"hardware pack"`
 * @returns the parsed JSON (untrusted: validate it with a schema next)
 * @throws AifError (INVALID_INPUT) when the file is missing or not JSON
 * @example
 * ```ts
 * import { readJsonFile } from "@aifactory/cli";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const path = join(tmpdir(), "pack.json");
 * writeFileSync(path, '{ "accelerators": [] }');
 * readJsonFile(path, "hardware pack"); // { accelerators: [] }
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function readJsonFile(path: string, label: string): unknown {
  const text = readText(path, label);
  try {
    return checkNesting(JSON.parse(text), path, label);
  } catch (cause) {
    if (cause instanceof AifError) throw cause;
    throw new AifError("INVALID_INPUT", `${label} "${path}" is not valid JSON: ${(cause as Error).message}`, {
      hint: "fix the JSON syntax (a validator or `node -e 'JSON.parse(...)'` shows where)",
      cause,
    });
  }
}

/**
 * Reads a JSON or YAML file (by extension: `.yaml`/`.yml` are YAML, anything else JSON).
 *
 * @param path - the file path
 * @param label - what the file is, e.g. `"scenario"`
 * @returns the parsed data (untrusted)
 * @throws AifError (INVALID_INPUT) when the file is missing or unparsable
 * @example
 * ```ts
 * import { readDataFile } from "@aifactory/cli";
 * import { writeFileSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * const path = join(tmpdir(), "scenario.yaml");
 * writeFileSync(path, "id: demo\nname: Demo\n");
 * readDataFile(path, "scenario"); // { id: "demo", name: "Demo" }
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function readDataFile(path: string, label: string): unknown {
  if (!/\.ya?ml$/i.test(path)) return readJsonFile(path, label);
  const text = readText(path, label);
  try {
    return checkNesting(parseYaml(text), path, label);
  } catch (cause) {
    if (cause instanceof AifError) throw cause;
    throw new AifError("INVALID_INPUT", `${label} "${path}" is not valid YAML: ${(cause as Error).message}`, {
      hint: "fix the YAML syntax at the line shown",
      cause,
    });
  }
}
