// Forum rules: the rich-text contract, voting, accepting answers, thread filters. Pure functions, no I/O.
export * from "./rich-text";
export * from "./rules";
export * from "./tags";
