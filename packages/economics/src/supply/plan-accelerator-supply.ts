import { AifError } from "@aifactory/core";
import { type AcceleratorCatalog, getAccelerator, listSystems } from "@aifactory/hardware";
import { CHIP_TO_SERVER_POWER_MULTIPLIER, TCO_DEFAULT_PUE } from "../data/tco-defaults";
import { type BillOfMaterials, getBillOfMaterials } from "./bill-of-materials";
import { planSupply, type SupplyPlan, type SupplyPlanInput } from "./plan-supply";
import { COWOS_VENDOR_SHARE_2025 } from "./supply-defaults";

/**
 * Input of {@link planAcceleratorSupply}: {@link SupplyPlanInput} with the bill of materials, vendor share and
 * required power filled in from the catalogs.
 *
 * @example
 * ```ts
 * import { planAcceleratorSupply, type AcceleratorSupplyInput } from "@aifactory/economics";
 * const input: AcceleratorSupplyInput = { acceleratorId: "nvidia-h100-sxm", acceleratorCount: 1024, startQuarter: "2027-Q1" };
 * planAcceleratorSupply(input);
 * ```
 * @since 0.1.0
 * @category Supply
 */
export type AcceleratorSupplyInput = Omit<SupplyPlanInput, "bom" | "vendorShareOfCowosRatio" | "requiredPowerMW"> & {
  acceleratorId: string;
  /** Vendor's share of CoWoS (default: the vendor's 2025 share). */
  vendorShareOfCowosRatio?: number;
  /** Facility MW needed (default: count x per-accelerator system power x PUE). */
  requiredPowerMW?: number;
  /** PUE for the required MW (default 1.1). */
  pue?: number;
};

/**
 * {@link planSupply} for a catalog accelerator: bill of materials from this package, the vendor's CoWoS share
 * (2025 reports), and the facility MW from `@aifactory/hardware` system power (or TDP x 1.82) x PUE.
 *
 * @param input - cluster size, start quarter, allocation share, capacities and power
 * @param options - `catalog`: the hardware catalog the accelerator and its systems are looked up in (default:
 *   built-in); `billsOfMaterials`: more bills of materials (e.g. a pack's) searched before the built-in ones
 * @returns the supply plan
 * @throws NotFoundError for an unknown accelerator or missing bill of materials
 * @example
 * ```ts
 * import { planAcceleratorSupply } from "@aifactory/economics";
 * const plan = planAcceleratorSupply({ acceleratorId: "nvidia-h100-sxm", acceleratorCount: 100000, startQuarter: "2027-Q1", availablePowerMW: 150 });
 * plan.earliestOnlineQuarter;
 * ```
 * @since 0.1.0
 * @category Supply
 */
export function planAcceleratorSupply(
  input: AcceleratorSupplyInput,
  options: { catalog?: AcceleratorCatalog; billsOfMaterials?: readonly BillOfMaterials[] } = {},
): SupplyPlan {
  const { acceleratorId, pue: pueInput, ...rest } = input;
  const accelerator = getAccelerator(acceleratorId, options.catalog);
  const bom = getBillOfMaterials(accelerator.id, options.billsOfMaterials);
  const vendorShare = input.vendorShareOfCowosRatio ?? COWOS_VENDOR_SHARE_2025[accelerator.vendor]?.shareRatio;
  if (vendorShare === undefined) {
    throw new AifError("INVALID_INPUT", `no CoWoS share known for vendor "${accelerator.vendor}"`, {
      hint: "pass vendorShareOfCowosRatio",
    });
  }
  let requiredPowerMW = input.requiredPowerMW;
  const notes: string[] = [];
  if (requiredPowerMW === undefined) {
    const pue = pueInput ?? TCO_DEFAULT_PUE.value;
    const system = listSystems({ acceleratorId: accelerator.id }, options.catalog).find(
      (entry) => entry.systemPowerWatts !== undefined,
    );
    const wattsPerAccelerator =
      system?.systemPowerWatts !== undefined
        ? system.systemPowerWatts / system.acceleratorCount
        : accelerator.tdpWatts === undefined
          ? undefined
          : accelerator.tdpWatts * CHIP_TO_SERVER_POWER_MULTIPLIER.value;
    if (wattsPerAccelerator !== undefined) {
      requiredPowerMW = (input.acceleratorCount * wattsPerAccelerator * pue) / 1e6;
      notes.push(`${wattsPerAccelerator} W per accelerator x PUE ${pue}`);
    }
  }
  const plan = planSupply({
    ...rest,
    bom,
    vendorShareOfCowosRatio: vendorShare,
    ...(requiredPowerMW === undefined ? {} : { requiredPowerMW }),
  });
  if (input.vendorShareOfCowosRatio === undefined) {
    plan.assumptions.unshift({
      name: "vendorShareOfCowosRatio",
      value: vendorShare,
      unit: "ratio",
      basis: "default",
      text: `${accelerator.vendor} share of TSMC CoWoS in 2025 (secondary reports)`,
    });
    plan.assumptions = plan.assumptions.filter(
      (entry, index) => index === 0 || entry.name !== "vendorShareOfCowosRatio",
    );
  }
  if (input.requiredPowerMW === undefined && requiredPowerMW !== undefined) {
    plan.assumptions.push({
      name: "requiredPowerMW",
      value: requiredPowerMW,
      unit: "MW",
      basis: "derived",
      text: notes.join(""),
    });
  }
  return plan;
}
