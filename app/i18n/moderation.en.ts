/** Strings of the moderation feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const moderationEn = {
  moderationFeature: {
    title: "moderation",
  },
};
