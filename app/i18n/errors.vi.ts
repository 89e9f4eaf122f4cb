/** Strings of the errors feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const errorsVi = {
  errorsFeature: {},
};
