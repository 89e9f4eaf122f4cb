// Shared by the scripts that start the production server (npm start, start:cluster, the HTTP benchmark).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// V8 flags for the production server process (npm start, start:cluster, the HTTP benchmark). Node sizes its
// heap from the machine's memory (GBs here) and grows it lazily under load: a 1M-post benchmark reached 1.6 GB
// RSS. With the 1M-post benchmark's full load (docs/performance.md): a 256 MB old space peaked at 358 MB RSS,
// 192 MB at 300 MB, 160 MB at 265 MB — under the 300 MB budget, for about a quarter of the logged-in thread
// page's throughput at saturation (other pages 0–15 %, writes unaffected). LANTERN_HEAP_MB overrides (256
// trades memory back for speed); 0 leaves Node's default.
export function serverNodeFlags(env = process.env) {
  const mb = Number(env.LANTERN_HEAP_MB ?? 160);
  // LANTERN_NODE_FLAGS: more flags for the server only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it
  // under the benchmark; NODE_OPTIONS refuses --cpu-prof and would reach every Node process).
  const extra = (env.LANTERN_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
  return [...(Number.isFinite(mb) && mb > 0 ? [`--max-old-space-size=${Math.round(mb)}`] : []), ...extra];
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the app when a source is newer than build/ (or there is no build); exits if the build fails. */
export function buildIfStale(root = process.cwd()) {
  const built = path.join(root, "build/server/index.js");
  const sources = Math.max(
    ...["app", "db", "public"].map((d) => newestMtime(path.join(root, d))),
    ...["package.json", "vite.config.ts", "remix.config.js"].map(
      (f) => fs.statSync(path.join(root, f)).mtimeMs,
    ),
  );
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  console.log("Building Lantern…");
  const r = spawnSync(path.join(root, "node_modules/.bin/remix"), ["vite:build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
