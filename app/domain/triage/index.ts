// Triage: how urgently a moderator should look at a thread (0..100) and why, as reason codes the UI translates.
// Signals are negativity, urgency cues (Vietnamese and English, with or without diacritics), waiting time,
// velocity and the author's situation; the weights are one constant table in rules.ts.
export * from "./rules";
export * from "./triage-priority";
export * from "./urgent-terms";
export * from "./refresh";
