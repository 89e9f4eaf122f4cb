/**
 * Live thread updates (server-sent events). Writers call publishThreadEvent inside their transaction: it
 * NOTIFYs the `lantern_thread` channel, which PostgreSQL and PGlite deliver only if that transaction
 * commits. One LISTEN per database handle (so one per process) fans events out to in-memory subscribers,
 * keyed by thread id. Subscribers are the open event streams (routes/t.$threadId.events.ts).
 */
import type { AppDeps } from "~/deps.server";
import type { DbHandle, Executor } from "~db/client";
import { LIVE_CHANNEL, findThreadVisibility, notifyChannel } from "~/data/live.server";
import { decodeLiveEvent, encodeLiveEvent, type LiveEvent } from "~/domain/live";
import { isStaff, type Actor } from "~/domain/forum";

export interface LiveSubscriber {
  send(event: LiveEvent): void;
  /** The hub is shutting down: end the stream. */
  close(): void;
}

/** Publishes a change of this thread; call it inside the transaction that makes the change. */
export async function publishThreadEvent(
  ex: Executor,
  threadId: number,
  event: Omit<LiveEvent, "threadId">,
): Promise<void> {
  await notifyChannel(ex, LIVE_CHANNEL, encodeLiveEvent({ ...event, threadId }));
}

export class LiveHub {
  private readonly subscribers = new Map<number, Set<LiveSubscriber>>();
  private listening: Promise<() => Promise<void>> | null = null;
  private closed = false;

  constructor(private readonly listen: DbHandle["listen"]) {}

  /** Subscribes to one thread's events; resolves once the channel is being listened to. */
  async subscribe(threadId: number, sub: LiveSubscriber): Promise<() => void> {
    if (this.closed) throw new Error("live hub closed");
    let set = this.subscribers.get(threadId);
    if (!set) this.subscribers.set(threadId, (set = new Set()));
    set.add(sub);
    const unsubscribe = () => {
      const s = this.subscribers.get(threadId);
      if (!s) return;
      s.delete(sub);
      if (s.size === 0) this.subscribers.delete(threadId);
    };
    try {
      await this.start();
    } catch (e) {
      unsubscribe();
      throw e;
    }
    return unsubscribe;
  }

  /** How many streams follow this thread (all threads when omitted). */
  count(threadId?: number): number {
    if (threadId !== undefined) return this.subscribers.get(threadId)?.size ?? 0;
    let n = 0;
    for (const s of this.subscribers.values()) n += s.size;
    return n;
  }

  private start() {
    if (!this.listening) {
      this.listening = this.listen(LIVE_CHANNEL, (payload) => this.dispatch(payload));
      // A failed LISTEN is retried by the next subscriber.
      this.listening.catch(() => {
        this.listening = null;
      });
    }
    return this.listening;
  }

  private dispatch(payload: string) {
    const event = decodeLiveEvent(payload);
    if (!event) return;
    const set = this.subscribers.get(event.threadId);
    if (!set) return;
    for (const sub of [...set]) {
      try {
        sub.send(event);
      } catch {
        // A stream that cannot take more data is dropped; its own abort handler also cleans up.
        set.delete(sub);
      }
    }
  }

  /** Ends every stream and stops listening (server shutdown, end of a test). */
  async close() {
    this.closed = true;
    for (const set of this.subscribers.values()) for (const sub of set) sub.close();
    this.subscribers.clear();
    const listening = this.listening;
    this.listening = null;
    if (listening) await (await listening.catch(() => null))?.().catch(() => {});
  }
}

const hubs = new WeakMap<DbHandle, LiveHub>();

/** The hub of this database handle (null when the deps were built without one). */
export function liveHub(deps: AppDeps): LiveHub | null {
  const handle = deps.handle;
  if (!handle) return null;
  let hub = hubs.get(handle);
  if (!hub) hubs.set(handle, (hub = new LiveHub((channel, cb) => handle.listen(channel, cb))));
  return hub;
}

export async function closeLiveHub(deps: AppDeps) {
  const handle = deps.handle;
  const hub = handle && hubs.get(handle);
  if (!hub || !handle) return;
  hubs.delete(handle);
  await hub.close();
}

/**
 * May this viewer follow this thread? The same rule as the thread page: a thread awaiting approval or
 * hidden exists only for its author and staff; a merged thread has no stream of its own.
 */
export async function canFollowThread(deps: AppDeps, viewer: Actor | null, threadId: number) {
  const t = await findThreadVisibility(deps.db, threadId);
  if (!t || t.mergedIntoId !== null) return false;
  if (t.moderationState === "visible") return true;
  return !!viewer && (isStaff(viewer) || viewer.id === t.authorId);
}
