/** A member's flagging record (accuracy of their reviewed flags), shown to the member and to staff only. */
import { useTranslation } from "~/i18n/react";
import { flagAccuracy } from "~/domain/moderation";
import { formatNumber, useLang } from "~/components/time";

export function FlagRecordCard({
  record,
}: {
  record: { cast: number; upheld: number; dismissed: number } | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!record) return null;
  const acc = flagAccuracy(record);
  return (
    <section className="card side-card" aria-labelledby="flag-record-title">
      <h2 id="flag-record-title" className="section-title">
        {t("flagRecord.title")}
      </h2>
      <p>
        <strong>
          {acc.percent === null ? t("flagRecord.none") : t("flagRecord.accuracy", { percent: acc.percent })}
        </strong>
      </p>
      <dl className="flag-record">
        <dt>{t("flagRecord.cast")}</dt>
        <dd>{formatNumber(record.cast, lang)}</dd>
        <dt>{t("flagRecord.upheld")}</dt>
        <dd>{formatNumber(record.upheld, lang)}</dd>
        <dt>{t("flagRecord.dismissed")}</dt>
        <dd>{formatNumber(record.dismissed, lang)}</dd>
      </dl>
      <p className="small muted">{t("flagRecord.privateNote")}</p>
    </section>
  );
}
