/** Strings of the tools feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const toolsEn = {
  toolsFeature: {
    title: "tools",
  },
};
