/** Strings of the search feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const searchVi = {
  searchFeature: {
    title: "search (vi)",
  },
};
