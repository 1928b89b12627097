import { InvalidInputError, rangeSchema, type Source, sourcesSchema } from "@aifactory/core";
import { z } from "zod";
import { ENERGY_SOURCES } from "../sources";

/**
 * Cooling technology of an AI hall: air (CRAH/CRAC, optionally rear-door heat exchangers), direct-to-chip liquid
 * (cold plates on GPUs and CPUs, the rest by air) or immersion (servers in dielectric fluid).
 *
 * @example
 * ```ts
 * import { coolingTechnologyIdSchema } from "@aifactory/energy";
 * coolingTechnologyIdSchema.parse("direct-to-chip-liquid"); // "direct-to-chip-liquid"
 * ```
 * @since 0.7.0
 * @category Site
 */
export const coolingTechnologyIdSchema = z.enum(["air", "direct-to-chip-liquid", "immersion"]);

/**
 * A cooling technology id.
 *
 * @since 0.7.0
 * @category Site
 */
export type CoolingTechnologyId = z.infer<typeof coolingTechnologyIdSchema>;

/**
 * Climate of a site, as far as cooling is concerned: `cool` (free cooling most of the year, e.g. Nordics,
 * Quebec), `temperate` (e.g. Virginia, Western Europe) or `hot` (e.g. Texas, Arizona, the Gulf).
 *
 * @example
 * ```ts
 * import { climateSchema } from "@aifactory/energy";
 * climateSchema.parse("hot"); // "hot"
 * ```
 * @since 0.7.0
 * @category Site
 */
export const climateSchema = z.enum(["cool", "temperate", "hot"]);

/**
 * A site climate.
 *
 * @since 0.7.0
 * @category Site
 */
export type Climate = z.infer<typeof climateSchema>;

/**
 * A cooling technology with its sourced ranges: annual PUE, on-site WUE (litres of water per kWh of IT energy)
 * and the rack power it can cool. A range spans what published sources give; where no public figure exists the
 * field is left out and `notes` say so.
 *
 * @example
 * ```ts
 * import { coolingTechnologySchema } from "@aifactory/energy";
 * coolingTechnologySchema.safeParse({ id: "air" }).success; // false
 * ```
 * @since 0.7.0
 * @category Site
 */
export const coolingTechnologySchema = z
  .object({
    id: coolingTechnologyIdSchema,
    name: z.string().min(3),
    /** Annual PUE (facility energy / IT energy) range across sources. */
    pueRange: rangeSchema.describe("Annual PUE range across sources."),
    /** On-site water usage effectiveness range, L per kWh of IT energy. */
    wueLitersPerKWhRange: rangeSchema.describe("On-site WUE range, L per kWh of IT energy."),
    /** Rack (or tank) power this cooling can remove, W; left out where unpublished. */
    rackPowerLimitWattsRange: rangeSchema
      .optional()
      .describe("Rack power this cooling can remove, W; left out where unpublished."),
    notes: z.array(z.string().min(1)).default([]),
    sources: sourcesSchema,
  })
  .strict();

/**
 * A cooling technology entry.
 *
 * @since 0.7.0
 * @category Site
 */
export type CoolingTechnology = z.output<typeof coolingTechnologySchema>;

const INFERENSYS_IMMERSION_VS_AIR: Source = {
  title: "Liquid Immersion Cooling vs Air-Based Cooling for AI Data Centers (Inferensys comparison)",
  url: "https://inferensys.com/zh/comparisons/sustainable-ai-green-ai-and-esg-reporting/liquid-immersion-cooling-vs-air-based-cooling-for-ai-data-centers",
  publisher: "Inferensys",
  evidence: "secondary",
  note: "immersion PUE 'as low as 1.02-1.03'; modern air systems 'PUEs of 1.2-1.4'",
};

const AIGB_IMMERSION: Source = {
  title: "Immersion Cooling vs Air Cooling: The Numbers Behind the Revolution (AI Green Bytes, operator blog)",
  url: "https://www.aigreenbytes.com/blog/immersion-cooling-vs-air-cooling",
  publisher: "AI Green Bytes",
  date: "2026-01-28",
  evidence: "secondary",
  note: "operator figures: air PUE 1.50-2.00, water 1-2 L/kWh; single-phase immersion PUE 1.03-1.15, zero water",
};

const COOLNET_AIR_DENSITY: Source = {
  title: "Power and cooling per rack for AI edge (20-40 kW) (Coolnet vendor guide)",
  url: "https://www.coolnetpower.com/blog/power-and-cooling-per-rack-for-ai-edge/",
  publisher: "Coolnet",
  evidence: "secondary",
  note: "'20-30 kW/rack is often achievable with optimized air'; '20-40 kW/rack is a natural hybrid zone' with rear-door heat exchangers",
};

