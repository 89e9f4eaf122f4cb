/** Strings of the errors feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const errorsEn = {
  errorsFeature: {},
};
