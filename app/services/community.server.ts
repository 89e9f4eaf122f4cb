/** Visits (streak badges) and champions (confirmed by moderators). */
import type { AppDeps } from "~/deps.server";
import { grantBadges, insertNotifications, revokeBadge } from "~/data/reputation.server";
import { recordVisitDay, setChampion } from "~/data/community.server";
import { dayKey, nextStreak } from "~/domain/reputation";
import { isStaff, type Actor } from "~/domain/forum";
import { forbidden, notFound } from "~/domain/shared/app-error";
import { awardBadges } from "./reputation.server";
import { recordAudit } from "~/data/audit.server";

// One write per member per day and process: later requests of the day skip the database.
const seenToday = new Map<string, string>();

/** Records that a member visited today, extending or resetting their streak; earns streak badges. */
export async function recordVisit(deps: AppDeps, userId: string) {
  const now = deps.clock.now();
  const today = dayKey(now);
  if (seenToday.get(userId) === today) return null;
  const result = await deps.db.transaction(async (tx) => {
    const streak = await recordVisitDay(tx, userId, today, (last, current) =>
      nextStreak(last, current, today),
    );
    if (streak === null) return null;
    const badges = await awardBadges(tx, [userId], now);
    return { streak, badges: badges.get(userId) ?? [] };
  });
  if (seenToday.size > 50_000) seenToday.clear();
  seenToday.set(userId, today);
  return result;
}

export async function decideChampion(
  deps: AppDeps,
  actor: Actor,
  input: { username: string; decision: "confirm" | "revoke"; note?: string },
) {
  if (!isStaff(actor)) throw forbidden("staff_only", "Only moderators can confirm champions");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const userId = await setChampion(tx, {
      username: input.username,
      confirmed: input.decision === "confirm",
      by: actor.id,
      note: (input.note ?? "").slice(0, 500),
      at: now,
    });
    if (!userId) throw notFound("user");
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: input.decision === "confirm" ? "user.champion_confirm" : "user.champion_revoke",
        targetType: "user",
        targetId: userId,
        after: { champion: input.decision === "confirm", note: (input.note ?? "").slice(0, 500) },
        search: input.username,
      },
      now,
    );
    if (input.decision === "confirm") {
      await grantBadges(tx, userId, ["champion"], now);
      await insertNotifications(tx, [{ userId, kind: "champion", data: { confirmed: true } }], now);
    } else {
      // The champion badge marks a current status, so it goes with the title (other badges are kept forever).
      await revokeBadge(tx, userId, "champion");
      await insertNotifications(tx, [{ userId, kind: "champion", data: { confirmed: false } }], now);
    }
    return { userId, champion: input.decision === "confirm" };
  });
}
