/**
 * Shared cache of rendered pages for anonymous visitors (issue 7; ADR 014).
 *
 * What is cached: GET/HEAD of the home page, board pages, tag pages and thread pages (documents, not the
 * `.data` requests of client navigation) for visitors with no session cookie, keyed by language + path +
 * query. For members, the same pages are shared among members who see the same thing, with each member's own
 * header spliced in (ADR 017, `memberPage` below); their other pages are rendered for them.
 *
 * Freshness: an entry lives at most `ttlMs` (default 5 s), and is dropped as soon as a write that changes it
 * commits: every thread event on the live channel (reply, vote, accept, edit, delete) drops that thread's
 * pages and all list pages; explicit invalidations on PAGES_CHANNEL cover the rest (new threads, every staff
 * action through the audit log). NOTIFY reaches every process, so the cache is per process but invalidated
 * cluster-wide. A render that started before an invalidation of its tags is never stored (generation check).
 *
 * CSP nonces: the stored HTML keeps the nonce of the request that rendered it; a hit swaps in the nonce of the
 * current request (set by the security middleware before this one), so nonces stay per response.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  cutBody,
  fillBody,
  mayShare,
  type PageShape,
  shapeKey,
  sharedPageKey,
} from "~/domain/pages/shared-page";
import type { SharedPageFacts } from "./shared-page";

export const PAGES_CHANNEL = "lantern_pages";
/** The tag of every list page (home, boards, tags). */
export const LISTS_TAG = "lists";
/** Invalidates every entry. */
export const ALL_TAG = "all";
/**
 * The leaderboards' tag. Nothing invalidates it: a ranking moves with any vote or accepted answer anywhere, so
 * a visitor's leaderboard is at most the TTL (5 s) old, as the issue allows for pages a visitor did not write to.
 */
export const LEADERBOARD_TAG = "leaderboard";

export interface CacheablePage {
  tags: string[];
  /** Thread pages: the thread id, so a hit still counts a view. */
  threadId?: number;
  /** false: for anonymous visitors only; members always get their own render (no shared member page). */
  members?: false;
}

/** Which paths may be cached, and their tags. Anything else is never cached. */
export function cacheablePage(pathname: string): CacheablePage | null {
  if (pathname === "/") return { tags: [LISTS_TAG] };
  if (/^\/b\/[^/.]+$/.test(pathname)) return { tags: [LISTS_TAG] };
  if (/^\/tags\/[^/.]+$/.test(pathname)) return { tags: [LISTS_TAG] };
  // Visitors only: members' pages are shared only where the loader reports what it showed (ADR 017).
  if (pathname === "/leaderboard") return { tags: [LEADERBOARD_TAG], members: false };
  const t = /^\/t\/(\d{1,15})(?:-[^/.]*)?$/.exec(pathname);
  if (t) {
    const id = Number(t[1]);
    if (Number.isSafeInteger(id) && id > 0) return { tags: [`thread:${id}`], threadId: id };
  }
  return null;
}

/** Tags a thread event invalidates: that thread's pages and every list (counts, order, last activity). */
export function threadTags(threadId: number): string[] {
  return [`thread:${threadId}`, LISTS_TAG];
}

/** Parses an invalidation payload: a space-separated list of tags. Anything odd is ignored. */
export function parseTags(payload: string): string[] {
  if (payload.length > 2000) return [ALL_TAG];
  return payload.split(/\s+/).filter((t) => /^(all|lists|thread:\d{1,15})$/.test(t));
}

interface Entry {
  key: string;
  tags: string[];
  status: number;
  headers: Array<[string, string]>;
  nonce: string | null;
  etag: string;
  storedAt: number;
  bytes: number;
  /** The body as UTF-8, cut around each `nonce="…"` attribute (and a shared member page's header), so a hit only splices bytes. */
  parts: Buffer[];
  /** What goes between `parts[i]` and `parts[i + 1]`: "nonce" or "me" (the member's header, ADR 017). */
  holes: string[];
  /** What a shape entry (ADR 017) records; page entries have none. */
  meta?: PageShape;
  /** This entry's time to live, if not the cache's. */
  ttlMs?: number;
}

export interface PageCacheOptions {
  ttlMs?: number;
  maxBytes?: number;
  now?: () => number;
}

