import { definePackageProject } from "../../tooling/vitest/preset.ts";

// eventsource-parser (imported by the MCP SDK's HTTP client) publishes a `source` export condition pointing at
// TypeScript; the workspace resolves `source` for its own packages, so the SDK and it are inlined and transformed by vite.
export default definePackageProject("mcp", {
  server: { deps: { inline: [/@modelcontextprotocol\/sdk/, /eventsource-parser/] } },
});
