import { describe, expect, it } from "vitest";
import { BELL_COUNT_CAP, bellAtCap, bellLabel } from "./bell";

describe("header bell", () => {
  it("shows nothing without unread notifications", () => {
    expect(bellLabel(0)).toBeNull();
    expect(bellLabel(-1)).toBeNull();
    expect(bellLabel(Number.NaN)).toBeNull();
  });
  it("shows the count below the cap and 99+ from it on", () => {
    expect(bellLabel(1)).toBe("1");
    expect(bellLabel(99)).toBe("99");
    expect(bellLabel(BELL_COUNT_CAP)).toBe("99+");
    expect(bellLabel(5000)).toBe("99+");
    expect(bellAtCap(99)).toBe(false);
    expect(bellAtCap(BELL_COUNT_CAP)).toBe(true);
  });
});
