import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { createI18n, DEFAULT_LANG } from "./config";
import { translationFor, useTranslation } from "./react";

/** Renders a component that translates with the hook, inside a provider of the given instance (or none). */
function render(
  i18n: ReturnType<typeof createI18n> | null,
  use: (t: ReturnType<typeof useTranslation>) => string,
) {
  function Probe() {
    return createElement("p", null, use(useTranslation()));
  }
  const probe = createElement(Probe);
  return renderToStaticMarkup(i18n ? createElement(I18nextProvider, { i18n }, probe) : probe);
}

describe("useTranslation", () => {
  it("translates like i18next itself: plain keys, plurals, interpolation, defaults, both languages", () => {
    for (const lang of ["en", "vi"] as const) {
      const i18n = createI18n(lang);
      const { t } = translationFor(i18n);
      const calls: [string, Record<string, unknown>?][] = [
        ["nav.ask"],
        ["thread.answers", { count: 1 }],
        ["thread.answers", { count: 3 }],
        ["thread.answers", { count: 0 }],
        ["nav.profile", { name: "lan.nguyen" }],
        ["errors.no_such_code", { defaultValue: "fallback" }],
        ["no.such.key"],
      ];
      for (const [key, options] of calls) {
        const expected = options ? i18n.t(key, options) : i18n.t(key);
        // Twice: the second answer comes from the cache and must be the same.
        for (let i = 0; i < 2; i++)
          expect(options ? t(key as never, options) : t(key as never)).toBe(expected);
      }
    }
  });

  it("keeps each instance's answers apart (a cached English string never shows on a Vietnamese page)", () => {
    const en = translationFor(createI18n("en")).t;
    const vi = translationFor(createI18n("vi")).t;
    expect(en("thread.answers", { count: 1 })).toBe("1 answer");
    expect(vi("thread.answers", { count: 1 })).toBe("1 câu trả lời");
    expect(en("thread.answers", { count: 1 })).toBe("1 answer");
  });

  it("is the same object for every component of one instance, with t, i18n and ready like react-i18next's", () => {
    const i18n = createI18n("en");
    const a = translationFor(i18n);
    expect(translationFor(i18n)).toBe(a);
    expect(a.i18n).toBe(i18n);
    expect(a.ready).toBe(true);
    const [t, inst, ready] = a;
    expect(t).toBe(a.t);
    expect(inst).toBe(i18n);
    expect(ready).toBe(true);
  });

  it("reads the provider's instance, and without a provider falls back to the default language", () => {
    expect(render(createI18n("en"), ({ t }) => t("thread.answers", { count: 2 }))).toBe("<p>2 answers</p>");
    expect(render(createI18n("vi"), ({ i18n }) => i18n.language)).toBe("<p>vi</p>");
    expect(render(null, ({ i18n }) => i18n.language)).toBe(`<p>${DEFAULT_LANG}</p>`);
  });
});