export class PageCache {
  readonly ttlMs: number;
  readonly maxBytes: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly tagGen = new Map<string, number>();
  private allGen = 0;
  private bytes = 0;
  readonly stats = {
    hits: 0,
    misses: 0,
    stores: 0,
    invalidations: 0,
    bypass: 0,
    memberHits: 0,
    memberMisses: 0,
  };

  constructor(opts: PageCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 5_000;
    this.maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
    this.now = opts.now ?? Date.now;
  }

  get size() {
    return this.entries.size;
  }

  get totalBytes() {
    return this.bytes;
  }

  get(key: string): Entry | null {
    const e = this.entries.get(key);
    if (!e) return null;
    if (this.now() - e.storedAt >= (e.ttlMs ?? this.ttlMs)) {
      this.remove(key);
      return null;
    }
    // Least recently used goes first when full: re-insert on use.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  /** A snapshot to pass to set(): a render that overlaps an invalidation of its tags is not stored. */
  generation(tags: string[]): number {
    let g = this.allGen;
    for (const t of tags) g += this.tagGen.get(t) ?? 0;
    return g;
  }

  set(
    e: Omit<Entry, "storedAt" | "bytes" | "etag" | "parts" | "holes"> & { body: string; memberSlot?: string },
    generation: number,
  ): boolean {
    if (this.generation(e.tags) !== generation) return false;
    const cut = cutBody(e.body, { nonce: e.nonce ? `nonce="${e.nonce}"` : "", me: e.memberSlot ?? "" });
    const parts = cut.parts.map((x) => Buffer.from(x, "utf8"));
    const bytes = parts.reduce((n, b) => n + b.length, 0) + 512;
    if (bytes > this.maxBytes / 4) return false;
    this.remove(e.key);
    // The string body is not kept: the UTF-8 parts are what a hit sends.
    const { body, memberSlot: _slot, ...rest } = e;
    const entry: Entry = {
      ...rest,
      storedAt: this.now(),
      bytes,
      etag: etagOf(body, e.nonce),
      parts,
      holes: cut.holes,
    };
    this.entries.set(e.key, entry);
    this.bytes += bytes;
    for (const t of e.tags) {
      let s = this.byTag.get(t);
      if (!s) this.byTag.set(t, (s = new Set()));
      s.add(e.key);
    }
    while (this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value);
    }
    this.stats.stores += 1;
    return true;
  }

  invalidate(tags: string[]) {
    if (!tags.length) return;
    this.stats.invalidations += 1;
    if (tags.includes(ALL_TAG)) {
      this.allGen += 1;
      this.entries.clear();
      this.byTag.clear();
      this.bytes = 0;
      return;
    }
    for (const t of tags) {
      this.tagGen.set(t, (this.tagGen.get(t) ?? 0) + 1);
      const keys = this.byTag.get(t);
      if (!keys) continue;
      for (const k of [...keys]) this.remove(k);
      this.byTag.delete(t);
    }
  }

  private remove(key: string) {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
    for (const t of e.tags) {
      const s = this.byTag.get(t);
      s?.delete(key);
      if (s && s.size === 0) this.byTag.delete(t);
    }
  }
}

/** A weak ETag over the body with its nonce blanked (the nonce changes per response, the page does not). */
export function etagOf(body: string, nonce: string | null): string {
  const stable = nonce ? body.split(nonce).join("") : body;
  return `W/"${crypto.createHash("sha1").update(stable).digest("base64url").slice(0, 27)}"`;
}

/** The stored parts joined by the current response's nonce attribute (or the stored one, if none). */
export function spliceNonce(parts: Buffer[], stored: string | null, current: string | null): Buffer {
  return Buffer.concat(
    entryChunks({ parts, holes: parts.slice(1).map(() => "nonce"), nonce: stored }, current),
  );
}

const NOTHING = Buffer.alloc(0);

/**
 * A stored page's bytes for one response, as the stored parts and the filled holes in order: its nonce (the
 * stored one if none) and, for members, their header.
 */
function entryChunks(
  e: Pick<Entry, "parts" | "holes" | "nonce">,
  nonce: string | null,
  me?: string,
): Buffer[] {
  if (e.parts.length === 1) return [e.parts[0]!];
  const values: Record<string, Buffer> = { nonce: Buffer.from(`nonce="${nonce ?? e.nonce ?? ""}"`, "utf8") };
  if (me !== undefined) values.me = Buffer.from(me, "utf8");
  return fillBody(e, values, NOTHING);
}

