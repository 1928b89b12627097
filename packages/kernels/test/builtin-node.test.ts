import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILTIN_KERNEL_ACCELERATORS, builtinKernelTables } from "../src/builtin";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");

/** Runs `code` in a fresh Node process against the built package; returns its stdout. */
function node(code: string, module: boolean): string {
  const args = module ? ["--input-type=module", "-e", code] : ["-e", code];
  const run = spawnSync(process.execPath, args, { cwd: dist, encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

const digest = (text: string) => createHash("sha256").update(text).digest("hex");

// The Node entry reads the tables from dist/data/<id>/ (JSON lists and float32 latencies, written by the build):
// it must serve exactly the tables of src/data, through import and require alike.
describe.skipIf(!existsSync(join(dist, "builtin.js")) || !existsSync(join(dist, "data")))(
  "the built Node entry (dist/builtin.{js,cjs})",
  () => {
    const expected = Object.fromEntries(
      BUILTIN_KERNEL_ACCELERATORS.map((id) => [id, digest(JSON.stringify(builtinKernelTables(id)))]),
    );
    const script = `const out = {};
      for (const id of b.BUILTIN_KERNEL_ACCELERATORS) {
        out[id] = require("node:crypto").createHash("sha256").update(JSON.stringify(b.builtinKernelTables(id))).digest("hex");
      }
      if (!b.builtinKernelIndex("nvidia-b200").gemm.has("nvfp4")) throw new Error("no NVFP4 table");
      console.log(JSON.stringify(out));`;

    it("import: the same tables as src/data", () => {
      const code = `import { createRequire } from "node:module"; const require = createRequire(import.meta.url);
        const b = await import("./builtin.js"); ${script}`;
      expect(JSON.parse(node(code, true))).toEqual(expected);
    }, 60_000);

    it("require: the same tables as src/data", () => {
      expect(JSON.parse(node(`const b = require("./builtin.cjs"); ${script}`, false))).toEqual(expected);
    }, 60_000);
  },
);
