/** Strings of the members feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const membersEn = {
  membersFeature: {
    title: "members",
  },
};
