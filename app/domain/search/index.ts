// Search rules: folding, query building, snippets, filters and ranking. Pure functions, no I/O.
export * from "./fold";
export * from "./query";
export * from "./snippet";
export * from "./params";
export * from "./ranking";
