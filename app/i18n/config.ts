/** i18next set-up shared by server and browser: both languages are bundled (small), so rendering is synchronous. */
import i18next, { type i18n as I18n } from "i18next";
import { en } from "./en";
import { vi } from "./vi";
import { communityEn } from "./community.en";
import { communityVi } from "./community.vi";
import { listeningEn } from "./listening.en";
import { listeningVi } from "./listening.vi";
import { moderationEn } from "./moderation.en";
import { moderationVi } from "./moderation.vi";
import { toolsEn } from "./tools.en";
import { toolsVi } from "./tools.vi";
import { escalationEn } from "./escalation.en";
import { escalationVi } from "./escalation.vi";
import { governanceEn } from "./governance.en";
import { governanceVi } from "./governance.vi";
import { searchEn } from "./search.en";
import { searchVi } from "./search.vi";
import { engagementEn } from "./engagement.en";
import { engagementVi } from "./engagement.vi";
import { emailEn } from "./email.en";
import { emailVi } from "./email.vi";
import { liveEn } from "./live.en";
import { liveVi } from "./live.vi";
import { membersEn } from "./members.en";
import { membersVi } from "./members.vi";
import { authEn } from "./auth.en";
import { authVi } from "./auth.vi";
import { limitsEn } from "./limits.en";
import { limitsVi } from "./limits.vi";
import { errorsEn } from "./errors.en";
import { errorsVi } from "./errors.vi";

export const LANGUAGES = ["vi", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = "vi";

// Feature dictionaries live in their own files and are merged here (top-level keys must not clash).
export const resources = {
  en: {
    translation: {
      ...en,
      ...communityEn,
      ...listeningEn,
      ...moderationEn,
      ...toolsEn,
      ...escalationEn,
      ...governanceEn,
      ...searchEn,
      ...engagementEn,
      ...emailEn,
      ...liveEn,
      ...membersEn,
      ...authEn,
      ...limitsEn,
      ...errorsEn,
    },
  },
  vi: {
    translation: {
      ...vi,
      ...communityVi,
      ...listeningVi,
      ...moderationVi,
      ...toolsVi,
      ...escalationVi,
      ...governanceVi,
      ...searchVi,
      ...engagementVi,
      ...emailVi,
      ...liveVi,
      ...membersVi,
      ...authVi,
      ...limitsVi,
      ...errorsVi,
    },
  },
} as const;

export function isLang(v: unknown): v is Lang {
  return v === "vi" || v === "en";
}

export function createI18n(lang: Lang): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: lang,
    fallbackLng: "en",
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}

// One instance per language, shared by every request (building one costs ~1 ms; they are never mutated:
// a language change means the other instance).
const shared = new Map<Lang, I18n>();
export function i18nFor(lang: Lang): I18n {
  let i = shared.get(lang);
  if (!i) shared.set(lang, (i = createI18n(lang)));
  return i;
}

/** Intl locale used for dates and numbers. */
export const intlLocale = (lang: Lang) => (lang === "vi" ? "vi-VN" : "en-GB");
/** Dates are shown in the brand's time zone on both server and browser, so hydration matches. */
export const TIME_ZONE = "Asia/Ho_Chi_Minh";
