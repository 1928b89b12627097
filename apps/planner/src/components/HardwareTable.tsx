import { memo, useId, useState } from "react";
import type { PlannerClient } from "../planner-client";
import { formatTick } from "./format";
import { useWorkerQuery } from "./use-worker-query";

function show(value: number | undefined): string {
  return value === undefined ? "–" : formatTick(value);
}

/**
 * The catalog side by side (`compareAccelerators`, computed in the planner worker: see lib/hardware-view.ts), in
 * one format, relative to the scenario's accelerator (listed first).
 */
export const HardwareTable = memo(function HardwareTable({
  client,
  currentId,
}: {
  client: PlannerClient;
  currentId: string;
}) {
  const [dtype, setDtype] = useState("bf16");
  const selectId = useId();
  const { result, error } = useWorkerQuery(client, "comparison", { currentId, dtype });
  const rows = result?.comparison.rows ?? [];
  return (
    <section className="panel" aria-labelledby="hardware-title">
      <h2 id="hardware-title">Hardware comparison</h2>
      <div className="field inline">
        <label htmlFor={selectId}>format</label>
        <select id={selectId} value={dtype} onChange={(event) => setDtype(event.target.value)}>
          {(result?.dtypes ?? [dtype]).map((entry) => (
            <option key={entry} value={entry}>
              {entry}
            </option>
          ))}
        </select>
        <span className="muted small">ratios are relative to the first row{currentId ? ` (${currentId})` : ""}</span>
      </div>
      <div className="scroll">
        <table className="hardware">
          <thead>
            <tr>
              <th scope="col">accelerator</th>
              <th scope="col">dense TFLOPS</th>
              <th scope="col">x</th>
              <th scope="col">sparse TFLOPS</th>
              <th scope="col">memory GB</th>
              <th scope="col">HBM GB/s</th>
              <th scope="col">TDP W</th>
              <th scope="col">scale-up GB/s/dir</th>
              <th scope="col">domain</th>
              <th scope="col">ridge FLOP/B</th>
              <th scope="col">TFLOPS/W</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className={row.id === currentId ? "current" : undefined}>
                <th scope="row" title={row.id}>
                  {row.name}
                </th>
                <td>{show(row.denseTflops)}</td>
                <td>{show(row.relativeToFirst.denseTflops)}</td>
                <td>{show(row.sparseTflops)}</td>
                <td>{show(row.memoryGB)}</td>
                <td>{show(row.memoryBandwidthGBps)}</td>
                <td>{show(row.tdpWatts)}</td>
                <td>{show(row.scaleUpBandwidthGBpsPerDirection)}</td>
                <td>{row.scaleUpDomainSize}</td>
                <td>{show(row.ridgePointFlopsPerByte)}</td>
                <td>{show(row.tflopsPerWatt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <p className="field-error">{error.message}</p>}
      {!result && !error && <p className="muted small">Loading the catalog…</p>}
    </section>
  );
});
