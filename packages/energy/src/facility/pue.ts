import { NotFoundError, sourcesSchema } from "@aifactory/core";
import { type AcceleratorCatalog, getSystem, listSystems } from "@aifactory/hardware";
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

/**
 * The default facility PUE by cooling architecture, stated once for every package, the CLI and the app:
 * `air` 1.56 (Uptime Institute Global Data Center Survey 2024: the average annual PUE operators reported for
 * their largest data centre, via Green Algorithms' `defaults_PUE.csv`; the survey's average is dominated by
 * air-cooled halls) and `liquid` 1.1 (Epoch AI's hyperscaler constant, in line with reports of about 1.1 for
 * direct-to-chip liquid cooling). Read from the `air` and `liquid` presets of {@link listPuePresets}, which carry
 * the sources.
 *
 * @example
 * ```ts
 * import { DEFAULT_PUE_BY_COOLING } from "@aifactory/energy";
 * DEFAULT_PUE_BY_COOLING.air; // 1.56
 * DEFAULT_PUE_BY_COOLING.liquid; // 1.1
 * ```
 * @since 0.6.0
 * @category Facility
 */
export const DEFAULT_PUE_BY_COOLING: Readonly<Record<CoolingKind, number>> = Object.freeze({
  air: getPuePreset("air").pue,
  liquid: getPuePreset("liquid").pue,
});

/**
 * The default PUE that applies to a catalog accelerator, and why: the cooling of its catalog system (the one
 * given, or the first with a system power, as `estimateAcceleratorEnergy` picks it) selects
 * {@link DEFAULT_PUE_BY_COOLING}; a system without a stated cooling, or an accelerator without a system, is
 * air-cooled. `aif energy`, `aif tco` and `aif supply` use this one rule.
 *
 * @param acceleratorId - catalog accelerator id, e.g. `nvidia-h100-sxm`
 * @param systemId - catalog system id (default: the first system with that accelerator and a system power)
 * @param catalog - where to look the system up (default: the built-in hardware catalog)
 * @returns the PUE, the cooling it follows from, a one-line reason (`basis`), and the reason without its leading
 *   "default for" (`text`, as an assumption's text)
 * @throws NotFoundError for an unknown system id
 * @example
 * ```ts
 * import { defaultAcceleratorPue } from "@aifactory/energy";
 * defaultAcceleratorPue("nvidia-h100-sxm").pue; // 1.56 (DGX H100 is air-cooled)
 * ```
 * @since 0.6.0
 * @category Facility
 */
export function defaultAcceleratorPue(
  acceleratorId: string,
  systemId?: string,
  catalog?: AcceleratorCatalog,
): { pue: number; cooling: CoolingKind; basis: string; text: string } {
  const system =
    systemId !== undefined
      ? getSystem(systemId, catalog)
      : listSystems({ acceleratorId }, catalog).find((entry) => entry.systemPowerWatts !== undefined);
  const cooling: CoolingKind = system?.cooling === "liquid" ? "liquid" : "air";
  const preset = getPuePreset(cooling);
  const why =
    system === undefined
      ? "no catalog system: air cooling assumed"
      : `${system.id} is ${system.cooling === undefined ? "not marked liquid-cooled" : `${system.cooling}-cooled`}`;
  const text = `${cooling} cooling (${why}): ${preset.label}`;
  return { pue: preset.pue, cooling, basis: `default for ${text}`, text };
}
