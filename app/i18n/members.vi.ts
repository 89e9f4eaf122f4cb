/** Strings of the members feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const membersVi = {
  membersFeature: {
    title: "members (vi)",
  },
};
