/** What a shared member page (ADR 017) needs to know about the member for each response: one query. */
import { eq, sql } from "drizzle-orm";
import type { Db } from "~db/client";
import { intArray } from "~db/statements";
import { users } from "~db/schema";
import type { FollowTarget } from "~/domain/pages/shared-page";
import { BELL_COUNT_CAP } from "~/domain/engagement/bell";

export interface MemberPageState {
  unread: number;
  following: boolean;
  /** The member's votes on the given posts, by post id. */
  votes: Record<string, number>;
}

/**
 * The member's part of a shared page in one statement: unread notifications up to the bell's cap (partial index
 * on unread), whether the member follows the page's target (primary key) and their votes on the posts shown
 * (primary key (post_id, user_id), at most a page of ids). Built once per database (a prepared statement): it
 * runs on every shared member page, where building it again was a visible share of the CPU.
 */
const stateQueries = new WeakMap<Db, ReturnType<typeof buildStateQuery>>();
const stateQuery = (db: Db) => {
  let q = stateQueries.get(db);
  if (!q) stateQueries.set(db, (q = buildStateQuery(db)));
  return q;
};
const buildStateQuery = (db: Db) =>
  db
    .select({
      // Counted up to the bell's cap (domain/engagement/bell.ts): the same cost for any number unread.
      unread: sql<number>`(select count(*)::int from (select 1 from notifications n
        where n.user_id = ${sql.placeholder("userId")}::text and n.read_at is null limit ${BELL_COUNT_CAP}) x)`,
      following: sql<boolean>`exists(select 1 from follows f where f.user_id = ${sql.placeholder("userId")}::text
        and f.target_type = ${sql.placeholder("targetType")}::text and f.target_key = ${sql.placeholder("targetKey")}::text)`,
      votes: sql<string>`(select coalesce(json_object_agg(v.post_id, v.value)::text, '{}') from votes v
        where v.user_id = ${sql.placeholder("userId")}::text and v.post_id = any(${sql.placeholder("ids")}::bigint[]))`,
    })
    .from(users)
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare("lantern_member_page_state");

export async function memberPageState(
  db: Db,
  userId: string,
  follow: FollowTarget | null,
  postIds: number[],
): Promise<MemberPageState> {
  const ids = postIds.filter((id) => Number.isSafeInteger(id)).slice(0, 200);
  const [row] = await stateQuery(db).execute({
    userId,
    targetType: follow?.targetType ?? null,
    targetKey: follow?.targetKey ?? null,
    // A text array literal (integers only), cast in the query: the same parameter on both drivers.
    ids: intArray(ids),
  });
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
