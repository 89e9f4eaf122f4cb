// Production server: Express + the Remix request handler, with a graceful shutdown (remix-serve does not
// exit while a database pool is open; STACK-NOTES #11).
import express from "express";
import { createRequestHandler } from "@remix-run/express";

const BUILD = process.env.BUILD_PATH ?? "./build/server/index.js";
const build = await import(BUILD);
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

const started = performance.now();
const info = await build.entry.module.startup();

const app = express();
app.disable("x-powered-by");
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false }));
app.use(express.static("build/client", { maxAge: "1h", index: false }));
// Behind a reverse proxy set TRUST_PROXY (e.g. "loopback" or a hop count) so req.ip is the client's address.
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req) => ({ ip: req.ip ?? null }),
  }),
);

const server = app.listen(port, host, () => {
  const url = `http://localhost:${port}`;
  console.log(
    `Lantern is ready at ${url} (database: ${info.database}, ready in ${Math.round(performance.now() - started)} ms)`,
  );
  if (info.demoLogins.length) {
    console.log("Demo logins:");
    for (const l of info.demoLogins) console.log(`  ${l.role.padEnd(9)} ${l.username} / ${l.password}`);
  }
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  // Live event streams never finish on their own: end them so server.close() can complete.
  await build.entry.module.closeLiveStreams?.().catch(() => {});
  server.close(async () => {
    await build.entry.module.shutdown().catch(() => {});
    process.exit(0);
  });
  server.closeIdleConnections?.();
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
