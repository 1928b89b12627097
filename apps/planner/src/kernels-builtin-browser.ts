// The browser build's stand-in for `@aifactory/kernels/builtin` (aliased in vite.config.ts): the same functions,
// but the measured kernel tables (about 1 MB per GPU) are fetched as JSON files on demand instead of being
// bundled into the JavaScript. The worker awaits `loadBuiltinKernelTables` for the accelerators a scenario names
// before it plans, so the models see exactly the tables the CLI and the library use.

import manifest from "virtual:kernel-tables";
import { indexKernelTables, type KernelIndex, type KernelTablesInput } from "@aifactory/kernels";

const raw = new Map<string, KernelTablesInput>();
const indexed = new Map<string, KernelIndex>();
const pending = new Map<string, Promise<void>>();

/** Accelerator ids with built-in measured tables. */
export const BUILTIN_KERNEL_ACCELERATORS: readonly string[] = Object.freeze([...manifest.ids]);

/** The raw tables of an accelerator once loaded (undefined before `loadBuiltinKernelTables`). */
export function builtinKernelTables(acceleratorId: string): KernelTablesInput | undefined {
  return raw.get(acceleratorId);
}

/** The decoded tables of an accelerator once loaded (undefined before `loadBuiltinKernelTables`). */
export function builtinKernelIndex(acceleratorId: string): KernelIndex | undefined {
  const cached = indexed.get(acceleratorId);
  if (cached !== undefined) return cached;
  const tables = raw.get(acceleratorId);
  if (tables === undefined) return undefined;
  const index = indexKernelTables(tables);
  indexed.set(acceleratorId, index);
  return index;
}

/** Fetches the tables of every built-in accelerator id that occurs in `value` (a scenario or a search space). */
export function loadBuiltinKernelTables(value: unknown): Promise<void> {
  const text = JSON.stringify(value) ?? "";
  const wanted = manifest.ids.filter((id) => text.includes(`"${id}"`) && !raw.has(id));
  return Promise.all(
    wanted.map((id) => {
      let load = pending.get(id);
      if (load === undefined) {
        const url = new URL(`${manifest.base}kernels/${id}.json`, self.location.origin).href;
        load = fetch(url)
          .then((response) => {
            if (!response.ok) throw new Error(`kernel tables ${url}: HTTP ${response.status}`);
            return response.json() as Promise<KernelTablesInput>;
          })
          .then((tables) => {
            raw.set(id, tables);
          });
        pending.set(id, load);
      }
      return load;
    }),
  ).then(() => undefined);
}
