/**
 * Readable labels for the editor and the result tables: from the schema's own descriptions (`.describe()` on the
 * fields of the planner's `scenarioSchema`, carried into its JSON Schema) where one reads as a name, otherwise from
 * the property name, split and with its unit suffix dropped. No raw camelCase key reaches the page.
 */
import type { JsonSchema, Path } from "./schema-form";

/** Words shown in capitals (or in their usual spelling) wherever they appear in a key. */
const SPELLINGS: Record<string, string> = {
  tp: "TP",
  pp: "PP",
  vpp: "VPP",
  cp: "CP",
  ep: "EP",
  etp: "ETP",
  dp: "DP",
  mfu: "MFU",
  hfu: "HFU",
  gpu: "GPU",
  acceleratorCount: "GPUs",
  kv: "KV",
  ttft: "TTFT",
  tpot: "TPOT",
  inputTokens: "ISL",
  outputTokens: "OSL",
  pue: "PUE",
  slo: "SLO",
  moe: "MoE",
  mtp: "MTP",
  zero: "ZeRO",
  p50: "P50",
  p99: "P99",
  co2e: "CO2e",
  usd: "USD",
  id: "id",
  e2e: "end-to-end",
  cv: "CV",
  mw: "MW",
  kw: "kW",
  mwh: "MWh",
  kwh: "kWh",
  tflops: "TFLOP/s",
  gbps: "GB/s",
  dpo: "DPO",
  grpo: "GRPO",
  ppo: "PPO",
};

/**
 * Unit suffixes of the repo's naming convention (`stepTimeSeconds`, `costUsd`, `utilizationRatio`): the value's
 * formatted text carries the unit, so the label drops it.
 */
const UNIT_SUFFIX =
  /(?<!Per)(Seconds|Ms|Hours|Days|Years|Ratio|Percent|Usd|Bytes|Watts|KW|MW|MWh|KWh|Tonnes|Liters|GBps|Tflops)$/;

/** The unit a suffix names, as a form field's label shows it: `averagePowerWatts` -> "(W)". */
const SUFFIX_UNITS: Record<string, string> = {
  Seconds: "s",
  Ms: "ms",
  Hours: "h",
  Days: "days",
  Years: "years",
  Ratio: "0–1",
  Percent: "%",
  Usd: "USD",
  Bytes: "bytes",
  Watts: "W",
  KW: "kW",
  MW: "MW",
  MWh: "MWh",
  KWh: "kWh",
  Tonnes: "t",
  Liters: "L",
  GBps: "GB/s",
};

/** The unit of a key's suffix, if it has one of the naming convention's. */
export function unitOfKey(key: string): string | undefined {
  const match =
    /(?<!Per)(Seconds|Ms|Hours|Days|Years|Ratio|Percent|Usd|Bytes|Watts|MWh|KWh|KW|MW|Tonnes|Liters|GBps)$/.exec(key);
  return match ? SUFFIX_UNITS[match[1]!] : undefined;
}

