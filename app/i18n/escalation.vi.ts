/** Strings of the escalation feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const escalationVi = {
  escalationFeature: {
    title: "escalation (vi)",
  },
};
