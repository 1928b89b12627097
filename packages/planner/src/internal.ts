/**
 * `@aifactory/planner/internal`: hooks into the planner's memoisation, for the benchmarks, the tests and the
 * reference app's worker.
 *
 * Policy: nothing here is public API. These exports carry no semver guarantee: their names and behaviour
 * change in any release, patch releases included. Plans never depend on them (the memos are pure caches), so a
 * library user has no need for them; build on `@aifactory/planner`.
 *
 * @packageDocumentation
 * @internal
 */

export { clearPlanCaches } from "./agentic";
