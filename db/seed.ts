/**
 * Demo community for a fresh install: when the users table is empty, creates the "SaoViet Net" support
 * community (accounts, boards, threads, replies, votes, accepted answers) from db/seed-data.ts.
 *
 * Everything goes through the normal services (signUp, askQuestion, postReply, vote, acceptAnswer), each
 * given its own clock so the activity is spread over the ~45 days before `deps.clock.now()`. The whole seed
 * runs in one transaction (the services' transactions become savepoints) under an advisory lock, so it is
 * all-or-nothing and two processes starting at once cannot both seed.
 */
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/client";
import { boards, users } from "~db/schema";
import { insertBoard } from "~/data/boards.server";
import { countUsers } from "~/data/users.server";
import { isStaff, type Actor, type Role } from "~/domain/forum";
import type { Clock } from "~/domain/shared/clock";
import { signUp } from "~/services/accounts.server";
import { decideChampion } from "~/services/community.server";
import { lockUsers, recordLedger } from "~/data/reputation.server";
import { acceptAnswer, askQuestion, postReply, vote } from "~/services/forum.server";
import { addMemberToTeam, escalateThread, updateEscalation } from "~/services/escalation.server";
import { flagPost } from "~/services/moderation.server";
import { findTeam } from "~/data/escalations.server";
import { SEED_BOARDS, SEED_THREADS, SEED_USERS } from "./seed-data";

/** The password of every demo account. */
export const DEMO_PASSWORD = "lantern-demo-1";
export const DEMO_EMAIL_DOMAIN = "demo.lantern.local";

/** Accounts worth advertising on a demo login page. */
export const DEMO_LOGINS: { username: string; password: string; role: "member" | "moderator" | "admin" }[] = [
  { username: "admin", password: DEMO_PASSWORD, role: "admin" },
  { username: "hoa.mod", password: DEMO_PASSWORD, role: "moderator" },
  { username: "lan.nguyen", password: DEMO_PASSWORD, role: "member" },
  { username: "sarah_k", password: DEMO_PASSWORD, role: "member" },
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Vietnam time (UTC+7, no daylight saving): the data's wall-clock times are local to the brand. */
const VN_OFFSET = 7 * HOUR;
/** The newest seeded activity is at least this long before "now". */
const NEWEST_GAP = 15 * MINUTE;

type Event =
  | { kind: "ask"; at: number; thread: number }
  | { kind: "reply"; at: number; thread: number; reply: number }
  | { kind: "accept"; at: number; thread: number; by: string };

/** Checks the data's internal consistency so a typo fails with a clear message instead of half-way through. */
function checkSeedData() {
  const problems: string[] = [];
  const roles = new Map<string, Role>();
  for (const u of SEED_USERS) {
    if (roles.has(u.username)) problems.push(`user ${u.username} is listed twice`);
    roles.set(u.username, u.role);
  }
  const slugs = new Set<string>();
  for (const board of SEED_BOARDS) {
    if (slugs.has(board.slug)) problems.push(`board ${board.slug} is listed twice`);
    slugs.add(board.slug);
    if (roles.get(board.owner) !== "moderator")
      problems.push(`board ${board.slug}: owner ${board.owner} is not a moderator`);
  }
  const checkVotes = (where: string, author: string, up: string[] = [], down: string[] = []) => {
    const seen = new Set<string>();
    for (const voter of [...up, ...down]) {
      if (!roles.has(voter)) problems.push(`${where}: unknown voter ${voter}`);
      if (voter === author) problems.push(`${where}: ${voter} votes on their own post`);
      if (seen.has(voter)) problems.push(`${where}: ${voter} votes twice`);
      seen.add(voter);
    }
  };
  SEED_THREADS.forEach((t, ti) => {
    const where = `thread #${ti} "${t.title.slice(0, 40)}"`;
    if (!slugs.has(t.board)) problems.push(`${where}: unknown board ${t.board}`);
    if (!roles.has(t.author)) problems.push(`${where}: unknown author ${t.author}`);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(t.time)) problems.push(`${where}: time must be HH:MM`);
    checkVotes(where, t.author, t.up, t.down);
    const replies = t.replies ?? [];
    replies.forEach((r, ri) => {
      if (!roles.has(r.author)) problems.push(`${where} reply ${ri}: unknown author ${r.author}`);
      if (!(r.h > 0)) problems.push(`${where} reply ${ri}: must come after the question (h > 0)`);
      checkVotes(`${where} reply ${ri}`, r.author, r.up, r.down);
    });
    if (t.accept) {
      const { reply, by, h } = t.accept;
      if (!replies[reply]) problems.push(`${where}: accepts a reply that does not exist`);
      if (by && !isStaff({ role: roles.get(by) ?? "member" }))
        problems.push(`${where}: ${by} cannot accept answers`);
      const lastReply = Math.max(0, ...replies.map((r) => r.h));
      if (h !== undefined && h <= lastReply) problems.push(`${where}: accept must come after the last reply`);
    }
  });
  if (problems.length) throw new Error(`Demo seed data is inconsistent:\n- ${problems.join("\n- ")}`);
}

