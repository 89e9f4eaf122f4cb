export * from "./users";
export * from "./forum";
export * from "./reputation";
export * from "./listening";
export * from "./moderation";
export * from "./engagement";
