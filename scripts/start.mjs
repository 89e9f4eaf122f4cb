// `npm start`: build the app when the sources changed since the last build, then start the server.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { serverNodeFlags } from "./server-flags.mjs";

const root = process.cwd();
const built = path.join(root, "build/server/index.js");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const sources = Math.max(
  ...["app", "db", "public"].map((d) => newestMtime(path.join(root, d))),
  ...["package.json", "vite.config.ts", "remix.config.js"].map(
    (f) => fs.statSync(path.join(root, f)).mtimeMs,
  ),
);
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sources) {
  console.log("Building Lantern…");
  const r = spawnSync(path.join(root, "node_modules/.bin/remix"), ["vite:build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, [...serverNodeFlags(), "server.js"], {
  stdio: "inherit",
  env: { NODE_ENV: "production", ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
