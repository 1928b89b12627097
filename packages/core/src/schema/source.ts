import { z } from "zod";
import { isoDate } from "./primitives";

/**
 * How well a figure is established:
 * - `verified`: read in a primary source (datasheet, vendor doc, paper, the project's own file at a commit);
 * - `secondary`: a secondary source quoting the primary (press, blog, aggregator);
 * - `derived`: computed by arithmetic from other sourced figures (the formula goes in the source's `note`);
 * - `estimate`: a modelled or single weak estimate; use with its range.
 *
 * @example
 * ```ts
 * import { evidenceSchema } from "@aifactory/core";
 * evidenceSchema.parse("verified");
 * ```
 * @since 0.1.0
 * @category Sources
 */
export const evidenceSchema = z.enum(["verified", "secondary", "derived", "estimate"]);

/**
 * An evidence tag.
 *
 * @since 0.1.0
 * @category Sources
 */
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * A citation for a figure: every catalog entry carries `sources: Source[]`.
 *
 * @example
 * ```ts
 * import { sourceSchema } from "@aifactory/core";
 * sourceSchema.parse({
 *   title: "NVIDIA H100 Tensor Core GPU datasheet",
 *   url: "https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet",
 *   publisher: "NVIDIA",
 *   date: "2023",
 *   locator: "Technical specifications table",
 *   evidence: "verified",
 * });
 * ```
 * @since 0.1.0
 * @category Sources
 */
export const sourceSchema = z
  .object({
    /** Title of the document. */
    title: z.string().min(3),
    /** Where to read it. */
    url: z.url().optional(),
    /** Who published it (vendor, journal, project). */
    publisher: z.string().min(1).optional(),
    /** Publication or access date. */
    date: isoDate.optional(),
    /** Where in the document: "Table 4", "Section 3.2", "p. 7". */
    locator: z.string().min(1).optional(),
    /** How well the figure is established. */
    evidence: evidenceSchema,
    /** Anything a reader should know: a formula for derived figures, a disagreement. */
    note: z.string().min(1).optional(),
  })
  .strict();

/**
 * A citation.
 *
 * @since 0.1.0
 * @category Sources
 */
export type Source = z.infer<typeof sourceSchema>;

/**
 * A non-empty list of citations: a catalog entry without a source does not parse.
 *
 * @example
 * ```ts
 * import { sourcesSchema } from "@aifactory/core";
 * sourcesSchema.safeParse([]).success; // false
 * ```
 * @since 0.1.0
 * @category Sources
 */
export const sourcesSchema = z.array(sourceSchema).min(1, { message: "every entry needs at least one source" });
