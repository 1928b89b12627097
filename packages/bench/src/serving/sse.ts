import { AifError } from "@aifactory/core";

/**
 * Longest SSE line accepted (1 Mi characters): a streamed completion chunk is a few hundred bytes.
 *
 * @example
 * ```ts
 * import { SSE_MAX_LINE_CHARS } from "@aifactory/bench";
 * SSE_MAX_LINE_CHARS; // 1048576
 * ```
 * @since 0.5.0
 * @category Serving
 */
export const SSE_MAX_LINE_CHARS = 1 << 20;

/**
 * Reads a Server-Sent Events stream and yields each event's `data` payload (multi-line data joined with `\n`).
 * Comments and other fields are ignored. Used for OpenAI-compatible streaming responses.
 *
 * @param body - the response body stream
 * @param maxLineChars - longest line accepted (default {@link SSE_MAX_LINE_CHARS}); a longer one throws
 * @returns an async iterable of data strings (including the final `[DONE]`, if sent)
 * @example
 * ```ts
 * import { readSseData } from "@aifactory/bench";
 * // from a streaming response: readSseData(response.body!)
 * const body = new Response('data: {"text":"Hi"}\n\ndata: [DONE]\n\n').body!;
 * const events: string[] = [];
 * for await (const data of readSseData(body)) events.push(data);
 * events; // ['{"text":"Hi"}', "[DONE]"]
 * ```
 * @since 0.1.0
 * @category Serving
 */
export async function* readSseData(
  body: ReadableStream<Uint8Array>,
  maxLineChars: number = SSE_MAX_LINE_CHARS,
): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  // Where the newline search resumes: a long line is scanned once, not again with every chunk that extends it.
  let scanned = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (;;) {
        const newline = buffer.indexOf("\n", scanned);
        if (newline < 0) {
          scanned = buffer.length;
          if (buffer.length > maxLineChars) {
            throw new AifError("EXTERNAL_TOOL_FAILURE", `an SSE line is longer than ${maxLineChars} characters`, {
              hint: "the server's stream is not a token stream (a streamed chunk is a few hundred bytes)",
            });
          }
          break;
        }
        scanned = 0;
        const line = buffer.slice(0, newline).replace(/\r$/, "");
        buffer = buffer.slice(newline + 1);
        if (line === "") {
          if (data.length > 0) yield data.join("\n");
          data = [];
        } else if (line.startsWith("data:")) {
          data.push(line.slice(5).replace(/^ /, ""));
        }
      }
    }
    if (data.length > 0) yield data.join("\n");
  } finally {
    reader.releaseLock();
  }
}
