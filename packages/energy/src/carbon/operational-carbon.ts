/**
 * Operational carbon of an energy use: `tCO2e = MWh x kgCO2e/kWh` (1 MWh x 1 kg/kWh = 1 t), the arithmetic of
 * Patterson et al. 2021 Table 4.
 *
 * @param facilityEnergyMWh - facility energy (IT x PUE), MWh
 * @param gridKgCo2ePerKWh - grid intensity, kgCO2e per kWh
 * @returns tonnes CO2e
 * @example
 * ```ts
 * import { operationalCo2eTonnes } from "@aifactory/energy";
 * operationalCo2eTonnes(1287, 0.429); // 552.1 (GPT-3, Patterson et al. 2021)
 * ```
 * @since 0.1.0
 * @category Carbon
 */
export function operationalCo2eTonnes(facilityEnergyMWh: number, gridKgCo2ePerKWh: number): number {
  return facilityEnergyMWh * gridKgCo2ePerKWh;
}
