/**
 * `@aifactory/mcp`: a Model Context Protocol server over the aifactory SDK, so that AI assistants get sourced
 * figures instead of guesses: catalog look-ups and comparisons, training, serving and fleet models, energy, TCO,
 * supply and the planner, as tools with zod input schemas whose results carry their sources and assumptions;
 * catalog entries, architectures and methodology pages as resources; prompts for common analyses.
 *
 * @packageDocumentation
 */
export { listMethodologyPages, type MethodologyPage, readMethodologyPage } from "./docs";
export { type ToolPayload, toolResult } from "./results";
export { AIFACTORY_TOOL_NAMES, createAifactoryServer } from "./server";
export { type HttpMcpEndpoint, startHttpServer, startStdioServer } from "./transports";
