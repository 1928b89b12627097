import { definePackageProject } from "../../tooling/vitest/preset";

export default definePackageProject("kernels");
