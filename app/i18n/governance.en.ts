/** Strings of the governance feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const governanceEn = {
  governanceFeature: {
    title: "governance",
  },
};
