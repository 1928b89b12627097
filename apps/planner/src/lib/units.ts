/**
 * Every number the app shows, formatted with `@aifactory/core`'s unit formatters: three significant figures,
 * scaled units (k, M, B; ms, s, min, h, d; kWh, MWh, GWh; ...) and thousands separators. Pure (no React), so the
 * worker formats a plan's headline figures with the same functions the page uses for its tables and charts.
 */
import {
  formatBytes,
  formatCo2eKg,
  formatDuration,
  formatEnergyKwh,
  formatFlops,
  formatLiters,
  formatScaled,
  formatSignificant,
  formatUsd,
  formatWatts,
} from "@aifactory/core";

const SIGNIFICANT = 3;

/** k/M/B/T steps for a count unit ("tokens/s" -> "1.02 M tokens/s"). */
function countSteps(unit: string) {
  const space = unit === "" ? "" : " ";
  return [
    { factor: 1, symbol: unit },
    { factor: 1e3, symbol: `k${space}${unit}` },
    { factor: 1e6, symbol: `M${space}${unit}` },
    { factor: 1e9, symbol: `B${space}${unit}` },
    { factor: 1e12, symbol: `T${space}${unit}` },
  ];
}

/**
 * A count that names a configuration (GPUs in a cluster): every digit, with thousands separators ("16,384", not
 * "16.4 k"), since opening "16.4 k GPUs" could not say which count it was. Not an integer: as {@link formatCount}.
 */
export function formatExactCount(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("en-US") : formatCount(value);
}

/**
 * A plain count or quantity: integers below 10,000 exactly ("1,024", "8"), anything else to three significant
 * figures with k/M/B/T ("4.21 M").
 */
export function formatCount(value: number, unit = ""): string {
  if (!Number.isFinite(value)) return "n/a";
  if (Number.isInteger(value) && Math.abs(value) < 1e4) {
    const text = value.toLocaleString("en-US");
    return unit ? `${text} ${unit}` : text;
  }
  return formatScaled(value, countSteps(unit), SIGNIFICANT).trimEnd();
}

/**
 * US dollars to three significant figures: "$0.0608", "$4.48", "$488k", "$6.62M" (core's `formatUsd` keeps whole
 * dollars below a million).
 */
export function formatMoney(usd: number): string {
  if (!Number.isFinite(usd)) return "n/a";
  const sign = usd < 0 ? "-" : "";
  const magnitude = Math.abs(usd);
  if (magnitude >= 1e6) return formatUsd(usd, SIGNIFICANT);
  if (magnitude >= 1e3) return `${sign}$${formatSignificant(magnitude / 1e3, SIGNIFICANT)}k`;
  return `${sign}$${formatSignificant(magnitude, SIGNIFICANT)}`;
}

/**
 * Formats a value in one of the planner's units (a `PlanMetric`'s `unit`, a breakdown's `unit`) or a unit the
 * app uses (`W`, `kW`, `MW`, `TFLOP/s`, `GPU-h`, `USD/GPU-h`, ...).
 *
 * @param value - the value in `unit`
 * @param unit - the unit symbol
 * @returns e.g. `"171 d"`, `"48.5%"`, `"4.21 M GPU-h"`, `"$488k"`, `"1.06 s"`
 */
