/** Strings of the limits feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const limitsEn = {
  limitsFeature: {},
};
