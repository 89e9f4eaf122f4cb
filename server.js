// Production server: Express + the Remix request handler, with a graceful shutdown (remix-serve does not
// exit while a database pool is open; STACK-NOTES #11).
import express from "express";
import { createRequestHandler } from "@remix-run/express";

const BUILD = process.env.BUILD_PATH ?? "./build/server/index.js";
const build = await import(BUILD);
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

// HTTP middlewares, the logger and the startup hooks all come from the app (app/entry.server.tsx re-exports them).
const { logger, requestLogMiddleware, securityHeadersMiddleware, csrfMiddleware, rejectNulMiddleware } =
  build.entry.module;

const started = performance.now();
const info = await build.entry.module.startup();

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy set TRUST_PROXY (e.g. "loopback" or a hop count) so req.ip is the client's address
// (and req.hostname / X-Forwarded-Host are believed by the security middlewares).
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
// Request id + one log line per request; security headers (and this response's CSP nonce) on everything.
app.use(requestLogMiddleware);
app.use(securityHeadersMiddleware);
app.use(rejectNulMiddleware);
// Anonymous home, board, tag and thread pages from memory, invalidated on writes (ADR 014; PAGE_CACHE=off).
// Before the static files: those paths are never files, and a hit should not cost a file-system lookup.
const pageCache = await build.entry.module.createPageCacheMiddleware();
if (pageCache) app.use(pageCache);
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false }));
// The other files of build/client (public/: favicons) all have an extension; pages never end in one, so they
// skip the file-system lookup (a stat per logged-in page view).
const publicFiles = express.static("build/client", { maxAge: "1h", index: false });
app.use((req, res, next) => (/\.[^/]*$/.test(req.path) ? publicFiles(req, res, next) : next()));
// State-changing requests must come from our own pages (app/http/security.server.ts).
app.use(csrfMiddleware);
app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({
      ip: req.ip ?? null,
      nonce: res.locals.cspNonce,
      requestId: res.locals.requestId,
      // Set by the page cache for a member's thread page rendered to be shared (ADR 017).
      sharedPage: res.locals.sharedPage,
    }),
  }),
);

const server = app.listen(port, host, () => {
  const url = `http://localhost:${port}`;
  const ms = Math.round(performance.now() - started);
  logger.info(`Lantern is ready at ${url} (database: ${info.database}, ready in ${ms} ms)`);
  for (const l of info.demoLogins)
    logger.info(`Demo login: ${l.role.padEnd(9)} ${l.username} / ${l.password}`);
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: closing`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  // Stop listening first (new connections are refused from now on); requests in flight finish.
  server.close(async () => {
    await build.entry.module.shutdown().catch(() => {});
    process.exit(0);
  });
  server.closeIdleConnections?.();
  // Live event streams never finish on their own: end them so server.close() can complete.
  await build.entry.module.closeLiveStreams?.().catch(() => {});
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
