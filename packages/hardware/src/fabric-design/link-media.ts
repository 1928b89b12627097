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
 * The kind of physical link: a passive copper cable (`dac`), an active copper cable (`acc`), an active optical
 * cable (`aoc`), or pluggable transceivers at both ends joined by a separate fiber cable (`transceiver`).
 *
 * @example
 * ```ts
 * import { linkMediaKindSchema } from "@aifactory/hardware";
 * linkMediaKindSchema.parse("dac");
 * ```
 * @since 0.2.0
 * @category Fabric design
 */
export const linkMediaKindSchema = z.enum(["dac", "acc", "aoc", "transceiver"]);

/**
 * A kind of physical link (see {@link linkMediaKindSchema}).
 *
 * @since 0.2.0
 * @category Fabric design
 */
export type LinkMediaKind = z.infer<typeof linkMediaKindSchema>;

/**
 * One end of a link: the module or plug in a switch cage or a NIC, how many links it carries (2 for a
 * twin-port OSFP) and its power where sourced.
 *
 * @example
 * ```ts
 * import { linkEndSchema } from "@aifactory/hardware";
 * linkEndSchema.parse({ part: "MMA4Z00-NS", linksPerModule: 2, powerWatts: 15 }).linksPerModule; // 2
 * ```
 * @since 0.2.0
 * @category Fabric design
 */
export const linkEndSchema = z
  .object({
    /** Vendor part name, e.g. `"MMA4Z00-NS"`. */
    part: z.string().min(1).describe('Vendor part name, e.g. `"MMA4Z00-NS"`.'),
    /** Links one module carries (2 for a twin-port OSFP, 1 for a single-port module). */
    linksPerModule: positiveInt.describe(
      "Links one module carries (2 for a twin-port OSFP, 1 for a single-port module).",
    ),
    /** Power of one module, W, where sourced (0 for passive copper). */
    powerWatts: finiteNonNegative.optional().describe("Power of one module, W, where sourced (0 for passive copper)."),
    /** Price of one module, USD, where sourced. */
    priceUsd: finiteNonNegative.optional().describe("Price of one module, USD, where sourced."),
  })
  .strict();

/**
 * One end of a link (see {@link linkEndSchema}).
 *
 * @since 0.2.0
 * @category Fabric design
 */
export type LinkEnd = z.infer<typeof linkEndSchema>;

/**
 * A way to build one tier's links: the media kind, the link rate, the module at a switch end and (for
 * endpoint links) at the NIC end, reach, and for transceivers the fiber that joins them (one fiber cable per
 * link).
 *
 * For `dac`/`acc`/`aoc` the cable and its ends are one assembly: the designer counts one cable per switch-end
 * module (a twin-port splitter DAC is one cable carrying two links).
 *
 * @example
 * ```ts
 * import { linkMediaSchema } from "@aifactory/hardware";
 * linkMediaSchema.parse({
 *   id: "my-dac",
 *   name: "400G passive DAC",
 *   kind: "dac",
 *   linkGbitps: 400,
 *   switchEnd: { part: "DAC", linksPerModule: 1, powerWatts: 0 },
 *   sources: [{ title: "my datasheet", evidence: "verified" }],
 * }).kind; // "dac"
 * ```
 * @since 0.2.0
 * @category Fabric design
 */
export const linkMediaSchema = z
  .object({
    /** Kebab-case id. */
    id: kebabId.describe("Kebab-case id."),
    /** Display name. */
    name: z.string().min(1).describe("Display name."),
    /** Media kind. */
    kind: linkMediaKindSchema.describe("Media kind."),
    /** Rate of one link, Gb/s per direction. */
    linkGbitps: finitePositive.describe("Rate of one link, Gb/s per direction."),
    /** Module or plug at a switch cage. */
    switchEnd: linkEndSchema.describe("Module or plug at a switch cage."),
    /** Module or plug at a NIC (endpoint links); the switch end is used when absent. */
    endpointEnd: linkEndSchema
      .optional()
      .describe("Module or plug at a NIC (endpoint links); the switch end is used when absent."),
    /** Longest supported link, m, where sourced. */
    maxReachMeters: finitePositive.optional().describe("Longest supported link, m, where sourced."),
    /** The fiber cable joining two transceivers (kind `transceiver`). */
    fiber: z.string().min(1).optional().describe("The fiber cable joining two transceivers (kind `transceiver`)."),
    /** Price of one fiber or cable assembly, USD, where sourced. */
    cablePriceUsd: finiteNonNegative.optional().describe("Price of one fiber or cable assembly, USD, where sourced."),
    /** Source disagreements and conventions. */
    notes: z.array(z.string().min(1)).optional().describe("Source disagreements and conventions."),
    /** Evidence of individual fields where it differs from the sources' (dotted path -> tag). */
    fieldEvidence: z
      .record(z.string().min(1), evidenceSchema)
      .optional()
      .describe("Evidence of individual fields where it differs from the sources' (dotted path -> tag)."),
    /** Where every figure comes from. */
    sources: sourcesSchema.describe("Where every figure comes from."),
  })
  .strict();

/**
 * A link media option (see {@link linkMediaSchema}).
 *
 * @since 0.2.0
 * @category Fabric design
 */
export type LinkMedia = z.infer<typeof linkMediaSchema>;
