/**
 * Reads a Server-Sent Events stream and yields each event's `data` payload (multi-line data joined with `\n`).
 * Comments and other fields are ignored. Used for OpenAI-compatible streaming responses.
 *
 * @param body - the response body stream
 * @returns an async iterable of data strings (including the final `[DONE]`, if sent)
 * @example
 * ```ts
 * import { readSseData } from "@aifactory/bench";
 * // for await (const data of readSseData(response.body!)) if (data !== "[DONE]") JSON.parse(data);
 * ```
 * @since 0.1.0
 * @category Serving
 */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (;;) {
        const newline = buffer.indexOf("\n");
        if (newline < 0) break;
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
