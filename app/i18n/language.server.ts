import { DEFAULT_LANG, isLang, type Lang } from "./config";

export const LANG_COOKIE = "lantern_lang";

/** The visitor's language: their explicit choice (cookie), else the browser's Accept-Language, else Vietnamese. */
export function detectLanguage(request: Request): Lang {
  const cookie = request.headers.get("Cookie") ?? "";
  const m = new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=(vi|en)(?:;|$)`).exec(cookie);
  if (m && isLang(m[1])) return m[1];
  const header = request.headers.get("Accept-Language") ?? "";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => isLang(x.lang))
    .sort((a, b) => b.q - a.q);
  const best = ranked[0]?.lang;
  return isLang(best) ? best : DEFAULT_LANG;
}

export function langCookie(lang: Lang): string {
  return `${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
