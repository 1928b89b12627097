import { InvalidInputError } from "../errors/invalid-input-error";
import { closestMatches } from "../text/closest";

/**
 * Every unit {@link convertUnits} knows, with its dimension and its factor to the dimension's base unit
 * (bytes, FLOP, seconds, watts, joules, kg CO2e, litres).
 *
 * @since 0.1.0
 * @category Units
 */
export const UNIT_TABLE = {
  B: { dimension: "data", factor: 1 },
  kB: { dimension: "data", factor: 1e3 },
  MB: { dimension: "data", factor: 1e6 },
  GB: { dimension: "data", factor: 1e9 },
  TB: { dimension: "data", factor: 1e12 },
  PB: { dimension: "data", factor: 1e15 },
  KiB: { dimension: "data", factor: 2 ** 10 },
  MiB: { dimension: "data", factor: 2 ** 20 },
  GiB: { dimension: "data", factor: 2 ** 30 },
  TiB: { dimension: "data", factor: 2 ** 40 },
  PiB: { dimension: "data", factor: 2 ** 50 },
  FLOP: { dimension: "compute", factor: 1 },
  GFLOP: { dimension: "compute", factor: 1e9 },
  TFLOP: { dimension: "compute", factor: 1e12 },
  PFLOP: { dimension: "compute", factor: 1e15 },
  EFLOP: { dimension: "compute", factor: 1e18 },
  ZFLOP: { dimension: "compute", factor: 1e21 },
  ns: { dimension: "time", factor: 1e-9 },
  us: { dimension: "time", factor: 1e-6 },
  ms: { dimension: "time", factor: 1e-3 },
  s: { dimension: "time", factor: 1 },
  min: { dimension: "time", factor: 60 },
  h: { dimension: "time", factor: 3600 },
  d: { dimension: "time", factor: 86_400 },
  y: { dimension: "time", factor: 86_400 * 365 },
  W: { dimension: "power", factor: 1 },
  kW: { dimension: "power", factor: 1e3 },
  MW: { dimension: "power", factor: 1e6 },
  GW: { dimension: "power", factor: 1e9 },
  J: { dimension: "energy", factor: 1 },
  kJ: { dimension: "energy", factor: 1e3 },
  MJ: { dimension: "energy", factor: 1e6 },
  Wh: { dimension: "energy", factor: 3600 },
  kWh: { dimension: "energy", factor: 3.6e6 },
  MWh: { dimension: "energy", factor: 3.6e9 },
  GWh: { dimension: "energy", factor: 3.6e12 },
  TWh: { dimension: "energy", factor: 3.6e15 },
  gCO2e: { dimension: "carbon", factor: 1e-3 },
  kgCO2e: { dimension: "carbon", factor: 1 },
  tCO2e: { dimension: "carbon", factor: 1e3 },
  ktCO2e: { dimension: "carbon", factor: 1e6 },
  mL: { dimension: "volume", factor: 1e-3 },
  L: { dimension: "volume", factor: 1 },
  m3: { dimension: "volume", factor: 1e3 },
  ML: { dimension: "volume", factor: 1e6 },
} as const satisfies Record<string, { dimension: string; factor: number }>;

/**
 * A unit symbol known to {@link convertUnits}.
 *
 * @since 0.1.0
 * @category Units
 */
export type UnitSymbol = keyof typeof UNIT_TABLE;

function lookupUnit(symbol: string, field: string) {
  const entry = (UNIT_TABLE as Record<string, { dimension: string; factor: number }>)[symbol];
  if (entry) return entry;
  const suggestions = closestMatches(symbol, Object.keys(UNIT_TABLE), 3, 2);
  throw new InvalidInputError("unit conversion", [
    {
      path: field,
      message: "unknown unit",
      received: symbol,
      hint:
        suggestions.length > 0
          ? `did you mean ${suggestions.map((s) => `"${s}"`).join(" or ")}? (units are case-sensitive: GB is decimal, GiB binary)`
          : `known units: ${Object.keys(UNIT_TABLE).join(", ")}`,
    },
  ]);
}

/**
 * Converts a value between two units of the same dimension (data, compute, time, power, energy, carbon,
 * volume). Decimal (GB) and binary (GiB) units are distinct.
 *
 * @param value - the value in `from` units
 * @param from - a unit symbol, e.g. `"GiB"`
 * @param to - a unit symbol of the same dimension, e.g. `"GB"`
 * @returns the value in `to` units
 * @throws InvalidInputError for an unknown unit (with suggestions), mismatched dimensions, or a result too large
 * for a double (`1e308 TB` in bytes)
 * @example
 * ```ts
 * import { convertUnits } from "@aifactory/core";
 * convertUnits(80, "GiB", "GB"); // 85.89934592
 * convertUnits(1, "MWh", "kWh"); // 1000
 * ```
 * @since 0.1.0
 * @category Units
 */
export function convertUnits(value: number, from: UnitSymbol | (string & {}), to: UnitSymbol | (string & {})): number {
  if (!Number.isFinite(value)) {
    throw new InvalidInputError("unit conversion", [
      { path: "value", message: "must be a finite number", received: value },
    ]);
  }
  const source = lookupUnit(from, "from");
  const target = lookupUnit(to, "to");
  if (source.dimension !== target.dimension) {
    throw new InvalidInputError("unit conversion", [
      {
        path: "to",
        message: `cannot convert ${source.dimension} (${from}) to ${target.dimension}`,
        received: to,
        hint: `pick a ${source.dimension} unit: ${Object.entries(UNIT_TABLE)
          .filter(([, unit]) => unit.dimension === source.dimension)
          .map(([symbol]) => symbol)
          .join(", ")}`,
      },
    ]);
  }
  const converted = (value * source.factor) / target.factor;
  if (!Number.isFinite(converted)) {
    throw new InvalidInputError("unit conversion", [
      {
        path: "value",
        message: `${value} ${from} is too large to express in ${to}`,
        received: value,
        hint: "convert to a larger unit",
      },
    ]);
  }
  return converted;
}
