import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The workspace packages are bundled from their TypeScript source (the `source` export condition), as in the
// tests, so the app always shows what the packages compute now, tree-shaken per module.
const conditions = ["source", "module", "browser", "import", "default"];

export default defineConfig({
  plugins: [react()],
  resolve: { conditions },
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 1024 },
  preview: { host: "127.0.0.1" },
});
