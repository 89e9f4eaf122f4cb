// `npm run start:cluster`: one server process per core (WORKERS to override) sharing one port, all against the
// same PostgreSQL (DATABASE_URL). Each worker runs server.js exactly as `npm start` does; the primary only
// forks, restarts crashed workers and forwards stop signals. See docs/scaling.md.
//   DATABASE_URL=postgres://… WORKERS=2 PORT=3000 npm run start:cluster
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { buildIfStale, serverNodeFlags } from "./server-launch.mjs";

if (!process.env.DATABASE_URL) {
  console.error(
    "start:cluster needs PostgreSQL: set DATABASE_URL. Without it Lantern uses embedded PGlite, a single-process " +
      "database that several server processes cannot share; use `npm start` for one process.",
  );
  process.exit(1);
}

const root = process.cwd();
buildIfStale(root);

const count = Math.max(1, Number(process.env.WORKERS ?? os.availableParallelism()));
cluster.setupPrimary({
  exec: path.join(root, "server.js"),
  execArgv: [...process.execArgv, ...serverNodeFlags()],
});
const env = { NODE_ENV: "production", ...process.env };

let stopping = false;
const startedAt = new Map(); // worker id → start time, to slow down a crash loop
let quickDeaths = 0;

function fork() {
  const w = cluster.fork(env);
  startedAt.set(w.id, Date.now());
  return w;
}

cluster.on("exit", (worker, code, signal) => {
  const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
  startedAt.delete(worker.id);
  if (stopping) {
    if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
    return;
  }
  quickDeaths = lived < 10_000 ? quickDeaths + 1 : 0;
  const delay = Math.min(30_000, 500 * 2 ** Math.min(quickDeaths, 6));
  console.error(`worker ${worker.process.pid} exited (${signal ?? code}); restarting in ${delay} ms`);
  setTimeout(() => {
    if (!stopping) fork();
  }, delay);
});

// The first worker migrates the database, seeds the demo and backfills search documents on an empty or old
// database; the others start once it listens, so those one-time steps never race.
let spread = false;
cluster.on("listening", () => {
  if (spread) return;
  spread = true;
  for (let i = 1; i < count; i++) fork();
  console.log(`Lantern cluster: ${count} worker(s), primary pid ${process.pid}`);
});
fork();

function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} worker(s)`);
  // server.js closes gracefully on SIGTERM (live streams ended, requests finished, pool closed).
  for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
  setTimeout(() => process.exit(1), 15_000).unref();
  if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
