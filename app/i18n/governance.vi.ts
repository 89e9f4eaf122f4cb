/** Strings of the governance feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const governanceVi = {
  governanceFeature: {
    title: "governance (vi)",
  },
};
