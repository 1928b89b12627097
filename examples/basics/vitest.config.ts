import { definePackageProject } from "../../tooling/vitest/preset.ts";

export default definePackageProject("examples-basics");
