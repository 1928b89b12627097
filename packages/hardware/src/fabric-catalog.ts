import { NotFoundError } from "@aifactory/core";
import { BUILT_IN_FABRICS } from "./data/fabrics";
import type { Fabric, FabricId } from "./fabric";

/**
 * Looks up a fabric by id.
 *
 * @param id - a fabric id, e.g. `"infiniband-ndr"`
 * @param fabrics - where to look (default: the built-in fabrics)
 * @returns the entry
 * @throws NotFoundError naming the nearest ids
 * @example
 * ```ts
 * import { getFabric } from "@aifactory/hardware";
 * getFabric("infiniband-ndr").portGbitps; // 400
 * ```
 * @since 0.1.0
 * @category Fabrics
 */
export function getFabric(id: FabricId, fabrics: readonly Fabric[] = BUILT_IN_FABRICS): Fabric {
  const found = fabrics.find((entry) => entry.id === id);
  if (!found)
    throw new NotFoundError(
      "fabric",
      id,
      fabrics.map((entry) => entry.id),
    );
  return found;
}

/**
 * Lists fabrics, optionally only one tier or family.
 *
 * @param filter - `tier` (`"scale-up"` | `"scale-out"`), `family` (e.g. `"nvlink"`), `vendor`
 * @param fabrics - where to look (default: the built-in fabrics)
 * @returns matching entries in catalog order
 * @example
 * ```ts
 * import { listFabrics } from "@aifactory/hardware";
 * listFabrics({ family: "infiniband" }).map((f) => f.id); // ["infiniband-hdr", "infiniband-ndr", "infiniband-xdr"]
 * ```
 * @since 0.1.0
 * @category Fabrics
 */
export function listFabrics(
  filter: { tier?: Fabric["tier"]; family?: string; vendor?: string } = {},
  fabrics: readonly Fabric[] = BUILT_IN_FABRICS,
): Fabric[] {
  const vendor = filter.vendor?.toLowerCase();
  return fabrics.filter(
    (entry) =>
      (filter.tier === undefined || entry.tier === filter.tier) &&
      (filter.family === undefined || entry.family === filter.family) &&
      (vendor === undefined || entry.vendor === vendor),
  );
}
