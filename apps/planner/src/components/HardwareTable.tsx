import { compareAccelerators, DTYPES, type Dtype, listAccelerators } from "@aifactory/hardware";
import { memo, useId, useMemo, useState } from "react";
import { formatTick } from "./format";

function show(value: number | undefined): string {
  return value === undefined ? "–" : formatTick(value);
}

/**
 * The catalog side by side (`compareAccelerators`), in one format, relative to the scenario's accelerator
 * (listed first).
 */
export const HardwareTable = memo(function HardwareTable({ currentId }: { currentId: string }) {
  const [dtype, setDtype] = useState<Dtype>("bf16");
  const selectId = useId();
  const comparison = useMemo(() => {
    const ids = listAccelerators().map((entry) => entry.id);
    const ordered = ids.includes(currentId) ? [currentId, ...ids.filter((id) => id !== currentId)] : ids;
    return compareAccelerators(ordered, { dtype });
  }, [currentId, dtype]);
  return (
    <section className="panel" aria-labelledby="hardware-title">
      <h2 id="hardware-title">Hardware comparison</h2>
      <div className="field inline">
        <label htmlFor={selectId}>format</label>
        <select id={selectId} value={dtype} onChange={(event) => setDtype(event.target.value as Dtype)}>
          {DTYPES.map((entry) => (
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
            {comparison.rows.map((row) => (
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
    </section>
  );
});
