/**
 * Live updates on an open thread page: an EventSource on /t/:id/events (routes/t.$threadId.events.ts).
 * Vote scores update in place (useLiveScore); new replies and other changes show a polite notice whose
 * button revalidates the page's loader, so they appear without a full reload. It never moves focus on its
 * own, and revalidating keeps a reply being typed (the editor resets only on navigation). Without
 * JavaScript nothing renders and the page works as before.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useRevalidator } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import {
  applyLiveEvent,
  decodeLiveEvent,
  emptyLiveState,
  pendingChanges,
  type LiveState,
} from "~/domain/live";

// The latest scores heard on this page, shared with every VoteControls without a provider.
let liveScores: Readonly<Record<number, number>> = {};
const scoreListeners = new Set<() => void>();
function publishScores(next: Readonly<Record<number, number>>) {
  if (next === liveScores) return;
  liveScores = next;
  for (const l of scoreListeners) l();
}
function onScores(listener: () => void) {
  scoreListeners.add(listener);
  return () => void scoreListeners.delete(listener);
}

/** The score heard live for this post since the page's data was loaded (null: nothing newer). */
export function useLiveScore(postId: number): number | null {
  return useSyncExternalStore(
    onScores,
    () => liveScores[postId] ?? null,
    () => null,
  );
}

export function LiveThread({
  threadId,
  shownPostIds,
  dataVersion,
}: {
  threadId: number;
  /** Ids of the posts the page shows now (a reply already shown is not "new"). */
  shownPostIds: readonly number[];
  /** Changes whenever the loader data is reloaded (pass the loader data object). */
  dataVersion: unknown;
}) {
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const [state, setState] = useState<LiveState>(emptyLiveState);
  const focusAfterRefresh = useRef<number | "answers" | null>(null);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(`/t/${threadId}/events`);
    source.addEventListener("thread", (m) => {
      const event = decodeLiveEvent(String((m as MessageEvent).data));
      if (event && event.threadId === threadId) setState((s) => applyLiveEvent(s, event));
    });
    // A reconnect: events may have been missed while disconnected.
    source.addEventListener("resync", () => setState((s) => applyLiveEvent(s, "resync")));
    return () => source.close();
  }, [threadId]);

  // Fresh loader data already shows everything heard so far.
  useEffect(() => {
    setState(emptyLiveState());
  }, [dataVersion]);

  useEffect(() => {
    publishScores(state.scores);
  }, [state.scores]);
  useEffect(() => () => publishScores({}), []);

  // After "Show", focus the first new reply (the button that had focus is gone).
  useEffect(() => {
    if (revalidator.state !== "idle" || focusAfterRefresh.current === null) return;
    const target = focusAfterRefresh.current;
    focusAfterRefresh.current = null;
    const el = document.getElementById(target === "answers" ? "answers-title" : `p-${target}`);
    if (el) {
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
      el.focus();
    }
  }, [revalidator.state, dataVersion]);

  const pending = pendingChanges(state, new Set(shownPostIds));
  const loading = revalidator.state === "loading";
  const show = pending.newReplies > 0 || pending.otherChanges;
  const refresh = () => {
    focusAfterRefresh.current = pending.firstNewPostId ?? (pending.newReplies > 0 ? "answers" : null);
    revalidator.revalidate();
  };

  return (
    <div className="live-region" role="status" aria-live="polite">
      {show ? (
        <p className="live-notice">
          <span>
            {pending.newReplies > 0
              ? t("liveFeature.newReplies", { count: pending.newReplies })
              : t("liveFeature.updated")}
          </span>{" "}
          <button type="button" className="btn btn-sm btn-outline" onClick={refresh} disabled={loading}>
            {loading
              ? t("liveFeature.loading")
              : pending.newReplies > 0
                ? t("liveFeature.show")
                : t("liveFeature.refresh")}
          </button>
        </p>
      ) : null}
    </div>
  );
}
