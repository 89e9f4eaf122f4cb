/** What a shared member page (ADR 017) needs to know about the member for each response: one query. */
import { eq, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { users } from "~db/schema";
import type { FollowTarget } from "~/domain/pages/shared-page";

export interface MemberPageState {
  unread: number;
  following: boolean;
  /** The member's votes on the given posts, by post id. */
  votes: Record<string, number>;
}

/**
 * Unread notifications (partial index on unread), whether the member follows the page's target (primary key) and
 * their votes on the posts shown (primary key (post_id, user_id), at most a page of ids).
 */
export async function memberPageState(
  ex: Executor,
  userId: string,
  follow: FollowTarget | null,
  postIds: number[],
): Promise<MemberPageState> {
  const ids = postIds.filter((id) => Number.isSafeInteger(id)).slice(0, 200);
  const votes = ids.length
    ? sql<string>`(select coalesce(json_object_agg(v.post_id, v.value)::text, '{}') from votes v
        where v.user_id = ${userId} and v.post_id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}))`
    : sql<string>`'{}'`;
  const [row] = await ex
    .select({
      unread: sql<number>`(select count(*)::int from notifications n
        where n.user_id = ${userId} and n.read_at is null)`,
      following: follow
        ? sql<boolean>`exists(select 1 from follows f where f.user_id = ${userId}
            and f.target_type = ${follow.targetType} and f.target_key = ${follow.targetKey})`
        : sql<boolean>`false`,
      votes,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) return { unread: 0, following: false, votes: {} };
  const parsed = JSON.parse(String(row.votes)) as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === "number") out[k] = v;
  return {
    unread: Number(row.unread),
    following: row.following === true || String(row.following) === "t",
    votes: out,
  };
}
