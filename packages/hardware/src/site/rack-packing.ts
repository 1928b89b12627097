import { InvalidInputError, positiveInt } from "@aifactory/core";
import { z } from "zod";
import type { System } from "../system";

/**
 * Usable rack units of a standard full-height rack when none is given. A stated assumption (the common 42U
 * cabinet), not a sourced figure; pass `rackUnitsPerRack` for the cabinets you buy.
 *
 * @example
 * ```ts
 * import { DEFAULT_RACK_UNITS_PER_RACK } from "@aifactory/hardware";
 * DEFAULT_RACK_UNITS_PER_RACK; // 42
 * ```
 * @since 0.3.0
 * @category Site
 */
export const DEFAULT_RACK_UNITS_PER_RACK = 42;

/**
 * What {@link packRacks} accepts: a system, how many, the rack power limit of the hall's cooling and the power of
 * one system as it will run (e.g. under a power cap; default the system's published maximum).
 *
 * @example
 * ```ts
 * import { rackPackingOptionsSchema } from "@aifactory/hardware";
 * rackPackingOptionsSchema.parse({ systemCount: 10, rackPowerLimitWatts: 40000 }).rackUnitsPerRack; // 42
 * ```
 * @since 0.3.0
 * @category Site
 */
export const rackPackingOptionsSchema = z
  .object({
    /** Systems to place. */
    systemCount: z.number().int().nonnegative().describe("Systems to place."),
    /** Rack power the hall can cool and feed, W. */
    rackPowerLimitWatts: z.number().finite().positive().describe("Rack power the hall can cool and feed, W."),
    /** Power of one system as it runs, W (default: its published maximum). */
    systemPowerWatts: z.number().finite().positive().optional().describe("Power of one system as it runs, W."),
    /** Usable rack units per rack (default 42, an assumption). */
    rackUnitsPerRack: positiveInt.default(DEFAULT_RACK_UNITS_PER_RACK).describe("Usable rack units per rack."),
  })
  .strict();

/**
 * Options of {@link packRacks} as written.
 *
 * @since 0.3.0
 * @category Site
 */
export type RackPackingOptions = z.input<typeof rackPackingOptionsSchema>;

/**
 * Racks for a number of systems.
 *
 * @since 0.3.0
 * @category Site
 */
export interface RackPacking {
  systemId: string;
  /** Whether one system fits a rack at all (a rack-scale system above the limit does not). */
  feasible: boolean;
  /** Why not, when `feasible` is false. */
  reason: string | undefined;
  /** `rack-scale`: the system is its own rack; `power`: the limit binds; `space`: rack units bind. */
  limitedBy: "rack-scale" | "power" | "space";
  systemsPerRack: number;
  rackCount: number;
  /** Power of a full rack, W. */
  rackPowerWatts: number;
  /** Power of one system as packed, W. */
  systemPowerWatts: number;
  assumptions: string[];
  warnings: string[];
}

/**
 * Packs systems into racks under a rack power limit. A rack-scale system (its catalog entry has
 * `systemsPerRack: 1`, e.g. GB200 NVL72) is one rack and fits only if its power is within the limit. A server
 * (e.g. DGX H100, 8U, 10.2 kW) goes `min(floor(limit / power), floor(rackUnits / unitsPerSystem))` to a rack.
 *
 * @param system - the catalog (or plugin) system
 * @param options - count, rack power limit, system power, rack units
 * @returns systems per rack, racks and rack power
 * @throws InvalidInputError when the system has no published power and none is given, or no rack units for a server
 * @example
 * ```ts
 * import { getSystem, packRacks } from "@aifactory/hardware";
 * const air = packRacks(getSystem("nvidia-dgx-h100"), { systemCount: 100, rackPowerLimitWatts: 40000 });
 * air.systemsPerRack; // 3
 * air.rackCount; // 34
 * packRacks(getSystem("nvidia-gb200-nvl72"), { systemCount: 8, rackPowerLimitWatts: 132000 }).rackCount; // 8
 * ```
 * @since 0.3.0
 * @category Site
 */
export function packRacks(system: System, options: RackPackingOptions): RackPacking {
  const parsed = rackPackingOptionsSchema.parse(options);
  const power = parsed.systemPowerWatts ?? system.systemPowerWatts;
  if (power === undefined) {
    throw new InvalidInputError("rack packing", [
      {
        path: "systemPowerWatts",
        message: `system ${system.id} has no published power`,
        hint: "pass systemPowerWatts (measured or vendor figure)",
      },
    ]);
  }
  const limit = parsed.rackPowerLimitWatts;
  const assumptions: string[] = [];
  const warnings: string[] = [];
  const rackScale = system.systemsPerRack === 1;
  if (rackScale) {
    const feasible = power <= limit;
    assumptions.push(`${system.name} is one rack (catalog systemsPerRack 1)`);
    return {
      systemId: system.id,
      feasible,
      reason: feasible
        ? undefined
        : `${system.id} draws ${Math.round(power / 1000)} kW per rack, above the ${Math.round(limit / 1000)} kW rack limit`,
      limitedBy: "rack-scale",
      systemsPerRack: 1,
      rackCount: feasible ? parsed.systemCount : 0,
      rackPowerWatts: power,
      systemPowerWatts: power,
      assumptions,
      warnings,
    };
  }
  const units = system.rackUnits;
  if (units === undefined) {
    throw new InvalidInputError("rack packing", [
      {
        path: "system.rackUnits",
        message: `system ${system.id} has no published height in rack units`,
        hint: "give the system's rackUnits in a custom system",
      },
    ]);
  }
  const byPower = Math.floor(limit / power);
  const bySpace = Math.floor(parsed.rackUnitsPerRack / units);
  const perRack = Math.min(byPower, bySpace);
  assumptions.push(
    `${parsed.rackUnitsPerRack} usable rack units per rack${parsed.rackUnitsPerRack === DEFAULT_RACK_UNITS_PER_RACK ? " (assumed)" : ""}; ${system.id} is ${units}U`,
  );
  if (perRack < 1) {
    return {
      systemId: system.id,
      feasible: false,
      reason:
        byPower < 1
          ? `one ${system.id} (${Math.round(power / 100) / 10} kW) exceeds the ${Math.round(limit / 100) / 10} kW rack limit`
          : `${system.id} (${units}U) does not fit ${parsed.rackUnitsPerRack}U`,
      limitedBy: byPower < 1 ? "power" : "space",
      systemsPerRack: 0,
      rackCount: 0,
      rackPowerWatts: 0,
      systemPowerWatts: power,
      assumptions,
      warnings,
    };
  }
  if (bySpace < byPower) {
    warnings.push(
      `rack space binds (${bySpace} x ${units}U per rack), leaving ${Math.round((limit - perRack * power) / 1000)} kW of the rack's power limit unused`,
    );
  }
  return {
    systemId: system.id,
    feasible: true,
    reason: undefined,
    limitedBy: bySpace < byPower ? "space" : "power",
    systemsPerRack: perRack,
    rackCount: Math.ceil(parsed.systemCount / perRack),
    rackPowerWatts: perRack * power,
    systemPowerWatts: power,
    assumptions,
    warnings,
  };
}
