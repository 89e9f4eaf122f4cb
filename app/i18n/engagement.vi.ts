/** Strings of the engagement feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const engagementVi = {
  engagementFeature: {
    title: "engagement (vi)",
  },
};
