import { AifError, NotFoundError } from "@aifactory/core";
import { GRID_REGIONS } from "../data/grid-regions";
import type { CarbonAccountingBasis, GridIntensity, GridRegion } from "./grid-region";

/**
 * Every grid region of the built-in catalog, in catalog order (world, then countries and their sub-national
 * grids). Docs generators render this as the grid table.
 *
 * @returns the regions (shared, do not mutate)
 * @example
 * ```ts
 * import { listGridRegions } from "@aifactory/energy";
 * listGridRegions().map((region) => region.id); // ["world", "us", "us-va", ...]
 * ```
 * @since 0.1.0
 * @category Grid
 */
export function listGridRegions(): readonly GridRegion[] {
  return GRID_REGIONS;
}

/**
 * One grid region by id, from the built-in catalog or from `extraRegions` (e.g. a plugin registry's list).
 *
 * @param id - region id such as `fr` or `us-va`
 * @param extraRegions - more regions to search first
 * @returns the region
 * @throws NotFoundError naming the nearest known ids
 * @example
 * ```ts
 * import { getGridRegion } from "@aifactory/energy";
 * getGridRegion("fr").name; // "France"
 * ```
 * @since 0.1.0
 * @category Grid
 */
export function getGridRegion(id: string, extraRegions: readonly GridRegion[] = []): GridRegion {
  const found = extraRegions.find((region) => region.id === id) ?? GRID_REGIONS.find((region) => region.id === id);
  if (found === undefined) {
    throw new NotFoundError(
      "grid region",
      id,
      [...extraRegions, ...GRID_REGIONS].map((region) => region.id),
    );
  }
  return found;
}

/**
 * Options of {@link selectGridIntensity}.
 *
 * @example
 * ```ts
 * import { getGridRegion, selectGridIntensity, type GridIntensitySelection } from "@aifactory/energy";
 * const selection: GridIntensitySelection = { basis: "location", year: 2020 };
 * selectGridIntensity(getGridRegion("de"), selection);
 * ```
 * @since 0.1.0
 * @category Grid
 */
export interface GridIntensitySelection {
  /** Accounting basis (default `location`). Location- and market-based figures are never substituted. */
  basis?: CarbonAccountingBasis;
  /** The data year wanted; default the latest year available. */
  year?: number;
}

/**
 * Picks one intensity of a region: the given basis, the given year (or the latest), first listed on ties.
 *
 * @param region - the region
 * @param selection - basis (default `location`) and year (default latest)
 * @returns the chosen intensity
 * @throws AifError `NOT_FOUND` when the region has no figure of that basis or year
 * @example
 * ```ts
 * import { getGridRegion, selectGridIntensity } from "@aifactory/energy";
 * selectGridIntensity(getGridRegion("fr")).gCo2ePerKWh; // 56 (2023, Our World in Data)
 * ```
 * @since 0.1.0
 * @category Grid
 */
export function selectGridIntensity(region: GridRegion, selection: GridIntensitySelection = {}): GridIntensity {
  const basis = selection.basis ?? "location";
  const ofBasis = region.intensities.filter((intensity) => intensity.basis === basis);
  const candidates =
    selection.year === undefined ? ofBasis : ofBasis.filter((intensity) => intensity.year === selection.year);
  let best: GridIntensity | undefined;
  for (const intensity of candidates) {
    if (best === undefined || intensity.year > best.year) best = intensity;
  }
  if (best === undefined) {
    const years = ofBasis.map((intensity) => intensity.year).join(", ");
    throw new AifError(
      "NOT_FOUND",
      `grid region "${region.id}" has no ${basis}-based intensity${selection.year === undefined ? "" : ` for ${selection.year}`}`,
      {
        hint:
          ofBasis.length > 0
            ? `available ${basis}-based years: ${years}`
            : `pass the intensity directly (e.g. --grid-kg-per-kwh) or add a ${basis}-based figure through a plugin`,
        details: { regionId: region.id, basis, year: selection.year },
      },
    );
  }
  return best;
}
