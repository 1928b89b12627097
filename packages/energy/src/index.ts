/**
 * The npm name of this package.
 *
 * @since 0.1.0
 */
export const packageName = "@aifactory/energy";