const NVL72_RACK_POWER: Source = {
  title: "Why the NVIDIA GB300 NVL72 (Blackwell Ultra) Matters (Introl), citing Supermicro's rack breakdown",
  url: "https://introl.com/blog/why-nvidia-gb300-nvl72-blackwell-ultra-matters",
  publisher: "Introl",
  locator: "1. Dissecting the rack",
  evidence: "secondary",
  note: "GB200/GB300 NVL72: about 120 kW per liquid-cooled rack; power shelves rated 132 kW DC",
};

const MICROSOFT_ZERO_WATER: Source = {
  title: "Sustainable by design: Next-generation datacenters consume zero water for cooling",
  url: "https://www.microsoft.com/en-us/microsoft-cloud/blog/2024/12/09/sustainable-by-design-next-generation-datacenters-consume-zero-water-for-cooling/",
  publisher: "Microsoft",
  date: "2024-12-09",
  evidence: "secondary",
  note: "closed-loop chip-level liquid cooling that recycles water: no evaporative water for cooling",
};

const COOLING_TECHNOLOGIES: readonly CoolingTechnology[] = [
  {
    id: "air",
    name: "Air cooling (CRAH/CRAC with containment; rear-door heat exchangers at the high end)",
    pueRange: { min: 1.2, max: 1.56 },
    wueLitersPerKWhRange: { min: 0.13, max: 0.99 },
    rackPowerLimitWattsRange: { min: 20_000, max: 40_000 },
    notes: [
      "PUE: 1.2 is the low end Inferensys gives for modern air systems; 1.56 is the Uptime Institute 2024 survey average (mostly air-cooled halls).",
      "WUE: the range of provider-published fleet averages (AWS 0.13, Microsoft 0.569, Google 0.99 L/kWh) via EcoLogits; evaporative cooling in hot climates sits at the top. AI Green Bytes reports 1-2 L/kWh for air cooling (not used as the bound).",
      "Rack power: 20-30 kW with optimized air, up to about 40 kW with rear-door heat exchangers (vendor guide).",
    ],
    sources: [
      ENERGY_SOURCES.greenAlgorithmsPue,
      INFERENSYS_IMMERSION_VS_AIR,
      ENERGY_SOURCES.ecologitsMethodology,
      COOLNET_AIR_DENSITY,
    ],
  },
  {
    id: "direct-to-chip-liquid",
    name: "Direct-to-chip liquid cooling (cold plates; residual heat by air)",
    pueRange: { min: 1.1, max: 1.25 },
    wueLitersPerKWhRange: { min: 0, max: 0.55 },
    rackPowerLimitWattsRange: { min: 120_000, max: 132_000 },
    notes: [
      "PUE: 1.1 is Epoch AI's hyperscaler constant, in line with reports of about 1.1 for liquid-cooled AI halls; 1.25 is Epoch's non-hyperscaler constant.",
      "WUE: 0 for a closed loop with dry coolers (Microsoft's zero-water design); up to the U.S. average on-site WUE of 0.55 L/kWh (Li et al. 2023) where the loop rejects heat through evaporative towers.",
      "Rack power: the GB200/GB300 NVL72 rack, about 120 kW with power shelves rated 132 kW, is liquid-cooled; racks above that are not in public references yet.",
    ],
    sources: [
      {
        ...ENERGY_SOURCES.epochCostModel,
        locator: "power_usage_effectiveness(): hyperscaler 1.1, non-hyperscaler 1.25",
      },
      {
        title: "AI density is making cooling your biggest energy problem",
        url: "https://globalheadofdatacenterenergy.news/ai-density-is-making-cooling-your-biggest-energy-problem/",
        evidence: "secondary",
        note: "fully liquid-cooled deployments reported at PUE about 1.1",
      },
      ENERGY_SOURCES.li2023Water,
      MICROSOFT_ZERO_WATER,
      NVL72_RACK_POWER,
    ],
  },
  {
    id: "immersion",
    name: "Immersion cooling (single-phase dielectric fluid)",
    pueRange: { min: 1.02, max: 1.15 },
    wueLitersPerKWhRange: { min: 0, max: 0 },
    notes: [
      "PUE: 1.02-1.03 at best (Inferensys), 1.03-1.15 as an operator reports it (AI Green Bytes).",
      "WUE: zero water reported by the operator (heat to a secondary loop, dry coolers or heat reuse).",
      "Tank power left out: no public primary figure for an immersion tank's power limit was found; give rackPowerLimitKW for an immersion site.",
    ],
    sources: [INFERENSYS_IMMERSION_VS_AIR, AIGB_IMMERSION],
  },
].map((entry) => coolingTechnologySchema.parse(entry));

/**
 * The built-in cooling technologies with their sourced PUE, WUE and rack-power ranges.
 *
 * @returns the entries
 * @example
 * ```ts
 * import { listCoolingTechnologies } from "@aifactory/energy";
 * listCoolingTechnologies().map((entry) => entry.id); // ["air", "direct-to-chip-liquid", "immersion"]
 * ```
 * @since 0.7.0
 * @category Site
 */
export function listCoolingTechnologies(): readonly CoolingTechnology[] {
  return COOLING_TECHNOLOGIES;
}

