import { z } from "zod";
import { sourceSchema } from "./source";

/**
 * One assumption a model used, in one shape across the SDK: the input or constant it concerns, the value used,
 * its unit, where the value came from, and (for a statement of method that no single value captures) a sentence.
 * Energy, cost and plan results list every default they applied this way, so a reader can see and replace it.
 *
 * - `name`: the input's field name as in the input object (`pue`, `depreciationYears`, `matmulRatio`), or a short
 *   id for a method (`activation-memory`).
 * - `value`: the value used (absent for a statement of method).
 * - `basis`: `given` (the caller passed it), `default` (the model's default; say whose in `source` or `text`),
 *   `derived` (computed from other inputs) or `method` (how the model works).
 *
 * @example
 * ```ts
 * import { assumptionSchema } from "@aifactory/core";
 * assumptionSchema.parse({ name: "pue", value: 1.1, unit: "ratio", basis: "default", area: "energy",
 *   text: "liquid cooling (Epoch AI)" }).basis; // "default"
 * ```
 * @since 0.5.0
 * @category Assumptions
 */
export const assumptionSchema = z
  .object({
    /** The input's field name, or a short id for a statement of method. */
    name: z.string().min(1),
    /** The value used (absent for a statement of method). */
    value: z.union([z.number(), z.string(), z.boolean()]).optional(),
    /** The value's unit, if it has one (`ratio`, `years`, `USD/kWh`). */
    unit: z.string().optional(),
    /** Where the value came from. */
    basis: z.enum(["given", "default", "derived", "method"]),
    /** Which part of a result it concerns: `performance`, `energy`, `carbon`, `cost`, `supply`, ... */
    area: z.string().optional(),
    /** The assumption in words, where the name and value alone do not say it (the default's provenance, the method). */
    text: z.string().optional(),
    /** The public source of a default. */
    source: sourceSchema.optional(),
  })
  .strict();

/**
 * One assumption; see `assumptionSchema` (in `@aifactory/core`).
 *
 * @example
 * ```ts
 * import type { Assumption } from "@aifactory/core";
 * const life: Assumption = { name: "depreciationYears", value: 5, unit: "years", basis: "given" };
 * ```
 * @since 0.5.0
 * @category Assumptions
 */
export type Assumption = z.infer<typeof assumptionSchema>;

/**
 * An assumption as one readable line: `pue = 1.1 (default: liquid cooling (Epoch AI))`.
 *
 * @param a - the assumption
 * @returns the line
 * @example
 * ```ts
 * import { formatAssumption } from "@aifactory/core";
 * formatAssumption({ name: "depreciationYears", value: 5, unit: "years", basis: "given" }); // "depreciationYears = 5 years (given)"
 * formatAssumption({ name: "pue", value: 1.1, basis: "default", text: "liquid cooling (Epoch AI)" }); // "pue = 1.1 (default: liquid cooling (Epoch AI))"
 * formatAssumption({ name: "activations", basis: "method", text: "Korthikanti et al. 2022" }); // "activations: Korthikanti et al. 2022"
 * ```
 * @since 0.5.0
 * @category Assumptions
 */
export function formatAssumption(a: Assumption): string {
  const detail = a.text ?? a.source?.title;
  if (a.value === undefined) return detail === undefined ? a.name : `${a.name}: ${detail}`;
  const value = `${a.name} = ${String(a.value)}${a.unit === undefined || a.unit === "ratio" ? "" : ` ${a.unit}`}`;
  return `${value} (${a.basis}${detail === undefined ? "" : `: ${detail}`})`;
}
