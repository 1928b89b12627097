declare module "virtual:planner-startup" {
  /** Computed at build time by the packages (see vite.config.ts); typed as `StartupData` in startup-data.ts. */
  const startup: unknown;
  export default startup;
}
