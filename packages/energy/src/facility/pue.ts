import { NotFoundError, sourcesSchema } from "@aifactory/core";
import { z } from "zod";
import { ENERGY_SOURCES } from "../sources";

/**
 * A facility power-usage-effectiveness preset: total facility energy / IT energy, with sources.
 *
 * @example
 * ```ts
 * import { puePresetSchema } from "@aifactory/energy";
 * puePresetSchema.parse({ id: "x", label: "example", pue: 1.2, sources: [{ title: "Example", evidence: "estimate" }] });
 * ```
 * @since 0.1.0
 * @category Facility
 */
export const puePresetSchema = z
  .object({
    id: z.string().min(1),
    label: z.string().min(3),
    /** Facility energy / IT energy (>= 1). */
    pue: z.number().finite().min(1),
    /** Water usage effectiveness on site, litres per kWh of IT energy, where the same source gives it. */
    wueLitersPerKWh: z.number().finite().nonnegative().optional(),
    year: z.number().int().optional(),
    sources: sourcesSchema,
    note: z.string().optional(),
  })
  .strict();

/**
 * A PUE preset.
 *
 * @example
 * ```ts
 * import { getPuePreset, type PuePreset } from "@aifactory/energy";
 * const preset: PuePreset = getPuePreset("air");
 * ```
 * @since 0.1.0
 * @category Facility
 */
export type PuePreset = z.infer<typeof puePresetSchema>;

/**
 * Cooling architecture of a facility, which sets the default PUE when none is given.
 *
 * @example
 * ```ts
 * import type { CoolingKind } from "@aifactory/energy";
 * const cooling: CoolingKind = "liquid";
 * ```
 * @since 0.1.0
 * @category Facility
 */
export type CoolingKind = "air" | "liquid";

const PUE_PRESETS: readonly PuePreset[] = [
  {
    id: "air",
    label: "Air-cooled facility (industry-average PUE, Uptime Institute 2024 survey)",
    pue: 1.56,
    year: 2024,
    sources: [ENERGY_SOURCES.greenAlgorithmsPue],
    note: "The survey average is dominated by air-cooled enterprise and colocation halls; used as the air-cooled default.",
  },
  {
    id: "liquid",
    label: "Liquid-cooled / hyperscale AI facility",
    pue: 1.1,
    sources: [
      {
        ...ENERGY_SOURCES.epochCostModel,
        locator: "power_usage_effectiveness(): hyperscaler 1.1",
      },
      {
        title: "AI density is making cooling your biggest energy problem",
        url: "https://globalheadofdatacenterenergy.news/ai-density-is-making-cooling-your-biggest-energy-problem/",
        evidence: "secondary",
        note: "fully liquid-cooled deployments reported at PUE about 1.1",
      },
    ],
    note: "Epoch's hyperscaler constant; secondary reports give about 1.1 for optimised direct-to-chip liquid cooling.",
  },
  {
    id: "non-hyperscale",
    label: "Non-hyperscaler facility (Epoch AI cost model)",
    pue: 1.25,
    sources: [
      {
        ...ENERGY_SOURCES.epochCostModel,
        locator: "power_usage_effectiveness(): non-hyperscaler 1.25",
      },
    ],
  },
  {
    id: "google",
    label: "Google fleet (provider-published, EcoLogits hypothesis)",
    pue: 1.09,
    wueLitersPerKWh: 0.99,
    sources: [ENERGY_SOURCES.ecologitsMethodology],
  },
  {
    id: "microsoft",
    label: "Microsoft / Azure fleet (provider-published, EcoLogits hypothesis)",
    pue: 1.2,
    wueLitersPerKWh: 0.569,
    sources: [ENERGY_SOURCES.ecologitsMethodology],
  },
  {
    id: "aws",
    label: "AWS fleet (provider-published, EcoLogits hypothesis)",
    pue: 1.14,
    wueLitersPerKWh: 0.13,
    sources: [ENERGY_SOURCES.ecologitsMethodology],
  },
];

/**
 * Every PUE preset (air, liquid, non-hyperscale and provider fleets), for docs and pickers.
 *
 * @returns the presets
 * @example
 * ```ts
 * import { listPuePresets } from "@aifactory/energy";
 * listPuePresets().find((preset) => preset.id === "air")?.pue; // 1.56
 * ```
 * @since 0.1.0
 * @category Facility
 */
export function listPuePresets(): readonly PuePreset[] {
  return PUE_PRESETS;
}

/**
 * One PUE preset by id (`air`, `liquid`, `non-hyperscale`, `google`, `microsoft`, `aws`).
 *
 * @param id - preset id
 * @returns the preset
 * @throws NotFoundError with the nearest ids
 * @example
 * ```ts
 * import { getPuePreset } from "@aifactory/energy";
 * getPuePreset("liquid").pue; // 1.1
 * ```
 * @since 0.1.0
 * @category Facility
 */
export function getPuePreset(id: string): PuePreset {
  const preset = PUE_PRESETS.find((entry) => entry.id === id);
  if (preset === undefined)
    throw new NotFoundError(
      "PUE preset",
      id,
      PUE_PRESETS.map((entry) => entry.id),
    );
  return preset;
}
