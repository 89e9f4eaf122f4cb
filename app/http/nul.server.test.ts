import { describe, expect, it } from "vitest";
import { hasNulInUrl } from "./security.server";

describe("NUL bytes in URLs", () => {
  it.each(["/b/x?board=%00", "/t/1%00", "/search?q=a%00b", "/x\0"])("refuses %j", (url) => {
    expect(hasNulInUrl(url)).toBe(true);
  });
  it.each(["/b/x?board=billing", "/search?q=%2500", "/t/100"])("lets %j through", (url) => {
    expect(hasNulInUrl(url)).toBe(false);
  });
});