/**
 * Sends a stored page (status and headers already set): its chunks are written corked, so they leave in one
 * writev with the headers, and a page is never copied into one buffer per response (a 53 kB copy per hit was
 * a quarter of an anonymous hit's CPU, in garbage collection).
 */
function sendEntry(
  req: IncomingMessage,
  res: ServerResponse,
  e: Pick<Entry, "parts" | "holes" | "nonce">,
  nonce: string | null,
  me?: string,
) {
  const chunks = entryChunks(e, nonce, me);
  let length = 0;
  for (const c of chunks) length += c.length;
  res.setHeader("Content-Length", length);
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  res.cork();
  for (const c of chunks) res.write(c);
  res.end();
}

// Response headers that belong to one response, never to the stored page.
const PER_RESPONSE = new Set([
  "set-cookie",
  "content-security-policy",
  "x-request-id",
  "date",
  "content-length",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "etag",
  "cache-control",
  "vary",
  "x-cache",
]);

export const ANON_CACHE_CONTROL = "private, no-cache";

export interface PageCacheMiddlewareOptions {
  cache: PageCache;
  /** The session cookie's name: a request carrying it is a member's and is never cached. */
  sessionCookie: string;
  /** The visitor's language for the key (same rule as the pages use). */
  languageOf: (headers: { get(name: string): string | null }) => string;
  /** The nonce the security middleware chose for this response, if any. */
  nonceOf?: (res: ServerResponse) => string | null | undefined;
  /** Called on a hit of a thread page (views are counted in memory). */
  onThreadHit?: (threadId: number) => void;
  /** Shared member pages (ADR 017): members' thread pages, rendered once per view. Absent: members always bypass. */
  members?: MemberPagesHooks;
}

/** A member whose thread pages may be shared (not staff; no session cookie to refresh). */
export interface SharedMember {
  id: string;
  username: string;
  role: "member";
  reputation: number;
  privileges: string[];
}

export interface MemberPagesHooks {
  /** The member behind the request's session cookie, or null when their page must be rendered for them alone. */
  member(req: IncomingMessage): Promise<SharedMember | null>;
  /** Per response: unread notifications, following the page's follow target (if any), votes on the shown posts. */
  state(
    member: SharedMember,
    follow: PageShape["follow"],
    postIds: number[],
  ): Promise<{ unread: number; following: boolean; votes: Record<string, number> }>;
  /** The header's member part (components/member-nav.tsx) for this member, as the page would render it. */
  renderNav(lang: string, me: { username: string; unread: number }): string;
  /** The text a shared render has where the member's header part goes (random per process). */
  slot: string;
}

export const MEMBER_CACHE_CONTROL = "private, no-cache";
/** How long a page's shape (ADR 017) is kept at most; writes to the thread drop it sooner. */
export const SHAPE_TTL_MS = 60_000;

type Next = (err?: unknown) => void;

/** Collects what a response writes (strings in their encoding, bytes as they are). */
function collector(chunks: Buffer[]) {
  return (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    if (typeof chunk === "string")
      chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
}

/** The response's headers a stored page keeps (not those of one response). */
function storableHeaders(res: ServerResponse): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(res.getHeaders())) {
    if (v === undefined || PER_RESPONSE.has(k.toLowerCase())) continue;
    headers.push([k, Array.isArray(v) ? v.join(", ") : String(v)]);
  }
  return headers;
}

function hasCookie(header: string | undefined, name: string) {
  if (!header) return false;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name && part.slice(eq + 1).trim() !== "") return true;
  }
  return false;
}

function headerGetter(req: IncomingMessage) {
  return {
    get(name: string) {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(", ") : (v ?? null);
    },
  };
}

