import { useId, useState } from "react";

/**
 * Loads a pack file (accelerators, systems, fabrics, architectures, grid regions, prices) into the scenario: its
 * ids can then be used in the scenario's fields. The plan validates it and names every problem's dotted path.
 */
export function PackLoader({ packs, onLoad }: { packs: string[]; onLoad: (pack: unknown, label: string) => void }) {
  const fileId = useId();
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  return (
    <div className="field inline">
      <label htmlFor={fileId}>load pack</label>
      <input
        id={fileId}
        type="file"
        accept=".json,application/json"
        data-testid="pack-file"
        onChange={async (event) => {
          const file = event.target.files?.[0];
          if (!file) return;
          try {
            onLoad(JSON.parse(await file.text()), file.name);
            setFileError(undefined);
          } catch (error) {
            setFileError(`${file.name}: ${(error as Error).message}`);
          }
        }}
      />
      {packs.length > 0 && <span className="muted">packs: {packs.join(", ")}</span>}
      {fileError && <span className="field-error">{fileError}</span>}
    </div>
  );
}
