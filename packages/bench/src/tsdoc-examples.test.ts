import { describeTsdocExamples } from "../../../tooling/vitest/tsdoc-examples.ts";

describeTsdocExamples({ packageUrl: new URL("..", import.meta.url), load: (specifier) => import(specifier) });
