import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createAifactoryServer } from "./server";

/**
 * Serves aifactory over stdio (what desktop assistants and IDEs launch): JSON-RPC on stdin/stdout, nothing else
 * written to stdout.
 *
 * @param server - a server (default: a new {@link createAifactoryServer})
 * @returns the connected server
 * @example
 * ```ts
 * // not run in tests: serves MCP on this process's stdin and stdout (run it in a process an MCP client starts)
 * import { startStdioServer } from "@aifactory/mcp";
 * const server = await startStdioServer();
 * ```
 * @since 0.1.0
 * @category MCP
 */
export async function startStdioServer(server: McpServer = createAifactoryServer()): Promise<McpServer> {
  await server.connect(new StdioServerTransport());
  return server;
}

/**
 * A running Streamable HTTP endpoint.
 *
 * @since 0.1.0
 * @category MCP
 */
export interface HttpMcpEndpoint {
  /** The endpoint, e.g. `http://127.0.0.1:8787/mcp`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves aifactory over Streamable HTTP on 127.0.0.1 (`POST/GET/DELETE /mcp`, one session per client,
 * `Mcp-Session-Id` headers). Loopback only: there is no authentication.
 *
 * @param port - TCP port (0: any free port)
 * @returns the endpoint
 * @example
 * ```ts
 * import { startHttpServer } from "@aifactory/mcp";
 * const endpoint = await startHttpServer(0);
 * endpoint.url; // "http://127.0.0.1:<port>/mcp"
 * await endpoint.close();
 * ```
 * @since 0.1.0
 * @category MCP
 */
export async function startHttpServer(port = 8787): Promise<HttpMcpEndpoint> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>();
  const http: Server = createServer(async (req, res) => {
    if (!req.url?.startsWith("/mcp")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "use /mcp" }));
      return;
    }
    const id = req.headers["mcp-session-id"];
    const existing = typeof id === "string" ? sessions.get(id) : undefined;
    if (existing !== undefined) {
      await existing.transport.handleRequest(req, res);
      return;
    }
    if (req.method !== "POST") {
      res
        .writeHead(400, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "no session: initialize with POST" }));
      return;
    }
    const server = createAifactoryServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => {
        sessions.set(sessionId, { transport, server });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  const address = http.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}/mcp`,
    close: async () => {
      for (const { server } of sessions.values()) await server.close();
      sessions.clear();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
