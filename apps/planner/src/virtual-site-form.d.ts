declare module "virtual:site-form" {
  /** Computed at build time by the packages (see vite.config.ts); typed as `SiteFormData` in lib/site-view.ts. */
  const siteForm: unknown;
  export default siteForm;
}
