import { describe, it, expect } from "vitest";
import { z } from "zod";
import {
  AcceptSchema,
  AskSchema,
  SignupSchema,
  TITLE_MAX,
  TITLE_MIN,
  VoteSchema,
  fieldErrors,
} from "./schemas";

/** Field errors for an input that must fail; `{}` is returned if it unexpectedly succeeds. */
function errorsOf(
  schema: typeof SignupSchema | typeof AskSchema | typeof VoteSchema | typeof AcceptSchema,
  input: unknown,
) {
  const r = schema.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
}

const validSignup = { username: "alice_01", email: "alice@example.com", password: "correct horse" };

describe("SignupSchema", () => {
  describe("accepted", () => {
    it.each([
      { name: "typical", input: validSignup, out: validSignup },
      {
        name: "username with all allowed punctuation",
        input: { ...validSignup, username: "a.b-c_d" },
        out: { ...validSignup, username: "a.b-c_d" },
      },
      {
        name: "3-char username",
        input: { ...validSignup, username: "abc" },
        out: { ...validSignup, username: "abc" },
      },
      {
        name: "30-char username",
        input: { ...validSignup, username: "a".repeat(30) },
        out: { ...validSignup, username: "a".repeat(30) },
      },
      {
        name: "username is trimmed",
        input: { ...validSignup, username: "  alice  " },
        out: { ...validSignup, username: "alice" },
      },
      {
        name: "mixed-case username kept",
        input: { ...validSignup, username: "AliceB" },
        out: { ...validSignup, username: "AliceB" },
      },
      {
        name: "upper-case email accepted",
        input: { ...validSignup, email: "Alice.Smith@Example.COM" },
        out: { ...validSignup, email: "Alice.Smith@Example.COM" },
      },
      {
        name: "email is trimmed",
        input: { ...validSignup, email: "  bob@example.org \n" },
        out: { ...validSignup, email: "bob@example.org" },
      },
      {
        name: "plus addressing",
        input: { ...validSignup, email: "bob+forum@mail.example.vn" },
        out: { ...validSignup, email: "bob+forum@mail.example.vn" },
      },
      {
        name: "8-char password",
        input: { ...validSignup, password: "12345678" },
        out: { ...validSignup, password: "12345678" },
      },
      {
        name: "128-char password",
        input: { ...validSignup, password: "p".repeat(128) },
        out: { ...validSignup, password: "p".repeat(128) },
      },
      {
        name: "password is not trimmed",
        input: { ...validSignup, password: "  spaced pass  " },
        out: { ...validSignup, password: "  spaced pass  " },
      },
      {
        name: "unknown keys are stripped",
        input: { ...validSignup, role: "admin" },
        out: validSignup,
      },
    ])("$name", ({ input, out }) => {
      const r = SignupSchema.safeParse(input);
      expect(r.success).toBe(true);
      expect(r.data).toEqual(out);
    });
  });

  describe("rejected", () => {
    it.each([
      { name: "username too short", patch: { username: "ab" }, errors: { username: "username_length" } },
      {
        name: "username too short after trim",
        patch: { username: "  ab  " },
        errors: { username: "username_length" },
      },
      {
        name: "username too long",
        patch: { username: "a".repeat(31) },
        errors: { username: "username_length" },
      },
      { name: "empty username", patch: { username: "" }, errors: { username: "username_length" } },
      {
        name: "username with a space",
        patch: { username: "al ice" },
        errors: { username: "username_chars" },
      },
      { name: "username with @", patch: { username: "alice@home" }, errors: { username: "username_chars" } },
      {
        name: "username with accents",
        patch: { username: "đức_anh" },
        errors: { username: "username_chars" },
      },
      {
        name: "username with slash",
        patch: { username: "../admin" },
        errors: { username: "username_chars" },
      },
      {
        name: "username with html",
        patch: { username: "<b>bob</b>" },
        errors: { username: "username_chars" },
      },
      {
        name: "username not a string",
        patch: { username: 12345 },
        errors: { username: "username_required" },
      },
      { name: "username missing", patch: { username: undefined }, errors: { username: "username_required" } },
      { name: "email without @", patch: { email: "alice.example.com" }, errors: { email: "email_invalid" } },
      { name: "email without domain", patch: { email: "alice@" }, errors: { email: "email_invalid" } },
      { name: "email without tld", patch: { email: "alice@localhost" }, errors: { email: "email_invalid" } },
      {
        name: "email with space",
        patch: { email: "ali ce@example.com" },
        errors: { email: "email_invalid" },
      },
      { name: "two @", patch: { email: "a@b@example.com" }, errors: { email: "email_invalid" } },
      { name: "empty email", patch: { email: "" }, errors: { email: "email_invalid" } },
      {
        name: "email longer than 254",
        patch: { email: "a".repeat(64) + "@" + "b".repeat(190) + ".com" },
        errors: { email: "email_invalid" },
      },
      { name: "email missing", patch: { email: undefined }, errors: { email: "email_required" } },
      { name: "password too short", patch: { password: "1234567" }, errors: { password: "password_length" } },
      {
        name: "password too long",
        patch: { password: "p".repeat(129) },
        errors: { password: "password_length" },
      },
      { name: "empty password", patch: { password: "" }, errors: { password: "password_length" } },
      { name: "password missing", patch: { password: undefined }, errors: { password: "password_required" } },
      {
        name: "password not a string",
        patch: { password: 12345678 },
        errors: { password: "password_required" },
      },
      {
        name: "several fields wrong at once",
        patch: { username: "x", email: "nope", password: "short" },
        errors: { username: "username_length", email: "email_invalid", password: "password_length" },
      },
    ])("$name → $errors", ({ patch, errors }) => {
      expect(errorsOf(SignupSchema, { ...validSignup, ...patch })).toEqual(errors);
    });

    it("a non-object input is refused", () => {
      expect(SignupSchema.safeParse(null).success).toBe(false);
      expect(SignupSchema.safeParse("alice").success).toBe(false);
    });
  });
});

