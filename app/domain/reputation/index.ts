// Reputation: the rule book (points, caps, privileges, ranks) and the pure decisions that apply it.
// Services write what these functions decide into the ledger; the total is always the ledger's sum.
export * from "./rules";
export * from "./reputation";
