import {
  evidenceSchema,
  finiteNonNegative,
  kebabId,
  nonNegativeInt,
  positiveInt,
  sourcesSchema,
} from "@aifactory/core";
import { z } from "zod";

/**
 * A scale-up (NVLink-class) domain as a unit of equipment: how many accelerators it joins, and the switch trays
 * and switch chips it contains. GB200 NVL72: 72 GPUs, 9 NVLink switch trays of 2 NVLink switch chips each.
 *
 * @example
 * ```ts
 * import { scaleUpDomainSchema } from "@aifactory/hardware";
 * scaleUpDomainSchema.parse({
 *   id: "my-domain",
 *   name: "8-GPU board",
 *   acceleratorsPerDomain: 8,
 *   switchTraysPerDomain: 0,
 *   switchChipsPerDomain: 4,
 *   sources: [{ title: "my datasheet", evidence: "verified" }],
 * }).acceleratorsPerDomain; // 8
 * ```
 * @since 0.2.0
 * @category Fabric design
 */
export const scaleUpDomainSchema = z
  .object({
    /** Kebab-case id, e.g. `"nvidia-gb200-nvl72"`. */
    id: kebabId.describe('Kebab-case id, e.g. `"nvidia-gb200-nvl72"`.'),
    /** Display name. */
    name: z.string().min(1).describe("Display name."),
    /** Accelerators joined by one domain. */
    acceleratorsPerDomain: positiveInt.describe("Accelerators joined by one domain."),
    /** Switch trays in one domain (0 where the switch chips sit on the baseboard). */
    switchTraysPerDomain: nonNegativeInt.describe(
      "Switch trays in one domain (0 where the switch chips sit on the baseboard).",
    ),
    /** Switch chips in one domain. */
    switchChipsPerDomain: nonNegativeInt.describe("Switch chips in one domain."),
    /** Links from one accelerator into the domain's switches, where published. */
    linksPerAccelerator: positiveInt
      .optional()
      .describe("Links from one accelerator into the domain's switches, where published."),
    /** Power of one switch tray, W, where sourced. */
    switchTrayPowerWatts: finiteNonNegative.optional().describe("Power of one switch tray, W, where sourced."),
    /** Source disagreements and conventions. */
    notes: z.array(z.string().min(1)).optional().describe("Source disagreements and conventions."),
    /** Evidence of individual fields where it differs from the sources' (field -> tag). */
    fieldEvidence: z
      .record(z.string().min(1), evidenceSchema)
      .optional()
      .describe("Evidence of individual fields where it differs from the sources' (field -> tag)."),
    /** Where every figure comes from. */
    sources: sourcesSchema.describe("Where every figure comes from."),
  })
  .strict();

/**
 * A scale-up domain (see {@link scaleUpDomainSchema}).
 *
 * @since 0.2.0
 * @category Fabric design
 */
export type ScaleUpDomain = z.infer<typeof scaleUpDomainSchema>;
