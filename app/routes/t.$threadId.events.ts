/**
 * GET /t/:threadId/events: a server-sent event stream of the thread's changes (replies, votes, accepted
 * answer, edits, deletions) for an open thread page (components/live-thread.tsx). Same visibility as the
 * page: a thread awaiting approval or hidden is a 404 to everyone but its author and staff.
 * Each event is `id:` + `event: thread` + `data: {threadId, kind, postId, score?}`; a reconnect carrying
 * Last-Event-ID first gets `event: resync` (events may have been missed: the page offers a refresh).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { getOptionalUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { canFollowThread, liveHub } from "~/services/live.server";
import { encodeLiveEvent, type LiveEvent } from "~/domain/live";

export const HEARTBEAT_MS = 25_000;
/** Reconnect hint for EventSource after a drop. */
const RETRY_MS = 5_000;
/** Streams per process; beyond this the client retries later instead of piling up connections. */
const MAX_STREAMS = 5_000;

export async function loader({ params, request }: LoaderFunctionArgs) {
  const threadId = Number(params.threadId);
  if (!Number.isSafeInteger(threadId) || threadId <= 0) throw new Response("Not found", { status: 404 });
  const deps = await getDeps();
  const viewer = await getOptionalUser(request);
  if (!(await canFollowThread(deps, viewer, threadId))) throw new Response("Not found", { status: 404 });
  const hub = liveHub(deps);
  if (!hub || hub.count() >= MAX_STREAMS)
    return new Response("Live updates unavailable", { status: 503, headers: { "Retry-After": "30" } });

  const encoder = new TextEncoder();
  const streamId = randomUUID().slice(0, 8);
  const resumed = request.headers.has("Last-Event-ID");
  let seq = 0;
  let cleanup: () => void = () => {};

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      let unsubscribe: () => void = () => {};
      const write = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text));
      };
      const frame = (event: string, data: string) =>
        `id: ${streamId}-${++seq}\nevent: ${event}\ndata: ${data}\n\n`;
      const heartbeat = setInterval(() => write(`: ping\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        request.signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      request.signal.addEventListener("abort", cleanup);
      write(`retry: ${RETRY_MS}\n: live ${threadId}\n\n`);
      try {
        unsubscribe = await hub.subscribe(threadId, {
          send: (e: LiveEvent) => write(frame("thread", encodeLiveEvent(e))),
          close: () => cleanup(),
        });
      } catch {
        cleanup();
        return;
      }
      // The client aborted while we were subscribing.
      if (!open || request.signal.aborted) {
        unsubscribe();
        cleanup();
        return;
      }
      write(frame(resumed ? "resync" : "ready", JSON.stringify({ threadId })));
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      // Reverse proxies (nginx) must not buffer the stream.
      "X-Accel-Buffering": "no",
    },
  });
}
