export * from "./live-event";
