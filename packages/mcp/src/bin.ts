#!/usr/bin/env node
import { startHttpServer, startStdioServer } from "./transports";

// `aifactory-mcp` (stdio, what MCP clients launch) or `aifactory-mcp --http [--port N]` (Streamable HTTP on
// 127.0.0.1). Diagnostics go to stderr: stdout carries only the protocol.
const args = process.argv.slice(2);
if (args.includes("--http")) {
  const index = args.indexOf("--port");
  const port = index >= 0 ? Number(args[index + 1]) : 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`error: --port must be an integer 0..65535 (received ${args[index + 1]})\n`);
    process.exit(2);
  }
  const endpoint = await startHttpServer(port);
  process.stderr.write(`aifactory MCP server on ${endpoint.url}\n`);
} else {
  await startStdioServer();
}
