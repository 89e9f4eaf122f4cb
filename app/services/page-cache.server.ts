/**
 * The process's anonymous page cache (app/http/page-cache.server.ts) and its cluster-wide invalidation:
 * writers NOTIFY inside their transaction (delivered only on commit); every process LISTENs and drops the
 * entries concerned. Thread events on the live channel invalidate too, so replies, votes, accepts, edits and
 * deletions need no extra call.
 */
import type { Executor, DbHandle } from "~db/client";
import { LIVE_CHANNEL, notifyChannel } from "~/data/live.server";
import { decodeLiveEvent } from "~/domain/live";
import type { AppDeps } from "~/deps.server";
import { SESSION_COOKIE } from "~/auth/session.server";
import { detectLanguage } from "~/i18n/language.server";
import { countThreadView } from "./views.server";
import { memberPagesHooks, sharedMemberPagesEnabled } from "./member-pages.server";
import {
  ALL_TAG,
  LISTS_TAG,
  PAGES_CHANNEL,
  PageCache,
  pageCacheMiddleware,
  parseTags,
  threadTags,
} from "~/http/page-cache.server";

/** Drops the anonymous pages with these tags in every process, when the caller's transaction commits. */
export async function invalidatePages(ex: Executor, tags: string[]) {
  if (tags.length) await notifyChannel(ex, PAGES_CHANNEL, tags.join(" "));
}

/** Every list page (home, boards, tags): a thread appeared, moved or changed state. */
export const invalidateLists = (ex: Executor) => invalidatePages(ex, [LISTS_TAG]);

/** Every cached page: staff actions (rare, and they can touch anything shown). */
export const invalidateAllPages = (ex: Executor) => invalidatePages(ex, [ALL_TAG]);

export function pageCacheEnabled() {
  return process.env.PAGE_CACHE !== "off";
}

const g = globalThis as unknown as { __lanternPageCache?: PageCache };

export function processPageCache(): PageCache {
  if (!g.__lanternPageCache) {
    const ttl = Number(process.env.PAGE_CACHE_TTL_MS ?? 5_000);
    const mb = Number(process.env.PAGE_CACHE_MB ?? 32);
    g.__lanternPageCache = new PageCache({
      ttlMs: Number.isFinite(ttl) && ttl >= 0 ? ttl : 5_000,
      maxBytes: (Number.isFinite(mb) && mb > 0 ? mb : 32) * 1024 * 1024,
    });
  }
  return g.__lanternPageCache;
}

/** Subscribes a cache to both channels; resolves to a function that stops listening. */
export async function listenForPageInvalidations(cache: PageCache, handle: Pick<DbHandle, "listen">) {
  const stopPages = await handle.listen(PAGES_CHANNEL, (payload) => cache.invalidate(parseTags(payload)));
  const stopLive = await handle.listen(LIVE_CHANNEL, (payload) => {
    const e = decodeLiveEvent(payload);
    if (e) cache.invalidate(threadTags(e.threadId));
  });
  return async () => {
    await stopPages();
    await stopLive();
  };
}

/**
 * The middleware server.js installs before the Remix handler (after the security middleware, whose nonce it
 * reuses through `res.locals.cspNonce`). Null when PAGE_CACHE=off.
 */
export async function createAnonymousPageCache(deps: AppDeps) {
  if (!pageCacheEnabled()) return null;
  const cache = processPageCache();
  const stop = deps.handle ? await listenForPageInvalidations(cache, deps.handle) : async () => {};
  const middleware = pageCacheMiddleware({
    cache,
    sessionCookie: SESSION_COOKIE,
    languageOf: (headers) => detectLanguage({ headers } as unknown as Request),
    nonceOf: (res) => (res as unknown as { locals?: { cspNonce?: string } }).locals?.cspNonce ?? null,
    onThreadHit: (threadId) => countThreadView(threadId, deps.clock.now()),
    // Members' thread pages too, shared among members who see the same thing (ADR 017).
    members: sharedMemberPagesEnabled() ? memberPagesHooks(deps) : undefined,
  });
  return { cache, middleware, stop };
}
