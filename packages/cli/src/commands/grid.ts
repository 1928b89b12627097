import { formatSignificant } from "@aifactory/core";
import { type GridRegion, getGridRegion, listGridRegions, selectGridIntensity } from "@aifactory/energy";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { renderKeyValues, renderTable } from "../table";

function summary(region: GridRegion) {
  const intensity = selectGridIntensity(region);
  return {
    id: region.id,
    name: region.name,
    gCo2ePerKWh: intensity.gCo2ePerKWh,
    year: intensity.year,
    basis: intensity.basis,
    source: intensity.sources[0]?.title ?? "",
  };
}

/**
 * Registers `aif grid list` (every region with its default location-based intensity, year and source) and
 * `aif grid show <region-id>` (every published intensity of a region), from `@aifactory/energy`'s catalog.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif grid show us-va --json
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerGridCommands(program: Command, context: CliContext): void {
  const grid = program.command("grid").description("grid carbon intensities by region (year, method, source)");
  grid
    .command("list")
    .description("list grid regions with their latest location-based intensity")
    .action(() => {
      const rows = listGridRegions().map(summary);
      context.print(rows, () =>
        renderTable(rows, [
          { key: "id" },
          { key: "name" },
          { key: "gCo2ePerKWh", header: "gCO2e/kWh" },
          { key: "year" },
          { key: "basis" },
        ]),
      );
    });
  grid
    .command("show")
    .description("show every published intensity of a region")
    .argument("<region-id>", "region id, e.g. fr or us-va")
    .action((regionId: string) => {
      const region = getGridRegion(regionId);
      const rows = region.intensities.map((intensity) => ({
        gCo2ePerKWh: intensity.gCo2ePerKWh,
        year: intensity.year,
        basis: intensity.basis,
        method: intensity.method,
        source: intensity.sources[0]?.title ?? "",
      }));
      context.print(region, () =>
        [
          renderKeyValues([
            ["region", `${region.name} (${region.id})`],
            ["default", `${formatSignificant(selectGridIntensity(region).gCo2ePerKWh, 3)} gCO2e/kWh`],
          ]),
          renderTable(rows, [
            { key: "gCo2ePerKWh", header: "gCO2e/kWh" },
            { key: "year" },
            { key: "basis" },
            { key: "method" },
          ]),
          ...(region.notes ?? []).map((note) => `note: ${note}`),
        ].join("\n"),
      );
    });
}
