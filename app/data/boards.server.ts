import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { statement } from "~db/statements";
import { boards, users } from "~db/schema";

export type BoardRow = typeof boards.$inferSelect;

export async function listBoards(ex: Executor) {
  return ex
    .select({
      id: boards.id,
      slug: boards.slug,
      nameVi: boards.nameVi,
      nameEn: boards.nameEn,
      descriptionVi: boards.descriptionVi,
      descriptionEn: boards.descriptionEn,
      threadCount: boards.threadCount,
      postCount: boards.postCount,
      lastActivityAt: boards.lastActivityAt,
      ownerUsername: users.username,
    })
    .from(boards)
    .leftJoin(users, eq(users.id, boards.ownerId))
    .orderBy(asc(boards.position), asc(boards.id));
}

export async function findBoardBySlug(ex: Executor, slug: string) {
  // PostgreSQL refuses NUL in text: no board has one (a query string like ?board=%00 is just unknown).
  if (slug.includes("\0")) return null;
  const [row] = await ex
    .select({
      id: boards.id,
      slug: boards.slug,
      nameVi: boards.nameVi,
      nameEn: boards.nameEn,
      descriptionVi: boards.descriptionVi,
      descriptionEn: boards.descriptionEn,
      threadCount: boards.threadCount,
      postCount: boards.postCount,
      premoderated: boards.premoderated,
      ownerUsername: users.username,
    })
    .from(boards)
    .leftJoin(users, eq(users.id, boards.ownerId))
    .where(eq(boards.slug, slug))
    .limit(1);
  return row ?? null;
}

export async function insertBoard(
  ex: Executor,
  row: Pick<BoardRow, "slug" | "nameVi" | "nameEn"> &
    Partial<Pick<BoardRow, "descriptionVi" | "descriptionEn" | "ownerId" | "position">>,
) {
  const [created] = await ex.insert(boards).values(row).returning({ id: boards.id, slug: boards.slug });
  return created!;
}

export async function bumpBoardCounters(
  ex: Executor,
  boardId: number,
  d: { threads?: number; posts?: number; at: Date },
) {
  await bumpBoardStmt(ex, {
    boardId,
    threads: d.threads ?? 0,
    posts: d.posts ?? 0,
    at: d.at.toISOString(),
  });
}

const bumpBoardStmt = statement("bump_board", (ex) =>
  ex
    .update(boards)
    .set({
      threadCount: sql`${boards.threadCount} + ${sql.placeholder("threads")}::int`,
      postCount: sql`${boards.postCount} + ${sql.placeholder("posts")}::int`,
      lastActivityAt: sql`greatest(${boards.lastActivityAt}, ${sql.placeholder("at")}::timestamptz)`,
    })
    .where(eq(boards.id, sql.placeholder("boardId"))),
);
