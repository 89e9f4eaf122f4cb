/**
 * E-mail notifications as rules: which channel a notification goes to, when a member's digest is due and what
 * it contains, how failed sends are retried, and the texts of the e-mails (in the member's language).
 * Plain TypeScript: `now` is always an argument.
 */
import { ENGAGEMENT_KINDS } from "./recipients";
import { escapeHtml } from "~/domain/shared/html";

/**
 * Every notification kind the app creates, in one list: the engagement kinds (recipients.ts: replies, accepted
 * answers, mentions, followed threads, escalation updates) and the older ones (badges, the Champion title,
 * staff sentiment alerts). Unknown kinds are treated like these: in-app by default.
 */
export const NOTIFICATION_KINDS = [...ENGAGEMENT_KINDS, "badge", "champion", "alert"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds only staff ever receive (the preferences page shows them to staff only). */
export const STAFF_ONLY_KINDS: readonly NotificationKind[] = ["alert"];

/**
 * in_app: shown in the app only; email: shown in the app AND e-mailed; none: neither.
 * The SQL in data/reputation.server.ts insertNotifications mirrors this: no row = in_app.
 */
export const CHANNELS = ["in_app", "email", "none"] as const;
export type Channel = (typeof CHANNELS)[number];
export const DEFAULT_CHANNEL: Channel = "in_app";

export const DIGEST_MODES = ["off", "daily", "weekly"] as const;
export type DigestMode = (typeof DIGEST_MODES)[number];

export const isNotificationKind = (v: unknown): v is NotificationKind =>
  typeof v === "string" && (NOTIFICATION_KINDS as readonly string[]).includes(v);
export const isChannel = (v: unknown): v is Channel =>
  typeof v === "string" && (CHANNELS as readonly string[]).includes(v);
export const isDigestMode = (v: unknown): v is DigestMode =>
  typeof v === "string" && (DIGEST_MODES as readonly string[]).includes(v);

/** The member's channel for a kind: their stored choice if valid, otherwise in_app. */
export function resolveChannel(kind: string, prefs: ReadonlyMap<string, string>): Channel {
  const chosen = prefs.get(kind);
  return isChannel(chosen) ? chosen : DEFAULT_CHANNEL;
}

export const showsInApp = (c: Channel) => c !== "none";
export const sendsEmail = (c: Channel) => c === "email";

/** Only choices that differ from the default are stored (so a new kind's default applies to everyone). */
export function prefsToStore(choices: ReadonlyMap<string, Channel>): { kind: string; channel: Channel }[] {
  return [...choices]
    .filter(([kind, channel]) => isNotificationKind(kind) && channel !== DEFAULT_CHANNEL)
    .map(([kind, channel]) => ({ kind, channel }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
}

// ---------------------------------------------------------------------------------------------------------
// Digests: daily at 08:00 Asia/Ho_Chi_Minh (UTC+7, no daylight saving), weekly on Monday 08:00.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 08:00 in Ho Chi Minh City is 01:00 UTC all year. */
const DIGEST_HOUR_UTC = 1;

/** Start of the digest period containing `now`: the latest 08:00 ICT (daily) or Monday 08:00 ICT (weekly). */
export function digestPeriodStart(mode: "daily" | "weekly", now: Date): Date {
  const d = new Date(now.getTime());
  d.setUTCHours(DIGEST_HOUR_UTC, 0, 0, 0);
  if (d.getTime() > now.getTime()) d.setTime(d.getTime() - DAY);
  if (mode === "weekly") {
    // At 01:00 UTC the ICT date equals the UTC date, so getUTCDay() is the local weekday (1 = Monday).
    const back = (d.getUTCDay() + 6) % 7;
    d.setTime(d.getTime() - back * DAY);
  }
  return d;
}

export const digestPeriodLength = (mode: "daily" | "weekly") => (mode === "daily" ? DAY : 7 * DAY);

/** A digest is due once per period: when the member has none for the current period yet. */
export function isDigestDue(mode: DigestMode, lastDigestAt: Date | null, now: Date): boolean {
  if (mode === "off") return false;
  const start = digestPeriodStart(mode, now);
  return lastDigestAt === null || lastDigestAt.getTime() < start.getTime();
}

/**
 * The notifications a digest covers: created after the previous digest (or, for a first digest, within the
 * last full period) and up to the start of the current period. Consecutive windows touch, so every
 * notification falls in exactly one.
 */
export function digestWindow(
  mode: "daily" | "weekly",
  lastDigestAt: Date | null,
  now: Date,
): { from: Date; to: Date } {
  const to = digestPeriodStart(mode, now);
  const from = lastDigestAt ?? new Date(to.getTime() - digestPeriodLength(mode));
  return { from, to };
}

export interface DigestCandidate {
  id: number;
  kind: string;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
  /** Already sent (or queued) as an e-mail of its own. */
  emailed: boolean;
}

/** What goes into a digest: unread, inside the window (from, to], not already e-mailed on its own. */
export function selectDigestItems<T extends DigestCandidate>(
  items: readonly T[],
  w: { from: Date; to: Date },
): T[] {
  return items
    .filter(
      (n) =>
        n.readAt === null &&
        !n.emailed &&
        n.createdAt.getTime() > w.from.getTime() &&
        n.createdAt.getTime() <= w.to.getTime(),
    )
    .sort((a, b) => b.id - a.id);
}

/** The digest's dedupe key: one digest per member and period, ever. */
export const digestDedupeKey = (userId: string, periodStart: Date) =>
  `digest:${userId}:${periodStart.toISOString()}`;
export const notificationDedupeKey = (notificationId: number) => `notification:${notificationId}`;

// ---------------------------------------------------------------------------------------------------------
// Retries

export const EMAIL_RETRY = {
  /** Delay after the first failed attempt; doubles after each further failure. */
  baseDelayMs: 60_000,
  maxDelayMs: 6 * HOUR,
  /** After this many failed attempts the e-mail is given up ('failed'). */
  maxAttempts: 6,
  /** A claimed row is leased for this long; a crashed worker's rows become due again afterwards. */
  leaseMs: 5 * 60_000,
} as const;

export function emailRetryDelayMs(failedAttempts: number): number {
  const n = Math.max(1, failedAttempts);
  return Math.min(EMAIL_RETRY.baseDelayMs * 2 ** Math.min(n - 1, 30), EMAIL_RETRY.maxDelayMs);
}

export type EmailSendState =
  | { status: "sent"; nextAttemptAt: null }
  | { status: "pending"; nextAttemptAt: Date }
  | { status: "failed"; nextAttemptAt: null };

/** What happens to an e-mail after attempt number `attempts` (1-based, this attempt included). */
export function emailAfterAttempt(attempts: number, ok: boolean, now: Date): EmailSendState {
  if (ok) return { status: "sent", nextAttemptAt: null };
  if (attempts >= EMAIL_RETRY.maxAttempts) return { status: "failed", nextAttemptAt: null };
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + emailRetryDelayMs(attempts)) };
}

// ---------------------------------------------------------------------------------------------------------
// Texts

export type EmailLocale = "vi" | "en";
export const emailLocale = (v: unknown): EmailLocale => (v === "en" ? "en" : "vi");

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export { escapeHtml };

const str = (v: unknown, max = 200): string | null =>
  typeof v === "string" && v.trim() ? v.trim().replace(/\s+/g, " ").slice(0, max) : null;

type Line = (d: Record<string, unknown>) => string;

/** One line per kind; `title` (a thread title), `slug` (a badge), `actor` (a username) are used when present. */
const LINES: Record<EmailLocale, Record<NotificationKind | "other", Line>> = {
  vi: {
    reply: (d) =>
      str(d.title)
        ? `Có câu trả lời cho câu hỏi "${str(d.title)}" của bạn`
        : "Có câu trả lời cho câu hỏi của bạn",
    accepted: (d) =>
      str(d.title)
        ? `Câu trả lời của bạn trong "${str(d.title)}" đã được chấp nhận`
        : "Câu trả lời của bạn đã được chấp nhận",
    mention: (d) => (str(d.actor) ? `@${str(d.actor)} đã nhắc đến bạn` : "Có người nhắc đến bạn"),
    thread_reply: (d) =>
      str(d.title)
        ? `Có trả lời mới trong chủ đề bạn theo dõi: "${str(d.title)}"`
        : "Có trả lời mới trong chủ đề bạn theo dõi",
    followed_thread: (d) =>
      str(d.title)
        ? `Chủ đề mới ${d.via === "tag" ? "với thẻ" : "trong chuyên mục"} bạn theo dõi: "${str(d.title)}"`
        : "Có chủ đề mới trong nội dung bạn theo dõi",
    escalation_update: (d) =>
      str(d.title)
        ? `Có cập nhật về yêu cầu hỗ trợ cho "${str(d.title)}"`
        : "Có cập nhật về yêu cầu hỗ trợ của bạn",
    badge: (d) => (str(d.slug) ? `Bạn vừa nhận huy hiệu "${str(d.slug)}"` : "Bạn vừa nhận một huy hiệu mới"),
    champion: (d) =>
      d.confirmed === false ? "Danh hiệu Champion của bạn đã bị thu hồi" : "Bạn đã trở thành Champion",
    alert: () => "Cảnh báo: số bài tiêu cực tăng đột biến",
    other: () => "Bạn có thông báo mới",
  },
  en: {
    reply: (d) =>
      str(d.title) ? `New answer to your question "${str(d.title)}"` : "New answer to your question",
    accepted: (d) =>
      str(d.title) ? `Your answer in "${str(d.title)}" was accepted` : "Your answer was accepted",
    mention: (d) => (str(d.actor) ? `@${str(d.actor)} mentioned you` : "Someone mentioned you"),
    thread_reply: (d) =>
      str(d.title)
        ? `New reply in a thread you follow: "${str(d.title)}"`
        : "New reply in a thread you follow",
    followed_thread: (d) =>
      str(d.title)
        ? `New thread ${d.via === "tag" ? "with a tag" : "in a board"} you follow: "${str(d.title)}"`
        : "New thread in something you follow",
    escalation_update: (d) =>
      str(d.title)
        ? `Update on the escalation of "${str(d.title)}"`
        : "Update on the escalation of your thread",
    badge: (d) => (str(d.slug) ? `You earned the "${str(d.slug)}" badge` : "You earned a new badge"),
    champion: (d) => (d.confirmed === false ? "Your Champion title was withdrawn" : "You are now a Champion"),
    alert: () => "Alert: a spike of negative posts",
    other: () => "You have a new notification",
  },
};

const COPY = {
  vi: {
    greeting: "Xin chào,",
    open: "Xem trên Lantern",
    settings: "Đổi cách nhận thông báo",
    digestDaily: "Bản tin hằng ngày",
    digestWeekly: "Bản tin hằng tuần",
    digestIntro: (n: number) => `Bạn có ${n} thông báo chưa đọc:`,
    more: "Còn thông báo khác trên Lantern.",
  },
  en: {
    greeting: "Hello,",
    open: "Open in Lantern",
    settings: "Change how you get notifications",
    digestDaily: "Your daily digest",
    digestWeekly: "Your weekly digest",
    digestIntro: (n: number) => `You have ${n} unread notification${n === 1 ? "" : "s"}:`,
    more: "There are more on Lantern.",
  },
} as const;

/** The one-line summary of a notification, in the member's language. */
export function notificationLine(kind: string, data: Record<string, unknown>, locale: EmailLocale): string {
  const lines = LINES[locale];
  return (isNotificationKind(kind) ? lines[kind] : lines.other)(data);
}

/** Where the e-mail's link points: the thread when the notification names one, else the notifications page. */
export function notificationPath(data: Record<string, unknown>): string {
  const threadId = data.threadId;
  if (typeof threadId === "number" && Number.isSafeInteger(threadId) && threadId > 0) {
    const postId = data.postId;
    return typeof postId === "number" && Number.isSafeInteger(postId) && postId > 0
      ? `/t/${threadId}#p-${postId}`
      : `/t/${threadId}`;
  }
  return "/notifications";
}

function layout(
  baseUrl: string,
  heading: string,
  paragraphs: string[],
  listItems: string[],
  link: string,
  locale: EmailLocale,
) {
  const c = COPY[locale];
  const base = baseUrl.replace(/\/+$/, "");
  const settingsUrl = `${base}/settings/notifications`;
  const url = `${base}${link}`;
  const text = [
    c.greeting,
    "",
    heading,
    ...paragraphs,
    ...listItems.map((l) => `- ${l}`),
    "",
    `${c.open}: ${url}`,
    "",
    `${c.settings}: ${settingsUrl}`,
  ].join("\n");
  const html = [
    `<p>${escapeHtml(c.greeting)}</p>`,
    `<p><strong>${escapeHtml(heading)}</strong></p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    listItems.length ? `<ul>${listItems.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>` : "",
    `<p><a href="${escapeHtml(url)}">${escapeHtml(c.open)}</a></p>`,
    `<p style="color:#555;font-size:13px"><a href="${escapeHtml(settingsUrl)}">${escapeHtml(c.settings)}</a></p>`,
  ]
    .filter(Boolean)
    .join("\n");
  return { text, html };
}

/** The e-mail for one notification. */
export function renderNotificationEmail(
  n: { kind: string; data: Record<string, unknown> },
  locale: EmailLocale,
  baseUrl: string,
): RenderedEmail {
  const line = notificationLine(n.kind, n.data, locale);
  const { text, html } = layout(baseUrl, line, [], [], notificationPath(n.data), locale);
  return { subject: `[Lantern] ${line}`.slice(0, 250), text, html };
}

/** Most notifications listed in one digest; the rest are mentioned as "more on Lantern". */
export const DIGEST_MAX_ITEMS = 50;

/** The digest e-mail: one line per notification (newest first), at most DIGEST_MAX_ITEMS. */
export function renderDigestEmail(
  mode: "daily" | "weekly",
  items: readonly { kind: string; data: Record<string, unknown> }[],
  locale: EmailLocale,
  baseUrl: string,
  opts: { more?: boolean } = {},
): RenderedEmail {
  const c = COPY[locale];
  const heading = mode === "daily" ? c.digestDaily : c.digestWeekly;
  const shown = items.slice(0, DIGEST_MAX_ITEMS);
  const more = opts.more || items.length > shown.length;
  const { text, html } = layout(
    baseUrl,
    c.digestIntro(shown.length),
    [],
    [...shown.map((n) => notificationLine(n.kind, n.data, locale)), ...(more ? [c.more] : [])],
    "/notifications",
    locale,
  );
  return { subject: `[Lantern] ${heading}`, text, html };
}

/** States of an e-mail in the outbox (email_outbox.status). */
export const OUTBOX_STATUSES = ["pending", "sent", "failed", "kept"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
