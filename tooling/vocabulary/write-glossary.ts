import { writeFileSync } from "node:fs";
import { glossaryMarkdown } from "./vocabulary";

// Writes the docs' glossary page from the vocabulary lists: node --import tsx tooling/vocabulary/write-glossary.ts
writeFileSync(new URL("../../apps/docs/guides/glossary.md", import.meta.url), glossaryMarkdown());
