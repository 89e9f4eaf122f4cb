import { useTranslation } from "~/i18n/react";
import { useRootData } from "~/root";
import { intlLocale, TIME_ZONE, type Lang } from "~/i18n/config";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

// Intl formatters are costly to build (a page shows dozens of dates): one per language, reused.
const formatters = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat | Intl.NumberFormat>();
function memo<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat | Intl.NumberFormat>(
  key: string,
  make: () => T,
): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}

/** A shared Intl.NumberFormat for a language and options (charts and tables format hundreds of values). */
export function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return memo(`n|${lang}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(intlLocale(lang), options));
}

/** A shared Intl.DateTimeFormat for a language and options. */
export function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return memo(
    `d|${lang}|${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(intlLocale(lang), options),
  );
}

// Formatting (and lower-casing) costs more than a map lookup, and the same texts recur on every page: "3 hours
// ago" has few variants, and a busy thread shows the same dates to everyone. Past the cap a cache starts over.
const MAX_TEXTS = 5_000;
function remembered(cache: Map<string, string>, key: string, make: () => string): string {
  let text = cache.get(key);
  if (text === undefined) {
    if (cache.size >= MAX_TEXTS) cache.clear();
    cache.set(key, (text = make()));
  }
  return text;
}
const relativeTexts = new Map<string, string>();
const dateTexts = new Map<string, string>();

export function formatRelative(date: Date, now: number, lang: Lang): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  let unit: Intl.RelativeTimeFormatUnit = "minute";
  let value = 0;
  for (const [u, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      unit = u;
      value = Math.round(seconds / size);
      break;
    }
  }
  return remembered(relativeTexts, `${lang}:${unit}:${value}`, () => {
    const rtf = memo(`rel:${lang}`, () => new Intl.RelativeTimeFormat(intlLocale(lang), { numeric: "auto" }));
    return lower(rtf.format(value, unit), lang);
  });
}

export function formatDate(date: Date, lang: Lang): string {
  return remembered(dateTexts, `${lang}:${date.getTime()}`, () =>
    memo(
      `date:${lang}`,
      () =>
        new Intl.DateTimeFormat(intlLocale(lang), {
          dateStyle: "medium",
          timeStyle: "short",
          timeZone: TIME_ZONE,
        }),
    ).format(date),
  );
}

// Vietnamese "Hôm qua" reads mid-sentence ("hoạt động hôm qua"), so it is lower-cased.
const lower = (s: string, lang: Lang) => (lang === "vi" ? s.toLocaleLowerCase("vi") : s);

/** "3 hours ago", relative to the server's clock at render time (so server and browser agree). */
export function RelativeTime({ date }: { date: string | Date }) {
  const { now } = useRootData();
  const { i18n } = useTranslation();
  const lang = (i18n.language === "en" ? "en" : "vi") as Lang;
  const d = typeof date === "string" ? new Date(date) : date;
  return (
    <time dateTime={d.toISOString()} title={formatDate(d, lang)}>
      {formatRelative(d, now, lang)}
    </time>
  );
}

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "vi";
}

/** Picks the visitor's language from a pair of columns (boards have vi/en names). */
export function pick<T>(lang: Lang, vi: T, en: T): T {
  return lang === "vi" ? vi : en;
}

/** Numbers in the visitor's language (same output on server and browser). */
export function formatNumber(n: number, lang: Lang): string {
  return memo(`num:${lang}`, () => new Intl.NumberFormat(intlLocale(lang))).format(n);
}
