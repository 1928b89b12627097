declare module "virtual:kernel-tables" {
  /** The built-in kernel tables the build emitted as JSON files under `<base>kernels/<id>.json`. */
  const manifest: { ids: string[]; base: string };
  export default manifest;
}
