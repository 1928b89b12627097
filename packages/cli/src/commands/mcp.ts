import { startHttpServer, startStdioServer } from "@aifactory/mcp";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { parseNumberOption } from "../options";

/**
 * Registers `aif mcp`: the aifactory Model Context Protocol server for AI assistants, over stdio (what clients
 * launch; stdout then carries only the protocol) or Streamable HTTP on 127.0.0.1 (`--http`).
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif mcp                      # stdio: configure your client to launch this
 * aif mcp --http --port 8787   # http://127.0.0.1:8787/mcp
 * ```
 * @since 0.3.0
 * @category CLI
 */
export function registerMcpCommands(program: Command, context: CliContext): void {
  program
    .command("mcp")
    .description("serve the aifactory tools to AI assistants over the Model Context Protocol (stdio, or --http)")
    .option("--http", "Streamable HTTP on 127.0.0.1 instead of stdio")
    .option("--port <n>", "HTTP port (with --http)", "8787")
    .action(async (flags: { http?: boolean; port: string }) => {
      if (flags.http) {
        const port = parseNumberOption("--port", flags.port, { int: true, min: 0, max: 65535 });
        const endpoint = await startHttpServer(port);
        context.note(`aifactory MCP server on ${endpoint.url} (Ctrl+C to stop)`);
        await new Promise<void>((resolve) => {
          process.once("SIGINT", resolve);
          process.once("SIGTERM", resolve);
        });
        await endpoint.close();
        return;
      }
      const server = await startStdioServer();
      // Serve until the client closes stdin.
      await new Promise<void>((resolve) => {
        process.stdin.once("end", resolve);
        process.stdin.once("close", resolve);
      });
      await server.close();
    });
}
