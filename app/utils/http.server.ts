/** Maps AppError kinds to HTTP statuses in one place, for pages and the JSON API. */
import { data } from "@remix-run/node";
import { AppError, type AppErrorKind } from "~/domain/shared/app-error";
import { isWellFormedDeep } from "~/domain/shared/unicode";

const STATUS: Record<AppErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule_violated: 422,
  rate_limited: 429,
};

/** Seconds left in the window for a 429 (RateLimitedError carries them), else null. */
function retryAfterOf(e: AppError): number | null {
  const s = (e as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof s === "number" ? s : null;
}

/** Retry-After for a 429. */
function retryHeaders(e: AppError): HeadersInit | undefined {
  const s = retryAfterOf(e);
  return s !== null ? { "Retry-After": String(s) } : undefined;
}

export const statusOf = (e: AppError) => STATUS[e.kind];

/** JSON API: `{error:{code,message,fields?}}`. Unknown errors are rethrown (→ 500 + log), never shown. */
export function apiError(e: unknown): Response {
  if (!(e instanceof AppError)) throw e;
  return Response.json(
    { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } },
    { status: statusOf(e), headers: retryHeaders(e) },
  );
}

export function apiJson(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers });
}

/**
 * Page actions: the error for the form, and the user's input so nothing they typed is lost. A 429 also
 * carries `retryAfter` (seconds) so the page can say when to try again (components/rate-limit-notice).
 */
export function formError<V extends Record<string, unknown>>(e: unknown, values: V) {
  if (!(e instanceof AppError)) throw e;
  return data(
    {
      ok: false as const,
      error: { code: e.code, fields: e.fields ?? {}, retryAfter: retryAfterOf(e) },
      values,
    },
    { status: statusOf(e), headers: retryHeaders(e) },
  );
}

const MAX_JSON_BYTES = 1_000_000;

/** A `\u0000` escape in JSON text (an odd number of backslashes before `u0000`). */
const JSON_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/** Reads a JSON request body; bad or oversized JSON is a 400, not a 500. */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > MAX_JSON_BYTES) throw new AppError("invalid", "too_large", "The request body is too large");
  const text = await request.text();
  if (text.length > MAX_JSON_BYTES)
    throw new AppError("invalid", "too_large", "The request body is too large");
  if (!text) return {};
  // PostgreSQL text cannot hold NUL: refuse it here rather than fail the query (a 500) later.
  if (JSON_NUL.test(text))
    throw new AppError("invalid", "invalid_chars", "The request body contains a NUL character");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid", "bad_json", "The request body is not valid JSON");
  }
  // Lone surrogates ("\ud800") parse fine but cannot be stored (jsonb refuses them).
  if (!isWellFormedDeep(value))
    throw new AppError("invalid", "invalid_chars", "The request body contains invalid characters");
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("invalid", "bad_json", "The request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a page action's form. A body that is not a form (another Content-Type, a broken multipart body) is a
 * 415/400 and a NUL in any field a 400, instead of a TypeError or a failed query (a 500).
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(type))
    throw new Response("Send a form (application/x-www-form-urlencoded or multipart/form-data)", {
      status: 415,
    });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response("The form could not be read", { status: 400 });
  }
  for (const [k, v] of form) {
    if (k.includes("\u0000") || (typeof v === "string" && v.includes("\u0000")))
      throw new Response("The form contains a NUL character", { status: 400 });
  }
  return form;
}

/** Parses a positive integer route param; anything else is a 404. */
export function idParam(raw: string | undefined, what: string): number {
  if (!raw || !/^\d{1,15}$/.test(raw))
    throw new AppError("not_found", `${what}_not_found`, `${what} not found`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new AppError("not_found", `${what}_not_found`, `${what} not found`);
  return n;
}

/** Only same-site relative paths are allowed as post-login / language-switch destinations. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\"))
    return fallback;
  // Browsers drop tabs and newlines inside URLs and read "\\" as "/": "/\t/evil.example" would leave the site.
  // Resolve it the way a browser does and keep it only if it stays on this origin.
  const base = "http://same-origin.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  // eslint-disable-next-line no-control-regex
  if (url.origin !== base || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  return url.pathname + url.search + url.hash;
}

/** The client's address as the server saw it (server.js puts it in the load context). */
export function clientIp(context: unknown): string | null {
  const ip = (context as { ip?: unknown } | undefined)?.ip;
  return typeof ip === "string" && ip.length <= 64 ? ip : null;
}
