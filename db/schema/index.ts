export * from "./users";
export * from "./forum";
