// Moderation rules: settings, flags and review, pre-moderation, thread tools, escalation, governance. Pure, no I/O.
export * from "./settings";
export * from "./thread-tools";
export * from "./escalation";
export * from "./incident-similarity";
export * from "./flags";
export * from "./premoderation";
export * from "./webhooks";
export * from "./governance";
export * from "./audit-diff";
