/**
 * SQL behind e-mail notifications: notifications + their outbox rows in one statement, the member's
 * preferences, claiming due e-mails for the worker, digests, and the admins' outbox pages.
 */
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { sqlStatement } from "~db/statements";
import { emailOutbox, notificationPrefs, users } from "~db/schema";
import { renderNotificationEmail, type Channel, type DigestMode } from "~/domain/engagement/email";
import { encodeCursor, type Cursor } from "~/domain/shared/cursor";
import { type OutboxStatus } from "~/domain/engagement/email";

function rowsOf(result: unknown): Record<string, unknown>[] {
  const r = result as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

/** Absolute links in e-mails start here (APP_URL, e.g. https://lantern.example; default the local server). */
export function emailBaseUrl(): string {
  return process.env.APP_URL || `http://localhost:${process.env.PORT ?? 3000}`;
}

export interface NewNotification {
  userId: string;
  kind: string;
  data: Record<string, unknown>;
}

/**
 * One statement: inserts the notifications except for members whose preference for the kind is `none`, and
 * for members whose preference is `email` an outbox row per notification (dedupe key `notification:<id>`, so a
 * repeat can never queue it twice). The texts are rendered in both languages beforehand; the member's
 * users.locale picks one. Runs in the caller's transaction: notification and e-mail commit together.
 */
export async function insertNotificationsWithEmail(
  ex: Executor,
  rows: NewNotification[],
  at: Date,
): Promise<{ notificationIds: number[]; emailsQueued: number }> {
  if (!rows.length) return { notificationIds: [], emailsQueued: 0 };
  const base = emailBaseUrl();
  // Render e-mails only for the recipients who chose e-mail for that kind (most notifications are in-app only).
  const wanted = new Set(
    rowsOf(
      await emailPrefsStmt(ex, {
        users: JSON.stringify([...new Set(rows.map((r) => r.userId))]),
        kinds: JSON.stringify([...new Set(rows.map((r) => r.kind))]),
      }),
    ).map((r) => `${String(r.user_id)}\u0000${String(r.kind)}`),
  );
  const input = rows.map((r, ord) => {
    if (!wanted.has(`${r.userId}\u0000${r.kind}`)) {
      const none = { subject: null, text: null, html: null };
      return {
        ord,
        user_id: r.userId,
        kind: r.kind,
        data: r.data,
        subject_vi: none.subject,
        subject_en: none.subject,
        text_vi: none.text,
        text_en: none.text,
        html_vi: none.html,
        html_en: none.html,
      };
    }
    const vi = renderNotificationEmail(r, "vi", base);
    const en = renderNotificationEmail(r, "en", base);
    return {
      ord,
      user_id: r.userId,
      kind: r.kind,
      data: r.data,
      subject_vi: vi.subject,
      subject_en: en.subject,
      text_vi: vi.text,
      text_en: en.text,
      html_vi: vi.html,
      html_en: en.html,
    };
  });
  const result = rowsOf(
    await insertNotificationsStmt(ex, { input: JSON.stringify(input), at: at.toISOString() }),
  );
  const row = result[0] ?? {};
  const ids = (typeof row.ids === "string" ? JSON.parse(row.ids) : row.ids) as unknown[];
  return { notificationIds: (ids ?? []).map(Number), emailsQueued: Number(row.emails ?? 0) };
}

const emailPrefsStmt = sqlStatement(
  "email_prefs",
  () => sql`
    select user_id, kind from notification_prefs
    where channel = 'email'
      and user_id in (select jsonb_array_elements_text(${sql.placeholder("users")}::jsonb))
      and kind in (select jsonb_array_elements_text(${sql.placeholder("kinds")}::jsonb))`,
);

const insertNotificationsStmt = sqlStatement(
  "insert_notifications",
  () => sql`
      with input as (
        select * from jsonb_to_recordset(${sql.placeholder("input")}::jsonb) as x(
          ord int, user_id text, kind text, data jsonb, subject_vi text, subject_en text,
          text_vi text, text_en text, html_vi text, html_en text)
      ),
      ins as (
        insert into notifications (user_id, kind, data, created_at)
        select i.user_id, i.kind, i.data, ${sql.placeholder("at")}::timestamptz
        from input i
        where not exists (
          select 1 from notification_prefs p
          where p.user_id = i.user_id and p.kind = i.kind and p.channel = 'none')
        order by i.ord
        returning id, user_id, kind, data
      ),
      mail as (
        insert into email_outbox (user_id, to_address, subject, body_text, body_html, kind, notification_id,
                                  dedupe_key, status, attempts, next_attempt_at, created_at)
        select distinct on (ins.id)
          ins.user_id, u.email,
          case when u.locale = 'en' then i.subject_en else i.subject_vi end,
          case when u.locale = 'en' then i.text_en else i.text_vi end,
          case when u.locale = 'en' then i.html_en else i.html_vi end,
          ins.kind, ins.id, 'notification:' || ins.id, 'pending', 0, ${sql.placeholder("at")}::timestamptz, ${sql.placeholder("at")}::timestamptz
        from ins
        join input i on i.user_id = ins.user_id and i.kind = ins.kind and i.data = ins.data
        join users u on u.id = ins.user_id
        join notification_prefs p on p.user_id = ins.user_id and p.kind = ins.kind and p.channel = 'email'
        order by ins.id
        on conflict (dedupe_key) do nothing
        returning id
      )
      select (select coalesce(json_agg(id order by id), '[]'::json) from ins) as ids,
             (select count(*)::int from mail) as emails`,
);

// ---------------------------------------------------------------------------------------------------------
// Preferences

export async function getNotificationSettings(ex: Executor, userId: string) {
  const [prefs, [user]] = await Promise.all([
    ex
      .select({ kind: notificationPrefs.kind, channel: notificationPrefs.channel })
      .from(notificationPrefs)
      .where(eq(notificationPrefs.userId, userId)),
    ex.select({ digest: users.digest, email: users.email }).from(users).where(eq(users.id, userId)),
  ]);
  return {
    prefs: new Map(prefs.map((p) => [p.kind, p.channel])),
    digest: user?.digest ?? "off",
    email: user?.email ?? "",
  };
}

/** Replaces the member's stored choices (only non-default ones are given) and sets the digest mode. */
export async function replaceNotificationSettings(
  ex: Executor,
  userId: string,
  prefs: { kind: string; channel: Channel }[],
  digest: DigestMode,
) {
  await ex.delete(notificationPrefs).where(eq(notificationPrefs.userId, userId));
  if (prefs.length) await ex.insert(notificationPrefs).values(prefs.map((p) => ({ userId, ...p })));
  await ex.update(users).set({ digest }).where(eq(users.id, userId));
}

// ---------------------------------------------------------------------------------------------------------
// Worker

export interface ClaimedEmail {
  id: number;
  attempts: number;
  toAddress: string;
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
}

/**
 * Claims up to `limit` due pending e-mails (over email_outbox_due_idx, skipping rows another worker holds):
 * counts the attempt and leases them until `leaseUntil`, so a crashed worker's rows come back later.
 */
export async function claimDueEmails(
  ex: Executor,
  now: Date,
  opts: { limit: number; leaseUntil: Date },
): Promise<ClaimedEmail[]> {
  const rows = rowsOf(
    await ex.execute(sql`
      with due as (
        select id from email_outbox
        where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
        order by next_attempt_at, id
        limit ${opts.limit}
        for update skip locked
      )
      update email_outbox e
      set attempts = e.attempts + 1, next_attempt_at = ${opts.leaseUntil.toISOString()}::timestamptz
      from due where e.id = due.id
      returning e.id, e.attempts, e.to_address, e.subject, e.body_text, e.body_html`),
  );
  return rows
    .map((r) => ({
      id: Number(r.id),
      attempts: Number(r.attempts),
      toAddress: String(r.to_address),
      subject: String(r.subject),
      bodyText: String(r.body_text),
      bodyHtml: r.body_html == null ? null : String(r.body_html),
    }))
    .sort((a, b) => a.id - b.id);
}

export async function recordEmailResult(
  ex: Executor,
  id: number,
  r: {
    status: "pending" | "sent" | "failed";
    nextAttemptAt: Date | null;
    lastError: string | null;
    sentAt: Date | null;
  },
) {
  await ex
    .update(emailOutbox)
    .set({
      status: r.status,
      lastError: r.lastError,
      sentAt: r.sentAt,
      ...(r.nextAttemptAt ? { nextAttemptAt: r.nextAttemptAt } : {}),
    })
    .where(eq(emailOutbox.id, id));
}

/** Without SMTP: due pending e-mails become `kept` (readable by admins, never sent later). Returns how many. */
export async function keepDueEmails(ex: Executor, now: Date, limit: number): Promise<number> {
  const rows = rowsOf(
    await ex.execute(sql`
      with due as (
        select id from email_outbox
        where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
        order by next_attempt_at, id
        limit ${limit}
        for update skip locked
      )
      update email_outbox e set status = 'kept'
      from due where e.id = due.id
      returning e.id`),
  );
  return rows.length;
}

// ---------------------------------------------------------------------------------------------------------
// Digests

export interface DigestMember {
  id: string;
  email: string;
  locale: string;
  lastDigestAt: Date | null;
}

/** Members with this digest mode and no digest for the period starting at `periodStart` (id keyset). */
export async function listMembersDueForDigest(
  ex: Executor,
  mode: "daily" | "weekly",
  periodStart: Date,
  opts: { afterId: string | null; limit: number },
): Promise<DigestMember[]> {
  const rows = rowsOf(
    await ex.execute(sql`
      select id, email, locale, last_digest_at from users
      where digest = ${mode}
        and (last_digest_at is null or last_digest_at < ${periodStart.toISOString()}::timestamptz)
        ${opts.afterId ? sql`and id > ${opts.afterId}` : sql``}
      order by id
      limit ${opts.limit}`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    email: String(r.email),
    locale: String(r.locale),
    lastDigestAt: r.last_digest_at == null ? null : new Date(r.last_digest_at as string),
  }));
}

