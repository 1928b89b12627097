import type { SiteDesign, SiteDesignResult } from "./design-site";

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = typeof value === "number" ? String(Math.round(value * 1000) / 1000) : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The bill of materials of every feasible design as CSV (one row per line item, the design's key first), with
 * empty power and price cells where no public figure exists.
 *
 * @param result - what {@link designSite} returned
 * @returns CSV text with a header row
 * @example
 * ```ts
 * import { designSite, siteBomToCsv } from "@aifactory/planner";
 * const csv = siteBomToCsv(designSite({ site: { gridPowerMW: 5, availableQuarter: "2027-Q1" }, candidates: [{ systemId: "nvidia-dgx-b200" }] }));
 * csv.split("\n")[0]; // "design,category,item,quantity,powerWatts,priceUsd,note"
 * ```
 * @since 0.7.0
 * @category Site
 */
export function siteBomToCsv(result: SiteDesignResult): string {
  const lines = ["design,category,item,quantity,powerWatts,priceUsd,note"];
  for (const design of result.designs) {
    if (!design.feasible) continue;
    for (const line of design.bom) {
      lines.push(
        [design.key, line.category, line.item, line.quantity, line.powerWatts, line.priceUsd, line.note]
          .map(csvCell)
          .join(","),
      );
    }
  }
  return lines.join("\n");
}

/**
 * The power breakdown of a design as Sankey links (parent stage -> stage, watts), from the grid power used down to
 * the accelerators; every leaf stage is the target of exactly one link.
 *
 * @param design - a design from {@link designSite}
 * @returns the links, parents before children
 * @example
 * ```ts
 * import { designSite, sitePowerLinks } from "@aifactory/planner";
 * const design = designSite({ site: { gridPowerMW: 5, availableQuarter: "2027-Q1" }, candidates: [{ systemId: "nvidia-dgx-b200" }] }).designs[0]!;
 * sitePowerLinks(design)[0]?.source; // "grid-used"
 * ```
 * @since 0.7.0
 * @category Site
 */
export function sitePowerLinks(design: SiteDesign): Array<{ source: string; target: string; watts: number }> {
  return design.power.nodes
    .filter((node) => node.parent !== undefined)
    .map((node) => ({ source: node.parent as string, target: node.id, watts: node.watts }));
}
