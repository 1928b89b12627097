#!/usr/bin/env node
// Builds the docs site: collects the guides (apps/docs/guides and each package's docs/), generates the pages
// that come from code and data (CLI reference, catalogs, validation tables), runs TypeDoc over every public
// package with warnings as errors, then checks every local link in the built site.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedPages } from "./pages.mjs";

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(docsDir, "../..");
const generated = join(docsDir, ".generated");
const guidesOut = join(generated, "guides");
rmSync(generated, { recursive: true, force: true });
mkdirSync(guidesOut, { recursive: true });

function withTitle(markdown, fallbackTitle) {
  if (markdown.startsWith("---\n")) return markdown;
  const heading = markdown.match(/^#\s+(.+)$/m);
  const title = (heading?.[1] ?? fallbackTitle).replaceAll('"', "'").replaceAll("`", "");
  return `---\ntitle: "${title}"\n---\n\n${markdown}`;
}

// The navigation lists the documents before the API, in this order: the hand-written guides (the ones a new
// user needs first at the top), each package's methodology pages, then the pages generated from code and data.
// TypeDoc keeps documents in the order they are given (`alphabetical-ignoring-documents` in typedoc.json).
const GUIDE_ORDER = [
  "getting-started.md",
  "concepts.md",
  "size-an-inference-fleet.md",
  "design-a-100-mw-ai-factory.md",
  "ai-assistants.md",
  "plugins.md",
  "glossary.md",
  "reliability.md",
];
const documents = [];

// 1. Hand-written guides.
const guideFiles = readdirSync(join(docsDir, "guides"))
  .filter((f) => f.endsWith(".md") && f !== "index.md")
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
function rank(file) {
  const index = GUIDE_ORDER.indexOf(file);
  return index === -1 ? GUIDE_ORDER.length : index;
}
for (const file of guideFiles) {
  writeFileSync(join(guidesOut, file), withTitle(readFileSync(join(docsDir, "guides", file), "utf8"), file));
  documents.push(file);
}
// 2. Each package's docs/ (methodology, contributor guides). Links between a package's own pages are rewritten
// to the generated names; links to other files of the repository point at the repository.
const REPOSITORY_BLOB = "https://github.com/aifactory-dev/aifactory/blob/main";
function rewriteLinks(markdown, pkg) {
  return markdown.replace(/\]\((\.{1,2}\/[^)#\s]+)(#[^)\s]*)?\)/g, (match, target, anchor = "") => {
    const resolved = join("packages", pkg, "docs", target);
    if (!existsSync(join(repoRoot, resolved))) return match;
    const name = target.replace(/^\.\//, "");
    if (name.endsWith(".md") && !name.includes("/")) return `](./${pkg}-${name}${anchor})`;
    return `](${REPOSITORY_BLOB}/${resolved}${anchor})`;
  });
}
for (const pkg of readdirSync(join(repoRoot, "packages")).sort()) {
  const dir = join(repoRoot, "packages", pkg, "docs");
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()) {
    const markdown = rewriteLinks(readFileSync(join(dir, file), "utf8"), pkg);
    writeFileSync(join(guidesOut, `${pkg}-${file}`), withTitle(markdown, `${pkg} ${file}`));
    documents.push(`${pkg}-${file}`);
  }
}
// 3. Pages generated from code and data.
for (const page of await generatedPages(repoRoot)) {
  writeFileSync(join(guidesOut, page.file), withTitle(page.markdown, page.file));
  documents.push(page.file);
}
cpSync(join(docsDir, "guides", "index.md"), join(generated, "index.md"));

// 4. TypeDoc.
const typedoc = spawnSync(
  join(docsDir, "node_modules/.bin/typedoc"),
  [
    "--options",
    "typedoc.json",
    ...documents.flatMap((file) => ["--projectDocuments", join(".generated", "guides", file)]),
  ],
  {
    cwd: docsDir,
    stdio: "inherit",
  },
);
if (typedoc.status !== 0) {
  console.error("docs: TypeDoc failed (warnings are errors: document every export, fix broken links)");
  process.exit(1);
}

// 5. Link check over the built site: every local href/src must resolve to a file.
const site = join(docsDir, "site");
const broken = [];
let checked = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith(".html")) checkPage(full);
  }
}
function checkPage(file) {
  const html = readFileSync(file, "utf8");
  for (const match of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
    const link = match[1];
    if (/^(?:[a-z]+:|#|\/\/)/i.test(link)) continue;
    checked += 1;
    const target = resolve(dirname(file), decodeURIComponent(link.split("#")[0].split("?")[0]));
    if (!existsSync(target)) broken.push(`${file.slice(site.length + 1)} -> ${link}`);
  }
}
walk(site);
if (broken.length > 0) {
  console.error(`docs: ${broken.length} broken local links:\n  ${broken.slice(0, 50).join("\n  ")}`);
  process.exit(1);
}
console.log(`docs: built ${site} (${checked} local links checked, 0 broken)`);
