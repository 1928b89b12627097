declare module "virtual:default-plan" {
  import type { Plan } from "@aifactory/planner";

  /** The first built-in scenario's plan, computed at build time by `@aifactory/planner` (see vite.config.ts). */
  const prebuilt: { key: string; plan: Plan; csv: string; markdown: string };
  export default prebuilt;
}
