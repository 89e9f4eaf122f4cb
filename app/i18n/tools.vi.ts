/** Strings of the tools feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const toolsVi = {
  toolsFeature: {
    title: "tools (vi)",
  },
};
