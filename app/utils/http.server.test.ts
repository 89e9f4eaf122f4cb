import { describe, expect, it } from "vitest";
import { safeRedirect } from "./http.server";

describe("safeRedirect", () => {
  it("keeps same-site paths with their query and hash", () => {
    expect(safeRedirect("/t/42?page=2#p9")).toBe("/t/42?page=2#p9");
    expect(safeRedirect("/")).toBe("/");
  });

  it.each([
    "//evil.example/",
    "/\\evil.example",
    "/\t/evil.example/",
    "/\n/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil",
    "",
  ])("refuses %j", (to) => {
    expect(safeRedirect(to, "/home")).toBe("/home");
  });

  it("refuses non-strings", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/x")).toBe("/x");
  });
});
