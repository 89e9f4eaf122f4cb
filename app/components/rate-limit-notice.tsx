import { useTranslation } from "~/i18n/react";

/** Which limit was hit: picks the sentence ("You're posting too fast; …"). */
export type LimitKind = "post" | "vote" | "accept" | "flag" | "search" | "api";

/** The error a page action or loader returns for a 429 (formError adds retryAfter). */
export interface LimitError {
  code: string;
  retryAfter?: number | null;
}

export const isRateLimited = (e: LimitError | null | undefined): e is LimitError & { code: "rate_limited" } =>
  e?.code === "rate_limited";

/** "try again in 42 seconds" / "… in 12 minutes": long waits (the hourly flag limit) read better in minutes. */
export function useRateLimitMessage() {
  const { t } = useTranslation();
  return (kind: LimitKind, retryAfter: number | null | undefined) => {
    const s = Math.max(1, Math.ceil(retryAfter ?? 60));
    const wait =
      s < 90
        ? t("limitsFeature.seconds", { count: s })
        : t("limitsFeature.minutes", { count: Math.ceil(s / 60) });
    return t(`limitsFeature.${kind}`, { wait });
  };
}

/** The message next to the form that hit a limit; `kept` adds that nothing the member typed is lost. */
export function RateLimitNotice({
  kind,
  retryAfter,
  kept,
  inline = false,
  className = "field-error",
  id,
}: {
  kind: LimitKind;
  retryAfter?: number | null;
  kept?: "text" | "search";
  inline?: boolean;
  /** Inline only: the class of the errors it stands beside (the vote column has its own). */
  className?: string;
  id?: string;
}) {
  const { t } = useTranslation();
  const message = useRateLimitMessage();
  const text = message(kind, retryAfter);
  if (inline) {
    return (
      <span className={`${className} rate-limited`} role="alert" id={id}>
        {text}
      </span>
    );
  }
  return (
    <div className="alert alert-error rate-limited" role="alert" id={id}>
      <div>{text}</div>
      {kept ? (
        <div className="small">
          {t(kept === "text" ? "limitsFeature.keptText" : "limitsFeature.keptSearch")}
        </div>
      ) : null}
    </div>
  );
}
