import { defineExtensionKind, finiteNonNegative, kebabId, sourcesSchema } from "@aifactory/core";
import { z } from "zod";

/**
 * How a grid carbon intensity was accounted:
 * - `location`: the average emissions of the electricity generated (or consumed) in a region (GHG Protocol
 *   Scope 2 location-based method);
 * - `market`: the emissions of the electricity a buyer contracted (certificates, PPAs, residual mix; GHG
 *   Protocol Scope 2 market-based method).
 * The two are never mixed: a lookup names the basis it wants.
 *
 * @example
 * ```ts
 * import { carbonAccountingBasisSchema } from "@aifactory/energy";
 * carbonAccountingBasisSchema.parse("location");
 * ```
 * @since 0.1.0
 * @category Grid
 */
export const carbonAccountingBasisSchema = z.enum(["location", "market"]);

/**
 * A carbon accounting basis.
 *
 * @example
 * ```ts
 * import type { CarbonAccountingBasis } from "@aifactory/energy";
 * const basis: CarbonAccountingBasis = "location";
 * ```
 * @since 0.1.0
 * @category Grid
 */
export type CarbonAccountingBasis = z.infer<typeof carbonAccountingBasisSchema>;

/**
 * One published carbon intensity of a region's electricity: value, data year, accounting basis, method and
 * sources.
 *
 * @example
 * ```ts
 * import { gridIntensitySchema } from "@aifactory/energy";
 * gridIntensitySchema.parse({
 *   gCo2ePerKWh: 56,
 *   year: 2023,
 *   basis: "location",
 *   method: "annual average generation mix (Our World in Data)",
 *   sources: [{ title: "Our World in Data", evidence: "verified" }],
 * });
 * ```
 * @since 0.1.0
 * @category Grid
 */
export const gridIntensitySchema = z
  .object({
    /** Grams CO2-equivalent per kWh of electricity. */
    gCo2ePerKWh: finiteNonNegative,
    /** The year the data describe (not the publication year). */
    year: z.number().int().min(1990).max(2100),
    /** Location-based or market-based. */
    basis: carbonAccountingBasisSchema,
    /** How it was computed: production vs consumption mix, with or without T&D losses, dataset. */
    method: z.string().min(3),
    /** Where it comes from. */
    sources: sourcesSchema,
  })
  .strict();

/**
 * One published carbon intensity.
 *
 * @example
 * ```ts
 * import { getGridRegion, selectGridIntensity, type GridIntensity } from "@aifactory/energy";
 * const intensity: GridIntensity = selectGridIntensity(getGridRegion("fr"));
 * ```
 * @since 0.1.0
 * @category Grid
 */
export type GridIntensity = z.infer<typeof gridIntensitySchema>;

/**
 * A grid region: a country (lower-case ISO 3166-1 alpha-2 id such as `fr`), a sub-national grid (`us-va`) or
 * `world`, with every published intensity the catalog holds for it.
 *
 * @example
 * ```ts
 * import { gridRegionSchema } from "@aifactory/energy";
 * gridRegionSchema.parse({
 *   id: "xx",
 *   name: "Example",
 *   intensities: [
 *     { gCo2ePerKWh: 100, year: 2023, basis: "location", method: "example", sources: [{ title: "Example", evidence: "estimate" }] },
 *   ],
 * });
 * ```
 * @since 0.1.0
 * @category Grid
 */
export const gridRegionSchema = z
  .object({
    /** `world`, an ISO country code (`us`, `fr`) or a sub-national grid (`us-va`, `ca-qc`). */
    id: kebabId,
    /** Display name. */
    name: z.string().min(2),
    /** The enclosing region's id (`us` for `us-va`). */
    parentId: kebabId.optional(),
    /** Published intensities, any order; lookups pick by basis and year. */
    intensities: z.array(gridIntensitySchema).min(1),
    /** Anything a reader should know (e.g. why two figures disagree). */
    notes: z.array(z.string().min(3)).optional(),
  })
  .strict();

/**
 * A grid region.
 *
 * @example
 * ```ts
 * import { getGridRegion, type GridRegion } from "@aifactory/energy";
 * const region: GridRegion = getGridRegion("us-va");
 * ```
 * @since 0.1.0
 * @category Grid
 */
export type GridRegion = z.infer<typeof gridRegionSchema>;

/**
 * The plugin extension point for grid-carbon data: `definePlugin({ name, version, gridRegions: [...] })`.
 *
 * @example
 * ```ts
 * import { createRegistry, definePlugin } from "@aifactory/core";
 * import { gridRegionKind } from "@aifactory/energy";
 * const registry = createRegistry({ kinds: [gridRegionKind] });
 * registry.use(definePlugin({ name: "my-grids", version: "1.0.0", gridRegions: [] }));
 * ```
 * @since 0.1.0
 * @category Grid
 */
export const gridRegionKind = defineExtensionKind({
  key: "gridRegions",
  label: "grid region",
  schema: gridRegionSchema,
});