/** Express/connect middleware: serves hits, stores anonymous page renders, bypasses everything else. */
export function pageCacheMiddleware(opts: PageCacheMiddlewareOptions) {
  const { cache } = opts;
  const inflight = new Map<string, Promise<void>>();
  /** Waits (at most 5 s) for a render of this key that someone else started, if any. */
  async function renderOf(key: string) {
    const pending = inflight.get(key);
    if (!pending) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pending, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
    clearTimeout(timer);
  }

  /**
   * A member's thread, board, tag or home page (ADR 017). Known shape (which posts the page shows, who wrote them,
   * what it follows): one query for the member's state, then the shared render of their view if stored, spliced
   * with their own header. Otherwise the page is rendered for them in shared mode (their header left as a slot),
   * stored if its loader reported what it depended on and it shows them nothing of their own, and sent with their
   * header spliced in.
   */
  async function memberPage(
    req: IncomingMessage,
    res: ServerResponse,
    next: Next,
    page: CacheablePage,
    url: string,
    hooks: MemberPagesHooks,
  ) {
    const lang = opts.languageOf(headerGetter(req));
    const pageKey = `${lang} ${url}`;
    // If the member's session or state cannot be read (the database is away), the page is rendered the usual
    // way: Remix answers with its own error page, as for any other page.
    const member = await hooks.member(req).catch(() => null);
    const shapeAt = shapeKey(pageKey);
    let shape = member ? (cache.get(shapeAt)?.meta ?? null) : null;
    if (member && !shape && inflight.has(shapeAt)) {
      // Right after a write to the thread nobody knows the page's shape: the first member renders it, the others
      // wait for that render rather than each render the page too.
      await renderOf(shapeAt);
      shape = cache.get(shapeAt)?.meta ?? null;
    }
    if (!member || (shape && !mayShare(member.id, shape))) {
      cache.stats.bypass += 1;
      return next();
    }
    const state = await hooks.state(member, shape?.follow ?? null, shape?.postIds ?? []).catch(() => null);
    if (!state) {
      cache.stats.bypass += 1;
      return next();
    }
    const nav = () => hooks.renderNav(lang, { username: member.username, unread: state.unread });
    const nonce = opts.nonceOf?.(res) ?? null;
    res.setHeader("Cache-Control", MEMBER_CACHE_CONTROL);

    // The member's view of a page whose shape is known: the key of its shared render.
    const viewKey = shape
      ? sharedPageKey(
          pageKey,
          { privileges: member.privileges, following: state.following, votes: state.votes },
          shape.postIds,
        )
      : null;
    if (viewKey) {
      let hit = cache.get(viewKey);
      if (!hit && inflight.has(viewKey)) {
        await renderOf(viewKey);
        hit = cache.get(viewKey);
      }
      if (hit) {
        cache.stats.memberHits += 1;
        if (page.threadId) opts.onThreadHit?.(page.threadId);
        for (const [k, v] of hit.headers) res.setHeader(k, v);
        res.setHeader("X-Cache", "HIT-SHARED");
        res.statusCode = hit.status;
        sendEntry(req, res, hit, nonce, nav());
        return;
      }
    }

    cache.stats.memberMisses += 1;
    const generation = cache.generation(page.tags);
    let facts: SharedPageFacts | null = null;
    const locals = ((res as unknown as { locals?: Record<string, unknown> }).locals ??= {});
    locals.sharedPage = {
      id: member.id,
      username: member.username,
      role: member.role,
      reputation: member.reputation,
      slot: hooks.slot,
      report(f: SharedPageFacts) {
        facts = f;
      },
    };
    // Others with the same view (or, shape unknown, anyone on this page) wait for this render rather than
    // render it too.
    let pendingKey: string | null = viewKey ?? shapeAt;
    let done!: () => void;
    if (!inflight.has(pendingKey)) inflight.set(pendingKey, new Promise<void>((r) => (done = r)));
    else pendingKey = null;
    const finish = () => {
      if (pendingKey && inflight.get(pendingKey)) {
        inflight.delete(pendingKey);
        done();
      }
      pendingKey = null;
    };
    res.on("close", finish);
    // Buffer the render: what was rendered (with a slot) is stored; what is sent has the member's header.
    const chunks: Buffer[] = [];
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    const collect = collector(chunks);
    res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
      collect(chunk, encoding);
      const callback = typeof encoding === "function" ? encoding : cb;
      if (typeof callback === "function") process.nextTick(callback as () => void);
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      const callback = rest.find((x) => typeof x === "function");
      let out: Buffer;
      try {
        const body = Buffer.concat(chunks).toString("utf8");
        const type = String(res.getHeader("content-type") ?? "");
        const stored = facts as SharedPageFacts | null;
        if (
          res.statusCode === 200 &&
          stored?.shareable &&
          !res.getHeader("set-cookie") &&
          type.startsWith("text/html")
        ) {
          const headers = storableHeaders(res);
          const key = sharedPageKey(
            pageKey,
            { privileges: member.privileges, following: stored.following, votes: stored.votes },
            stored.postIds,
          );
          const base = { tags: page.tags, status: 200, nonce };
          cache.set({ ...base, key, headers, body, memberSlot: hooks.slot }, generation);
          cache.set(
            {
              ...base,
              key: shapeKey(pageKey),
              headers: [],
              body: "",
              meta: { postIds: stored.postIds, authorIds: stored.authorIds, follow: stored.follow },
              // Which posts a page shows changes only with a write to the thread, which drops it (tags): it may
              // outlive the renders, so that when they expire one request renders again while the others wait.
              ttlMs: Math.max(cache.ttlMs, SHAPE_TTL_MS),
            },
            generation,
          );
        }
        // Every HTML render in shared mode has the slot (error pages too): the member gets their own header.
        out = Buffer.from(type.startsWith("text/html") ? body.split(hooks.slot).join(nav()) : body, "utf8");
      } finally {
        finish();
      }
      if (!res.headersSent) {
        res.setHeader("X-Cache", "MISS-SHARED");
        res.setHeader("Content-Length", out.length);
      }
      return callback ? end(out, callback) : end(out);
    }) as typeof res.end;
    return next();
  }

  return async function pageCache(req: IncomingMessage, res: ServerResponse, next: Next) {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") return next();
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const pathname = q >= 0 ? url.slice(0, q) : url;
      const page = cacheablePage(pathname);
      if (!page || /[?&]_data=/.test(url) || req.headers.authorization) return next();
      if (hasCookie(req.headers.cookie, opts.sessionCookie)) {
        res.setHeader("Vary", "Cookie, Accept-Language");
        if (opts.members && req.method === "GET" && page.members !== false)
          return await memberPage(req, res, next, page, url, opts.members);
        cache.stats.bypass += 1;
        return next();
      }
      const key = `${opts.languageOf(headerGetter(req))} ${url}`;
      const nonce = opts.nonceOf?.(res) ?? null;

      let hit = cache.get(key);
      if (!hit && inflight.has(key)) {
        // Someone is rendering this page right now: wait for it rather than render it twice.
        await renderOf(key);
        hit = cache.get(key);
      }
      if (hit) {
        cache.stats.hits += 1;
        if (page.threadId) opts.onThreadHit?.(page.threadId);
        for (const [k, v] of hit.headers) res.setHeader(k, v);
        res.setHeader("Cache-Control", ANON_CACHE_CONTROL);
        res.setHeader("Vary", "Cookie, Accept-Language");
        res.setHeader("ETag", hit.etag);
        res.setHeader("X-Cache", "HIT");
        if (req.headers["if-none-match"] === hit.etag) {
          res.statusCode = 304;
          res.end();
          return;
        }
        res.statusCode = hit.status;
        sendEntry(req, res, hit, nonce);
        return;
      }

      cache.stats.misses += 1;
      if (req.method === "HEAD") return next();
      const generation = cache.generation(page.tags);
      let done!: () => void;
      const pending = new Promise<void>((r) => (done = r));
      inflight.set(key, pending);
      const chunks: Buffer[] = [];
      const write = res.write.bind(res) as (...a: unknown[]) => boolean;
      const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
      const collect = collector(chunks);
      const finish = () => {
        inflight.delete(key);
        done();
      };
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        collect(chunk, rest[0]);
        return write(chunk, ...rest);
      }) as typeof res.write;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        collect(chunk, rest[0]);
        try {
          const type = String(res.getHeader("content-type") ?? "");
          if (res.statusCode === 200 && !res.getHeader("set-cookie") && type.startsWith("text/html")) {
            const headers = storableHeaders(res);
            cache.set(
              {
                key,
                tags: page.tags,
                status: 200,
                headers,
                body: Buffer.concat(chunks).toString("utf8"),
                nonce,
              },
              generation,
            );
          }
        } finally {
          finish();
        }
        return end(chunk, ...rest);
      }) as typeof res.end;
      res.on("close", finish);
      // Headers set before the Remix handler runs; it does not set these for documents.
      // (The member path, memberPage below, buffers instead: its stored render is not what it sends.)
      res.setHeader("Cache-Control", ANON_CACHE_CONTROL);
      res.setHeader("Vary", "Cookie, Accept-Language");
      res.setHeader("X-Cache", "MISS");
      return next();
    } catch (e) {
      return next(e);
    }
  };
}
