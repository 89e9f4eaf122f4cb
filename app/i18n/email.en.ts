/** Strings of the email feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const emailEn = {
  emailFeature: {
    title: "email",
  },
};
