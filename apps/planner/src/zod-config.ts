import { z } from "zod";

// zod 4 compiles a fast path for each object schema the first time it parses one (code generation). In the
// browser most schemas are parsed a handful of times per edit (scenario, catalog entries on first use), so
// compiling costs more than it saves: measured here, the first plan takes about half as long without it,
// and a repeat plan stays a few milliseconds. Import this module first.
z.config({ jitless: true });
