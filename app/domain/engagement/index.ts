// Engagement rules: @mentions, who gets notified of what, follow targets. Pure functions, no I/O.
export * from "./mentions";
export * from "./recipients";
export * from "./notification-view";
export * from "./bell";
