import type { Executor } from "~db/client";
import { statement } from "~db/statements";
import { communitySettings } from "~db/schema";
import { resolveModerationSettings, type ModerationSettings } from "~/domain/moderation";
import { resolveIgnoredTerms } from "~/domain/listening/ignored-terms";

/** The community setting that holds the terms "rising issues" leaves out. */
export const RISING_TERMS_IGNORED = "risingTermsIgnored";

/** The terms moderators hide from "rising issues" (none unless set). */
export async function getRisingTermsIgnored(ex: Executor): Promise<string[]> {
  const rows = await settingsStmt(ex);
  return resolveIgnoredTerms(rows.find((r) => r.key === RISING_TERMS_IGNORED)?.value);
}

export async function getModerationSettings(ex: Executor): Promise<ModerationSettings> {
  const rows = await settingsStmt(ex);
  return resolveModerationSettings(Object.fromEntries(rows.map((r) => [r.key, r.value])));
}

/** Read by every post (pre-moderation): built once. */
const settingsStmt = statement("community_settings", (ex) =>
  ex.select({ key: communitySettings.key, value: communitySettings.value }).from(communitySettings),
);

export async function putSetting(ex: Executor, key: string, value: unknown, actorId: string, now: Date) {
  await ex
    .insert(communitySettings)
    .values({ key, value: value as object, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({
      target: communitySettings.key,
      set: { value: value as object, updatedBy: actorId, updatedAt: now },
    });
}
