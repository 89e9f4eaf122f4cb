/**
 * E-mail notifications: members' preferences, the sending worker and the digest job.
 *
 * Every e-mail is an email_outbox row first, written in the transaction that caused it (notifications:
 * data/email.server.ts insertNotificationsWithEmail; digests: queueDigests). The worker claims due rows
 * (skip locked + a lease), sends them through SMTP when SMTP_URL is set, and records sent / retry with backoff /
 * failed. Without SMTP_URL due rows become `kept`: admins read them at /admin/emails, and they are never sent
 * later (a mail server configured next week must not deliver last week's notifications in one burst).
 */
import nodemailer from "nodemailer";
import type { AppDeps } from "~/deps.server";
import type { Actor } from "~/domain/forum";
import {
  claimDueEmails,
  emailBaseUrl,
  getNotificationSettings,
  insertDigestEmails,
  keepDueEmails,
  listDigestItems,
  listMembersDueForDigest,
  recordEmailResult,
  replaceNotificationSettings,
  setLastDigestAt,
} from "~/data/email.server";
import {
  DIGEST_MAX_ITEMS,
  digestDedupeKey,
  digestPeriodStart,
  digestWindow,
  EMAIL_RETRY,
  emailAfterAttempt,
  emailLocale,
  isChannel,
  isDigestMode,
  NOTIFICATION_KINDS,
  prefsToStore,
  renderDigestEmail,
  type Channel,
} from "~/domain/engagement/email";
import { AppError } from "~/domain/shared/app-error";
import { runExclusive } from "./job-lock.server";

// ---------------------------------------------------------------------------------------------------------
// Preferences

/** The member's channel per kind (defaults filled in) and digest mode. */
export async function loadNotificationSettings(deps: AppDeps, actor: Actor) {
  const s = await getNotificationSettings(deps.db, actor.id);
  const channels = Object.fromEntries(
    NOTIFICATION_KINDS.map((k) => {
      const v = s.prefs.get(k);
      return [k, isChannel(v) ? v : "in_app"];
    }),
  ) as Record<(typeof NOTIFICATION_KINDS)[number], Channel>;
  return { channels, digest: isDigestMode(s.digest) ? s.digest : "off", email: s.email };
}

/**
 * Saves the choices in one transaction. `input` maps `channel.<kind>` to in_app | email | none and `digest` to
 * off | daily | weekly; a missing kind keeps the default, an unknown value is a field error (nothing saved).
 */
export async function saveNotificationSettings(deps: AppDeps, actor: Actor, input: Record<string, unknown>) {
  const fields: Record<string, string> = {};
  const choices = new Map<string, Channel>();
  for (const kind of NOTIFICATION_KINDS) {
    const raw = input[`channel.${kind}`];
    if (raw === undefined || raw === null || raw === "") continue;
    if (!isChannel(raw)) fields[`channel.${kind}`] = "channel_invalid";
    else choices.set(kind, raw);
  }
  const digest = input.digest ?? "off";
  if (!isDigestMode(digest)) fields.digest = "digest_invalid";
  if (Object.keys(fields).length || !isDigestMode(digest)) {
    throw new AppError("invalid", "invalid_input", "Please correct the marked fields", fields);
  }
  const rows = prefsToStore(choices);
  await deps.db.transaction((tx) => replaceNotificationSettings(tx, actor.id, rows, digest));
  return { stored: rows.length, digest };
}

// ---------------------------------------------------------------------------------------------------------
// Worker

/** What the worker needs from a mail transport (nodemailer's Transporter fits). */
export interface MailTransport {
  sendMail(msg: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
    messageId?: string;
    headers?: Record<string, string>;
  }): Promise<unknown>;
}

let cachedTransport: { url: string; transport: MailTransport } | null = null;

function transportFromEnv(): MailTransport | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (cachedTransport?.url !== url) cachedTransport = { url, transport: nodemailer.createTransport(url) };
  return cachedTransport.transport;
}

const ERROR_MAX = 500;
const fromAddress = () => process.env.SMTP_FROM || "Lantern <no-reply@lantern.local>";

/**
 * Sends the due e-mails once. With a transport (given, or built from SMTP_URL): claim in a short transaction,
 * send each outside any transaction, record each result (sent / pending with backoff / failed after
 * EMAIL_RETRY.maxAttempts). Without one: due rows become `kept`. Each message carries the Message-ID
 * `<outbox-<id>@lantern>`, so if this process dies between sending and recording, the resend is recognisable.
 */
