#!/usr/bin/env node
// Attributes the built app's JavaScript to its source modules, from the sourcemaps of a build made with
// `vite build --sourcemap --outDir <dir>`: `node scripts/attribute.mjs <dir> [--top N] [--group package|file]`.
// Each generated character is charged to the source module its mapping segment names; a module's gzip weight is
// estimated by gzipping its own characters (its share of the chunk's gzip, scaled to the chunk's real gzip size).
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const dir = resolve(args[0] ?? "dist");
const top = Number(args[args.indexOf("--top") + 1]) || 40;
const group = args.includes("--group") ? args[args.indexOf("--group") + 1] : "file";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...B64].map((c, i) => [c, i]));
function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function keyOf(source) {
  if (!source) return "<unmapped>";
  const path = source.replace(/^(\.\.\/)+/, "");
  if (group === "file") return path.replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "npm:");
  const pnpm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pnpm) return `npm:${pnpm[1]}`;
  const pkg = /packages\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(path);
  if (pkg) return `packages/${pkg[1]}${pkg[2] && !pkg[2].includes(".") ? `/${pkg[2]}` : ""}`;
  return path;
}

const assets = join(dir, "assets");
let grandTotal = 0;
const overall = new Map();
for (const name of readdirSync(assets).filter((n) => n.endsWith(".js"))) {
  const code = readFileSync(join(assets, name), "utf8");
  const map = JSON.parse(readFileSync(join(assets, `${name}.map`), "utf8"));
  const lines = code.split("\n");
  const pieces = new Map();
  const add = (key, text) => {
    if (!text) return;
    const list = pieces.get(key) ?? [];
    list.push(text);
    pieces.set(key, list);
  };
  let sourceIndex = 0;
  map.mappings.split(";").forEach((lineMappings, lineNo) => {
    const line = lines[lineNo] ?? "";
    let column = 0;
    const segments = [];
    for (const raw of lineMappings.split(",")) {
      if (!raw) continue;
      const values = decodeVlq(raw);
      column += values[0];
      if (values.length > 1) sourceIndex += values[1];
      segments.push({ column, source: values.length > 1 ? map.sources[sourceIndex] : undefined });
    }
    // (the source line, column and name fields are not needed for attribution)
    if (segments.length === 0) {
      add("<unmapped>", line);
      return;
    }
    add("<unmapped>", line.slice(0, segments[0].column));
    segments.forEach((segment, i) => {
      add(keyOf(segment.source), line.slice(segment.column, segments[i + 1]?.column ?? line.length));
    });
  });
  const chunkGzip = gzipSync(code, { level: 9 }).length;
  grandTotal += chunkGzip;
  const rows = [...pieces].map(([key, list]) => {
    const text = list.join("");
    return { key, raw: Buffer.byteLength(text), gzipAlone: gzipSync(text, { level: 9 }).length };
  });
  const sumAlone = rows.reduce((s, r) => s + r.gzipAlone, 0);
  for (const row of rows) row.gzip = (row.gzipAlone * chunkGzip) / sumAlone;
  rows.sort((a, b) => b.gzip - a.gzip);
  console.log(`\n== ${name}: ${(code.length / 1000).toFixed(1)} KB raw, ${(chunkGzip / 1000).toFixed(1)} KB gzip`);
  for (const row of rows.slice(0, top)) {
    console.log(
      `${(row.gzip / 1000).toFixed(2).padStart(8)} KB gz ${(row.raw / 1000).toFixed(1).padStart(8)} KB  ${row.key}`,
    );
    const o = overall.get(row.key) ?? { gzip: 0, chunks: [] };
    o.gzip += row.gzip;
    o.chunks.push(name.split("-")[0]);
    overall.set(row.key, o);
  }
}
const dups = [...overall].filter(([, o]) => o.chunks.length > 1).sort((a, b) => b[1].gzip - a[1].gzip);
console.log(`\n== in more than one chunk (of the top rows), total ${(grandTotal / 1000).toFixed(1)} KB gzip`);
for (const [key, o] of dups.slice(0, top))
  console.log(`${(o.gzip / 1000).toFixed(2).padStart(8)} KB gz  ${key}  [${o.chunks.join(", ")}]`);
