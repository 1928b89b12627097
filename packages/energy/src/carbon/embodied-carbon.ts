import { NotFoundError, sourcesSchema } from "@aifactory/core";
import { z } from "zod";
import { ENERGY_SOURCES } from "../sources";

/**
 * One published embodied-carbon estimate (manufacturing, transport, end of life) of an accelerator, with the
 * scope it covers: die only, whole card, or card plus a share of the server.
 *
 * @example
 * ```ts
 * import { embodiedCarbonEstimateSchema } from "@aifactory/energy";
 * embodiedCarbonEstimateSchema.parse({
 *   estimator: "example",
 *   scope: "whole card",
 *   co2eKg: { min: 100, max: 100 },
 *   sources: [{ title: "Example", evidence: "estimate" }],
 * });
 * ```
 * @since 0.1.0
 * @category Carbon
 */
export const embodiedCarbonEstimateSchema = z
  .object({
    estimator: z.string().min(2),
    scope: z.string().min(2),
    /** kgCO2e per accelerator, as a range (min = max for a point estimate). */
    co2eKg: z.object({
      min: z.number().finite().nonnegative(),
      max: z.number().finite().nonnegative(),
    }),
    sources: sourcesSchema,
  })
  .strict();

/**
 * One embodied-carbon estimate.
 *
 * @example
 * ```ts
 * import { getEmbodiedCarbonProfile, type EmbodiedCarbonEstimate } from "@aifactory/energy";
 * const estimates: readonly EmbodiedCarbonEstimate[] = getEmbodiedCarbonProfile("nvidia-h100-sxm").estimates;
 * ```
 * @since 0.1.0
 * @category Carbon
 */
export type EmbodiedCarbonEstimate = z.infer<typeof embodiedCarbonEstimateSchema>;

/**
 * The embodied-carbon profile of an accelerator: every estimate, the overall range and the default point value
 * with its provenance. Packs add profiles in this form (`embodiedCarbonProfiles`), each estimate with its sources.
 *
 * @example
 * ```ts
 * import { embodiedCarbonProfileSchema, getEmbodiedCarbonProfile } from "@aifactory/energy";
 * embodiedCarbonProfileSchema.parse({ ...getEmbodiedCarbonProfile("nvidia-h100-sxm"), acceleratorId: "acme-x1" }).defaultCo2eKg; // 164
 * ```
 * @since 0.10.0
 * @category Carbon
 */
export const embodiedCarbonProfileSchema = z
  .object({
    acceleratorId: z.string().min(1),
    /** Default kgCO2e per accelerator. */
    defaultCo2eKg: z.number().finite().nonnegative(),
    /** Why the default was chosen. */
    defaultProvenance: z.string().min(3),
    /** Lowest and highest published figure across estimators (their scopes differ). */
    rangeCo2eKg: z.object({ min: z.number().finite().nonnegative(), max: z.number().finite().nonnegative() }).strict(),
    estimates: z.array(embodiedCarbonEstimateSchema).min(1),
  })
  .strict();

/**
 * The embodied-carbon profile of an accelerator (see {@link embodiedCarbonProfileSchema}).
 *
 * @example
 * ```ts
 * import { getEmbodiedCarbonProfile, type EmbodiedCarbonProfile } from "@aifactory/energy";
 * const profile: EmbodiedCarbonProfile = getEmbodiedCarbonProfile("nvidia-h100-sxm");
 * ```
 * @since 0.1.0
 * @category Carbon
 */
export interface EmbodiedCarbonProfile {
  acceleratorId: string;
  /** Default kgCO2e per accelerator. */
  defaultCo2eKg: number;
  /** Why the default was chosen. */
  defaultProvenance: string;
  /** Lowest and highest published figure across estimators (their scopes differ). */
  rangeCo2eKg: { min: number; max: number };
  estimates: readonly EmbodiedCarbonEstimate[];
}

const llmcarbonHardware = {
  title: "LLMCarbon data/hardware.csv",
  url: "https://github.com/SotaroKaneda/MLCarbon/blob/dbd96b792d22a3816392757024a6ac442a75b7d6/data/hardware.csv",
  publisher: "Faiz et al. (LLMCarbon, ICLR 2024)",
  evidence: "verified",
} as const;

const nvidiaPcf = {
  title: "NVIDIA HGX H100 Product Carbon Footprint Summary (as used by EcoLogits, GPU_EMBODIED_IMPACT_GWP = 164)",
  url: "https://images.nvidia.com/aem-dam/Solutions/documents/HGX-H100-PCF-Summary.pdf",
  publisher: "NVIDIA",
  evidence: "secondary",
} as const;