/** The timeline: when each question, reply and accept happens (ms since epoch), oldest first. */
function planEvents(now: number): Event[] {
  // Midnight today, Vietnam time, as a UTC instant.
  const todayVn = Math.floor((now + VN_OFFSET) / DAY) * DAY - VN_OFFSET;
  const events: Event[] = [];
  SEED_THREADS.forEach((t, thread) => {
    const [hh, mm] = t.time.split(":").map(Number) as [number, number];
    const askAt = todayVn - t.day * DAY + hh * HOUR + mm * MINUTE;
    events.push({ kind: "ask", at: askAt, thread });
    const replies = t.replies ?? [];
    replies.forEach((r, reply) =>
      events.push({ kind: "reply", at: askAt + Math.round(r.h * HOUR), thread, reply }),
    );
    if (t.accept) {
      const h = t.accept.h ?? Math.max(...replies.map((r) => r.h)) + 0.1;
      events.push({ kind: "accept", at: askAt + Math.round(h * HOUR), thread, by: t.accept.by ?? t.author });
    }
  });
  // If today's (Vietnam) activity would lie in the future, move the whole timeline back by whole days, so
  // the local times of day stay as written and the newest activity stays within about a day of "now".
  const newest = Math.max(...events.map((e) => e.at));
  const overshoot = newest - (now - NEWEST_GAP);
  if (overshoot > 0) {
    const shift = Math.ceil(overshoot / DAY) * DAY;
    for (const e of events) e.at -= shift;
  }
  // Stable sort: same-instant events keep their data order (a question before its replies).
  return events.sort((x, y) => x.at - y.at);
}

