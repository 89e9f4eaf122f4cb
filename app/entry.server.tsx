import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { closeDeps, getDeps } from "~/deps.server";
import { DocumentRequestContext } from "~/http/request-context";
import { sharedPageViewer } from "~/http/shared-page";
import { detectLanguage } from "~/i18n/language.server";
import { loggablePath, logger, requestIdOf } from "~/http/logger.server";

// HTTP middlewares and helpers for server.js, which reaches app code only through this module
// (build.entry.module). Security headers and the CSP nonce, the cross-site check, the access log.
export {
  createNonce,
  csrfMiddleware,
  rejectNulMiddleware,
  securityHeaders,
  securityHeadersMiddleware,
} from "~/http/security.server";
export { logger, requestLogMiddleware } from "~/http/logger.server";

const ABORT_DELAY = 5_000;

// Pages wait for all data (no deferred streaming), so every response is complete HTML: simple for
// crawlers, for no-JS visitors and for caching.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: AppLoadContext,
) {
  // server.js puts this response's CSP nonce in the load context (security headers are set there, for every
  // response: http/security.server.ts). Under `remix vite:dev` there is none and no CSP.
  const ctx = loadContext as { nonce?: unknown } | undefined;
  const nonce = typeof ctx?.nonce === "string" ? ctx.nonce : undefined;
  const memberSlot = sharedPageViewer(loadContext)?.slot;
  const info = { nonce, requestId: requestIdOf(request), lang: detectLanguage(request), memberSlot };
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <DocumentRequestContext.Provider value={info}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </DocumentRequestContext.Provider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError: reject,
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logRequestError(error, request, "render failed");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}

function isErrorResponse(error: unknown): boolean {
  const e = error as { status?: unknown; statusText?: unknown; internal?: unknown } | null;
  return (
    typeof e === "object" &&
    e !== null &&
    typeof e.status === "number" &&
    e.status < 500 &&
    typeof e.statusText === "string" &&
    "internal" in e
  );
}

function logRequestError(error: unknown, request: Request, msg: string) {
  logger.error(
    {
      err: error,
      reqId: requestIdOf(request),
      method: request.method,
      path: loggablePath(new URL(request.url).pathname),
    },
    msg,
  );
}

/**
 * Unexpected errors from loaders, actions and rendering (Remix calls this; thrown Responses such as 404 are not
 * errors). Logged once with the stack and the request id; the visitor sees only the friendly page (root.tsx).
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  // Remix also reports its own error responses here (e.g. the 404 of a URL no route matches): not errors.
  if (isErrorResponse(error)) return;
  logRequestError(error, request, "unhandled error");
}

/** Called by server.js before listening: opens the database, migrates, seeds the demo on first start. */
let refresher: NodeJS.Timeout | null = null;
let viewFlusher: NodeJS.Timeout | null = null;
let webhookWorker: { stop(): Promise<void> } | null = null;
let emailWorker: { stop(): Promise<void> } | null = null;

export async function startup() {
  const deps = await getDeps();
  // Triage signals grow with time (hours without an answer): refresh the stored scores every 10 minutes.
  const { refreshRecentTriageOnce } = await import("~/services/sentiment-backfill.server");
  refresher = setInterval(() => {
    refreshRecentTriageOnce(deps).catch((e: unknown) => logger.error({ err: e }, "triage refresh failed"));
  }, 10 * 60_000);
  refresher.unref();
  const { flushThreadViews } = await import("~/services/views.server");
  viewFlusher = setInterval(() => {
    flushThreadViews(deps).catch((e: unknown) => logger.error({ err: e }, "view flush failed"));
  }, 30_000);
  viewFlusher.unref();
  // Webhook deliveries from the outbox: every 5 s, never overlapping itself (services/webhooks.server.ts).
  const { startWebhookWorker } = await import("~/services/webhooks.server");
  webhookWorker = startWebhookWorker(deps, 5_000);
  // E-mails from email_outbox every 10 s (SMTP_URL, or kept for admins) and digests hourly (services/email.server.ts).
  const { startEmailWorker } = await import("~/services/email.server");
  emailWorker = startEmailWorker(deps);
  // Search documents for rows written before search existed (old databases, the demo seed); one cheap check.
  const { backfillSearchDocsIfNeeded } = await import("~/services/search.server");
  await backfillSearchDocsIfNeeded(deps).catch((e: unknown) =>
    logger.error({ err: e }, "search backfill failed"),
  );
  // Staff posts scored before ADR 023 (the community's mood is its members'): cleared once per database.
  const { forgetStaffSentimentIfNeeded } = await import("~/services/sentiment-backfill.server");
  await forgetStaffSentimentIfNeeded(deps).catch((e: unknown) =>
    logger.error({ err: e }, "clearing staff posts' sentiment failed"),
  );
  // A learned layer stored by an older feature scheme (ADR 007, version 2) is relearned and stored once.
  const { upgradeSentimentModel } = await import("~/services/listening.server");
  await upgradeSentimentModel(deps).catch((e: unknown) =>
    logger.error({ err: e }, "upgrading the sentiment model failed"),
  );
  const { DEMO_LOGINS } = await import("~db/seed");
  return {
    database: deps.handle?.kind ?? "unknown",
    demoLogins: process.env.SEED === "none" ? [] : DEMO_LOGINS,
  };
}

let pageCacheStop: (() => Promise<void>) | null = null;
/**
 * The anonymous page cache (ADR 014), installed by server.js after the security middlewares (it reuses their
 * nonce) and before the Remix handler. Null when PAGE_CACHE=off.
 */
export async function createPageCacheMiddleware() {
  const { createAnonymousPageCache } = await import("~/services/page-cache.server");
  const made = await createAnonymousPageCache(await getDeps());
  if (!made) return null;
  pageCacheStop = made.stop;
  return made.middleware;
}

/**
 * Called by server.js when a stop signal arrives, before it waits for connections to finish: open live
 * event streams (services/live.server.ts) would otherwise hold the server open until the forced exit.
 */
export async function closeLiveStreams() {
  const { closeLiveHub } = await import("~/services/live.server");
  await closeLiveHub(await getDeps());
}

export async function shutdown() {
  if (refresher) clearInterval(refresher);
  if (viewFlusher) clearInterval(viewFlusher);
  await pageCacheStop?.().catch(() => {});
  await webhookWorker?.stop();
  await emailWorker?.stop();
  const { flushThreadViews } = await import("~/services/views.server");
  await flushThreadViews(await getDeps()).catch(() => {});
  await closeDeps();
}
