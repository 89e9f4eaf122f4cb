/** Test data builders: unique values by default, saved through the real services. */
import type { AppDeps } from "~/deps.server";
import { insertBoard } from "~/data/boards.server";
import { registerUser } from "~/services/accounts.server";
import { lockUsers, recordLedger } from "~/data/reputation.server";
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

export async function insertTestUser(
  deps: AppDeps,
  overrides: { username?: string; role?: Role; reputation?: number; signupIp?: string } = {},
) {
  const username = overrides.username ?? `user_${next()}`;
  const hash = await passwordHash();
  const row = await deps.db.transaction(async (tx) => {
    const created = await registerUser(
      tx,
      {
        id: `u${next()}`,
        username,
        email: `${username}@example.test`,
        passwordHash: hash,
        role: overrides.role ?? "member",
        signupIp: overrides.signupIp ?? null,
      },
      deps.clock.now(),
    );
    if (created && overrides.reputation && overrides.reputation > 1) {
      await lockUsers(tx, [created.id]);
      await recordLedger(
        tx,
        [
          {
            userId: created.id,
            points: overrides.reputation - 1,
            reason: "adjustment",
            postId: null,
            actorId: null,
            boardId: null,
          },
        ],
        deps.clock.now(),
      );
    }
    return created;
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
