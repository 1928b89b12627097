import { z } from "zod";

/**
 * Exports a public zod schema as a JSON Schema (draft 2020-12) document, so that contributors can validate
 * files (hardware packs, scenarios) in any language or editor.
 *
 * Input shape is exported (what a file may contain, defaults optional).
 *
 * @param schema - a zod schema
 * @param options - `id` sets `$id`, `title` sets `title`
 * @returns a JSON Schema object
 * @example
 * ```ts
 * import { sourceSchema, toJsonSchema } from "@aifactory/core";
 * const jsonSchema = toJsonSchema(sourceSchema, { title: "Source" });
 * jsonSchema.type; // "object"
 * ```
 * @since 0.1.0
 * @category Schemas
 */
export function toJsonSchema(
  schema: z.ZodType,
  options: { id?: string; title?: string } = {},
): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return {
    ...(options.id === undefined ? {} : { $id: options.id }),
    ...(options.title === undefined ? {} : { title: options.title }),
    ...json,
  };
}
