/** Strings of the live feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const liveEn = {
  liveFeature: {
    title: "live",
  },
};