export async function sendDueEmails(
  deps: AppDeps,
  opts: { transport?: MailTransport | null; limit?: number } = {},
) {
  const now = deps.clock.now();
  const limit = opts.limit ?? 50;
  const transport = opts.transport === undefined ? transportFromEnv() : opts.transport;
  const counts = { attempted: 0, sent: 0, retrying: 0, failed: 0, kept: 0 };
  if (!transport) {
    counts.kept = await deps.db.transaction((tx) => keepDueEmails(tx, now, limit));
    return counts;
  }
  const claimed = await deps.db.transaction((tx) =>
    claimDueEmails(tx, now, { limit, leaseUntil: new Date(now.getTime() + EMAIL_RETRY.leaseMs) }),
  );
  counts.attempted = claimed.length;
  const host = new URL(emailBaseUrl()).hostname || "lantern";
  await Promise.all(
    claimed.map(async (m) => {
      let error: string | null = null;
      try {
        await transport.sendMail({
          from: fromAddress(),
          to: m.toAddress,
          subject: m.subject,
          text: m.bodyText,
          ...(m.bodyHtml ? { html: m.bodyHtml } : {}),
          messageId: `<outbox-${m.id}@${host}>`,
        });
      } catch (e) {
        const err = e as { message?: string; code?: string; responseCode?: number };
        error =
          [err.responseCode ? String(err.responseCode) : null, err.code, err.message]
            .filter(Boolean)
            .join(" ") || "send failed";
      }
      const next = emailAfterAttempt(m.attempts, error === null, now);
      await recordEmailResult(deps.db, m.id, {
        status: next.status,
        nextAttemptAt: next.nextAttemptAt,
        lastError: error?.slice(0, ERROR_MAX) ?? null,
        sentAt: error === null ? now : null,
      });
      counts[next.status === "pending" ? "retrying" : next.status] += 1;
    }),
  );
  return counts;
}

// ---------------------------------------------------------------------------------------------------------
// Digests

const DIGEST_BATCH = 200;

/**
 * Queues one digest e-mail per member whose daily/weekly digest is due (runs hourly; any hour is fine). Each
 * batch of members is one transaction: their e-mails (dedupe key `digest:<userId>:<period start>`, so never
 * twice for a period) and their lastDigestAt move together. Members with nothing unread get no e-mail, but
 * their period is still marked done.
 */
export async function queueDigests(deps: AppDeps) {
  const now = deps.clock.now();
  const base = emailBaseUrl();
  let queued = 0;
  let members = 0;
  for (const mode of ["daily", "weekly"] as const) {
    const periodStart = digestPeriodStart(mode, now);
    let afterId: string | null = null;
    for (;;) {
      const batchDone: boolean = await deps.db.transaction(async (tx) => {
        const due = await listMembersDueForDigest(tx, mode, periodStart, { afterId, limit: DIGEST_BATCH });
        if (!due.length) return true;
        afterId = due[due.length - 1]!.id;
        members += due.length;
        const windows = new Map(due.map((m) => [m.id, digestWindow(mode, m.lastDigestAt, now)]));
        const items = await listDigestItems(
          tx,
          due.map((m) => ({ id: m.id, from: windows.get(m.id)!.from })),
          periodStart,
          DIGEST_MAX_ITEMS + 1,
        );
        const byUser = new Map<string, typeof items>();
        for (const it of items) byUser.set(it.userId, [...(byUser.get(it.userId) ?? []), it]);
        const emails = due.flatMap((m) => {
          const list = byUser.get(m.id) ?? [];
          if (!list.length) return [];
          const e = renderDigestEmail(mode, list.slice(0, DIGEST_MAX_ITEMS), emailLocale(m.locale), base, {
            more: list.length > DIGEST_MAX_ITEMS,
          });
          return [
            {
              userId: m.id,
              toAddress: m.email,
              subject: e.subject,
              bodyText: e.text,
              bodyHtml: e.html,
              kind: `digest_${mode}`,
              dedupeKey: digestDedupeKey(m.id, periodStart),
            },
          ];
        });
        queued += await insertDigestEmails(tx, emails, now);
        await setLastDigestAt(
          tx,
          due.map((m) => m.id),
          periodStart,
        );
        return due.length < DIGEST_BATCH;
      });
      if (batchDone) break;
    }
  }
  return { members, queued };
}

// ---------------------------------------------------------------------------------------------------------
// Timers (app/entry.server.tsx)

function every(everyMs: number, run: () => Promise<unknown>, label: string) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = run()
      .catch((e: unknown) => console.error(`${label} failed`, e))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Sends due e-mails every `sendEveryMs` and queues digests every hour; never two runs of one job at once. */
export function startEmailWorker(deps: AppDeps, sendEveryMs = 10_000, digestEveryMs = 3_600_000) {
  const sender = every(sendEveryMs, () => sendDueEmails(deps), "e-mail sending");
  // Once per cluster: with several server processes only one queues digests at a time (the dedupe key would
  // catch a duplicate anyway, but every process would read every due member).
  const digests = every(
    digestEveryMs,
    () => runExclusive(deps, "digests", () => queueDigests(deps)),
    "digest queueing",
  );
  return {
    async stop() {
      await Promise.all([sender.stop(), digests.stop()]);
    },
  };
}

/** Whether e-mails are sent (SMTP_URL set) or kept in the outbox for admins to read. */
export const smtpConfigured = () => Boolean(process.env.SMTP_URL);
