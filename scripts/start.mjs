// `npm start`: build the app when the sources changed since the last build, then start the server.
import { spawn } from "node:child_process";
import { buildIfStale, serverNodeFlags } from "./server-launch.mjs";

buildIfStale();

const child = spawn(process.execPath, [...serverNodeFlags(), "server.js"], {
  stdio: "inherit",
  env: { NODE_ENV: "production", ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