const H100_ESTIMATES: readonly EmbodiedCarbonEstimate[] = [
  {
    estimator: "LLMCarbon (8.14 cm2 die x 1.8 kgCO2e/cm2)",
    scope: "logic die only",
    co2eKg: { min: 14.65, max: 14.65 },
    sources: [llmcarbonHardware],
  },
  {
    estimator: "ACT, 5 nm, Taiwan grid, yield 0.875: 2.78 kgCO2e/cm2 x 8.14 cm2",
    scope: "logic die only",
    co2eKg: { min: 22.6, max: 22.6 },
    sources: [
      {
        title: "ACT logic models (EPA/GPA/MPA tables)",
        url: "https://github.com/facebookresearch/ACT/blob/abc9fbb732f72bce691f4cf11699f9fb8b03aa6e/act/models/logic/epa.yaml",
        publisher: "Gupta et al. (ACT, ISCA 2022)",
        evidence: "derived",
        note: "(0.583 x 2.75 + 0.3275 + 0.5) / 0.875 = 2.78 kg/cm2",
      },
    ],
  },
  {
    estimator: "NVIDIA HGX H100 product carbon footprint, per GPU (EcoLogits default)",
    scope: "whole GPU module share of the HGX board",
    co2eKg: { min: 164, max: 164 },
    sources: [nvidiaPcf, ENERGY_SOURCES.ecologitsMethodology],
  },
  {
    estimator: "BoaviztAPI GPU model replicated by hand (die 119.7 + VRAM 430.7 + other 25 kg)",
    scope: "card incl. HBM, board, transport, end of life",
    co2eKg: { min: 280, max: 575 },
    sources: [
      {
        title: "BoaviztAPI (Boavizta), GPU component impact model, replicated by hand",
        url: "https://github.com/Boavizta/boaviztapi",
        publisher: "Boavizta",
        evidence: "estimate",
        note: "a hand replication of BoaviztAPI's bottom-up GPU model (die 119.7 + VRAM 430.7 + other 25 kg; ~280 kg with the docs' example VRAM area); the replication and its inputs are not published and were not confirmed by calling the API, so the range is an estimate",
      },
    ],
  },
];

const PROFILES: readonly EmbodiedCarbonProfile[] = [
  {
    acceleratorId: "nvidia-h100-sxm",
    defaultCo2eKg: 164,
    defaultProvenance:
      "NVIDIA's HGX H100 product carbon footprint per GPU, the figure EcoLogits uses; the only vendor life-cycle figure. Die-only estimates (LLMCarbon, ACT) omit HBM, board and packaging; Boavizta's bottom-up model is higher.",
    rangeCo2eKg: { min: 14.65, max: 575 },
    estimates: H100_ESTIMATES,
  },
];

/**
 * Every embodied-carbon profile the package holds (per accelerator id).
 *
 * @returns the profiles
 * @example
 * ```ts
 * import { listEmbodiedCarbonProfiles } from "@aifactory/energy";
 * listEmbodiedCarbonProfiles()[0]?.defaultCo2eKg; // 164
 * ```
 * @since 0.1.0
 * @category Carbon
 */
export function listEmbodiedCarbonProfiles(): readonly EmbodiedCarbonProfile[] {
  return PROFILES;
}

/**
 * The embodied-carbon profile of one accelerator. H100 variants (`nvidia-h100-*`) share the H100 SXM
 * profile.
 *
 * @param acceleratorId - accelerator id
 * @param extra - more profiles (e.g. a pack's) searched before the built-in ones
 * @returns the profile
 * @throws NotFoundError when neither `extra` nor the package has an estimate for that accelerator
 * @example
 * ```ts
 * import { getEmbodiedCarbonProfile } from "@aifactory/energy";
 * getEmbodiedCarbonProfile("nvidia-h100-sxm").rangeCo2eKg; // { min: 14.65, max: 575 }
 * ```
 * @since 0.1.0
 * @category Carbon
 */
export function getEmbodiedCarbonProfile(
  acceleratorId: string,
  extra: readonly EmbodiedCarbonProfile[] = [],
): EmbodiedCarbonProfile {
  const exact =
    extra.find((profile) => profile.acceleratorId === acceleratorId) ??
    PROFILES.find((profile) => profile.acceleratorId === acceleratorId);
  if (exact !== undefined) return exact;
  if (acceleratorId.startsWith("nvidia-h100")) return PROFILES[0]!;
  throw new NotFoundError(
    "embodied-carbon profile",
    acceleratorId,
    [...extra, ...PROFILES].map((profile) => profile.acceleratorId),
  );
}

/**
 * Default service life over which embodied carbon is amortised: 5 years (LLMCarbon; Epoch AI uses 5 years for
 * hardware from 2023). EcoLogits and Boavizta use 3, Cloud Carbon Footprint 4.
 *
 * @example
 * ```ts
 * import { DEFAULT_SERVICE_LIFE_YEARS } from "@aifactory/energy";
 * DEFAULT_SERVICE_LIFE_YEARS; // 5
 * ```
 * @since 0.1.0
 * @category Carbon
 */
export const DEFAULT_SERVICE_LIFE_YEARS = 5;

/**
 * The share of embodied carbon charged to a usage: linear amortisation over the service life,
 * `embodied x count x hours / (lifeYears x 8760)` (LLMCarbon / EcoLogits allocation).
 *
 * @param co2eKgPerAccelerator - embodied kgCO2e of one accelerator
 * @param acceleratorCount - accelerators used
 * @param hours - hours of use
 * @param serviceLifeYears - amortisation period (default 5)
 * @returns kgCO2e charged to the usage
 * @example
 * ```ts
 * import { amortizeEmbodiedCo2eKg } from "@aifactory/energy";
 * amortizeEmbodiedCo2eKg(164, 8, 8760, 5); // 262.4
 * ```
 * @since 0.1.0
 * @category Carbon
 */
export function amortizeEmbodiedCo2eKg(
  co2eKgPerAccelerator: number,
  acceleratorCount: number,
  hours: number,
  serviceLifeYears = DEFAULT_SERVICE_LIFE_YEARS,
): number {
  return (co2eKgPerAccelerator * acceleratorCount * hours) / (serviceLifeYears * 8760);
}
