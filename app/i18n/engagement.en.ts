/** Strings of the engagement feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const engagementEn = {
  engagementFeature: {
    title: "engagement",
  },
};
