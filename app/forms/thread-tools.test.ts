import { describe, expect, it } from "vitest";
import { parseThreadTool } from "./thread-tools";

describe("parseThreadTool", () => {
  it.each([
    [{ action: "lock" }, { action: "lock" }],
    [
      { action: "close", reason: "resolved", duplicateOf: "" },
      { action: "close", reason: "resolved" },
    ],
    [
      { action: "close", reason: "duplicate", duplicateOf: "https://x.vn/t/12#p-3" },
      { action: "close", reason: "duplicate", duplicateOf: 12 },
    ],
    [
      { action: "move", board: "4" },
      { action: "move", board: 4 },
    ],
    [
      { action: "move", board: "billing" },
      { action: "move", board: "billing" },
    ],
    [
      { action: "merge", target: 9 },
      { action: "merge", target: 9 },
    ],
    [
      { action: "merge", target: "/t/9" },
      { action: "merge", target: 9 },
    ],
  ])("accepts %j", (input, expected) => {
    expect(parseThreadTool(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [{}, { action: "thread_action" }],
    [{ action: "explode" }, { action: "thread_action" }],
    [{ action: "close" }, { reason: "close_reason" }],
    [{ action: "close", reason: "spam" }, { reason: "close_reason" }],
    [{ action: "close", reason: "duplicate", duplicateOf: "not a thread" }, { duplicateOf: "thread_ref" }],
    [{ action: "move", board: "" }, { board: "board_required" }],
    [{ action: "move", board: "Bad Slug!" }, { board: "board_required" }],
    [{ action: "merge" }, { target: "thread_ref" }],
    [{ action: "merge", target: "/u/someone" }, { target: "thread_ref" }],
  ])("refuses %j with a field error", (input, fields) => {
    expect(parseThreadTool(input)).toEqual({ ok: false, fields });
  });
});
