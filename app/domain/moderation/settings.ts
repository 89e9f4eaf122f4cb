/** Community-wide moderation settings and their defaults (a brand changes them on the governance page). */
export interface ModerationSettings {
  /** A post flagged by this many distinct members is hidden at once, pending review. */
  flagHideThreshold: number;
  /** New members' first N posts wait for approval (0 = off, the default). */
  newMemberPremodPosts: number;
}

export const DEFAULT_MODERATION_SETTINGS: ModerationSettings = {
  flagHideThreshold: 3,
  newMemberPremodPosts: 0,
};

const LIMITS: Record<keyof ModerationSettings, [number, number]> = {
  flagHideThreshold: [1, 50],
  newMemberPremodPosts: [0, 50],
};

/** Merges stored values over the defaults, ignoring anything out of range or of the wrong type. */
export function resolveModerationSettings(stored: Record<string, unknown>): ModerationSettings {
  const out = { ...DEFAULT_MODERATION_SETTINGS };
  for (const key of Object.keys(LIMITS) as (keyof ModerationSettings)[]) {
    const v = stored[key];
    const [min, max] = LIMITS[key];
    if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) out[key] = v;
  }
  return out;
}

export const MODERATION_SETTING_LIMITS = LIMITS;
