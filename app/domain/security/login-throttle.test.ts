import { describe, expect, it } from "vitest";
import {
  LOGIN_IP_LIMIT,
  LOGIN_LOCK_AFTER,
  LOGIN_THROTTLE_AFTER,
  gateAccountAttempt,
  gateBeforePassword,
  loginSubject,
  secondsUntil,
  shouldLock,
} from "./login-throttle";
import { RATE_RULES } from "./rate-limit";

const now = new Date("2026-06-01T08:00:00Z");
const open = { locked: false, lockFailures: 0, ipFailures: 0, ipResetAt: null };

describe("login throttling", () => {
  it("uses the shared rules: 5 per account and 30 per address in 15 minutes, lock at 10 a day", () => {
    expect(LOGIN_THROTTLE_AFTER).toBe(5);
    expect(LOGIN_IP_LIMIT).toBe(30);
    expect(LOGIN_LOCK_AFTER).toBe(10);
    expect(RATE_RULES["login-lock"]).toEqual({ limit: 10, windowSeconds: 86_400 });
  });

  it("counts an existing account by id and an unknown login by the typed name (case and spaces ignored)", () => {
    expect(loginSubject("u1", "Lan")).toBe("user:u1");
    expect(loginSubject(null, "  Ghost@Example.test ")).toBe("login:ghost@example.test");
    expect(loginSubject(undefined, "GHOST")).toBe(loginSubject(null, "ghost"));
  });

  it("allows the 5th attempt of a window and refuses the 6th with the time left", () => {
    expect(gateAccountAttempt({ count: 5, retryAfterSeconds: 100 })).toEqual({ kind: "open" });
    expect(gateAccountAttempt({ count: 6, retryAfterSeconds: 100 })).toEqual({
      kind: "throttled",
      retryAfterSeconds: 100,
    });
    expect(gateAccountAttempt({ count: 9, retryAfterSeconds: 0 })).toEqual({
      kind: "throttled",
      retryAfterSeconds: 1,
    });
  });

  it("refuses a locked account (or an unknown login with as many failures) before the password", () => {
    expect(gateBeforePassword(open, now)).toEqual({ kind: "open" });
    expect(gateBeforePassword({ ...open, locked: true }, now)).toEqual({ kind: "locked" });
    expect(gateBeforePassword({ ...open, lockFailures: 9 }, now)).toEqual({ kind: "open" });
    expect(gateBeforePassword({ ...open, lockFailures: 10 }, now)).toEqual({ kind: "locked" });
  });

  it("refuses an address with 30 failures until its window ends; a lock wins over that", () => {
    const ipResetAt = new Date(now.getTime() + 61_200);
    expect(gateBeforePassword({ ...open, ipFailures: 29, ipResetAt }, now)).toEqual({ kind: "open" });
    expect(gateBeforePassword({ ...open, ipFailures: 30, ipResetAt }, now)).toEqual({
      kind: "throttled",
      retryAfterSeconds: 62,
    });
    expect(gateBeforePassword({ ...open, locked: true, ipFailures: 30, ipResetAt }, now)).toEqual({
      kind: "locked",
    });
  });

  it("locks at the 10th failure of the day", () => {
    expect(shouldLock(9)).toBe(false);
    expect(shouldLock(10)).toBe(true);
    expect(secondsUntil(null, now)).toBe(1);
    expect(secondsUntil(new Date(now.getTime() - 5000), now)).toBe(1);
  });
});
