// Pages generated from the packages' own code and data, so the docs never drift from what the SDK does.
// Each generator imports the built package (run after `turbo run build`).

function escapeCell(value) {
  return String(value ?? "")
    .replaceAll("|", "\\|")
    .replaceAll("\n", " ");
}

/** A markdown table from rows and columns. */
export function markdownTable(rows, columns) {
  const head = `| ${columns.map((c) => c.header).join(" | ")} |`;
  const rule = `|${columns.map((c) => (c.align === "right" ? "---:" : "---")).join("|")}|`;
  const body = rows.map((row) => `| ${columns.map((c) => escapeCell(c.value(row))).join(" | ")} |`);
  return [head, rule, ...body].join("\n");
}

async function cliReference() {
  const { createProgram } = await import("@aifactory/cli");
  const { program } = createProgram({ stdout: () => {}, stderr: () => {}, stderrIsTty: false });
  const sections = [];
  const visit = (command, path) => {
    const name = [...path, command.name()].join(" ");
    const options = command.options.map((o) => `| \`${o.flags}\` | ${escapeCell(o.description)} |`);
    const args = command.registeredArguments.map((a) => `\`${a.required ? `<${a.name()}>` : `[${a.name()}]`}\``);
    sections.push(
      [
        `## \`${name}${args.length > 0 ? ` ${args.join(" ")}` : ""}\``,
        "",
        command.description() || "",
        "",
        ...(options.length > 0 ? ["| option | description |", "|---|---|", ...options, ""] : []),
      ].join("\n"),
    );
    for (const sub of command.commands) visit(sub, [...path, command.name()]);
  };
  visit(program, []);
  return {
    file: "cli-reference.md",
    markdown: `# CLI reference\n\nGenerated from the \`aif\` command definitions. Every command accepts \`--json\` (only JSON on stdout) and \`--debug\` (stack traces). Exit codes: 0 success, 1 failure, 2 bad input.\n\n${sections.join("\n")}`,
  };
}

/** Every generated page. */
export async function generatedPages(_repoRoot) {
  return [await cliReference()];
}