async function seedInto(db: Db, now: number) {
  checkSeedData();
  const events = planEvents(now);
  const at = (ms: number) => ({ db, clock: { now: () => new Date(ms) } satisfies Clock });

  // Accounts, backdated to before their first activity.
  const firstActivity = new Map<string, number>();
  const touch = (username: string, ms: number) =>
    firstActivity.set(username, Math.min(firstActivity.get(username) ?? Infinity, ms));
  for (const e of events) {
    const t = SEED_THREADS[e.thread]!;
    if (e.kind === "ask") touch(t.author, e.at);
    else if (e.kind === "reply") touch(t.replies![e.reply]!.author, e.at);
    else touch(e.by, e.at);
  }
  const actors = new Map<string, Actor>();
  const joined = new Map<string, number>();
  for (const u of SEED_USERS) {
    const joinedAt = Math.min(now - u.joinedDaysAgo * DAY, (firstActivity.get(u.username) ?? now) - 2 * DAY);
    const row = await signUp(
      at(joinedAt),
      { username: u.username, email: `${u.username}@${DEMO_EMAIL_DOMAIN}`, password: DEMO_PASSWORD },
      { role: u.role, locale: u.locale },
    );
    await db
      .update(users)
      .set({ createdAt: new Date(joinedAt) })
      .where(eq(users.id, row.id));
    actors.set(u.username, { id: row.id, role: u.role });
    joined.set(u.username, joinedAt);
    // The demo community is an established one: members bring reputation from before the demo window.
    const history = ESTABLISHED_REPUTATION[u.username] ?? 0;
    if (history > 0) {
      await lockUsers(db as unknown as Tx, [row.id]);
      await recordLedger(
        db,
        [
          {
            userId: row.id,
            points: history,
            reason: "adjustment",
            postId: null,
            actorId: null,
            boardId: null,
          },
        ],
        new Date(joinedAt + HOUR),
      );
    }
  }
  const actor = (username: string) => actors.get(username)!;

  // Boards, created shortly after the first staff account.
  const boardsCreatedAt = new Date(Math.min(...joined.values()) + HOUR);
  for (const board of SEED_BOARDS) {
    const created = await insertBoard(db, {
      slug: board.slug,
      nameVi: board.nameVi,
      nameEn: board.nameEn,
      descriptionVi: board.descriptionVi,
      descriptionEn: board.descriptionEn,
      position: board.position,
      ownerId: actor(board.owner).id,
    });
    await db.update(boards).set({ createdAt: boardsCreatedAt }).where(eq(boards.id, created.id));
  }

  // Questions, replies and accepted answers, in time order (ids follow time, as they would in real life).
  const threadIds: number[] = [];
  const questionPostIds: number[] = [];
  const replyPostIds: number[][] = SEED_THREADS.map(() => []);
  for (const e of events) {
    const t = SEED_THREADS[e.thread]!;
    if (e.kind === "ask") {
      const created = await askQuestion(at(e.at), actor(t.author), {
        board: t.board,
        title: t.title,
        body: t.body,
      });
      threadIds[e.thread] = created.threadId;
      questionPostIds[e.thread] = created.postId;
    } else if (e.kind === "reply") {
      const r = t.replies![e.reply]!;
      const created = await postReply(at(e.at), actor(r.author), threadIds[e.thread]!, { body: r.body });
      replyPostIds[e.thread]![e.reply] = created.postId;
    } else {
      const replyId = replyPostIds[e.thread]![t.accept!.reply]!;
      await acceptAnswer(at(e.at), actor(e.by), threadIds[e.thread]!, { replyId });
    }
  }

  // Votes (they carry no timestamp of their own).
  const castVotes = async (postId: number, up: string[] = [], down: string[] = []) => {
    for (const voter of up) await vote(at(now), actor(voter), postId, { value: 1 });
    for (const voter of down) await vote(at(now), actor(voter), postId, { value: -1 });
  };
  for (const [ti, t] of SEED_THREADS.entries()) {
    await castVotes(questionPostIds[ti]!, t.up, t.down);
    for (const [ri, r] of (t.replies ?? []).entries()) await castVotes(replyPostIds[ti]![ri]!, r.up, r.down);
  }

  // One confirmed champion, so the flair and the champion badge show in the demo.
  await decideChampion(at(now), actor("hoa.mod"), {
    username: "lan.nguyen",
    decision: "confirm",
    note: "Answers most Wi-Fi questions, always kindly.",
  });

  await seedEscalations(db, now, events, threadIds, actor, questionPostIds);
}

/**
 * Escalation demo: hoa.mod in Technical and admin in Billing; the double Visa charge was escalated to Billing
 * and resolved with a published summary (the incident knowledge base and the thread's marker show it), and the
 * app crash after the update is still open with Technical ("Our team is on it").
 */
