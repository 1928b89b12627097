import { describeTsdocExamples } from "../../../tooling/vitest/tsdoc-examples.ts";

// Two examples boot PGlite (PostgreSQL in WebAssembly): seconds each on a loaded machine.
describeTsdocExamples({
  packageUrl: new URL("..", import.meta.url),
  load: (specifier) => import(specifier),
  timeoutMs: 60_000,
});
