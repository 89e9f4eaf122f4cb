/** Strings of the moderation feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const moderationVi = {
  moderationFeature: {
    title: "moderation (vi)",
  },
};
