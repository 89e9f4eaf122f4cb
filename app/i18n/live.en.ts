/** Strings of the live feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const liveEn = {
  liveFeature: {
    newReplies_one: "{{count}} new reply",
    newReplies_other: "{{count}} new replies",
    updated: "This thread has been updated.",
    show: "Show",
    refresh: "Refresh",
    loading: "Loading…",
  },
};