export interface DigestItemRow {
  userId: string;
  id: number;
  kind: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

/**
 * For a batch of members, their unread notifications in (from, to] that were not e-mailed on their own, newest
 * first, at most `perMember` each (one query; the unread partial index serves each member's part).
 */
export async function listDigestItems(
  ex: Executor,
  members: { id: string; from: Date }[],
  to: Date,
  perMember: number,
): Promise<DigestItemRow[]> {
  if (!members.length) return [];
  const rows = rowsOf(
    await ex.execute(sql`
      with m as (
        select * from jsonb_to_recordset(${JSON.stringify(members.map((x) => ({ id: x.id, from_at: x.from.toISOString() })))}::jsonb)
          as x(id text, from_at timestamptz)
      )
      select m.id as user_id, n.id, n.kind, n.data, n.created_at
      from m cross join lateral (
        select n.id, n.kind, n.data, n.created_at from notifications n
        where n.user_id = m.id and n.read_at is null
          and n.created_at > m.from_at and n.created_at <= ${to.toISOString()}::timestamptz
          and not exists (select 1 from email_outbox e where e.dedupe_key = 'notification:' || n.id)
        order by n.id desc
        limit ${perMember}
      ) n`),
  );
  return rows.map((r) => ({
    userId: String(r.user_id),
    id: Number(r.id),
    kind: String(r.kind),
    data: (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
    createdAt: new Date(r.created_at as string),
  }));
}

export async function insertDigestEmails(
  ex: Executor,
  rows: {
    userId: string;
    toAddress: string;
    subject: string;
    bodyText: string;
    bodyHtml: string;
    kind: string;
    dedupeKey: string;
  }[],
  at: Date,
): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await ex
    .insert(emailOutbox)
    .values(rows.map((r) => ({ ...r, status: "pending", attempts: 0, nextAttemptAt: at, createdAt: at })))
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  return inserted.length;
}

export async function setLastDigestAt(ex: Executor, userIds: string[], at: Date) {
  if (!userIds.length) return;
  await ex.update(users).set({ lastDigestAt: at }).where(inArray(users.id, userIds));
}

// ---------------------------------------------------------------------------------------------------------
// Admin pages

export { OUTBOX_STATUSES, type OutboxStatus } from "~/domain/engagement/email";

/** The outbox, newest first (email_outbox_created_idx), optionally one status; keyset by (createdAt, id). */
export async function listOutbox(
  ex: Executor,
  opts: { status: OutboxStatus | null; cursor: Cursor | null; limit: number },
) {
  const where: SQL[] = [];
  if (opts.status) where.push(eq(emailOutbox.status, opts.status));
  if (opts.cursor) {
    where.push(
      sql`(${emailOutbox.createdAt}, ${emailOutbox.id}) < (${opts.cursor.at.toISOString()}::timestamptz, ${opts.cursor.id})`,
    );
  }
  const rows = await ex
    .select({
      id: emailOutbox.id,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      kind: emailOutbox.kind,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      nextAttemptAt: emailOutbox.nextAttemptAt,
      sentAt: emailOutbox.sentAt,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = rows.length > opts.limit ? items[items.length - 1] : undefined;
  return { items, next: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}

export async function findOutboxEmail(ex: Executor, id: number) {
  const [row] = await ex.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row ?? null;
}
