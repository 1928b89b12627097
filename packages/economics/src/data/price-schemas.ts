import { finitePositive, isoDate, kebabId, sourcesSchema } from "@aifactory/core";
import { z } from "zod";

/**
 * A cloud list price for one accelerator-hour, with the date of the archived page it was read from.
 *
 * @example
 * ```ts
 * import { cloudPriceSchema } from "@aifactory/economics";
 * cloudPriceSchema.parse({
 *   id: "x-h100", provider: "X", sku: "8x H100", acceleratorId: "nvidia-h100-sxm", date: "2025-03-17",
 *   pricing: "on-demand", listUsdPerAcceleratorHour: 3, sources: [{ title: "X price page", evidence: "verified" }],
 * });
 * ```
 * @since 0.1.0
 * @category Prices
 */
export const cloudPriceSchema = z
  .object({
    id: kebabId,
    provider: z.string().min(1),
    sku: z.string().min(1),
    acceleratorId: z.string().min(1),
    region: z.string().optional(),
    /** Date of the price page (prices change often). */
    date: isoDate,
    pricing: z.enum(["on-demand", "capacity-block"]),
    /** List price per accelerator-hour, USD. */
    listUsdPerAcceleratorHour: finitePositive,
    /** One-year commitment price per accelerator-hour, USD. */
    commit1yUsdPerAcceleratorHour: finitePositive.optional(),
    /** Three-year commitment price per accelerator-hour, USD. */
    commit3yUsdPerAcceleratorHour: finitePositive.optional(),
    note: z.string().optional(),
    sources: sourcesSchema,
  })
  .strict();

/**
 * A cloud list price.
 *
 * @example
 * ```ts
 * import { listCloudPrices, type CloudPrice } from "@aifactory/economics";
 * const prices: CloudPrice[] = listCloudPrices({ acceleratorId: "nvidia-h100-sxm" });
 * ```
 * @since 0.1.0
 * @category Prices
 */
export type CloudPrice = z.infer<typeof cloudPriceSchema>;

/**
 * A purchase price per accelerator, with its date and what it covers: the chip alone, an 8-GPU baseboard
 * (HGX/UBB, per GPU) or a whole server (DGX, per GPU).
 *
 * @example
 * ```ts
 * import { purchasePriceSchema } from "@aifactory/economics";
 * purchasePriceSchema.parse({
 *   id: "x", item: "X", acceleratorId: "nvidia-h100-sxm", date: "2025", kind: "annual-average", scope: "chip",
 *   usdPerAccelerator: 23238, sources: [{ title: "Epoch", evidence: "verified" }],
 * });
 * ```
 * @since 0.1.0
 * @category Prices
 */
export const purchasePriceSchema = z
  .object({
    id: kebabId,
    item: z.string().min(1),
    acceleratorId: z.string().min(1),
    date: isoDate,
    /** A dated listing, or an annual average estimate. */
    kind: z.enum(["listing", "annual-average"]),
    /** What the price covers, per accelerator. */
    scope: z.enum(["chip", "baseboard", "server"]),
    usdPerAccelerator: finitePositive,
    usdPerAcceleratorRange: z.object({ min: finitePositive, max: finitePositive }).optional(),
    systemPriceUsd: finitePositive.optional(),
    note: z.string().optional(),
    sources: sourcesSchema,
  })
  .strict();

/**
 * A purchase price.
 *
 * @example
 * ```ts
 * import { defaultPurchasePrice, type PurchasePrice } from "@aifactory/economics";
 * const price: PurchasePrice = defaultPurchasePrice("nvidia-h100-sxm");
 * ```
 * @since 0.1.0
 * @category Prices
 */
export type PurchasePrice = z.infer<typeof purchasePriceSchema>;

/**
 * An average electricity price for a region, sector and year.
 *
 * @example
 * ```ts
 * import { electricityPriceSchema } from "@aifactory/economics";
 * electricityPriceSchema.parse({
 *   regionId: "us-tx", sector: "industrial", year: 2023, usdPerKWh: 0.066, sources: [{ title: "EIA", evidence: "verified" }],
 * });
 * ```
 * @since 0.1.0
 * @category Prices
 */
export const electricityPriceSchema = z
  .object({
    /** Same ids as the energy package's grid regions (`us`, `us-va`). */
    regionId: kebabId,
    sector: z.enum(["industrial", "commercial"]),
    year: z.number().int(),
    usdPerKWh: finitePositive,
    sources: sourcesSchema,
  })
  .strict();

/**
 * An electricity price.
 *
 * @example
 * ```ts
 * import { listElectricityPrices, type ElectricityPrice } from "@aifactory/economics";
 * const prices: ElectricityPrice[] = listElectricityPrices({ regionId: "us" });
 * ```
 * @since 0.1.0
 * @category Prices
 */
export type ElectricityPrice = z.infer<typeof electricityPriceSchema>;