const validAsk = { board: "billing", title: "How do I change my plan?", body: { type: "doc", content: [] } };

describe("AskSchema", () => {
  it.each([
    { name: "typical", input: validAsk, title: validAsk.title, board: "billing" },
    {
      name: "title trimmed",
      input: { ...validAsk, title: "   How do I change my plan?  \n" },
      title: "How do I change my plan?",
      board: "billing",
    },
    {
      name: "board trimmed",
      input: { ...validAsk, board: "  billing " },
      title: validAsk.title,
      board: "billing",
    },
    {
      name: "title exactly TITLE_MIN",
      input: { ...validAsk, title: "t".repeat(TITLE_MIN) },
      title: "t".repeat(TITLE_MIN),
      board: "billing",
    },
    {
      name: "title exactly TITLE_MAX",
      input: { ...validAsk, title: "t".repeat(TITLE_MAX) },
      title: "t".repeat(TITLE_MAX),
      board: "billing",
    },
    {
      name: "TITLE_MAX after trimming padding",
      input: { ...validAsk, title: "  " + "t".repeat(TITLE_MAX) + "  " },
      title: "t".repeat(TITLE_MAX),
      board: "billing",
    },
    {
      name: "Vietnamese title",
      input: { ...validAsk, title: "Làm sao để đổi gói cước?" },
      title: "Làm sao để đổi gói cước?",
      board: "billing",
    },
  ])("$name", ({ input, title, board }) => {
    const r = AskSchema.safeParse(input);
    expect(r.success).toBe(true);
    expect(r.data?.title).toBe(title);
    expect(r.data?.board).toBe(board);
    expect(r.data?.body).toEqual(input.body);
  });

  it.each([
    {
      name: "title one below TITLE_MIN",
      patch: { title: "t".repeat(TITLE_MIN - 1) },
      errors: { title: "title_too_short" },
    },
    {
      name: "title short once trimmed",
      patch: { title: "   " + "t".repeat(TITLE_MIN - 1) + "     " },
      errors: { title: "title_too_short" },
    },
    { name: "whitespace-only title", patch: { title: " ".repeat(40) }, errors: { title: "title_too_short" } },
    { name: "empty title", patch: { title: "" }, errors: { title: "title_too_short" } },
    { name: "missing title", patch: { title: undefined }, errors: { title: "title_too_short" } },
    {
      name: "title one above TITLE_MAX",
      patch: { title: "t".repeat(TITLE_MAX + 1) },
      errors: { title: "title_too_long" },
    },
    { name: "very long title", patch: { title: "t".repeat(10_000) }, errors: { title: "title_too_long" } },
    { name: "missing board", patch: { board: undefined }, errors: { board: "board_required" } },
    { name: "empty board", patch: { board: "" }, errors: { board: "board_required" } },
    { name: "whitespace board", patch: { board: "   " }, errors: { board: "board_required" } },
    { name: "board not a string", patch: { board: 3 }, errors: { board: "board_required" } },
    {
      name: "missing board and short title",
      patch: { board: undefined, title: "short" },
      errors: { board: "board_required", title: "title_too_short" },
    },
  ])("$name → $errors", ({ patch, errors }) => {
    expect(errorsOf(AskSchema, { ...validAsk, ...patch })).toEqual(errors);
  });
});