/** Splits a camelCase or kebab-case key into lower-case words (acronyms and digits kept together). */
function words(key: string): string[] {
  return key
    .replace(/(KWh|MWh|GBps|MW|KW)/g, (unit) => `_${unit.toLowerCase()}_`)
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

/**
 * A property name as words: `globalBatchSequences` -> "Global batch sequences", `ttftP99Ms` -> "TTFT P99",
 * `stepTimeSeconds` -> "Step time" (the unit suffix dropped: the value's text carries it).
 *
 * @param key - a property name
 * @param options - `keepUnit`: keep a unit suffix as a word (for a form field, whose input shows no unit)
 * @returns the label
 */
export function humanizeKey(key: string, options: { keepUnit?: boolean } = {}): string {
  const stem = key.replace(UNIT_SUFFIX, "") || key;
  const text = capitalise(
    words(stem)
      .map((word) => SPELLINGS[word] ?? word)
      .join(" "),
  );
  const unit = options.keepUnit && stem !== key ? unitOfKey(key) : undefined;
  return unit ? `${text} (${unit})` : text;
}

/** A description that says what to do rather than naming the value ("omit to search...") is a hint, not a label. */
const INSTRUCTION = /^(omit|also|count|amortise|buy|picks|overlap|one-step|default|per|measured|rental)\b/i;

/** Whether a schema description reads as the field's name: short, a noun phrase, no example or aside. */
export function isNameLike(description: string): boolean {
  return (
    description.length <= 48 &&
    !/e\.g\.|[;(`]|\bsee\b/.test(description) &&
    !INSTRUCTION.test(description) &&
    !/^[a-z0-9-]+(,| or )/.test(description)
  );
}

/**
 * A label from a name-like description: "global batch, sequences" -> "Global batch (sequences)", "SLO: time to
 * first token, ms" -> "SLO: time to first token (ms)".
 */
export function labelFromDescription(description: string, key = ""): string {
  // A sentence's closing full stop is no part of a label ("Grid power contracted at the site's meter, MW.").
  const trimmed = description.replace(/^(a|an|the) /i, "").replace(/\.$/, "");
  const match = /^(.*), ([\w/%-]+(?: [\w/%-]+)?)$/.exec(trimmed);
  const unit = unitOfKey(key);
  // A unit the description names already ("Rack power limit, kW, instead of the default") is not added again.
  const named = unit !== undefined && trimmed.split(/[\s,;:()]+/).includes(unit);
  const text = match ? `${match[1]} (${match[2]})` : unit && !named ? `${trimmed} (${unit})` : trimmed;
  return capitalise(text);
}

/** Label and help text of a form field: the description as label where it reads as a name, else as help. */
export function fieldText(key: string, schema: JsonSchema): { label: string; help?: string } {
  const description = schema.description?.trim();
  if (description && isNameLike(description)) return { label: labelFromDescription(description, key) };
  const label = humanizeKey(key, { keepUnit: true });
  // A reference to the library's code ("(see scaleOutFabricProfile)") is for its readers, not the form's.
  const help = description?.replace(/\s*\(see `?[a-z]+[A-Z]\w*`?\)/g, "");
  return help ? { label, help } : { label };
}

/** The schema node at a path (through objects and the variants of unions), if any. */
function childSchema(schema: JsonSchema | undefined, key: string | number, value: unknown): JsonSchema | undefined {
  if (!schema) return undefined;
  const options = schema.oneOf ?? schema.anyOf;
  if (options) {
    const tag = value && typeof value === "object" ? value : undefined;
    // The variant whose constant properties match the value, else the first that has the key.
    const matching = options.find(
      (option) =>
        option.properties?.[String(key)] !== undefined &&
        Object.entries(option.properties ?? {}).every(
          ([name, property]) =>
            property.const === undefined ||
            tag === undefined ||
            (tag as Record<string, unknown>)[name] === property.const,
        ),
    );
    return (
      matching?.properties?.[String(key)] ?? options.find((option) => option.properties)?.properties?.[String(key)]
    );
  }
  return schema.properties?.[String(key)];
}

/**
 * The labels of each step of a path, for validation messages: `["workload", "globalBatchSequences"]` ->
 * "Workload › Global batch (sequences)".
 *
 * @param root - the root JSON Schema
 * @param path - the path of the issue
 * @param value - the value being edited (picks the variant of a union)
 * @returns the labels joined with " › ", or "Scenario" for the root
 */
export function pathLabel(root: JsonSchema, path: Path, value?: unknown): string {
  if (path.length === 0) return "Scenario";
  const parts: string[] = [];
  let schema: JsonSchema | undefined = root;
  let current: unknown = value;
  for (const key of path) {
    schema = childSchema(schema, key, current);
    current = current && typeof current === "object" ? (current as Record<string, unknown>)[String(key)] : undefined;
    parts.push(typeof key === "number" ? `item ${key + 1}` : schema ? fieldText(key, schema).label : humanizeKey(key));
  }
  return parts.join(" › ");
}
