import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { seedDemoIfEmpty, DEMO_LOGINS } from "~db/seed";
import { rebuildFromLedger, rowsOf } from "~/data/reputation.server";
import { backfillBadges } from "~/services/badges-backfill.server";
import { logIn } from "~/services/accounts.server";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  expect(await seedDemoIfEmpty(t.deps)).toEqual({ seeded: true });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("the demo community", () => {
  it("is seeded once, with boards, both languages, solved and unanswered threads", async () => {
    expect(await seedDemoIfEmpty(t.deps)).toEqual({ seeded: false });
    const [row] = rowsOf(
      await t.db.execute(sql`select
        (select count(*)::int from boards) as boards,
        (select count(*)::int from boards where owner_id is null) as ownerless,
        (select count(*)::int from threads) as threads,
        (select count(*)::int from threads where status = 'solved') as solved,
        (select count(*)::int from threads where reply_count = 0) as unanswered,
        (select count(*)::int from threads where title ~ '[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]') as vietnamese`),
    );
    expect(row!.boards).toBeGreaterThanOrEqual(4);
    expect(row!.ownerless).toBe(0);
    expect(row!.threads).toBeGreaterThanOrEqual(30);
    expect(row!.solved).toBeGreaterThan(5);
    expect(row!.unanswered).toBeGreaterThan(3);
    expect(row!.vietnamese).toBeGreaterThan(10);
    expect(Number(row!.threads) - Number(row!.vietnamese)).toBeGreaterThan(5);
  });

  it("went through the real rules: the ledger, totals and badges are consistent", async () => {
    expect(await t.db.transaction((tx) => rebuildFromLedger(tx))).toMatchObject({ corrected: 0 });
    expect(await backfillBadges(t.deps)).toMatchObject({ granted: 0 });
    const [scores] = rowsOf(
      await t.db.execute(sql`select count(*)::int as wrong from posts p
        where p.score <> (select coalesce(sum(value), 0) from votes v where v.post_id = p.id)`),
    );
    expect(scores).toEqual({ wrong: 0 });
  });

  it("the printed demo logins work", async () => {
    for (const l of DEMO_LOGINS) {
      const user = await logIn(t.deps, { login: l.username, password: l.password });
      expect(user.role).toBe(l.role);
    }
  });

  it("has escalation teams with staff, one open escalation and one resolved incident with a published summary", async () => {
    const [row] = rowsOf(
      await t.db.execute(sql`select
        (select string_agg(t.slug || ':' || u.username, ',' order by t.slug) from team_members m
           join teams t on t.id = m.team_id join users u on u.id = m.user_id) as members,
        (select count(*)::int from escalations where status = 'open') as open,
        (select count(*)::int from escalations where status = 'resolved' and resolution_public
           and resolution_summary is not null) as published,
        (select count(*)::int from threads where active_escalation_id is not null) as marked`),
    );
    expect(row).toEqual({ members: "billing:admin,technical:hoa.mod", open: 1, published: 1, marked: 1 });
  });
});
