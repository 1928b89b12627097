import { AifError, type Source } from "@aifactory/core";
import { type AcceleratorCatalog, getAccelerator, getSystem, listSystems } from "@aifactory/hardware";

/**
 * The power facts the energy model needs about a catalog accelerator and, optionally, the system it sits in.
 *
 * @example
 * ```ts
 * import { resolveDevicePower, type DevicePower } from "@aifactory/energy";
 * const device: DevicePower = resolveDevicePower("nvidia-h100-sxm");
 * ```
 * @since 0.1.0
 * @category Power
 */
export interface DevicePower {
  acceleratorId: string;
  acceleratorName: string;
  /** Maximum board power of one accelerator, W. */
  tdpWatts: number;
  /** The system used for the host share, if the catalog has one with a published power. */
  system?: {
    systemId: string;
    systemPowerWatts: number;
    acceleratorsPerSystem: number;
    cooling?: "air" | "liquid" | "air-or-liquid";
  };
  sources: readonly Source[];
}

/**
 * Looks up an accelerator's TDP in `@aifactory/hardware` and, when a system id is given (or the catalog has a
 * system built from that accelerator with a published power), the system's maximum power and accelerator count
 * for the host share.
 *
 * @param acceleratorId - accelerator id such as `nvidia-h100-sxm`
 * @param systemId - system id such as `nvidia-dgx-h100`; default the first catalog system with that accelerator
 * @param catalog - where to look the ids up (default: the built-in hardware catalog; `catalogFromRegistry` gives
 *   one with hardware packs)
 * @returns TDP, system power and their sources
 * @throws NotFoundError (from the hardware catalog) for an unknown id; AifError `INVALID_INPUT` when the
 *   catalog has no TDP for the accelerator
 * @example
 * ```ts
 * import { resolveDevicePower } from "@aifactory/energy";
 * const device = resolveDevicePower("nvidia-h100-sxm");
 * device.tdpWatts; // 700
 * device.system?.systemPowerWatts; // 10200 (DGX H100)
 * ```
 * @since 0.1.0
 * @category Power
 */
export function resolveDevicePower(
  acceleratorId: string,
  systemId?: string,
  catalog?: AcceleratorCatalog,
): DevicePower {
  const accelerator = getAccelerator(acceleratorId, catalog);
  if (accelerator.tdpWatts === undefined) {
    throw new AifError("INVALID_INPUT", `the hardware catalog has no TDP for "${acceleratorId}"`, {
      hint: "pass the measured average power per accelerator instead (--avg-power-watts)",
    });
  }
  const sources: Source[] = [...accelerator.sources];
  const candidate =
    systemId !== undefined
      ? getSystem(systemId, catalog)
      : listSystems({ acceleratorId: accelerator.id }, catalog).find((entry) => entry.systemPowerWatts !== undefined);
  let system: DevicePower["system"];
  if (candidate?.systemPowerWatts !== undefined) {
    system = {
      systemId: candidate.id,
      systemPowerWatts: candidate.systemPowerWatts,
      acceleratorsPerSystem: candidate.acceleratorCount,
      ...(candidate.cooling === undefined ? {} : { cooling: candidate.cooling }),
    };
    sources.push(...candidate.sources);
  }
  return {
    acceleratorId: accelerator.id,
    acceleratorName: accelerator.name,
    tdpWatts: accelerator.tdpWatts,
    ...(system === undefined ? {} : { system }),
    sources,
  };
}