describe("VoteSchema", () => {
  it.each([1, -1, 0])("accepts %j", (value) => {
    const r = VoteSchema.safeParse({ value });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ value });
  });

  it.each<unknown>([2, -2, 0.5, "1", "-1", "0", null, undefined, true, NaN, [1], {}])(
    "rejects %j",
    (value) => {
      expect(errorsOf(VoteSchema, { value })).toEqual({ value: "vote_value" });
    },
  );
});

describe("AcceptSchema", () => {
  it.each<number | null>([1, 7, 123456, Number.MAX_SAFE_INTEGER, null])("accepts %j", (replyId) => {
    const r = AcceptSchema.safeParse({ replyId });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ replyId });
  });

  const rejected: unknown[] = [
    0,
    -3,
    1.5,
    "7",
    "",
    undefined,
    NaN,
    Infinity,
    Number.MAX_SAFE_INTEGER + 2,
    true,
    [7],
  ];

  it.each(rejected)("rejects %j", (replyId) => {
    const r = AcceptSchema.safeParse({ replyId });
    expect(r.success).toBe(false);
    expect(Object.keys(errorsOf(AcceptSchema, { replyId }))).toEqual(["replyId"]);
  });

  it.each(rejected)("reports the reply_id error key for %j", (replyId) => {
    expect(errorsOf(AcceptSchema, { replyId })).toEqual({ replyId: "reply_id" });
  });
});

describe("fieldErrors", () => {
  it("keeps only the first error per field", () => {
    // "!" breaks both the length rule and the character rule; the first issue (length) wins.
    expect(errorsOf(SignupSchema, { ...validSignup, username: "!" })).toEqual({
      username: "username_length",
    });
  });

  it("falls back to 'invalid' for messages that are not i18n keys", () => {
    // A check without a custom message yields zod's English text, which must not leak out as an i18n key.
    const r = z
      .object({ note: z.string().max(1), tag: z.string({ error: "tag_bad" }) })
      .safeParse({ note: "ab", tag: 1 });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrors(r.error)).toEqual({ note: "invalid", tag: "tag_bad" });
  });

  it("uses 'form' for issues on the root", () => {
    const r = SignupSchema.safeParse("not an object");
    expect(r.success).toBe(false);
    if (!r.success) expect(Object.keys(fieldErrors(r.error))).toEqual(["form"]);
  });
});
