/**
 * `pnpm --filter @aifactory/bench bench`: how closely the serving load generator measures a server with a known
 * schedule (first token after 150 ms, then one every 40 ms): the measured TTFT, ITL, TPOT and end-to-end p50
 * minus the schedule, in ms. src/serving/load-generator.test.ts asserts only that measurements are never shorter
 * than the schedule; this figure depends on how idle the machine is (on an idle one: a few ms).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { runServingLoad } from "../src/index";

const TTFT_MS = 150;
const ITL_MS = 40;
const TOKENS = 10;

const server = createServer(async (request, response) => {
  let text = "";
  for await (const chunk of request) text += chunk;
  const tokens = Number((JSON.parse(text) as { max_tokens: number }).max_tokens);
  response.socket?.setNoDelay(true);
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  response.flushHeaders();
  const send = (i: number) => {
    response.write(`data: ${JSON.stringify({ id: "x", choices: [{ index: 0, text: ` t${i}` }] })}\n\n`);
    if (i + 1 < tokens) setTimeout(() => send(i + 1), ITL_MS);
    else {
      const usage = { prompt_tokens: 7, completion_tokens: tokens };
      response.write(`data: ${JSON.stringify({ id: "x", choices: [], usage })}\n\n`);
      response.write("data: [DONE]\n\n");
      response.end();
    }
  };
  setTimeout(() => send(0), TTFT_MS);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

const rows: Record<string, Record<string, number>> = {};
for (const concurrency of [1, 4, 16]) {
  const report = await runServingLoad({
    baseUrl,
    model: "test",
    requests: concurrency * 4,
    arrival: { kind: "concurrency", concurrency },
    inputTokens: { kind: "fixed", tokens: 16 },
    outputTokens: { kind: "fixed", tokens: TOKENS },
  });
  const round = (value: number) => Number(value.toFixed(2));
  rows[`concurrency ${concurrency}`] = {
    succeeded: report.succeeded,
    ttftErrorMs: round(report.ttftMs.p50 - TTFT_MS),
    itlErrorMs: round(report.itlMs.p50 - ITL_MS),
    tpotErrorMs: round(report.tpotMs.p50 - ITL_MS),
    e2eErrorMs: round(report.e2eMs.p50 - (TTFT_MS + (TOKENS - 1) * ITL_MS)),
  };
}
await new Promise((resolve) => server.close(resolve));
console.log(`load generator: measured p50 minus the server's schedule (TTFT ${TTFT_MS} ms, ITL ${ITL_MS} ms), ms:`);
console.table(rows);
