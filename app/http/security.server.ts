/**
 * HTTP hardening in one place: the Content-Security-Policy nonce, the security headers of every response and
 * the cross-site request check for state-changing requests. server.js installs the Express middlewares (it
 * reaches them through app/entry.server.tsx); the pure parts (createNonce, securityHeaders, checkRequestOrigin)
 * are exported for tests and for a page cache that must swap the nonce of stored HTML.
 */
import crypto from "node:crypto";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { SESSION_COOKIE } from "~/auth/session.server";
import { errorsEn } from "~/i18n/errors.en";
import { errorsVi } from "~/i18n/errors.vi";
import { detectLanguage } from "~/i18n/language.server";
import { logger } from "./logger.server";

/** A fresh CSP nonce: 16 random bytes, base64. One per response; it only ever appears as `nonce="…"`. */
/**
 * A fresh CSP nonce: 128 random bits, base64. The bits come from a pool of crypto.randomBytes refilled 4 kB at
 * a time, each byte used once: one randomBytes call per response was 5 % of a cached page's CPU.
 */
export function createNonce(): string {
  if (nonceOffset + 16 > noncePool.length) {
    noncePool = crypto.randomBytes(4096);
    nonceOffset = 0;
  }
  const nonce = noncePool.toString("base64", nonceOffset, nonceOffset + 16);
  nonceOffset += 16;
  return nonce;
}
let noncePool = Buffer.alloc(0);
let nonceOffset = 0;

/** Hosts where a production build still runs over plain HTTP (the demo, the e2e tests): no HSTS there. */
export function isLoopbackHost(host: string | undefined | null): boolean {
  if (!host) return false;
  const name = host
    .replace(/:\d+$/, "")
    .replace(/^\[|\]$/g, "")
    .toLowerCase();
  return name === "localhost" || name === "127.0.0.1" || name === "::1" || name.endsWith(".localhost");
}

/**
 * The policy. Scripts: only our own files and inline scripts carrying this response's nonce (Remix's hydration
 * scripts); no 'unsafe-inline', no 'unsafe-eval'. Styles keep 'unsafe-inline': React renders `style="…"`
 * attributes (charts, progress bars) and the editor (ProseMirror) sets inline styles; style injection cannot run
 * code. Images may come from https: (pictures in posts) and data: (small icons).
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Headers for every response. `production` means "served to the public over HTTPS": pass
 * `NODE_ENV === "production"`; HSTS is still left out when `host` is a loopback name, so a production build
 * opened on http://localhost keeps working (browsers would otherwise pin localhost to HTTPS).
 */
export function securityHeaders(
  nonce: string,
  opts: { production: boolean; host?: string | null },
): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(nonce),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  };
  if (opts.production && !isLoopbackHost(opts.host)) {
    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  }
  return headers;
}

/** Express middleware: a nonce for this response (res.locals.cspNonce, read by getLoadContext) and the headers. */
export function securityHeadersMiddleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  const nonce = createNonce();
  res.locals.cspNonce = nonce;
  const headers = securityHeaders(nonce, {
    production: process.env.NODE_ENV === "production",
    host: req.hostname,
  });
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  next();
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-site request forgery

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export interface OriginCheckInput {
  method: string;
  /** The Origin header, if any. */
  origin?: string | null;
  /** The Sec-Fetch-Site header, if any. */
  secFetchSite?: string | null;
  /** The Referer header, if any. */
  referer?: string | null;
  /** Whether the request carries a session cookie (it could act as someone). */
  hasSessionCookie: boolean;
  /** Whether the Content-Type header says application/json (no HTML form can send that; see below). */
  jsonContentType?: boolean;
  /**
   * What counts as our own origin: APP_URL's origin when set (scheme, host and port must match), else the
   * request's own Host (host and port; the scheme is not compared because a TLS-terminating proxy makes the
   * server see http while the browser says https).
   */
  expected: { origin: string } | { host: string };
}

export type OriginDecision =
  | {
      ok: true;
      via: "safe_method" | "origin" | "sec_fetch_site" | "referer" | "no_credentials" | "json_client";
    }
  | { ok: false; reason: "cross_origin" | "null_origin" | "cross_site_fetch" | "missing_origin" };

function sameAsExpected(url: string, expected: OriginCheckInput["expected"]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return false;
  if ("origin" in expected) {
    try {
      return u.origin === new URL(expected.origin).origin;
    } catch {
      return false;
    }
  }
  return u.host.toLowerCase() === expected.host.toLowerCase();
}

/**
 * Decides whether a request may change state. Safe methods always pass. Otherwise the browser's own word on
 * where the request comes from must name us: Origin first; when a browser leaves it out, Sec-Fetch-Site
 * (same-origin, or none = typed/bookmarked by the user), then Referer. A request with none of the three is not
 * from a current browser (they all send Origin on every cross-origin POST): it passes when it carries no session
 * cookie (it cannot act as anyone), or when it is a JSON request: a cookie-authenticated API client such as
 * `curl -b jar -H 'Content-Type: application/json'` (docs/api.md). A page on another site cannot forge that
 * one: an HTML form cannot set Content-Type: application/json, and a script's cross-origin JSON request needs a
 * CORS preflight that we never grant (and would carry an Origin anyway). Everything else with a session cookie
 * and no browser headers (a form-encoded or text/plain post) is refused.
 */
