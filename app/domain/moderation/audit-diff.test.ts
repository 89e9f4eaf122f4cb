import { describe, expect, it } from "vitest";
import { auditChanges } from "./audit-diff";

describe("auditChanges", () => {
  it("lists only the keys that changed", () => {
    expect(auditChanges({ role: "member", name: "an" }, { role: "moderator", name: "an" })).toEqual([
      { key: "role", before: "member", after: "moderator" },
    ]);
  });
  it("shows added and removed keys", () => {
    expect(auditChanges({ a: 1 }, { b: [1, 2] })).toEqual([
      { key: "a", before: "1", after: null },
      { key: "b", before: null, after: "[1,2]" },
    ]);
  });
  it("handles a missing side (created / deleted)", () => {
    expect(auditChanges(null, { url: "https://x" })).toEqual([
      { key: "url", before: null, after: "https://x" },
    ]);
    expect(auditChanges({ url: "https://x" }, undefined)).toEqual([
      { key: "url", before: "https://x", after: null },
    ]);
    expect(auditChanges(null, null)).toEqual([]);
  });
  it("compares plain values as one change", () => {
    expect(auditChanges("open", "resolved")).toEqual([{ key: "", before: "open", after: "resolved" }]);
    expect(auditChanges(3, 3)).toEqual([]);
  });
  it("shortens long values", () => {
    const [c] = auditChanges({ t: "x".repeat(500) }, {});
    expect(c!.before!.length).toBe(120);
    expect(c!.before!.endsWith("…")).toBe(true);
  });
});
