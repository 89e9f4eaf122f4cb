// Badges: the catalog (tiers and rules over a member's stats) and the idempotent "what is newly earned".
export * from "./catalog";
