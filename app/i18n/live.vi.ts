/** Strings of the live feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const liveVi = {
  liveFeature: {
    title: "live (vi)",
  },
};
