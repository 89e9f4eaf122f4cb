/** Strings of the escalation feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const escalationEn = {
  escalationFeature: {
    title: "escalation",
  },
};
