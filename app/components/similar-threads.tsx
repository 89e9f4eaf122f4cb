/**
 * "Ask without duplicating": while a member types a question title, threads like it appear below the field
 * (solved first), fetched from /api/v1/search/similar without a page reload. The title input stays an ordinary
 * uncontrolled field of the ask form: this component only listens to it, so asking anyway is unchanged and
 * nothing depends on JavaScript.
 */
import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "~/i18n/react";

interface SimilarThread {
  threadId: number;
  title: string;
  solved: boolean;
  replyCount: number;
  url: string;
}

const DEBOUNCE_MS = 350;
const MIN_CHARS = 4;

export function SimilarThreads({ inputId }: { inputId: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ threads: SimilarThread[] }>();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef("");
  const load = fetcher.load;

  useEffect(() => {
    const input = document.getElementById(inputId) as HTMLInputElement | null;
    if (!input) return;
    const run = () => {
      const title = input.value.trim();
      if (title === last.current) return;
      last.current = title;
      if (title.length < MIN_CHARS) return;
      load(`/api/v1/search/similar?title=${encodeURIComponent(input.value.slice(0, 200))}`);
    };
    const onInput = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(run, DEBOUNCE_MS);
    };
    input.addEventListener("input", onInput);
    // A title kept after a rejected submit gets its suggestions at once.
    if (input.value.trim().length >= MIN_CHARS) run();
    return () => {
      input.removeEventListener("input", onInput);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [inputId, load]);

  const threads = last.current.length >= MIN_CHARS ? (fetcher.data?.threads ?? []) : [];
  return (
    <div aria-live="polite" aria-atomic="false">
      {threads.length ? (
        <section className="similar-threads" aria-labelledby={`${inputId}-similar-heading`}>
          <h2 id={`${inputId}-similar-heading`}>{t("searchFeature.similar.heading")}</h2>
          <p className="hint">
            <span className="sr-only">{t("searchFeature.similar.found", { count: threads.length })}. </span>
            {t("searchFeature.similar.hint")}
          </p>
          <ul>
            {threads.map((th) => (
              <li key={th.threadId}>
                <Link to={th.url} target="_blank" rel="noopener">
                  {th.title}
                </Link>{" "}
                {th.solved ? (
                  <span className="badge badge-solved">{t("searchFeature.similar.solved")}</span>
                ) : null}{" "}
                <span className="small muted">
                  {t("searchFeature.similar.answers", { count: th.replyCount })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
