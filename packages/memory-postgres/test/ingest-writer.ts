/**
 * Child process of the durability test: ingests batches forever and prints `ACK <batch>` after each
 * `addMany` has resolved (the acknowledgement). The test kills it with SIGKILL at a random moment.
 * Usage: tsx ingest-writer.ts pglite <dataDir> | postgres <connectionString>
 */
import { createPgliteMemoryStore, createPostgresMemoryStore } from "../src/index";

const [mode, target] = process.argv.slice(2);
if (target === undefined) throw new Error("usage: ingest-writer.ts pglite|postgres <target>");
const store =
  mode === "pglite"
    ? await createPgliteMemoryStore({ dataDir: target })
    : await createPostgresMemoryStore({ connectionString: target });
process.stdout.write("READY\n");
for (let batch = 0; ; batch++) {
  await store.addMany(
    Array.from({ length: 50 }, (_, i) => ({
      scope: { userId: "durability" },
      content: `durable write batch ${batch} item ${i}`,
      metadata: { batch, item: i },
    })),
  );
  process.stdout.write(`ACK ${batch}\n`);
}
