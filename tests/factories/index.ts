/** Test data builders: unique values by default, saved through the real services. */
import type { AppDeps } from "~/deps.server";
import { insertBoard } from "~/data/boards.server";
import { insertUser } from "~/data/users.server";
import { askQuestion, postReply } from "~/services/forum.server";
import type { Actor, Role, RichTextDoc } from "~/domain/forum";

let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

// A pre-computed argon2id hash of "correct horse battery" keeps factories fast (hashing costs ~50 ms).
export const FACTORY_PASSWORD = "correct horse battery";
let hashPromise: Promise<string> | null = null;
async function passwordHash() {
  if (!hashPromise)
    hashPromise = import("~/auth/password.server").then((m) => m.hashPassword(FACTORY_PASSWORD));
  return hashPromise;
}

export async function insertTestUser(deps: AppDeps, overrides: { username?: string; role?: Role } = {}) {
  const username = overrides.username ?? `user_${next()}`;
  const row = await insertUser(deps.db, {
    id: `u${next()}`,
    username,
    email: `${username}@example.test`,
    passwordHash: await passwordHash(),
    role: overrides.role ?? "member",
  });
  if (!row) throw new Error("user not created");
  return row as Actor & { username: string };
}

export async function insertTestBoard(deps: AppDeps, overrides: { slug?: string; ownerId?: string } = {}) {
  const slug = overrides.slug ?? `board-${next()}`;
  return insertBoard(deps.db, {
    slug,
    nameVi: `Chuyên mục ${slug}`,
    nameEn: `Board ${slug}`,
    descriptionVi: "Mô tả",
    descriptionEn: "Description",
    ownerId: overrides.ownerId ?? null,
  });
}

export function doc(...paragraphs: string[]): RichTextDoc {
  return {
    type: "doc",
    content: paragraphs.map((p) => ({ type: "paragraph", content: [{ type: "text", text: p }] })),
  };
}

export async function insertTestThread(
  deps: AppDeps,
  author: Actor,
  boardSlug: string,
  overrides: { title?: string; body?: RichTextDoc } = {},
) {
  return askQuestion(deps, author, {
    board: boardSlug,
    title: overrides.title ?? `How do I fix problem ${next()}?`,
    body: overrides.body ?? doc("Details of the problem."),
  });
}

export async function insertTestReply(
  deps: AppDeps,
  author: Actor,
  threadId: number,
  text = "Try restarting it.",
) {
  return postReply(deps, author, threadId, { body: doc(text) });
}
