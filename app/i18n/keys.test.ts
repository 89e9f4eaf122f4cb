import { describe, expect, it } from "vitest";
import { resources } from "./config";

const en = resources.en.translation;
const vi = resources.vi.translation;
import { createI18n } from "./config";

function keys(obj: object, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const normalise = (k: string) => k.replace(/_(one|other)$/, "");

describe("translations", () => {
  it("Vietnamese and English have the same keys (plural forms aside)", () => {
    const a = new Set(keys(en).map(normalise));
    const b = new Set(keys(vi).map(normalise));
    expect([...a].filter((k) => !b.has(k))).toEqual([]);
    expect([...b].filter((k) => !a.has(k))).toEqual([]);
  });

  it("no Vietnamese string is left in English or empty", () => {
    const flat = (o: object): [string, string][] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === "string" ? [[k, v] as [string, string]] : flat(v as object),
      );
    const viStrings = new Map(flat(vi));
    const same = flat(en).filter(
      ([k, v]) => viStrings.get(k) === v && !["email", "password"].includes(k.toLowerCase()) && v.length > 6,
    );
    expect(same).toEqual([]);
    for (const [, v] of viStrings) expect(v.trim().length).toBeGreaterThan(0);
  });

  it("plurals and interpolation work in both languages", () => {
    expect(createI18n("en").t("thread.answers", { count: 1 })).toBe("1 answer");
    expect(createI18n("en").t("thread.answers", { count: 3 })).toBe("3 answers");
    expect(createI18n("vi").t("thread.answers", { count: 1 })).toBe("1 câu trả lời");
    expect(createI18n("vi").t("errors.title_too_short")).toMatch(/Tiêu đề quá ngắn/);
  });
});
