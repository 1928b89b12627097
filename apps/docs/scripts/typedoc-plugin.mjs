// TypeDoc plugin for the docs site (loaded through `plugin` in typedoc.json): markdown-it adjustments.
//
// Headings: TypeDoc 0.28 builds the "On This Page" contents and each heading's anchor from the heading's text tokens
// only, so a heading with inline code, e.g. "## 2. Collectives (`collective-time.ts`)", was listed as
// "Collectives ()". Giving every inline-code token a text child makes TypeDoc read its content too; the
// inline-code renderer reads `token.content` and ignores children, so the page itself renders unchanged.

/** @param {import("typedoc").Application} app */
export function load(app) {
  // TypeDoc resets its options after loading plugins, so the loader is set once bootstrapping has finished.
  app.on("bootstrapEnd", () => app.options.setValue("markdownItLoader", markdownItLoader));
}

/** @param {import("markdown-it").default} parser */
function markdownItLoader(parser) {
  headingCodeText(parser);
  scrollableTables(parser);
}

/**
 * Wraps every markdown table in `<div class="aif-table-scroll">` (styles/custom.css): a wide table (the catalogs,
 * the validation rows) scrolls sideways inside the content column instead of running under the page's
 * "On This Page" column.
 *
 * @param {import("markdown-it").default} parser
 */
function scrollableTables(parser) {
  const render = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options);
  const open = parser.renderer.rules.table_open ?? render;
  const close = parser.renderer.rules.table_close ?? render;
  parser.renderer.rules.table_open = (...args) => `<div class="aif-table-scroll">${open(...args)}`;
  parser.renderer.rules.table_close = (...args) => `${close(...args)}</div>`;
}

/** @param {import("markdown-it").default} parser */
function headingCodeText(parser) {
  parser.core.ruler.push("aifactory-heading-code-text", (state) => {
    for (const token of state.tokens) {
      if (token.type !== "inline" || !token.children) continue;
      for (const child of token.children) {
        if (child.type === "code_inline" && !child.children) {
          const text = new state.Token("text", "", 0);
          text.content = child.content;
          child.children = [text];
        }
      }
    }
  });
}
