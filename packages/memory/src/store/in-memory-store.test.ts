import { describe, it } from "vitest";
import { runMemoryStoreContract } from "../contract/memory-store-contract";
import { createInMemoryStore } from "./in-memory-store";

runMemoryStoreContract(
  () => createInMemoryStore(),
  { describe, it },
  { name: "in-memory store: MemoryStoreV1 contract" },
);
