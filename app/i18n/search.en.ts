/** Strings of the search feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const searchEn = {
  searchFeature: {
    title: "search",
  },
};
