#!/usr/bin/env node
/**
 * `dist/bin.js`: the path the `aif` bin had before it became `dist/bin.cjs` (scripts that run it keep working).
 * It only loads the CommonJS launcher, which does the work (src/bin.ts); `aif` itself starts that one directly,
 * without the ES module loader.
 */
import { createRequire } from "node:module";

createRequire(import.meta.url)("./bin.cjs");
