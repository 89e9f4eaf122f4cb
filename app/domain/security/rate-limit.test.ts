import { describe, expect, it } from "vitest";
import { RATE_RULES, decide, rateKey, rateSubject } from "./rate-limit";

describe("rate-limit rules", () => {
  const rule = { limit: 3, windowSeconds: 60 };
  const now = new Date("2026-11-22T10:00:00Z");

  it("allows up to the limit and refuses the next hit with the seconds left in the window", () => {
    const reset = new Date(now.getTime() + 42_500);
    expect(decide(rule, 3, reset, now)).toMatchObject({ allowed: true, count: 3, limit: 3 });
    const refused = decide(rule, 4, reset, now);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(43);
  });

  it("never tells a refused client to retry after 0 seconds", () => {
    expect(decide(rule, 9, now, now).retryAfterSeconds).toBe(1);
  });

  it("counts members by id and visitors by address", () => {
    expect(rateSubject("u1", "10.0.0.1")).toBe("user:u1");
    expect(rateSubject(null, "10.0.0.1")).toBe("ip:10.0.0.1");
    expect(rateSubject(undefined, null)).toBe("ip:unknown");
    expect(rateKey("post", "user:u1")).toBe("post:user:u1");
  });

  it("keeps login throttling at 5 failures per 15 minutes per account", () => {
    expect(RATE_RULES["login-account"]).toEqual({ limit: 5, windowSeconds: 900 });
  });
});
