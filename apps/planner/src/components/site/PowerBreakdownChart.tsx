import type { SiteDesign } from "@aifactory/planner";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { GRID_UNUSED_ID, type PowerBlock, powerBlocks } from "../../lib/site-view";
import { formatValue } from "../format";

/** Colours of the leaves (the stages that add up to the grid power); the stages that split further are grey. */
const LEAF_COLORS: Record<string, string> = {
  "distribution-losses": "#c0392b",
  "cooling-and-other": "#e67e22",
  gpus: "#2e7d32",
  hosts: "#3b6fb6",
  "scale-up-switches": "#6a5acd",
  "network-switches": "#8e44ad",
  "network-optics": "#b07cc6",
  storage: "#5d6d7e",
  [GRID_UNUSED_ID]: "#ffffff",
};
const SPLIT_COLOR = "#e3e9f1";
const ROW_HEIGHT = 34;
const ROW_GAP = 4;
/** Approximate width of a character of the chart's 11 px labels, px (to leave out a label that would not fit). */
const CHARACTER_PX = 6.2;

function colorOf(block: PowerBlock): string {
  return block.leaf ? (LEAF_COLORS[block.id] ?? "#7f8c8d") : SPLIT_COLOR;
}

/** The text of a block that fits its width: label and power, label alone, or nothing. */
function blockText(block: PowerBlock, widthPx: number): string {
  const power = formatValue(block.watts, "W");
  const room = Math.floor((widthPx - 8) / CHARACTER_PX);
  const full = `${block.label} ${power}`;
  if (full.length <= room) return full;
  if (power.length <= room) return power;
  return "";
}

/** The width of an element, followed as it resizes (ResizeObserver). */
function useWidth(initial: number): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth || initial);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(1, Math.round(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [initial]);
  return [ref, width];
}

/**
 * The power breakdown of a site design, from the contracted grid power down to the accelerators: an icicle chart
 * (SVG), one row per level of `designSite`'s power tree (grid -> used and unused -> losses, cooling, IT -> compute,
 * network, storage -> accelerators, hosts, switches, optics), each block as wide as its power; the leaves (coloured)
 * add up to the grid power. A table of the leaves is its text alternative.
 */
export function PowerBreakdownChart({ design }: { design: SiteDesign }) {
  const { blocks, depthCount, totalWatts } = useMemo(() => powerBlocks(design), [design]);
  const [ref, width] = useWidth(800);
  const captionId = useId();
  const tableId = useId();
  const height = depthCount * (ROW_HEIGHT + ROW_GAP);
  const x = (watts: number) => (watts / totalWatts) * width;
  const leaves = blocks.filter((block) => block.leaf);
  const share = (watts: number) => formatValue(watts / totalWatts, "ratio");
  const capped = design.powerCapWatts !== undefined;
  return (
    <figure
      className="panel chart site-power"
      aria-labelledby={captionId}
      data-testid="site-power-chart"
      data-grid-watts={totalWatts}
    >
      <figcaption id={captionId}>
        <strong>Power breakdown</strong> of {design.systemName}
        {capped ? ` at ${formatValue(design.powerCapWatts ?? 0, "W")} per accelerator` : ""}:{" "}
        <span className="muted">
          grid <span data-testid="site-grid-mw">{formatValue(totalWatts, "W")}</span> down to{" "}
          {formatValue(design.power.acceleratorWatts, "W")} per accelerator
        </span>
      </figcaption>
      <div ref={ref} className="site-power-plot">
        <svg
          width={width}
          height={height}
          role="img"
          aria-labelledby={captionId}
          aria-describedby={tableId}
          fontSize={11}
        >
          <title>{`Power breakdown of ${design.systemName}: grid ${formatValue(totalWatts, "W")}`}</title>
          {blocks.map((block) => {
            const left = x(block.startWatts);
            const blockWidth = Math.max(0, x(block.watts));
            const top = block.depth * (ROW_HEIGHT + ROW_GAP);
            const text = blockText(block, blockWidth);
            const dark = block.leaf && block.id !== GRID_UNUSED_ID;
            return (
              <g
                key={block.id}
                {...(block.leaf ? { "data-segment": block.id, "data-watts": block.watts } : {})}
                data-depth={block.depth}
              >
                <title>{`${block.label}: ${formatValue(block.watts, "W")} (${share(block.watts)} of the grid power)`}</title>
                <rect
                  x={left}
                  y={top}
                  width={blockWidth}
                  height={ROW_HEIGHT}
                  fill={colorOf(block)}
                  stroke={block.id === GRID_UNUSED_ID ? "#8a96a6" : "#ffffff"}
                  strokeDasharray={block.id === GRID_UNUSED_ID ? "4 3" : undefined}
                  strokeWidth={1}
                />
                {text && (
                  <text x={left + 5} y={top + ROW_HEIGHT / 2 + 4} fill={dark ? "#ffffff" : "#1d2430"}>
                    {text}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <p className="muted small" data-testid="site-per-accelerator">
        Each accelerator runs at {formatValue(design.power.acceleratorWatts, "W")} ({capped ? "its power cap" : "TDP"})
        and takes {formatValue(design.power.gridWattsPerAccelerator, "W")} of grid power with its share of hosts,
        network, storage, losses and cooling; PUE {formatValue(design.power.pue, "")}.
      </p>
      <div className="scroll">
        <table id={tableId} className="site-power-table" data-testid="site-power-table">
          <caption>Where the grid power goes</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Power</th>
              <th scope="col">Share of the grid</th>
            </tr>
          </thead>
          <tbody>
            {leaves.map((block) => (
              <tr key={block.id} data-segment={block.id} data-watts={block.watts}>
                <th scope="row">
                  <span className="swatch" style={{ background: colorOf(block) }} aria-hidden="true" />
                  {block.label}
                </th>
                <td className="num">{formatValue(block.watts, "W")}</td>
                <td className="num">{share(block.watts)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Grid power contracted</th>
              <td className="num" data-testid="site-grid-total">
                {formatValue(totalWatts, "W")}
              </td>
              <td className="num">{share(totalWatts)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {design.power.missing.length > 0 && (
        <p className="muted small" data-testid="site-power-missing">
          Not counted (no public figure): {design.power.missing.join("; ")}.
        </p>
      )}
    </figure>
  );
}
