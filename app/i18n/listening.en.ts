/** Strings of the moderators' listening pages: command center, triage, alerts (merged by config.ts). */
export const listeningEn = {
  sentiment: { pos: "Positive", neg: "Negative", neu: "Neutral" },
};
