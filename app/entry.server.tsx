import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { closeDeps, getDeps } from "~/deps.server";

const ABORT_DELAY = 5_000;

// Pages wait for all data (no deferred streaming), so every response is complete HTML: simple for
// crawlers, for no-JS visitors and for caching.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("X-Content-Type-Options", "nosniff");
          responseHeaders.set("Referrer-Policy", "strict-origin-when-cross-origin");
          responseHeaders.set("X-Frame-Options", "DENY");
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
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
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
    refreshRecentTriageOnce(deps).catch((e: unknown) => console.error("triage refresh failed", e));
  }, 10 * 60_000);
  refresher.unref();
  const { flushThreadViews } = await import("~/services/views.server");
  viewFlusher = setInterval(() => {
    flushThreadViews(deps).catch((e: unknown) => console.error("view flush failed", e));
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
  await backfillSearchDocsIfNeeded(deps).catch((e: unknown) => console.error("search backfill failed", e));
  const { DEMO_LOGINS } = await import("~db/seed");
  return {
    database: deps.handle?.kind ?? "unknown",
    demoLogins: process.env.SEED === "none" ? [] : DEMO_LOGINS,
  };
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
  await webhookWorker?.stop();
  await emailWorker?.stop();
  const { flushThreadViews } = await import("~/services/views.server");
  await flushThreadViews(await getDeps()).catch(() => {});
  await closeDeps();
}