async function seedEscalations(
  db: Db,
  now: number,
  events: Event[],
  threadIds: number[],
  actor: (username: string) => Actor,
  questionPostIds: number[],
) {
  // Never after "now", whatever the timeline looks like.
  const at = (ms: number) => ({ db, clock: { now: () => new Date(Math.min(ms, now)) } satisfies Clock });
  const find = (title: string) => {
    const i = SEED_THREADS.findIndex((t) => t.title.startsWith(title));
    const asked = events.find((e) => e.kind === "ask" && e.thread === i);
    if (i < 0 || !asked) throw new Error(`seed: no thread "${title}"`);
    return { id: threadIds[i]!, at: asked.at };
  };
  const admin = actor("admin");
  const mod = actor("hoa.mod");
  const technical = await findTeam(db, { slug: "technical" });
  const billing = await findTeam(db, { slug: "billing" });
  if (!technical || !billing) return;
  const first = Math.min(...events.map((e) => e.at));
  await addMemberToTeam(at(first), admin, technical.id, { username: "hoa.mod" });
  await addMemberToTeam(at(first), admin, billing.id, { username: "admin" });

  const charged = find("Bị trừ tiền 2 lần");
  const e1 = await escalateThread(at(charged.at + 2 * HOUR), mod, charged.id, {
    team: "billing",
    priority: "P2",
    assignee: "admin",
  });
  await updateEscalation(at(charged.at + 3 * HOUR), admin, e1.id, {
    status: "in_progress",
    note: "Cổng thanh toán ghi nhận hai giao dịch cùng mã; đang đối soát với ngân hàng phát hành thẻ.",
  });
  await updateEscalation(at(charged.at + 20 * HOUR), admin, e1.id, {
    status: "resolved",
    resolutionSummary:
      "Cổng thanh toán thẻ Visa gửi trùng giao dịch khi mạng chập chờn. Billing đã hoàn lại khoản trừ thứ hai (3–5 ngày làm việc) và nhà cung cấp cổng đã sửa lỗi gửi lại.",
    resolutionPublic: true,
  });

  // Escalated two hours ago (so the demo shows a live escalation within its SLA, not a stale overdue one).
  const crash = find("Ứng dụng SaoViet bị văng");
  await escalateThread(at(Math.max(crash.at + HOUR, now - 2 * HOUR)), mod, crash.id, {
    team: "technical",
    priority: "P2",
    assignee: "hoa.mod",
  });
  // Two members asked staff to look at the crash report: the review queue shows it (below the hide threshold).
  const crashIndex = SEED_THREADS.findIndex((t) => t.title.startsWith("Ứng dụng SaoViet bị văng"));
  const crashQuestion = questionPostIds[crashIndex];
  const flaggers = ["lan.nguyen", "quang.vo", "sarah_k"].filter(
    (u) => u !== SEED_THREADS[crashIndex]?.author,
  );
  if (crashQuestion) {
    await flagPost(at(now - 90 * 60_000), actor(flaggers[0]!), crashQuestion, {
      reason: "needs_staff",
      note: "Nhiều thành viên cùng gặp lỗi này sau bản cập nhật.",
    });
    await flagPost(at(now - 40 * 60_000), actor(flaggers[1]!), crashQuestion, {
      reason: "needs_staff",
      note: "",
    });
  }
}

/** Reputation the demo members earned before the demo's 45 days (a ledger row "adjustment" each). */
const ESTABLISHED_REPUTATION: Record<string, number> = {
  "hoa.mod": 1_250,
  "james.mod": 820,
  "lan.nguyen": 3_420,
  minh_tran: 640,
  "quang.vo": 2_150,
  sarah_k: 1_480,
  "david.m": 410,
  "thu.le": 180,
  "ngoc.anh": 62,
  "tuan.dang": 160,
  "bao.hoang": 95,
  emily_w: 130,
  kenji_t: 140,
};

/**
 * Seeds the demo community if, and only if, there are no users yet. Returns whether it did.
 */
export async function seedDemoIfEmpty(deps: { db: Db; clock: Clock }): Promise<{ seeded: boolean }> {
  if ((await countUsers(deps.db)) > 0) return { seeded: false };
  const now = deps.clock.now().getTime();
  return deps.db.transaction(async (tx) => {
    // Serialises concurrent seeders (several processes on one PostgreSQL); released at commit/rollback.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('lantern:seed-demo'))`);
    if ((await countUsers(tx)) > 0) return { seeded: false };
    await seedInto(tx as unknown as Db, now);
    return { seeded: true };
  });
}
