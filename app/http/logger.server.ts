/**
 * The one logger (pino): JSON lines for log collectors, or a short human format at a terminal.
 *   LOG_LEVEL   fatal|error|warn|info|debug|trace|silent (default info; silent under vitest)
 *   LOG_FORMAT  json|pretty (default: pretty when stdout is a terminal or outside production, else json)
 * Every request gets an id (a valid incoming X-Request-Id, else a UUID), echoed in the response and carried on
 * every log line about that request.
 */
import crypto from "node:crypto";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import pino, { type DestinationStream, type Level } from "pino";

type Env = Record<string, string | undefined>;
const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

function levelFromEnv(env: Env): Level | "silent" {
  const wanted = env.LOG_LEVEL?.toLowerCase();
  if (wanted && LEVELS.has(wanted)) return wanted as Level | "silent";
  return env.VITEST ? "silent" : "info";
}

function usePretty(env: Env): boolean {
  if (env.LOG_FORMAT === "json") return false;
  if (env.LOG_FORMAT === "pretty") return true;
  return Boolean(process.stdout.isTTY) || env.NODE_ENV !== "production";
}

const LEVEL_NAMES: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};
const HIDDEN = new Set(["level", "time", "msg", "pid", "hostname", "err", "reqId"]);
const ACCESS_FIELDS = new Set(["method", "path", "status", "ms"]);

/** `12:03:04 INFO  message key=value [request id]`, the error stack below. No dependency (no pino-pretty). */
export function prettyLine(line: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof o.time === "string" ? o.time.slice(11, 19) : new Date().toISOString().slice(11, 19);
  const level = (LEVEL_NAMES[Number(o.level)] ?? "LOG").padEnd(5);
  // Access-log lines already say "GET /path 200 12 ms" in the message.
  const access = typeof o.msg === "string" && o.msg.startsWith(`${String(o.method)} ${String(o.path)} `);
  const extras = Object.entries(o)
    .filter(([k]) => !HIDDEN.has(k) && !(access && ACCESS_FIELDS.has(k)))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  let out = `${time} ${level} ${String(o.msg ?? "")}${extras ? ` ${extras}` : ""}${o.reqId ? ` [${String(o.reqId)}]` : ""}`;
  const err = o.err as { stack?: string; message?: string } | undefined;
  if (err) out += `\n${err.stack ?? err.message ?? JSON.stringify(err)}`;
  return `${out}\n`;
}

function prettyDestination(): DestinationStream {
  return { write: (line: string) => void process.stdout.write(prettyLine(line)) };
}

export function createLogger(env: Env = process.env, destination?: DestinationStream) {
  const options = { level: levelFromEnv(env), timestamp: pino.stdTimeFunctions.isoTime };
  // JSON goes to stdout synchronously (pino's default), so nothing is lost when the process exits.
  const dest = destination ?? (usePretty(env) ? prettyDestination() : undefined);
  return dest ? pino(options, dest) : pino(options);
}

export const logger = createLogger();

// ---------------------------------------------------------------------------------------------------------------
// Request ids and the access log

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/** An incoming X-Request-Id is kept when it looks like an id (8–128 safe characters), else a new UUID. */
export function requestIdFor(incoming: string | undefined | null): string {
  return incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/** The request id of a Fetch Request (the middleware puts it in the X-Request-Id header Remix sees). */
export function requestIdOf(request: Request): string | undefined {
  return request.headers.get("x-request-id") ?? undefined;
}

/**
 * The path for logs: no query string, and long opaque segments (tokens in reset or unlock links) replaced by
 * ":token", so secrets never reach the log.
 */
export function loggablePath(url: string): string {
  const path = url.split("?")[0]?.split("#")[0] ?? "/";
  return path
    .split("/")
    .map((seg) => (/^[A-Za-z0-9_-]{32,}$/.test(seg) ? ":token" : seg))
    .join("/")
    .slice(0, 300);
}

function isAsset(path: string): boolean {
  return path.startsWith("/assets/") || /^\/[^/]+\.(?:svg|ico|png|txt|webmanifest|xml)$/.test(path);
}

/**
 * Express middleware, installed first: the request id (res.locals.requestId, the X-Request-Id response header,
 * and the request's own header so Remix code and handleError can read it) and one log line when the response
 * ends. Static files log at debug level.
 */
export function requestLogMiddleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  const started = process.hrtime.bigint();
  const id = requestIdFor(req.get("x-request-id"));
  res.locals.requestId = id;
  req.headers["x-request-id"] = id;
  res.setHeader("X-Request-Id", id);
  let logged = false;
  const done = () => {
    if (logged) return;
    logged = true;
    const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
    const path = loggablePath(req.originalUrl || req.url);
    const status = res.headersSent ? res.statusCode : 499;
    const fields = { reqId: id, method: req.method, path, status, ms };
    const msg = `${req.method} ${path} ${status} ${ms} ms`;
    if (status >= 500) logger.error(fields, msg);
    else if (isAsset(path)) logger.debug(fields, msg);
    else logger.info(fields, msg);
  };
  res.on("finish", done);
  res.on("close", done);
  next();
}
