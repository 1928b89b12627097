import { InvalidInputError, NotFoundError } from "@aifactory/core";
import type { Accelerator, AcceleratorId } from "./accelerator";
import { BUILT_IN_ACCELERATORS } from "./data/accelerators";
import { BUILT_IN_SYSTEMS } from "./data/systems";
import type { Dtype } from "./dtype";
import type { System, SystemId } from "./system";

/**
 * The entries queries read: the built-in catalog by default, or one assembled from a registry with plugins
 * (`catalogFromRegistry`).
 *
 * @since 0.1.0
 * @category Catalog
 */
export interface AcceleratorCatalog {
  /** Accelerators, in display order. */
  readonly accelerators: readonly Accelerator[];
  /** Systems, in display order. */
  readonly systems: readonly System[];
}

const BUILT_IN: AcceleratorCatalog = { accelerators: BUILT_IN_ACCELERATORS, systems: BUILT_IN_SYSTEMS };

/**
 * Looks up an accelerator by id.
 *
 * @param id - an accelerator id, e.g. `"nvidia-h100-sxm"`
 * @param catalog - where to look (default: the built-in catalog)
 * @returns the entry
 * @throws NotFoundError naming the nearest ids when the id is unknown
 * @example
 * ```ts
 * import { getAccelerator } from "@aifactory/hardware";
 * getAccelerator("nvidia-h100-sxm").denseTflops.bf16; // 989
 * ```
 * @since 0.1.0
 * @category Catalog
 */
export function getAccelerator(id: AcceleratorId, catalog: AcceleratorCatalog = BUILT_IN): Accelerator {
  const found = catalog.accelerators.find((entry) => entry.id === id);
  if (!found) {
    throw new NotFoundError(
      "accelerator",
      id,
      catalog.accelerators.map((entry) => entry.id),
    );
  }
  return found;
}

/**
 * Filters for {@link listAccelerators}. Every given criterion must hold.
 *
 * @since 0.1.0
 * @category Catalog
 */
export interface AcceleratorFilter {
  /** Only this vendor (`"nvidia"`, `"amd"`, ...), case-insensitive. */
  vendor?: string;
  /** Launched in or after this year. */
  launchYearMin?: number;
  /** Launched in or before this year. */
  launchYearMax?: number;
  /** Only accelerators with a published dense peak for this format. */
  dtype?: Dtype;
  /** At least this much memory, decimal GB (stated capacity). */
  memoryGBMin?: number;
  /** At most this much memory, decimal GB (stated capacity). */
  memoryGBMax?: number;
}

function checkFilter(filter: AcceleratorFilter): void {
  const problems = [];
  for (const key of ["launchYearMin", "launchYearMax", "memoryGBMin", "memoryGBMax"] as const) {
    const value = filter[key];
    if (value !== undefined && !Number.isFinite(value)) {
      problems.push({ path: key, message: "must be a finite number", received: value });
    }
  }
  if (problems.length > 0) throw new InvalidInputError("accelerator filter", problems);
}

/**
 * Lists accelerators, optionally filtered by vendor, launch year, format and memory.
 *
 * @param filter - criteria that must all hold (default: none)
 * @param catalog - where to look (default: the built-in catalog)
 * @returns the matching entries in catalog order
 * @throws InvalidInputError when a numeric bound is not a finite number
 * @example
 * ```ts
 * import { listAccelerators } from "@aifactory/hardware";
 * listAccelerators({ vendor: "amd", dtype: "fp8" }).map((a) => a.id);
 * // ["amd-mi300x", "amd-mi325x", "amd-mi355x"]
 * ```
 * @since 0.1.0
 * @category Catalog
 */
export function listAccelerators(
  filter: AcceleratorFilter = {},
  catalog: AcceleratorCatalog = BUILT_IN,
): Accelerator[] {
  checkFilter(filter);
  const vendor = filter.vendor?.toLowerCase();
  return catalog.accelerators.filter(
    (entry) =>
      (vendor === undefined || entry.vendor === vendor) &&
      (filter.launchYearMin === undefined || entry.launchYear >= filter.launchYearMin) &&
      (filter.launchYearMax === undefined || entry.launchYear <= filter.launchYearMax) &&
      (filter.dtype === undefined || entry.denseTflops[filter.dtype] !== undefined) &&
      (filter.memoryGBMin === undefined || entry.memoryGB >= filter.memoryGBMin) &&
      (filter.memoryGBMax === undefined || entry.memoryGB <= filter.memoryGBMax),
  );
}

/**
 * Looks up a system by id.
 *
 * @param id - a system id, e.g. `"nvidia-dgx-h100"`
 * @param catalog - where to look (default: the built-in catalog)
 * @returns the entry
 * @throws NotFoundError naming the nearest ids when the id is unknown
 * @example
 * ```ts
 * import { getSystem } from "@aifactory/hardware";
 * getSystem("nvidia-dgx-h100").systemPowerWatts; // 10200
 * ```
 * @since 0.1.0
 * @category Catalog
 */
export function getSystem(id: SystemId, catalog: AcceleratorCatalog = BUILT_IN): System {
  const found = catalog.systems.find((entry) => entry.id === id);
  if (!found) {
    throw new NotFoundError(
      "system",
      id,
      catalog.systems.map((entry) => entry.id),
    );
  }
  return found;
}

/**
 * Filters for {@link listSystems}.
 *
 * @since 0.1.0
 * @category Catalog
 */
export interface SystemFilter {
  /** Only this vendor, case-insensitive. */
  vendor?: string;
  /** Only systems built on this accelerator. */
  acceleratorId?: string;
}

/**
 * Lists systems, optionally filtered by vendor or accelerator.
 *
 * @param filter - criteria that must all hold (default: none)
 * @param catalog - where to look (default: the built-in catalog)
 * @returns the matching entries in catalog order
 * @example
 * ```ts
 * import { listSystems } from "@aifactory/hardware";
 * listSystems({ acceleratorId: "nvidia-h100-sxm" }).map((s) => s.id); // ["nvidia-dgx-h100"]
 * ```
 * @since 0.1.0
 * @category Catalog
 */
export function listSystems(filter: SystemFilter = {}, catalog: AcceleratorCatalog = BUILT_IN): System[] {
  const vendor = filter.vendor?.toLowerCase();
  return catalog.systems.filter(
    (entry) =>
      (vendor === undefined || entry.vendor === vendor) &&
      (filter.acceleratorId === undefined || entry.acceleratorId === filter.acceleratorId),
  );
}

/**
 * The accelerator a system is built on.
 *
 * @param system - a system entry or its id
 * @param catalog - where to look (default: the built-in catalog)
 * @returns the accelerator entry
 * @throws NotFoundError when the system or its accelerator is unknown
 * @example
 * ```ts
 * import { acceleratorOfSystem } from "@aifactory/hardware";
 * acceleratorOfSystem("nvidia-dgx-b200").id; // "nvidia-b200"
 * ```
 * @since 0.1.0
 * @category Catalog
 */
export function acceleratorOfSystem(system: System | SystemId, catalog: AcceleratorCatalog = BUILT_IN): Accelerator {
  const entry = typeof system === "string" ? getSystem(system, catalog) : system;
  return getAccelerator(entry.acceleratorId, catalog);
}
