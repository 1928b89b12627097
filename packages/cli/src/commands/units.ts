import { convertUnits, formatSignificant, UNIT_TABLE } from "@aifactory/core";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { withFlagNames } from "../flag-names";
import { parseNumberOption } from "../options";
import { renderTable } from "../table";

/**
 * Registers `aif units convert <value> <from> <to>` and `aif units list`.
 *
 * @param program - the root command
 * @param context - output helpers
 * @since 0.1.0
 * @category CLI
 */
export function registerUnitsCommands(program: Command, context: CliContext): void {
  const units = program.command("units").description("convert between units (GB vs GiB, kWh vs MWh, ...)");
  units
    .command("convert")
    .description("convert a value between two units of the same dimension")
    .argument("<value>", "the number to convert")
    .argument("<from>", "its unit, e.g. GiB")
    .argument("<to>", "the target unit, e.g. GB")
    .action((rawValue: string, from: string, to: string) => {
      const value = parseNumberOption("<value>", rawValue);
      const converted = withFlagNames({ value: "<value>", from: "<from>", to: "<to>" }, () =>
        convertUnits(value, from, to),
      );
      context.print({ value, from, to, converted }, () => `${formatSignificant(converted, 6)} ${to}`);
    });
  units
    .command("list")
    .description("list the known units by dimension")
    .action(() => {
      const rows = Object.entries(UNIT_TABLE).map(([symbol, unit]) => ({
        unit: symbol,
        dimension: unit.dimension,
        factorToBase: unit.factor,
      }));
      context.print(rows, () =>
        renderTable(
          rows.map((row) => ({ ...row, factorToBase: formatSignificant(row.factorToBase, 6) })),
          [
            { key: "unit" },
            { key: "dimension" },
            { key: "factorToBase", header: "factor to base unit", align: "right" },
          ],
        ),
      );
    });
}