export function formatQuantity(value: number, unit: string): string {
  if (!Number.isFinite(value)) return "n/a";
  switch (unit) {
    case "ratio":
      return `${formatSignificant(value * 100, SIGNIFICANT)}%`;
    case "%":
      return `${formatSignificant(value, SIGNIFICANT)}%`;
    case "ns":
      return formatDuration(value / 1e9, SIGNIFICANT);
    case "ms":
      return formatDuration(value / 1e3, SIGNIFICANT);
    case "s":
      return formatDuration(value, SIGNIFICANT);
    case "min":
      return formatDuration(value * 60, SIGNIFICANT);
    case "d":
      return formatDuration(value * 86_400, SIGNIFICANT);
    case "y":
      return formatDuration(value * 86_400 * 365, SIGNIFICANT);
    case "h":
    case "GPU-h":
      return formatCount(value, "GPU-h");
    case "kWh":
      return formatEnergyKwh(value, SIGNIFICANT);
    case "MWh":
      return formatEnergyKwh(value * 1000, SIGNIFICANT);
    case "tCO2e":
      return formatCo2eKg(value * 1000, SIGNIFICANT);
    case "kgCO2e":
      return formatCo2eKg(value, SIGNIFICANT);
    case "USD":
    case "$":
      return formatMoney(value);
    case "USD/GPU-h":
      return `${formatMoney(value)}/GPU-h`;
    case "USD/Mtoken":
      return `${formatMoney(value)}/Mtoken`;
    case "USD/y":
      return `${formatMoney(value)}/year`;
    case "USD/kWh":
      return `${formatMoney(value)}/kWh`;
    case "L":
      return formatLiters(value, SIGNIFICANT);
    case "bytes":
    case "B":
      return formatBytes(value);
    case "GB":
      return formatBytes(value * 1e9);
    case "W":
      return formatWatts(value, SIGNIFICANT);
    case "kW":
      return formatWatts(value * 1e3, SIGNIFICANT);
    case "MW":
      return formatWatts(value * 1e6, SIGNIFICANT);
    case "TFLOP/s":
      return formatFlops(value * 1e12, { perSecond: true, significantDigits: SIGNIFICANT });
    case "":
      return formatCount(value);
    default:
      return formatCount(value, unit);
  }
}

/**
 * The unit of a plan field from its name (the repo's naming convention: `stepTimeSeconds`, `capexUsd`,
 * `mfuRatio`, `facilityPowerKW`, ...), for tables of figures found in a plan.
 *
 * @param key - the field name
 * @returns a unit {@link formatQuantity} knows, or `""` for a plain number
 */
export function unitFromKey(key: string): string {
  const rules: Array<[RegExp, string]> = [
    [/UsdPerGpuHour$|costPerGpuHourUsd$|PerGpuHourUsd$/i, "USD/GPU-h"],
    [/usdPerMillionTokens$/i, "USD/Mtoken"],
    [/UsdPerYear$/, "USD/y"],
    [/UsdPerKWh$/, "USD/kWh"],
    [/Usd$|^usd$/i, "USD"],
    [/KgCo2ePerKWh$/, "kgCO2e/kWh"],
    [/Ratio$/, "ratio"],
    [/Percent$/, "%"],
    [/Seconds$/, "s"],
    [/Ms$/, "ms"],
    [/gpuHours$/i, "GPU-h"],
    [/Hours$/, "wall-h"],
    [/Days$/, "d"],
    [/Years$/, "y"],
    [/Bytes(PerGpu)?$|BytesHeldPeak$|capacityBytes/, "bytes"],
    [/Watts$/, "W"],
    [/MWh$/, "MWh"],
    [/KWh$/, "kWh"],
    [/KW$/, "kW"],
    [/MW$/, "MW"],
    [/Tonnes$/, "tCO2e"],
    [/[Ll]iters$/, "L"],
    [/TflopsPerGpu$|Tflops$/, "TFLOP/s"],
    [/[Tt]okensPerSecond(PerGpu)?$/, "tokens/s"],
    [/RequestsPerSecond$|RatePerSecond$/, "requests/s"],
    [/samplesPerSecond$/, "samples/s"],
    [/GBps$/, "GB/s"],
  ];
  return rules.find(([pattern]) => pattern.test(key))?.[1] ?? "";
}

/**
 * A plan field's value as text: numbers in the unit its name says ({@link unitFromKey}), booleans as yes/no.
 *
 * @param key - the field name
 * @param value - its value
 * @returns the text
 */
export function formatField(key: string, value: number | string | boolean): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  const unit = unitFromKey(key);
  if (unit === "wall-h") return formatDuration(value * 3600, SIGNIFICANT);
  if (unit === "kgCO2e/kWh") return `${formatSignificant(value, SIGNIFICANT)} kgCO2e/kWh`;
  if (unit === "") return Number.isInteger(value) ? formatCount(value) : formatSignificant(value, SIGNIFICANT);
  return formatQuantity(value, unit);
}
