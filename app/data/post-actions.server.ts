import { desc, eq } from "drizzle-orm";
import type { Executor } from "~db/client";
import { flags, postRevisions, users } from "~db/schema";

export async function insertRevision(ex: Executor, row: typeof postRevisions.$inferInsert) {
  await ex.insert(postRevisions).values(row).onConflictDoNothing();
}

export async function listRevisions(ex: Executor, postId: number) {
  return ex
    .select({
      revision: postRevisions.revision,
      title: postRevisions.title,
      bodyHtml: postRevisions.bodyHtml,
      editor: users.username,
      createdAt: postRevisions.createdAt,
    })
    .from(postRevisions)
    .innerJoin(users, eq(users.id, postRevisions.editorId))
    .where(eq(postRevisions.postId, postId))
    .orderBy(desc(postRevisions.revision))
    .limit(100);
}

/** Inserts a flag; null when this member already flagged this post. */
export async function insertFlag(ex: Executor, row: typeof flags.$inferInsert) {
  const [created] = await ex.insert(flags).values(row).onConflictDoNothing().returning({ id: flags.id });
  return created ?? null;
}
