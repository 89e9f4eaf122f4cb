import { eq, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { users } from "~db/schema";

export type UserRow = typeof users.$inferSelect;
export type PublicUser = Pick<UserRow, "id" | "username" | "role" | "locale">;

export async function insertUser(
  ex: Executor,
  row: Pick<UserRow, "id" | "username" | "email" | "passwordHash"> &
    Partial<Pick<UserRow, "role" | "locale" | "signupIp" | "reputation">>,
) {
  const [created] = await ex
    .insert(users)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: users.id, username: users.username, role: users.role });
  return created ?? null;
}

/** What logging in needs to know about an account (by username or e-mail, case-insensitive). */
export async function findUserForLogin(ex: Executor, login: string) {
  const key = login.trim().toLowerCase();
  const [row] = await ex
    .select({
      id: users.id,
      username: users.username,
      email: users.email,
      role: users.role,
      locale: users.locale,
      passwordHash: users.passwordHash,
      lockedAt: users.lockedAt,
    })
    .from(users)
    .where(sql`lower(${users.username}) = ${key} or lower(${users.email}) = ${key}`)
    .limit(1);
  return row ?? null;
}

export async function findUserByUsernameOrEmail(ex: Executor, username: string, email: string) {
  const [row] = await ex
    .select({ username: users.username, email: users.email })
    .from(users)
    .where(
      sql`lower(${users.username}) = ${username.toLowerCase()} or lower(${users.email}) = ${email.toLowerCase()}`,
    )
    .limit(1);
  return row ?? null;
}

export async function findProfile(ex: Executor, username: string) {
  const [row] = await ex
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      createdAt: users.createdAt,
      questionCount: users.questionCount,
      answerCount: users.answerCount,
      acceptedCount: users.acceptedCount,
      reputation: users.reputation,
      isChampion: users.isChampion,
      streakDays: users.streakDays,
    })
    .from(users)
    .where(sql`lower(${users.username}) = ${username.toLowerCase()}`)
    .limit(1);
  return row ?? null;
}

export async function bumpUserCounters(
  ex: Executor,
  userId: string,
  d: { questions?: number; answers?: number; accepted?: number },
) {
  await ex
    .update(users)
    .set({
      questionCount: sql`${users.questionCount} + ${d.questions ?? 0}`,
      answerCount: sql`${users.answerCount} + ${d.answers ?? 0}`,
      acceptedCount: sql`${users.acceptedCount} + ${d.accepted ?? 0}`,
    })
    .where(eq(users.id, userId));
}

export async function setUserRole(ex: Executor, userId: string, role: UserRow["role"]) {
  await ex.update(users).set({ role }).where(eq(users.id, userId));
}

export async function countUsers(ex: Executor): Promise<number> {
  const [row] = await ex.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function getReputation(ex: Executor, userId: string): Promise<number> {
  const [row] = await ex.select({ reputation: users.reputation }).from(users).where(eq(users.id, userId));
  return row?.reputation ?? 0;
}
