// Moderation rules: settings, flags and review, pre-moderation, thread tools, escalation, governance. Pure, no I/O.
export * from "./settings";
