// The built-in accelerators' notes (source disagreements, conventions) that the assumptions panel lists: the
// worker's bundle leaves the catalogs' notes out (src/build/strip-catalog-text.ts), and the build emits them as a
// JSON file (vite.config.ts, `acceleratorNotes`), fetched once, when the panel first asks.
import type { BuiltinAcceleratorNotes } from "./lib/hardware-view";

/** Where the build puts the file, under the app's base. */
export const ACCELERATOR_NOTES_FILE = "hardware/accelerator-notes.json";

let pending: Promise<BuiltinAcceleratorNotes> | undefined;

/** The notes by accelerator id; none (and a new try next time) when the file cannot be fetched. */
export function builtinAcceleratorNotes(): Promise<BuiltinAcceleratorNotes> {
  pending ??= fetch(new URL(`${import.meta.env.BASE_URL}${ACCELERATOR_NOTES_FILE}`, self.location.origin).href)
    .then((response) => {
      if (!response.ok) throw new Error(`${ACCELERATOR_NOTES_FILE}: HTTP ${response.status}`);
      return response.json() as Promise<BuiltinAcceleratorNotes>;
    })
    .catch(() => {
      pending = undefined;
      return {};
    });
  return pending;
}