export function checkRequestOrigin(input: OriginCheckInput): OriginDecision {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true, via: "safe_method" };
  const origin = input.origin?.trim();
  if (origin) {
    if (origin === "null") return { ok: false, reason: "null_origin" };
    return sameAsExpected(origin, input.expected)
      ? { ok: true, via: "origin" }
      : { ok: false, reason: "cross_origin" };
  }
  const site = input.secFetchSite?.trim().toLowerCase();
  if (site) {
    return site === "same-origin" || site === "none"
      ? { ok: true, via: "sec_fetch_site" }
      : { ok: false, reason: "cross_site_fetch" };
  }
  const referer = input.referer?.trim();
  if (referer) {
    return sameAsExpected(referer, input.expected)
      ? { ok: true, via: "referer" }
      : { ok: false, reason: "cross_origin" };
  }
  if (!input.hasSessionCookie) return { ok: true, via: "no_credentials" };
  if (input.jsonContentType) return { ok: true, via: "json_client" };
  return { ok: false, reason: "missing_origin" };
}

export function hasSessionCookie(cookieHeader: string | undefined | null): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((part) => {
    const [k, ...v] = part.trim().split("=");
    return k === SESSION_COOKIE && v.join("=").length > 0;
  });
}

/** `application/json` (with or without parameters), the only body type our JSON API reads as JSON. */
export function isJsonContentType(value: string | undefined | null): boolean {
  return (value ?? "").split(";")[0]!.trim().toLowerCase() === "application/json";
}

/** Our origin for this request: APP_URL if set, else the Host the client used (X-Forwarded-Host behind a trusted proxy). */
export function expectedOrigin(
  appUrl: string | undefined,
  host: string | undefined,
): OriginCheckInput["expected"] {
  if (appUrl) {
    try {
      return { origin: new URL(appUrl).origin };
    } catch {
      // A malformed APP_URL falls back to the Host (and is logged once by the caller's startup check).
    }
  }
  return { host: host ?? "" };
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** The small page (or JSON for /api/) sent when a cross-site request is refused. */
export function forbiddenBody(path: string, headers: { cookie?: string; acceptLanguage?: string }) {
  if (path.startsWith("/api/")) {
    return {
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({
        error: { code: "cross_site_request", message: "Cross-site requests are not allowed" },
      }),
    };
  }
  const lang = detectLanguage(
    new Request("http://localhost/", {
      headers: { Cookie: headers.cookie ?? "", "Accept-Language": headers.acceptLanguage ?? "" },
    }),
  );
  const s = (lang === "en" ? errorsEn : errorsVi).errorsFeature.crossSite;
  const body = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(s.title)}</title></head>
<body><main><h1>${escapeHtml(s.title)}</h1><p>${escapeHtml(s.body)}</p><p><a href="/">${escapeHtml(s.home)}</a></p></main></body></html>
`;
  return { contentType: "text/html; charset=utf-8", body };
}

/**
 * Express middleware: refuses state-changing requests that do not come from our own pages (403). Installed in
 * server.js before the Remix handler, so it covers page actions and the JSON API alike.
 */
export function csrfMiddleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  const trustProxy = Boolean(req.app?.get("trust proxy"));
  const host = (trustProxy && req.get("x-forwarded-host")?.split(",")[0]?.trim()) || req.get("host");
  const decision = checkRequestOrigin({
    method: req.method,
    origin: req.get("origin"),
    secFetchSite: req.get("sec-fetch-site"),
    referer: req.get("referer"),
    hasSessionCookie: hasSessionCookie(req.get("cookie")),
    jsonContentType: isJsonContentType(req.get("content-type")),
    expected: expectedOrigin(process.env.APP_URL, host),
  });
  if (decision.ok) return next();
  logger.warn(
    {
      reqId: res.locals.requestId,
      method: req.method,
      path: req.path,
      reason: decision.reason,
      origin: req.get("origin") ?? null,
      host: host ?? null,
    },
    "cross-site request refused",
  );
  const { contentType, body } = forbiddenBody(req.path, {
    cookie: req.get("cookie"),
    acceptLanguage: req.get("accept-language"),
  });
  res.status(403).setHeader("Content-Type", contentType);
  res.setHeader("Cache-Control", "no-store");
  res.end(body);
}

/** A NUL byte in a URL (raw or %00) is never valid here, and PostgreSQL refuses it in text: a 400, not a 500. */
export function hasNulInUrl(url: string): boolean {
  return url.includes("\0") || /%00/i.test(url);
}

export function rejectNulMiddleware(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  if (!hasNulInUrl(req.originalUrl ?? req.url ?? "")) return next();
  res.status(400).type("text/plain").send("Bad request");
}
