export * from "./rate-limit";
export * from "./auth-tokens";
export * from "./login-throttle";
