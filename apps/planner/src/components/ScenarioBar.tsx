import { useId, useState } from "react";

/** Picks a built-in scenario, loads one from a JSON file, and makes a share link. */
export function ScenarioBar({
  defaults,
  baseId,
  edited,
  onChoose,
  onLoad,
  onShare,
}: {
  defaults: Array<{ id: string; name: string }>;
  baseId: string | undefined;
  edited: boolean;
  onChoose: (id: string) => void;
  onLoad: (value: unknown, label: string) => void;
  onShare: () => Promise<string>;
}) {
  const pickerId = useId();
  const fileId = useId();
  const linkId = useId();
  const [link, setLink] = useState<string | undefined>(undefined);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  return (
    <div className="scenario-bar">
      <div className="field inline">
        <label htmlFor={pickerId}>scenario</label>
        <select
          id={pickerId}
          data-testid="scenario-picker"
          value={baseId ?? ""}
          onChange={(event) => onChoose(event.target.value)}
        >
          {baseId === undefined && <option value="">custom scenario</option>}
          {defaults.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.name}
              {entry.id === baseId && edited ? " (edited)" : ""}
            </option>
          ))}
        </select>
      </div>
      <div className="field inline">
        <label htmlFor={fileId}>load JSON</label>
        <input
          id={fileId}
          type="file"
          accept=".json,application/json"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            try {
              onLoad(JSON.parse(await file.text()), file.name);
              setFileError(undefined);
            } catch (error) {
              setFileError(`${file.name} is not valid JSON: ${(error as Error).message}`);
            }
          }}
        />
        {fileError && <span className="field-error">{fileError}</span>}
      </div>
      <div className="field inline">
        <button
          type="button"
          onClick={async () => {
            const url = await onShare();
            setLink(url);
            try {
              await navigator.clipboard.writeText(url);
            } catch {
              // clipboard access can be refused; the link is shown to copy by hand
            }
          }}
        >
          Share link
        </button>
        {link && (
          <>
            <label htmlFor={linkId} className="visually-hidden">
              share link
            </label>
            <input
              id={linkId}
              className="share-link"
              readOnly
              value={link}
              onFocus={(event) => event.target.select()}
            />
          </>
        )}
      </div>
    </div>
  );
}
