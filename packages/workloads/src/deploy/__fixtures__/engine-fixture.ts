// Test helpers: check emitted flags and config keys against an engine's fixture (flag names and value ranges
// extracted from that engine's source at the pinned version), and read back the TOML subset `toToml` writes.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What a fixture says about one flag or key. */
export interface ValueSpec {
  type: "int" | "float" | "choice" | "switch" | "bool" | "string" | "json" | "int-list" | "choice-list" | "string-list";
  min?: number;
  max?: number;
  exclusiveMin?: number;
  choices?: string[] | Record<string, string[]>;
  keys?: string[];
  pattern?: string;
}

/** A fixture file, parsed. */
export interface EngineFixture {
  engine: string;
  version: string;
  source: { url: string; path: string; commit: string };
  flags?: Record<string, ValueSpec>;
  configKeys?: Record<string, ValueSpec>;
  keys?: Record<string, ValueSpec>;
  serviceKeys?: Record<string, ValueSpec>;
  [more: string]: unknown;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Reads `__fixtures__/<engine>.json`.
 *
 * @param engine - the fixture's name
 * @returns the fixture
 */
export function loadFixture(engine: string): EngineFixture {
  return JSON.parse(readFileSync(join(here, `${engine}.json`), "utf8")) as EngineFixture;
}

function numberProblems(spec: ValueSpec, value: number, where: string): string[] {
  const problems: string[] = [];
  if (!Number.isFinite(value)) return [`${where}: ${value} is not a number`];
  if (spec.type === "int" && !Number.isInteger(value)) problems.push(`${where}: ${value} is not an integer`);
  if (spec.min !== undefined && value < spec.min) problems.push(`${where}: ${value} < ${spec.min}`);
  if (spec.max !== undefined && value > spec.max) problems.push(`${where}: ${value} > ${spec.max}`);
  if (spec.exclusiveMin !== undefined && value <= spec.exclusiveMin) problems.push(`${where}: ${value} <= ${spec.exclusiveMin}`);
  return problems;
}

/**
 * Whether a value is in a spec's range (numbers, choices, patterns, JSON keys).
 *
 * @param spec - the fixture entry
 * @param value - the emitted value (a command word, or a config value)
 * @param where - flag or key, for messages
 * @returns problems (empty when the value is valid)
 */
export function valueProblems(spec: ValueSpec, value: unknown, where: string): string[] {
  switch (spec.type) {
    case "int":
    case "float":
      return numberProblems(spec, typeof value === "number" ? value : Number(value), where);
    case "bool":
      return typeof value === "boolean" ? [] : [`${where}: ${String(value)} is not a boolean`];
    case "choice": {
      const choices = spec.choices as string[];
      return choices.includes(String(value)) ? [] : [`${where}: ${String(value)} not in ${choices.join(", ")}`];
    }
    case "string":
      if (typeof value !== "string" || value.length === 0) return [`${where}: not a string`];
      return spec.pattern === undefined || new RegExp(spec.pattern).test(value) ? [] : [`${where}: ${value} !~ ${spec.pattern}`];
    case "json": {
      const parsed = typeof value === "string" ? (JSON.parse(value) as Record<string, unknown>) : (value as Record<string, unknown>);
      const problems: string[] = [];
      for (const [key, item] of Object.entries(parsed)) {
        if (!(spec.keys ?? []).includes(key)) problems.push(`${where}: unknown key ${key}`);
        const choices = (spec.choices as Record<string, string[]> | undefined)?.[key];
        if (choices !== undefined && !choices.includes(String(item))) problems.push(`${where}.${key}: ${String(item)} not in ${choices.join(", ")}`);
      }
      return problems;
    }
    case "int-list":
    case "choice-list":
    case "string-list": {
      const items = Array.isArray(value) ? value : [value];
      if (items.length === 0) return [`${where}: empty list`];
      const item: ValueSpec =
        spec.type === "int-list"
          ? { type: "int", ...(spec.min === undefined ? {} : { min: spec.min }) }
          : spec.type === "choice-list"
            ? { type: "choice", choices: spec.choices as string[] }
            : { type: "string" };
      return items.flatMap((x, i) => valueProblems(item, x, `${where}[${i}]`));
    }
    case "switch":
      return value === undefined ? [] : [`${where}: a switch takes no value (got ${String(value)})`];
  }
}

/**
 * Checks a command's flags (from `start` on) against a fixture: every `--flag` must be known, switches take no
 * value, others one value (lists one or more), each in range.
 *
 * @param words - the command
 * @param start - index of the first flag
 * @param flags - the fixture's flags
 * @returns problems, and the flags seen
 */
export function flagProblems(words: readonly string[], start: number, flags: Record<string, ValueSpec>): { problems: string[]; seen: string[] } {
  const problems: string[] = [];
  const seen: string[] = [];
  let i = start;
  while (i < words.length) {
    const flag = words[i] ?? "";
    i += 1;
    if (!flag.startsWith("--")) {
      problems.push(`unexpected word ${flag}`);
      continue;
    }
    seen.push(flag);
    const spec = flags[flag];
    const values: string[] = [];
    while (i < words.length && !(words[i] ?? "").startsWith("--")) {
      values.push(words[i] ?? "");
      i += 1;
    }
    if (spec === undefined) {
      problems.push(`${flag}: not a flag of this engine at the pinned version`);
      continue;
    }
    if (spec.type === "switch") {
      if (values.length > 0) problems.push(`${flag}: a switch takes no value (got ${values.join(" ")})`);
    } else if (spec.type.endsWith("-list")) {
      problems.push(...valueProblems(spec, spec.type === "int-list" ? values.map(Number) : values, flag));
    } else if (values.length !== 1) {
      problems.push(`${flag}: takes one value (got ${values.length})`);
    } else {
      problems.push(...valueProblems(spec, values[0], flag));
    }
  }
  return { problems, seen };
}

/**
 * Flattens nested tables into dotted keys (arrays stay values).
 *
 * @param value - a table
 * @param prefix - key prefix
 * @returns dotted key to value
 */
export function flatten(value: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (item !== null && typeof item === "object" && !Array.isArray(item)) Object.assign(out, flatten(item as Record<string, unknown>, path));
    else out[path] = item;
  }
  return out;
}

