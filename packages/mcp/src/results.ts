import { isAifError, nonFinitePaths, type Source } from "@aifactory/core";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/**
 * What every aifactory tool returns as structured content: the result, the public sources of the figures it
 * used, the assumptions it made and its warnings, so that an assistant can cite them.
 *
 * @since 0.1.0
 * @category MCP
 */
export interface ToolPayload {
  result: unknown;
  sources: Source[];
  assumptions: string[];
  warnings: string[];
}

/** Longest text content a tool returns (the structured content carries everything). */
const MAX_TEXT_CHARS = 60_000;

/**
 * Wraps a tool's work: a result becomes structured content plus a JSON text block; a typed aifactory error
 * becomes a tool error (`isError`) with its code, message, hint and the problems it names, never a crash.
 *
 * @param run - the work
 * @returns the MCP tool result
 * @example
 * ```ts
 * import { toolResult } from "@aifactory/mcp";
 * toolResult(() => ({ result: 42, sources: [], assumptions: [], warnings: [] })).isError; // undefined
 * ```
 * @since 0.1.0
 * @category MCP
 */
export function toolResult(run: () => ToolPayload): CallToolResult {
  try {
    const payload = run();
    const bad = nonFinitePaths(payload.result, 5);
    if (bad.length > 0) {
      return errorResult("INVALID_INPUT", `the result has no finite value for ${bad.join(", ")}`, "check the inputs");
    }
    const structured = { ...payload } as unknown as Record<string, unknown>;
    const text = JSON.stringify(structured);
    return {
      structuredContent: structured,
      content: [
        {
          type: "text",
          text:
            text.length > MAX_TEXT_CHARS
              ? `${text.slice(0, MAX_TEXT_CHARS)}... (truncated; see structuredContent)`
              : text,
        },
      ],
    };
  } catch (error) {
    if (isAifError(error)) {
      const details = error.details as { problems?: unknown } | undefined;
      return errorResult(error.code, error.message, error.hint, details?.problems);
    }
    return errorResult("INTERNAL", error instanceof Error ? error.message : String(error), undefined);
  }
}

function errorResult(code: string, message: string, hint: string | undefined, problems?: unknown): CallToolResult {
  const body = {
    error: { code, message, ...(hint === undefined ? {} : { hint }), ...(problems === undefined ? {} : { problems }) },
  };
  return {
    isError: true,
    content: [{ type: "text", text: `${code}: ${message}${hint === undefined ? "" : `\nhint: ${hint}`}` }],
    structuredContent: body,
  };
}
