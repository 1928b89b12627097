import {
  evidenceSchema,
  finiteNonNegative,
  finitePositive,
  kebabId,
  positiveInt,
  sourcesSchema,
} from "@aifactory/core";
import { z } from "zod";

/**
 * A scale-out network switch as the fabric designer sees it: how many ports at which line rate, and (where a
 * public source gives them) its power and price.
 *
 * `radix` counts ports the way the vendor counts them at `portGbitps`: NVIDIA's Quantum-2 QM9700 has 32 OSFP
 * cages of two NDR ports each and is listed as 64 x 400 Gb/s; Spectrum-4 SN5600 as 64 x 800 Gb/s. A port faster
 * than the endpoints' link can be split (breakout) into `portGbitps / linkGbitps` links, e.g. one 800G port into
 * two 400G links.
 *
 * @example
 * ```ts
 * import { fabricSwitchSchema } from "@aifactory/hardware";
 * fabricSwitchSchema.parse({
 *   id: "my-64x400g",
 *   name: "A 64 x 400G switch",
 *   radix: 64,
 *   portGbitps: 400,
 *   sources: [{ title: "my datasheet", evidence: "verified" }],
 * }).radix; // 64
 * ```
 * @since 0.2.0
 * @category Fabric design
 */
export const fabricSwitchSchema = z
  .object({
    /** Kebab-case id, e.g. `"nvidia-quantum-2-qm9700"`. */
    id: kebabId.describe('Kebab-case id, e.g. `"nvidia-quantum-2-qm9700"`.'),
    /** Display name. */
    name: z.string().min(1).describe("Display name."),
    /** `infiniband` or `ethernet` (or another family name). */
    family: z.string().min(1).optional().describe("`infiniband` or `ethernet` (or another family name)."),
    /** Ports at `portGbitps`, as the vendor counts them. */
    radix: positiveInt.describe("Ports at `portGbitps`, as the vendor counts them."),
    /** Line rate of one port, Gb/s, per direction. */
    portGbitps: finitePositive.describe("Line rate of one port, Gb/s, per direction."),
    /** Typical power of one switch without optics, W, where a public source gives it. */
    powerWatts: finiteNonNegative
      .optional()
      .describe("Typical power of one switch without optics, W, where a public source gives it."),
    /** Price of one switch, USD, where a public source gives it (with the date in the source). */
    priceUsd: finiteNonNegative
      .optional()
      .describe("Price of one switch, USD, where a public source gives it (with the date in the source)."),
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
 * A switch for the fabric designer (see {@link fabricSwitchSchema}).
 *
 * @since 0.2.0
 * @category Fabric design
 */
export type FabricSwitch = z.infer<typeof fabricSwitchSchema>;
