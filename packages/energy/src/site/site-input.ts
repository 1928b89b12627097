import { finitePositive, positiveInt, ratio } from "@aifactory/core";
import { z } from "zod";
import { climateSchema, coolingTechnologyIdSchema } from "./cooling-technology";

/**
 * The site an AI factory is designed from: grid power and the quarter it is available, grid region (carbon),
 * climate, cooling technology and optional floor space and measured figures.
 *
 * @example
 * ```ts
 * import { siteInputSchema } from "@aifactory/energy";
 * const site = siteInputSchema.parse({
 *   gridPowerMW: 150,
 *   availableQuarter: "2027-Q3",
 *   regionId: "us-tx",
 *   climate: "hot",
 *   cooling: "direct-to-chip-liquid",
 * });
 * site.gridPowerMW; // 150
 * ```
 * @since 0.7.0
 * @category Site
 */
export const siteInputSchema = z
  .object({
    /** Grid power contracted at the site's meter, MW. */
    gridPowerMW: finitePositive.max(100_000).describe("Grid power contracted at the site's meter, MW."),
    /** Quarter the power is available, `YYYY-Qn`. */
    availableQuarter: z
      .string()
      .regex(/^\d{4}-Q[1-4]$/, { message: "must be YYYY-Qn, e.g. 2027-Q3" })
      .describe("Quarter the power is available, YYYY-Qn."),
    /** Grid region id of `@aifactory/energy` (carbon intensity), e.g. `us-tx`. */
    regionId: z.string().min(1).default("us").describe("Grid region id (carbon intensity), e.g. us-tx."),
    /** Site climate: picks the point in each sourced PUE/WUE range. */
    climate: climateSchema.default("temperate").describe("Site climate: cool, temperate or hot."),
    /** Cooling technology. */
    cooling: coolingTechnologyIdSchema.default("direct-to-chip-liquid").describe("Cooling technology."),
    /** Floor space in racks (optional). */
    floorSpaceRacks: positiveInt.optional().describe("Floor space in racks (optional)."),
    /** Measured or contracted PUE instead of the cooling default. */
    pue: z.number().finite().min(1).max(3).optional().describe("PUE instead of the cooling default."),
    /** On-site WUE, L/kWh of IT energy, instead of the cooling default. */
    wueLitersPerKWh: z.number().finite().min(0).max(20).optional().describe("On-site WUE instead of the default."),
    /** Rack power limit, kW, instead of the cooling default (required for immersion). */
    rackPowerLimitKW: finitePositive.max(2000).optional().describe("Rack power limit, kW, instead of the default."),
    /** UPS efficiency (0..1) instead of the sourced midpoint. */
    upsEfficiencyRatio: ratio.optional().describe("UPS efficiency instead of the sourced midpoint."),
    /** Transformer efficiency (0..1) instead of the sourced midpoint. */
    transformerEfficiencyRatio: ratio.optional().describe("Transformer efficiency instead of the sourced midpoint."),
  })
  .strict();

/**
 * A site as written (defaults optional).
 *
 * @since 0.7.0
 * @category Site
 */
export type SiteInput = z.input<typeof siteInputSchema>;

/**
 * A parsed site (defaults applied).
 *
 * @since 0.7.0
 * @category Site
 */
export type Site = z.output<typeof siteInputSchema>;
