import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { remixOptions } from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [remix(remixOptions)],
  resolve: {
    alias: {
      "~db": new URL("./db", import.meta.url).pathname,
      "~": new URL("./app", import.meta.url).pathname,
    },
  },
  server: { port: 5173 },
  optimizeDeps: {
    include: ["@tiptap/react", "@tiptap/starter-kit", "i18next", "react-i18next"],
  },
  ssr: {
    // Native / WASM packages stay external and load from node_modules at run time.
    external: ["@node-rs/argon2", "@electric-sql/pglite", "happy-dom", "postgres"],
  },
});
