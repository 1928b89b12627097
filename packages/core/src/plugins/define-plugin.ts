import { z } from "zod";
import { parseInput } from "../errors/invalid-input-error";

/**
 * The identity fields every plugin has; every other top-level field is a contribution: an array of entries
 * (`architectures: [...]`) or a group of arrays (`hardware: { accelerators: [...], systems: [...] }`).
 *
 * @since 0.1.0
 * @category Plugins
 */
export const pluginIdentitySchema = z.object({
  name: z.string().regex(/^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, {
    message: "must be an npm-style package name such as aifactory-plugin-acme or @acme/aifactory-pack",
  }),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, { message: "must be a semver version such as 1.0.0" }),
  description: z.string().optional(),
});

/**
 * A plugin: its identity plus contributions keyed by extension kind.
 *
 * @since 0.1.0
 * @category Plugins
 */
export type Plugin = z.infer<typeof pluginIdentitySchema> & {
  readonly [contribution: string]: unknown;
};

/**
 * Declares a plugin. Nothing registers itself: pass the plugin to `createRegistry(...).use(plugin)`.
 * The name and version are checked here; the entries are validated by the registry against its kinds.
 *
 * @param plugin - `{ name, version, description?, ...contributions }`
 * @returns the same plugin, frozen
 * @throws InvalidInputError when the name or version is malformed
 * @example
 * ```ts
 * import { definePlugin } from "@aifactory/core";
 * const acme = definePlugin({
 *   name: "aifactory-plugin-acme",
 *   version: "1.0.0",
 *   hardware: { accelerators: [] },
 * });
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function definePlugin<const P extends Plugin>(plugin: P): Readonly<P> {
  parseInput(pluginIdentitySchema, plugin, "plugin");
  return Object.freeze({ ...plugin });
}