/**
 * Checks config data (YAML/TOML as parsed) against a fixture's keys.
 *
 * @param data - the parsed config
 * @param keys - the fixture's keys (dotted)
 * @returns problems
 */
export function keyProblems(data: Record<string, unknown>, keys: Record<string, ValueSpec>): string[] {
  return Object.entries(flatten(data)).flatMap(([key, value]) => {
    const spec = keys[key];
    return spec === undefined ? [`${key}: not a key of this engine at the pinned version`] : valueProblems(spec, value, key);
  });
}

function tomlValue(text: string): unknown {
  const t = text.trim();
  if (t.startsWith("[")) {
    const inner = t.slice(1, -1).trim();
    if (inner === "") return [];
    // Arrays of scalars only (what toToml writes for torchtitan).
    return inner.split(",").map((part) => tomlValue(part));
  }
  if (t.startsWith('"')) return JSON.parse(t) as string;
  if (t === "true" || t === "false") return t === "true";
  if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t)) return Number(t);
  throw new Error(`unsupported TOML value: ${t}`);
}

/**
 * Reads back the TOML subset `toToml` writes (sections, `key = value`, scalar arrays); throws on anything else, so
 * a malformed line fails the test.
 *
 * @param text - TOML text
 * @returns the document
 */
export function parseTomlSubset(text: string): Record<string, Record<string, unknown> | unknown> {
  const doc: Record<string, unknown> = {};
  let table: Record<string, unknown> = doc;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const section = /^\[([A-Za-z0-9_-]+)\]$/.exec(line);
    if (section?.[1] !== undefined) {
      if (section[1] in doc) throw new Error(`duplicate table [${section[1]}]`);
      table = {};
      doc[section[1]] = table;
      continue;
    }
    const pair = /^([A-Za-z0-9_-]+) = (.+)$/.exec(line);
    if (pair?.[1] === undefined || pair[2] === undefined) throw new Error(`not a TOML key/value line: ${line}`);
    if (pair[1] in table) throw new Error(`duplicate key ${pair[1]}`);
    table[pair[1]] = tomlValue(pair[2]);
  }
  return doc;
}