/**
 * One cooling technology by id.
 *
 * @param id - `air`, `direct-to-chip-liquid` or `immersion`
 * @returns the entry
 * @throws InvalidInputError naming the id and the known ones
 * @example
 * ```ts
 * import { getCoolingTechnology } from "@aifactory/energy";
 * getCoolingTechnology("immersion").pueRange; // { min: 1.02, max: 1.15 }
 * ```
 * @since 0.7.0
 * @category Site
 */
export function getCoolingTechnology(id: string): CoolingTechnology {
  const found = COOLING_TECHNOLOGIES.find((entry) => entry.id === id);
  if (found === undefined) {
    throw new InvalidInputError("cooling", [
      {
        path: "cooling",
        message: `unknown cooling technology; known: ${COOLING_TECHNOLOGIES.map((e) => e.id).join(", ")}`,
        received: id,
        hint: "use air, direct-to-chip-liquid or immersion",
      },
    ]);
  }
  return found;
}

/**
 * Where a climate sits inside a sourced range: `cool` at the low end (free cooling most hours), `temperate` at
 * the midpoint, `hot` at the high end. This is a stated modelling rule, not a figure from a source: the sources
 * give ranges, and which end a site reaches depends on its outdoor temperature and humidity.
 *
 * @param range - a sourced `{ min, max }` range
 * @param climate - the site's climate
 * @returns the value for that climate
 * @example
 * ```ts
 * import { climatePoint } from "@aifactory/energy";
 * climatePoint({ min: 1.1, max: 1.3 }, "temperate"); // 1.2
 * ```
 * @since 0.7.0
 * @category Site
 */
export function climatePoint(range: { min: number; max: number }, climate: Climate): number {
  if (climate === "cool") return range.min;
  if (climate === "hot") return range.max;
  return (range.min + range.max) / 2;
}

/**
 * The cooling figures a site design uses: PUE, on-site WUE and rack power limit for a cooling technology in a
 * climate ({@link climatePoint}), each replaceable by a caller's measured value.
 *
 * @since 0.7.0
 * @category Site
 */
export interface CoolingProfile {
  coolingId: CoolingTechnologyId;
  climate: Climate;
  pue: number;
  wueLitersPerKWh: number;
  /** Rack power limit, W, or `undefined` where no public figure exists and none was given. */
  rackPowerLimitWatts: number | undefined;
  /** One line per figure: where it comes from. */
  basis: string[];
}

/**
 * The PUE, WUE and rack power limit of a cooling technology in a climate. The rack limit is the top of the
 * sourced range (what the technology is shown to cool), not a climate point. Overrides replace a figure.
 *
 * @param cooling - cooling technology id
 * @param climate - site climate
 * @param overrides - measured or contracted figures that replace the defaults
 * @returns the profile
 * @throws InvalidInputError for an unknown cooling id or an override out of range
 * @example
 * ```ts
 * import { coolingProfile } from "@aifactory/energy";
 * const profile = coolingProfile("direct-to-chip-liquid", "hot");
 * profile.pue; // 1.25
 * profile.rackPowerLimitWatts; // 132000
 * ```
 * @since 0.7.0
 * @category Site
 */
export function coolingProfile(
  cooling: string,
  climate: Climate,
  overrides: { pue?: number; wueLitersPerKWh?: number; rackPowerLimitWatts?: number } = {},
): CoolingProfile {
  const entry = getCoolingTechnology(cooling);
  if (overrides.pue !== undefined && !(overrides.pue >= 1 && Number.isFinite(overrides.pue))) {
    throw new InvalidInputError("site", [
      {
        path: "pue",
        message: "must be a finite number >= 1",
        received: overrides.pue,
        hint: "a PUE is facility / IT power, at least 1",
      },
    ]);
  }
  const pue = overrides.pue ?? climatePoint(entry.pueRange, climate);
  const wue = overrides.wueLitersPerKWh ?? climatePoint(entry.wueLitersPerKWhRange, climate);
  const rack = overrides.rackPowerLimitWatts ?? entry.rackPowerLimitWattsRange?.max;
  const range = (r: { min: number; max: number }) => (r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`);
  return {
    coolingId: entry.id,
    climate,
    pue,
    wueLitersPerKWh: wue,
    rackPowerLimitWatts: rack,
    basis: [
      overrides.pue !== undefined
        ? `PUE ${pue} given`
        : `PUE ${pue}: ${climate} point of the sourced ${entry.id} range ${range(entry.pueRange)}`,
      overrides.wueLitersPerKWh !== undefined
        ? `WUE ${wue} L/kWh given`
        : `WUE ${wue} L/kWh: ${climate} point of the sourced ${entry.id} range ${range(entry.wueLitersPerKWhRange)}`,
      overrides.rackPowerLimitWatts !== undefined
        ? `rack limit ${(rack ?? 0) / 1000} kW given`
        : rack === undefined
          ? `rack limit: no public figure for ${entry.id}`
          : `rack limit ${rack / 1000} kW: top of the sourced ${entry.id} range`,
    ],
  };
}
