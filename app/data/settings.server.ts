import type { Executor } from "~db/client";
import { communitySettings } from "~db/schema";
import { resolveModerationSettings, type ModerationSettings } from "~/domain/moderation";

export async function getModerationSettings(ex: Executor): Promise<ModerationSettings> {
  const rows = await ex
    .select({ key: communitySettings.key, value: communitySettings.value })
    .from(communitySettings);
  return resolveModerationSettings(Object.fromEntries(rows.map((r) => [r.key, r.value])));
}

export async function putSetting(ex: Executor, key: string, value: unknown, actorId: string, now: Date) {
  await ex
    .insert(communitySettings)
    .values({ key, value: value as object, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({
      target: communitySettings.key,
      set: { value: value as object, updatedBy: actorId, updatedAt: now },
    });
}
