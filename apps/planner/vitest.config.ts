import { definePackageProject } from "../../tooling/vitest/preset.ts";

export default definePackageProject("planner-app");
