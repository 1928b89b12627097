/**
 * Pure helpers behind the schema-driven scenario editor: classify JSON Schema nodes (from
 * `plannerJsonSchemas()`), read and write values by path, and map validation issues to fields.
 */

/** A JSON Schema node, read loosely. */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  minLength?: number;
};

/** A path into a value: object keys and array indices. */
export type Path = ReadonlyArray<string | number>;

/** How the editor renders a schema node. */
export type FieldKind =
  | { kind: "object"; properties: Record<string, JsonSchema>; required: string[] }
  | { kind: "union"; discriminator: string; variants: Array<{ tag: string; schema: JsonSchema }> }
  | { kind: "choice"; options: unknown[] }
  | { kind: "alternatives"; options: JsonSchema[] }
  | { kind: "record" }
  | { kind: "number"; integer: boolean }
  | { kind: "string" }
  | { kind: "boolean" }
  | { kind: "const"; value: unknown }
  | { kind: "unknown" };

function hasType(schema: JsonSchema, type: string): boolean {
  return Array.isArray(schema.type) ? schema.type.includes(type) : schema.type === type;
}

/**
 * The discriminator of a `oneOf`/`anyOf` of objects: the property that is a `const` in every option.
 *
 * @returns the property name, or `undefined` when the options are not a discriminated union
 */
export function discriminatorOf(options: readonly JsonSchema[]): string | undefined {
  const first = options[0];
  if (!first?.properties) return undefined;
  return Object.keys(first.properties).find((key) =>
    options.every((option) => option.properties?.[key]?.const !== undefined),
  );
}

/** Classifies a schema node for rendering. */
export function classify(schema: JsonSchema): FieldKind {
  const options = schema.oneOf ?? schema.anyOf;
  if (options && options.length > 0) {
    if (options.every((option) => option.const !== undefined)) {
      return { kind: "choice", options: options.map((option) => option.const) };
    }
    const discriminator = discriminatorOf(options);
    if (discriminator !== undefined) {
      return {
        kind: "union",
        discriminator,
        variants: options.map((option) => ({
          tag: String(option.properties?.[discriminator]?.const),
          schema: option,
        })),
      };
    }
    return { kind: "alternatives", options };
  }
  if (schema.enum) return { kind: "choice", options: schema.enum };
  if (schema.const !== undefined) return { kind: "const", value: schema.const };
  if (hasType(schema, "object")) {
    if (schema.properties) {
      return { kind: "object", properties: schema.properties, required: schema.required ?? [] };
    }
    return { kind: "record" };
  }
  if (hasType(schema, "integer")) return { kind: "number", integer: true };
  if (hasType(schema, "number")) return { kind: "number", integer: false };
  if (hasType(schema, "string")) return { kind: "string" };
  if (hasType(schema, "boolean")) return { kind: "boolean" };
  return { kind: "unknown" };
}

/**
 * Which option of an `alternatives` node a value matches (by JSON type), for editing a union such as
 * "a catalog id or a full object".
 *
 * @returns the index of the option, 0 when none matches
 */
export function matchAlternative(options: readonly JsonSchema[], value: unknown): number {
  const type =
    value === null || value === undefined
      ? undefined
      : Array.isArray(value)
        ? "array"
        : typeof value === "object"
          ? "object"
          : typeof value;
  if (type === undefined) return 0;
  const index = options.findIndex(
    (option) => hasType(option, type) || (type === "number" && hasType(option, "integer")),
  );
  return Math.max(index, 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads the value at a path (undefined where any step is missing). */
export function getAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === "number") current = current[key];
    else if (isRecord(current)) current = current[String(key)];
    else return undefined;
  }
  return current;
}

/**
 * Writes a value at a path without mutating the input; `undefined` removes the key. Missing objects on the
 * way are created.
 */
export function setAt(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(value) && typeof head === "number") {
    const copy = [...value];
    copy[head] = setAt(copy[head], rest, next);
    return copy;
  }
  const base: Record<string, unknown> = isRecord(value) ? { ...value } : {};
  const child = setAt(base[String(head)], rest, next);
  if (child === undefined) delete base[String(head)];
  else base[String(head)] = child;
  return base;
}

/** The dotted form of a path, as used for field ids and issue lookup: `workload.parallelism.tp`. */
export function pathKey(path: Path): string {
  return path.map(String).join(".");
}

/** A DOM id for the control of a path. */
export function fieldId(path: Path): string {
  return `field-${path.map(String).join("-") || "root"}`;
}

/** A validation issue as zod reports it. */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  keys?: string[];
}

/**
 * Groups validation issues by the dotted path of the field they belong to. An unrecognised key is reported at
 * that key's own path so it shows next to nothing that exists; the caller lists unmatched paths separately.
 */
export function issuesByPath(issues: readonly IssueLike[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const issue of issues) {
    const key = issue.path.map(String).join(".");
    const list = map.get(key) ?? [];
    list.push(issue.message);
    map.set(key, list);
  }
  return map;
}

/**
 * Parses the text of a number field. Empty text clears the field (undefined: the schema default applies);
 * text that is not a finite number is kept as a string so that validation reports it next to the field.
 */
export function parseNumberText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const number = Number(trimmed.replaceAll("_", ""));
  return Number.isFinite(number) ? number : text;
}

/** The text a number field shows for a value. */
export function numberText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return String(value);
}
