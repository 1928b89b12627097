import type { SiteDesign, SiteDesignResult } from "@aifactory/planner";
import { productionOf } from "../../lib/site-view";
import { formatExactCount } from "../../lib/units";
import { formatValue } from "../format";

const dash = "–";

/**
 * The candidates of a site design side by side (`designSite`'s designs): system and power, accelerators and racks,
 * what it produces, capex, opex, carbon, water and the supply date; the Pareto designs are marked, and "Show"
 * picks the design whose breakdown and BOM the page shows.
 */
export function SiteCandidatesTable({
  result,
  selectedKey,
  onSelect,
}: {
  result: SiteDesignResult;
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
}) {
  const produces = result.designs.find((design) => design.production !== undefined)?.production;
  return (
    <div className="scroll">
      <table className="site-candidates" data-testid="site-candidates">
        <caption>
          Candidates: the largest cluster of each that fits the site{" "}
          <span className="muted">(★ Pareto: no other design produces more for less capex and opex)</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">System</th>
            <th scope="col">Accelerator power</th>
            <th scope="col">Accelerators</th>
            <th scope="col">Racks</th>
            <th scope="col">Grid used</th>
            <th scope="col">
              {produces === undefined ? "Produces" : produces.kind === "serving" ? "Output tokens/s" : "Runs per year"}
            </th>
            <th scope="col">Capex</th>
            <th scope="col">Opex per year</th>
            <th scope="col">Carbon per year</th>
            <th scope="col">Water per year (on-site)</th>
            <th scope="col">Online from</th>
            <th scope="col">Breakdown and BOM</th>
          </tr>
        </thead>
        <tbody>
          {result.designs.map((design) => (
            <CandidateRow
              key={design.key}
              design={design}
              pareto={result.paretoKeys.includes(design.key)}
              selected={design.key === selectedKey}
              onSelect={onSelect}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CandidateRow({
  design,
  pareto,
  selected,
  onSelect,
}: {
  design: SiteDesign;
  pareto: boolean;
  selected: boolean;
  onSelect: (key: string) => void;
}) {
  const name = (
    <th scope="row">
      {design.systemName}
      {pareto && (
        <span className="badge" title="Pareto-optimal">
          ★ Pareto
        </span>
      )}
    </th>
  );
  const capText =
    design.powerCapWatts === undefined ? "TDP" : `cap ${formatValue(design.powerCapWatts, "W")} per accelerator`;
  if (!design.feasible) {
    return (
      <tr data-key={design.key} data-feasible="false" className="infeasible">
        {name}
        <td>{capText}</td>
        <td colSpan={10} className="site-reason">
          not feasible: {design.reason}
        </td>
      </tr>
    );
  }
  const production = productionOf(design.production);
  return (
    <tr
      data-key={design.key}
      data-feasible="true"
      data-pareto={pareto}
      className={selected ? "current" : undefined}
      aria-current={selected ? "true" : undefined}
    >
      {name}
      <td>
        {formatValue(design.power.acceleratorWatts, "W")} {design.powerCapWatts === undefined ? "(TDP)" : "(cap)"}
      </td>
      <td className="num">{formatExactCount(design.acceleratorCount)}</td>
      <td className="num">{formatExactCount(design.rackCount)}</td>
      <td className="num">{formatValue(design.power.gridUsedWatts, "W")}</td>
      <td className="num" title={design.production?.modelId}>
        {production ? formatValue(production.value, production.unit === "tokens/s" ? "tokens/s" : "") : dash}
      </td>
      <td className="num">{formatValue(design.cost.capexUsd, "USD")}</td>
      <td className="num">{formatValue(design.cost.opexUsdPerYear, "USD")}</td>
      <td className="num">{formatValue(design.carbon.annualOperationalTonnes, "tCO2e")}</td>
      <td
        className="num"
        title={`off-site (electricity generation): ${formatValue(design.water.annualOffsiteLiters, "L")}`}
      >
        {formatValue(design.water.annualOnsiteLiters, "L")}
      </td>
      <td title={`binding constraint: ${design.supply.bindingConstraint}`}>
        {design.supply.earliestOnlineQuarter ?? "n/a"}
      </td>
      <td>
        <button
          type="button"
          aria-pressed={selected}
          aria-label={`Show the breakdown and BOM of ${design.systemName} (${design.key})`}
          onClick={() => onSelect(design.key)}
        >
          {selected ? "Shown" : "Show"}
        </button>
      </td>
    </tr>
  );
}

/** The bill of materials of one design (`design.bom`): systems, racks, switches, optics, cables, storage. */
export function SiteBomTable({ design }: { design: SiteDesign }) {
  return (
    <div className="scroll">
      <table className="site-bom" data-testid="site-bom">
        <caption>
          Bill of materials of {design.systemName}
          {design.powerCapWatts === undefined ? "" : ` at ${formatValue(design.powerCapWatts, "W")}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Item</th>
            <th scope="col">Quantity</th>
            <th scope="col">Power</th>
            <th scope="col">Price</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {design.bom.map((line) => (
            <tr key={`${line.category}-${line.item}`}>
              <th scope="row">{line.category}</th>
              <td className="site-item">{line.item}</td>
              <td className="num">{formatExactCount(line.quantity)}</td>
              <td className="num">{line.powerWatts === undefined ? "n/a" : formatValue(line.powerWatts, "W")}</td>
              <td className="num">{line.priceUsd === undefined ? "n/a" : formatValue(line.priceUsd, "USD")}</td>
              <td className="site-note">{line.note ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const TIER_LABELS: Readonly<Record<string, string>> = {
  "host-dram": "Host DRAM",
  "local-nvme": "Local NVMe",
  "storage-nodes": "Storage nodes",
};

/** A serving design's KV offload (`design.kvOffload`): bytes, hit share, reads and writes needed per tier. */
export function SiteKvOffloadTable({ design }: { design: SiteDesign }) {
  const kv = design.kvOffload;
  if (!kv) return null;
  const rate = (value: number | undefined) => (value === undefined ? "n/a" : `${formatValue(value * 1e9, "B")}/s`);
  return (
    <div className="scroll">
      <table className="site-bom" data-testid="site-kv-offload">
        <caption>
          KV-cache offload of {design.systemName}: {formatValue(kv.requiredBytes, "B")} retained
          {kv.storageNodeCount > 0
            ? `, ${formatExactCount(kv.storageNodeCount)} storage nodes (set by ${kv.storageNodesSetBy})`
            : ""}
          {kv.unplacedBytes > 0 ? `, ${formatValue(kv.unplacedBytes, "B")} fits no tier` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">Used</th>
            <th scope="col">Capacity</th>
            <th scope="col">Hit share</th>
            <th scope="col">Reads needed</th>
            <th scope="col">Reads offered</th>
            <th scope="col">Writes needed</th>
          </tr>
        </thead>
        <tbody>
          {kv.tiers.map((tier) => (
            <tr key={tier.tier}>
              <th scope="row">{TIER_LABELS[tier.tier] ?? tier.tier}</th>
              <td className="num">{formatValue(tier.usedBytes, "B")}</td>
              <td className="num">{formatValue(tier.capacityBytes, "B")}</td>
              <td className="num">{formatValue(tier.hitShareRatio * 100, "%")}</td>
              <td className="num">{rate(tier.readGBpsNeeded)}</td>
              <td className="num">{rate(tier.readGBpsAvailable)}</td>
              <td className="num">{rate(tier.writeGBpsNeeded)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
