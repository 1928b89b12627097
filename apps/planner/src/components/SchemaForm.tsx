import { createContext, memo, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { fieldText, humanizeKey } from "../lib/labels";
import {
  fieldId as baseFieldId,
  classify,
  getAt,
  type JsonSchema,
  matchAlternative,
  numberText,
  type Path,
  parseNumberText,
  pathKey,
} from "../lib/schema-form";

/** What every field of the form shares. */
export interface FormContext {
  /** The whole value being edited. */
  root: unknown;
  /** Writes a value at a path (undefined removes it). Must not depend on render state (fields memoize on it). */
  set: (path: Path, value: unknown) => void;
  /** Validation messages by dotted path. */
  errors: ReadonlyMap<string, readonly string[]>;
  /** A starting value for a union variant (e.g. the workload of a built-in scenario of that kind). */
  seedVariant: (path: Path, discriminator: string, tag: string) => unknown;
  /** Known values for string fields, by property name (offered as a datalist). */
  suggestions: Readonly<Record<string, ReadonlyArray<{ value: string; label?: string }>>>;
  /** Names of the options of choice fields, by property name and value (a choice without one shows its value). */
  choiceLabels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * A prefix for the ids of a form's controls (`<prefix>field-<path>`), so that two forms on one page (the scenario's
 * and the Site mode's, whose paths overlap: `site.cooling`, `workload.kind`) never share an id. Empty by default.
 */
export const FieldIdPrefix = createContext("");

/** The id of a path's control in the form being rendered (with its {@link FieldIdPrefix}). */
function useFieldId(): (path: Path) => string {
  const prefix = useContext(FieldIdPrefix);
  return (path) => `${prefix}${baseFieldId(path)}`;
}

function describedBy(
  fieldId: (path: Path) => string,
  path: Path,
  hasHint: boolean,
  hasError: boolean,
): string | undefined {
  const ids = [hasHint ? `${fieldId(path)}-hint` : "", hasError ? `${fieldId(path)}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldErrors({ path, messages }: { path: Path; messages: readonly string[] | undefined }) {
  const fieldId = useFieldId();
  if (!messages || messages.length === 0) return null;
  return (
    <p className="field-error" id={`${fieldId(path)}-error`}>
      {messages.join("; ")}
    </p>
  );
}

function Hint({ path, help, extra }: { path: Path; help: string | undefined; extra?: string | undefined }) {
  const fieldId = useFieldId();
  const parts = [help, extra].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <small className="hint" id={`${fieldId(path)}-hint`}>
      {parts.join(" · ")}
    </small>
  );
}

/** The schema's default, as the field's help says it (the default comes from the planner's schema, never the app). */
function defaultNote(schema: JsonSchema): string | undefined {
  if (schema.default === undefined || typeof schema.default === "object") return undefined;
  return `default ${String(schema.default)}`;
}

/**
 * An alternative's name in a "given as" select: its description up to any example or aside ("catalog architecture
 * id", "an architecture object"), else its JSON type.
 */
function alternativeName(option: JsonSchema, index: number): string {
  const text = option.description?.split(/, e\.g\.| \(/)[0]?.trim();
  if (text) return text;
  if (option.enum) return option.enum.map(String).join(" or ");
  return option.type === "object" ? "an object (JSON)" : String(option.type ?? `option ${index + 1}`);
}

/** What a field shows around its control: its label and help text (from the schema's description). */
interface FieldText {
  label: string;
  help?: string | undefined;
}

function NumberField({
  path,
  schema,
  value,
  text,
  ctx,
}: {
  path: Path;
  schema: JsonSchema;
  value: unknown;
  text: FieldText;
  ctx: FormContext;
}) {
  const fieldId = useFieldId();
  const [draft, setDraft] = useState(numberText(value));
  useEffect(() => {
    setDraft((current) => (parseNumberText(current) === value ? current : numberText(value)));
  }, [value]);
  const errors = ctx.errors.get(pathKey(path));
  const hint = defaultNote(schema);
  return (
    <div className="field">
      <label htmlFor={fieldId(path)}>{text.label}</label>
      <input
        id={fieldId(path)}
        name={pathKey(path)}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={draft}
        placeholder={schema.default === undefined ? "" : String(schema.default)}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(fieldId, path, Boolean(text.help || hint), Boolean(errors))}
        onChange={(event) => {
          setDraft(event.target.value);
          ctx.set(path, parseNumberText(event.target.value));
        }}
      />
      <Hint path={path} help={text.help} extra={hint} />
      <FieldErrors path={path} messages={errors} />
    </div>
  );
}

function StringField({
  path,
  schema,
  value,
  text,
  ctx,
}: {
  path: Path;
  schema: JsonSchema;
  value: unknown;
  text: FieldText;
  ctx: FormContext;
}) {
  const fieldId = useFieldId();
  const errors = ctx.errors.get(pathKey(path));
  const key = String(path[path.length - 1] ?? "");
  const suggestions = ctx.suggestions[key];
  const listId = suggestions ? `${fieldId(path)}-options` : undefined;
  // A catalog id is shown with its name (the datalist offers ids and names; any typed value is accepted).
  const known = suggestions?.find((option) => option.value === value)?.label;
  const hint = [known, defaultNote(schema), suggestions ? "type to search the catalog" : undefined]
    .filter(Boolean)
    .join(" · ");
  return (
    <div className="field">
      <label htmlFor={fieldId(path)}>{text.label}</label>
      <input
        id={fieldId(path)}
        name={pathKey(path)}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={typeof value === "string" ? value : value === undefined ? "" : String(value)}
        placeholder={schema.default === undefined ? "" : String(schema.default)}
        list={listId}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(fieldId, path, Boolean(text.help || hint), Boolean(errors))}
        onChange={(event) => ctx.set(path, event.target.value === "" ? undefined : event.target.value)}
      />
      {suggestions && (
        <datalist id={listId}>
          {suggestions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </datalist>
      )}
      <Hint path={path} help={text.help} extra={hint} />
      <FieldErrors path={path} messages={errors} />
    </div>
  );
}

function ChoiceField({
  path,
  schema,
  value,
  text,
  options,
  optional,
  ctx,
}: {
  path: Path;
  schema: JsonSchema;
  value: unknown;
  text: FieldText;
  options: unknown[];
  optional: boolean;
  ctx: FormContext;
}) {
  const fieldId = useFieldId();
  const errors = ctx.errors.get(pathKey(path));
  const shown = value ?? schema.default;
  const index = options.indexOf(shown);
  const names = ctx.choiceLabels?.[String(path[path.length - 1] ?? "")];
  return (
    <div className="field">
      <label htmlFor={fieldId(path)}>{text.label}</label>
      <select
        id={fieldId(path)}
        name={pathKey(path)}
        value={index < 0 ? "" : String(index)}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(fieldId, path, Boolean(text.help), Boolean(errors))}
        onChange={(event) => ctx.set(path, event.target.value === "" ? undefined : options[Number(event.target.value)])}
      >
        {(optional || index < 0) && (
          <option value="">{index < 0 && value !== undefined ? String(value) : "(not set)"}</option>
        )}
        {options.map((option, i) => (
          <option key={String(option)} value={String(i)}>
            {names?.[String(option)] ?? String(option)}
          </option>
        ))}
      </select>
      <Hint path={path} help={text.help} />
      <FieldErrors path={path} messages={errors} />
    </div>
  );
}

function BooleanField({
  path,
  schema,
  value,
  text,
  ctx,
}: {
  path: Path;
  schema: JsonSchema;
  value: unknown;
  text: FieldText;
  ctx: FormContext;
}) {
  const fieldId = useFieldId();
  const errors = ctx.errors.get(pathKey(path));
  const checked = typeof value === "boolean" ? value : schema.default === true;
  return (
    <div className="field field-check">
      <input
        id={fieldId(path)}
        name={pathKey(path)}
        type="checkbox"
        checked={checked}
        aria-describedby={describedBy(fieldId, path, Boolean(text.help), Boolean(errors))}
        onChange={(event) => ctx.set(path, event.target.checked)}
      />
      <label htmlFor={fieldId(path)}>{text.label}</label>
      <Hint path={path} help={text.help} />
      <FieldErrors path={path} messages={errors} />
    </div>
  );
}

function JsonField({
  path,
  value,
  text,
  ctx,
}: {
  path: Path;
  schema: JsonSchema;
  value: unknown;
  text: FieldText;
  ctx: FormContext;
}) {
  const fieldId = useFieldId();
  const [draft, setDraft] = useState(() => JSON.stringify(value ?? {}, null, 2));
  const [parseError, setParseError] = useState<string | undefined>();
  // The value this field last wrote: any other value came from outside (a scenario switch, a loaded file), which
  // replaces the text being typed and its parse error.
  const written = useRef<unknown>(value);
  useEffect(() => {
    if (value === written.current) return;
    written.current = value;
    setParseError(undefined);
    setDraft((current) => {
      try {
        if (JSON.stringify(JSON.parse(current)) === JSON.stringify(value ?? {})) return current;
      } catch {
        // the unparsable text is replaced by the new value
      }
      return JSON.stringify(value ?? {}, null, 2);
    });
  }, [value]);
  const errors = [...(ctx.errors.get(pathKey(path)) ?? []), ...(parseError ? [parseError] : [])];
  return (
    <div className="field">
      <label htmlFor={fieldId(path)}>{text.label} (JSON)</label>
      <textarea
        id={fieldId(path)}
        name={pathKey(path)}
        rows={6}
        spellCheck={false}
        value={draft}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={describedBy(fieldId, path, Boolean(text.help), errors.length > 0)}
        onChange={(event) => {
          setDraft(event.target.value);
          try {
            const parsed: unknown = JSON.parse(event.target.value);
            written.current = parsed;
            ctx.set(path, parsed);
            setParseError(undefined);
          } catch (error) {
            setParseError(`not valid JSON: ${(error as Error).message}`);
          }
        }}
      />
      <Hint path={path} help={text.help} />
      <FieldErrors path={path} messages={errors.length > 0 ? errors : undefined} />
    </div>
  );
}

function ObjectFields({
  path,
  properties,
  required,
  value,
  ctx,
  skip,
}: {
  path: Path;
  properties: Record<string, JsonSchema>;
  required: readonly string[];
  value: unknown;
  ctx: FormContext;
  skip?: string;
}) {
  return (
    <>
      {Object.entries(properties)
        .filter(([key]) => key !== skip)
        .map(([key, schema]) => (
          <Field
            key={key}
            name={key}
            schema={schema}
            path={[...path, key]}
            value={getAt(value, [key])}
            required={required.includes(key)}
            ctx={ctx}
          />
        ))}
    </>
  );
}

/**
 * One field of the form, rendered from its JSON Schema node: objects as fieldsets, discriminated unions
 * switched by their discriminator, enums as selects, numbers, strings, booleans; anything else as JSON.
 */
function FieldView({
  name,
  schema,
  path,
  value,
  required,
  ctx,
}: {
  name: string;
  schema: JsonSchema;
  path: Path;
  value: unknown;
  required: boolean;
  ctx: FormContext;
}): ReactNode {
  const fieldId = useFieldId();
  const node = classify(schema);
  const optional = !required && schema.default === undefined;
  const text = fieldText(name, schema);
  switch (node.kind) {
    case "const":
      return null;
    case "number":
      return <NumberField path={path} schema={schema} value={value} text={text} ctx={ctx} />;
    case "string":
      return <StringField path={path} schema={schema} value={value} text={text} ctx={ctx} />;
    case "boolean":
      return <BooleanField path={path} schema={schema} value={value} text={text} ctx={ctx} />;
    case "choice":
      return (
        <ChoiceField
          path={path}
          schema={schema}
          value={value}
          text={text}
          options={node.options}
          optional={optional}
          ctx={ctx}
        />
      );
    case "object": {
      const present = value !== undefined;
      const toggleId = `${fieldId(path)}-set`;
      return (
        <fieldset className="group" id={fieldId(path)}>
          <legend>{text.label}</legend>
          {text.help && <small className="hint">{text.help}</small>}
          {optional && (
            <div className="field field-check">
              <input
                id={toggleId}
                type="checkbox"
                checked={present}
                onChange={(event) => ctx.set(path, event.target.checked ? {} : undefined)}
              />
              <label htmlFor={toggleId}>Set {text.label.toLowerCase()}</label>
            </div>
          )}
          <FieldErrors path={path} messages={ctx.errors.get(pathKey(path))} />
          {(present || !optional) && (
            <ObjectFields path={path} properties={node.properties} required={node.required} value={value} ctx={ctx} />
          )}
        </fieldset>
      );
    }
    case "union": {
      const tag = String(getAt(value, [node.discriminator]) ?? "");
      const variant = node.variants.find((entry) => entry.tag === tag);
      const selectPath = [...path, node.discriminator];
      const variantNode = variant ? classify(variant.schema) : undefined;
      const messages = [...(ctx.errors.get(pathKey(path)) ?? []), ...(ctx.errors.get(pathKey(selectPath)) ?? [])];
      return (
        <fieldset className="group" id={fieldId(path)}>
          <legend>{text.label}</legend>
          {text.help && <small className="hint">{text.help}</small>}
          <div className="field">
            <label htmlFor={fieldId(selectPath)}>
              {text.label}: {humanizeKey(node.discriminator).toLowerCase()}
            </label>
            <select
              id={fieldId(selectPath)}
              value={variant ? tag : ""}
              aria-describedby={messages.length > 0 ? `${fieldId(path)}-error` : undefined}
              onChange={(event) => ctx.set(path, ctx.seedVariant(path, node.discriminator, event.target.value))}
            >
              {!variant && <option value="">(choose)</option>}
              {node.variants.map((entry) => (
                <option key={entry.tag} value={entry.tag}>
                  {entry.tag}
                </option>
              ))}
            </select>
          </div>
          <FieldErrors path={path} messages={messages.length > 0 ? messages : undefined} />
          {variantNode?.kind === "object" && (
            <ObjectFields
              path={path}
              properties={variantNode.properties}
              required={variantNode.required}
              value={value}
              ctx={ctx}
              skip={node.discriminator}
            />
          )}
        </fieldset>
      );
    }
    case "alternatives": {
      const index = matchAlternative(node.options, value);
      const option = node.options[index]!;
      const formId = `${fieldId(path)}-form`;
      return (
        <div className="alternatives">
          <div className="field">
            <label htmlFor={formId}>{text.label} given as</label>
            <select
              id={formId}
              value={String(index)}
              onChange={(event) => {
                const next = classify(node.options[Number(event.target.value)]!);
                ctx.set(path, next.kind === "record" || next.kind === "object" ? {} : undefined);
              }}
            >
              {node.options.map((entry, i) => (
                <option key={String(i)} value={String(i)}>
                  {alternativeName(entry, i)}
                </option>
              ))}
            </select>
          </div>
          <Field name={name} schema={option} path={path} value={value} required={required} ctx={ctx} />
        </div>
      );
    }
    default:
      return <JsonField path={path} schema={schema} value={value} text={text} ctx={ctx} />;
  }
}

type FieldProps = Parameters<typeof FieldView>[0];

/** The validation messages at and under a path, as one comparable string. */
function errorsUnder(errors: ReadonlyMap<string, readonly string[]>, path: Path): string {
  const prefix = pathKey(path);
  const parts: string[] = [];
  for (const [key, messages] of errors) {
    if (prefix === "" || key === prefix || key.startsWith(`${prefix}.`)) parts.push(`${key}:${messages.join("|")}`);
  }
  return parts.join("\n");
}

/**
 * A field re-renders only when its value, its schema or the messages at or under it change: an edit re-renders
 * the edited field and its ancestors, not the whole form (the value keeps its identity where unchanged).
 * `set`, `seedVariant` and `suggestions` are stable by contract.
 */
export const Field = memo(
  FieldView,
  (prev: FieldProps, next: FieldProps) =>
    prev.value === next.value &&
    prev.schema === next.schema &&
    prev.required === next.required &&
    prev.name === next.name &&
    pathKey(prev.path) === pathKey(next.path) &&
    errorsUnder(prev.ctx.errors, prev.path) === errorsUnder(next.ctx.errors, next.path),
);

/** The whole form for a root object schema (re-renders only when the value or its validation changes). */
export const SchemaForm = memo(function SchemaForm({
  schema,
  value,
  ctx,
}: {
  schema: JsonSchema;
  value: unknown;
  ctx: FormContext;
}) {
  const node = classify(schema);
  if (node.kind !== "object") return <p>Unsupported schema: the root is not an object.</p>;
  return <ObjectFields path={[]} properties={node.properties} required={node.required} value={value} ctx={ctx} />;
});
