/**
 * `@aifactory/memory/internal`: the ingest fast paths under the in-memory store, for the other aifactory stores
 * (the Postgres store) and the benchmarks: the one-pass check of the common `addMany` batch and the ISO
 * timestamp formatter that reuses the date part within a second.
 *
 * Policy: nothing here is public API. These exports carry no semver guarantee: their names, signatures and
 * behaviour change in any release, patch releases included, whenever a faster or simpler form is found. Build
 * on the public entry point `@aifactory/memory` (`addManyInputSchema`, `buildMemoryRecord`, ...).
 *
 * @packageDocumentation
 * @internal
 */

export { fastParseAddMany } from "./store/fast-add-many";
export { IsoMillisFormatter } from "./store/iso-millis";
