import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { NotFoundError } from "@aifactory/core";

/** Packages whose `docs/` pages (methodology, guides) the server serves as resources. */
const DOC_PACKAGES = ["workloads", "energy", "economics", "memory", "bench"] as const;

/**
 * A methodology or guide page a package ships in its `docs/` folder.
 *
 * @since 0.1.0
 * @category MCP
 */
export interface MethodologyPage {
  /** Resource name: `<package>-<file>` without `.md`, e.g. `workloads-fleet-methodology`. */
  page: string;
  /** The page's first heading. */
  title: string;
  path: string;
}

function docsDirectory(pkg: string): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve(`@aifactory/${pkg}/package.json`)), "docs");
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The methodology and guide pages the installed aifactory packages ship (their `docs/` folders).
 *
 * @returns the pages, by package
 * @example
 * ```ts
 * import { listMethodologyPages } from "@aifactory/mcp";
 * listMethodologyPages().some((p) => p.page === "workloads-serving-methodology"); // true
 * ```
 * @since 0.1.0
 * @category MCP
 */
export function listMethodologyPages(): MethodologyPage[] {
  const pages: MethodologyPage[] = [];
  for (const pkg of DOC_PACKAGES) {
    const dir = docsDirectory(pkg);
    if (dir === undefined) continue;
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(".md"))
      .sort()) {
      const path = join(dir, file);
      const heading = /^#\s+(.+)$/m.exec(readFileSync(path, "utf8"));
      pages.push({ page: `${pkg}-${file.replace(/\.md$/, "")}`, title: heading?.[1]?.trim() ?? file, path });
    }
  }
  return pages;
}

/**
 * One methodology page's Markdown.
 *
 * @param page - a name from {@link listMethodologyPages}
 * @returns the Markdown
 * @throws NotFoundError with the nearest page names
 * @example
 * ```ts
 * import { readMethodologyPage } from "@aifactory/mcp";
 * readMethodologyPage("workloads-fleet-methodology").startsWith("# Fleet methodology"); // true
 * ```
 * @since 0.1.0
 * @category MCP
 */
export function readMethodologyPage(page: string): string {
  const pages = listMethodologyPages();
  const found = pages.find((p) => p.page === page);
  if (found === undefined) {
    throw new NotFoundError(
      "methodology page",
      page,
      pages.map((p) => p.page),
    );
  }
  return readFileSync(found.path, "utf8");
}
