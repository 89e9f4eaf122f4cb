export * from "./rate-limit";
