import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listBoards } from "~/data/boards.server";
import { askQuestion } from "~/services/forum.server";
import { formError, readForm } from "~/utils/http.server";
import { limitRequest } from "~/utils/api.server";
import { isRateLimited, RateLimitNotice } from "~/components/rate-limit-notice";
import { TITLE_MAX, TITLE_MIN } from "~/forms/schemas";
import { RichTextField } from "~/components/editor/rich-text-field";
import { FieldError, FormError, useFocusFirstError } from "~/components/field";
import { pick, useLang } from "~/components/time";
import { SimilarThreads } from "~/components/similar-threads";

export const meta: MetaFunction = () => [{ title: "Đặt câu hỏi · Ask a question — Lantern" }];

/** A refused (429) request keeps its Retry-After on the document response too (a browser without JS). */
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders, parentHeaders }) => {
  const h = new Headers(parentHeaders);
  const retry = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (retry) h.set("Retry-After", retry);
  return h;
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const { db } = await getDeps();
  const boards = await listBoards(db);
  const preselected = new URL(request.url).searchParams.get("board") ?? "";
  return { boards: boards.map((b) => ({ slug: b.slug, nameVi: b.nameVi, nameEn: b.nameEn })), preselected };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const values = {
    board: str("board"),
    title: str("title"),
    body: str("body"),
    bodyText: str("bodyText"),
    tags: str("tags"),
  };
  try {
    // Checked before the service's transaction: a refused question writes nothing.
    await limitRequest("post", user, context);
    const r = await askQuestion(await getDeps(), user, {
      board: values.board,
      title: values.title,
      body: values.body || undefined,
      bodyText: form.has("bodyText") ? values.bodyText : null,
      tags: values.tags,
    });
    return redirect(`/t/${r.threadId}`);
  } catch (e) {
    return formError(e, values);
  }
}

export default function Ask() {
  const { boards, preselected } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useFocusFirstError(actionData);
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lang = useLang();
  const fields = actionData?.error.fields ?? {};
  const values = actionData?.values;
  return (
    <div className="narrow">
      <h1>{t("ask.title")}</h1>
      <p className="muted">{t("ask.lead")}</p>
      <Form method="post" className="card form" noValidate>
        {isRateLimited(actionData?.error) ? (
          <RateLimitNotice kind="post" retryAfter={actionData.error.retryAfter} kept="text" />
        ) : actionData && Object.keys(fields).length === 0 ? (
          <FormError code={actionData.error.code} />
        ) : null}
        <div className="field">
          <label htmlFor="board" className="label">
            {t("ask.board")}
          </label>
          <select
            id="board"
            name="board"
            className="input"
            defaultValue={values?.board ?? preselected}
            aria-invalid={!!fields.board || undefined}
            aria-describedby={fields.board ? "board-error" : undefined}
            required
          >
            <option value="">{t("ask.chooseBoard")}</option>
            {boards.map((b) => (
              <option key={b.slug} value={b.slug}>
                {pick(lang, b.nameVi, b.nameEn)}
              </option>
            ))}
          </select>
          <FieldError id="board-error" code={fields.board} />
        </div>
        <div className="field">
          <label htmlFor="title" className="label">
            {t("ask.questionTitle")}
          </label>
          <p className="hint" id="title-hint">
            {t("ask.titleHint", { min: TITLE_MIN, max: TITLE_MAX })}
          </p>
          <input
            id="title"
            name="title"
            className="input"
            defaultValue={values?.title ?? ""}
            maxLength={TITLE_MAX + 50}
            aria-invalid={!!fields.title || undefined}
            aria-describedby={fields.title ? "title-error title-hint" : "title-hint"}
            autoComplete="off"
            required
          />
          <FieldError id="title-error" code={fields.title} />
          <SimilarThreads inputId="title" />
        </div>
        <RichTextField
          id="body"
          label={t("ask.details")}
          initialJson={values?.body}
          initialText={values?.bodyText}
          errorId={fields.body ? "body-error" : undefined}
          invalid={!!fields.body}
          placeholder={t("ask.detailsPlaceholder")}
        />
        <FieldError id="body-error" code={fields.body} />
        <div className="field">
          <label htmlFor="tags" className="label">
            {t("ask.tags")}
          </label>
          <input
            id="tags"
            name="tags"
            className="input"
            defaultValue={values?.tags ?? ""}
            aria-invalid={!!fields.tags || undefined}
            aria-describedby={fields.tags ? "tags-error tags-hint" : "tags-hint"}
            autoComplete="off"
          />
          <p className="hint" id="tags-hint">
            {t("ask.tagsHint")}
          </p>
          <FieldError id="tags-error" code={fields.tags} />
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary btn-lg"
            disabled={navigation.state === "submitting"}
          >
            {navigation.state === "submitting" ? t("form.sending") : t("ask.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
