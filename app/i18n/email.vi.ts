/** Strings of the email feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const emailVi = {
  emailFeature: {
    title: "email (vi)",
  },
};
