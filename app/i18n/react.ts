/**
 * `useTranslation` for Lantern's components: the same `{ t, i18n }` as react-i18next's hook, read from the same
 * context (`I18nextProvider` in root.tsx), without its per-call cost.
 *
 * react-i18next's hook copies the i18next instance's property descriptors into a fresh wrapper object, builds a
 * fixed `t`, spreads its options and subscribes to language events on every call — and on the server every
 * component instance calls it once per render (a thread page: hundreds of times). It was the largest single item
 * in the logged-in thread page's CPU profile. Lantern's instances are shared and never mutated (`i18nFor` in
 * config.ts: a language change means the other instance), so one `t` per instance, made once, is enough, and
 * it remembers what it returned.
 */
import { useContext } from "react";
import { getI18n, I18nContext, type UseTranslationResponse } from "react-i18next";
import type { i18n as I18n, TFunction } from "i18next";
import { DEFAULT_LANG, i18nFor } from "./config";

type Translation = UseTranslationResponse<"translation", undefined>;

/**
 * Results are remembered per instance: a plain key always gives the same string, and so does a key with the same
 * flat options (`{ count: 3 }`, `{ name: "lan" }`): resources never change. The cap bounds what values from data
 * (names, counts) can add; past it the cache starts over.
 */
const MAX_CACHED = 10_000;

/** Options whose values are all strings, numbers or booleans: a JSON text identifies them. */
function flatOptions(o: unknown): o is Record<string, string | number | boolean> {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return false;
  for (const k in o) {
    const v = (o as Record<string, unknown>)[k];
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return false;
  }
  return true;
}

const bound = new WeakMap<I18n, Translation>();

/** The `{ t, i18n, ready }` of one instance (also `[t, i18n, ready]`, like react-i18next's). */
export function translationFor(i18n: I18n): Translation {
  let made = bound.get(i18n);
  if (made) return made;
  const fixed = i18n.getFixedT(null, "translation") as unknown as (...args: unknown[]) => unknown;
  const cache = new Map<string, string>();
  const t = ((...args: unknown[]) => {
    const [key, options] = args;
    let id: string | null = null;
    if (typeof key === "string") {
      if (args.length === 1) id = key;
      else if (args.length === 2 && flatOptions(options)) id = `${key}\u0000${JSON.stringify(options)}`;
    }
    if (id === null) return fixed(...args);
    const hit = cache.get(id);
    if (hit !== undefined) return hit;
    const value = fixed(...args);
    if (typeof value === "string") {
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(id, value);
    }
    return value;
  }) as unknown as TFunction<"translation", undefined>;
  const arr = [t, i18n, true] as unknown as Translation;
  arr.t = t;
  arr.i18n = i18n;
  arr.ready = true;
  bound.set(i18n, (made = arr));
  return made;
}

export function useTranslation(): Translation {
  // Outside a provider (never on Lantern's pages) the default language, rather than raw keys.
  return translationFor(useContext(I18nContext)?.i18n ?? getI18n() ?? i18nFor(DEFAULT_LANG));
}
