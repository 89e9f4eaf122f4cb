/**
 * SQL behind account security: e-mailed single-use tokens (auth_tokens, stored as SHA-256 hashes), account
 * locks (users.locked_at), password changes, the member's sessions and the e-mails that carry the links.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { authTokens, emailOutbox, sessions, users } from "~db/schema";

/** The account an e-mail address belongs to (case-insensitive), for password resets. */
export async function findAccountByEmail(ex: Executor, email: string) {
  const [row] = await ex
    .select({ id: users.id, username: users.username, email: users.email, locale: users.locale })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  return row ?? null;
}

export async function findAccountById(ex: Executor, userId: string) {
  const [row] = await ex
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      role: users.role,
      locale: users.locale,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

/** Locks the account unless it already is; true when this call locked it. */
export async function lockAccount(ex: Executor, userId: string, at: Date): Promise<boolean> {
  const rows = await ex
    .update(users)
    .set({ lockedAt: at })
    .where(and(eq(users.id, userId), isNull(users.lockedAt)))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function unlockAccount(ex: Executor, userId: string) {
  await ex.update(users).set({ lockedAt: null }).where(eq(users.id, userId));
}

/** Sets a new password hash and lifts any lock. */
export async function setPasswordAndUnlock(ex: Executor, userId: string, passwordHash: string) {
  await ex.update(users).set({ passwordHash, lockedAt: null }).where(eq(users.id, userId));
}

// ---------------------------------------------------------------------------------------------------------
// Tokens

export async function insertAuthToken(
  ex: Executor,
  row: { id: string; userId: string; purpose: string; expiresAt: Date },
  at: Date,
) {
  await ex.insert(authTokens).values({ ...row, usedAt: null, createdAt: at });
}

/** Deletes the member's unused tokens of one purpose (a new link replaces the old ones). */
export async function deleteUnusedTokens(ex: Executor, userId: string, purpose: string): Promise<number> {
  const rows = await ex
    .delete(authTokens)
    .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)))
    .returning({ id: authTokens.id });
  return rows.length;
}

export async function findAuthToken(ex: Executor, id: string) {
  const [row] = await ex
    .select({
      userId: authTokens.userId,
      purpose: authTokens.purpose,
      expiresAt: authTokens.expiresAt,
      usedAt: authTokens.usedAt,
    })
    .from(authTokens)
    .where(eq(authTokens.id, id))
    .limit(1);
  return row ?? null;
}

/**
 * Marks a token used if it is still usable (right purpose, unused, not expired) in one statement, so two
 * concurrent uses cannot both succeed. Returns the token's member, or null.
 */
export async function consumeAuthToken(
  ex: Executor,
  id: string,
  purpose: string,
  now: Date,
): Promise<string | null> {
  const [row] = await ex
    .update(authTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(authTokens.id, id),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    )
    .returning({ userId: authTokens.userId });
  return row?.userId ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Sessions (lucia reads the same table on every request, so a deleted row logs that browser out at once)

export async function deleteUserSessions(ex: Executor, userId: string): Promise<number> {
  const rows = await ex.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
  return rows.length;
}

export async function countUserSessions(ex: Executor, userId: string, now: Date): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)));
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------------------
// E-mails: outbox rows like every other e-mail (services/email.server.ts sends them, or keeps them for admins)

export async function queueAuthEmail(
  ex: Executor,
  row: {
    userId: string;
    toAddress: string;
    subject: string;
    bodyText: string;
    bodyHtml: string;
    kind: string;
    dedupeKey: string;
  },
  at: Date,
): Promise<boolean> {
  const inserted = await ex
    .insert(emailOutbox)
    .values({ ...row, status: "pending", attempts: 0, nextAttemptAt: at, createdAt: at })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  return inserted.length > 0;
}
