import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { findPostForEdit } from "~/data/threads.server";
import { listRevisions } from "~/data/post-actions.server";
import { getReputation } from "~/data/users.server";
import { editPost } from "~/services/post-actions.server";
import { isStaff } from "~/domain/forum";
import { privilegeThreshold, privilegesFor } from "~/domain/reputation";
import { formError, idParam, readForm } from "~/utils/http.server";
import { TITLE_MAX, TITLE_MIN } from "~/forms/schemas";
import { RichTextField } from "~/components/editor/rich-text-field";
import { FieldError, FormError, useFocusFirstError } from "~/components/field";
import { RelativeTime } from "~/components/time";

export const meta: MetaFunction = () => [{ title: "Sửa bài · Edit post — Lantern" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { db } = await getDeps();
  const postId = Number(params.postId);
  const post = Number.isSafeInteger(postId) && postId > 0 ? await findPostForEdit(db, postId) : null;
  if (!post) throw new Response("Not found", { status: 404 });
  const own = post.authorId === user.id;
  const reputation = await getReputation(db, user.id);
  if (!own && !privilegesFor(reputation, isStaff(user)).includes("edit_posts")) {
    throw new Response(`You need ${privilegeThreshold("edit_posts")} reputation to edit others' posts`, {
      status: 403,
    });
  }
  const revisions = own || isStaff(user) ? await listRevisions(db, post.id) : [];
  return {
    post: {
      id: post.id,
      threadId: post.threadId,
      isQuestion: post.isQuestion,
      title: post.title,
      revision: post.revision,
    },
    bodyJson: JSON.stringify(post.bodyJson),
    revisions,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const values = { title: str("title"), body: str("body"), bodyText: str("bodyText") };
  try {
    const postId = idParam(params.postId, "post");
    const r = await editPost(await getDeps(), user, postId, {
      body: values.body || undefined,
      bodyText: form.has("bodyText") ? values.bodyText : null,
      title: form.has("title") ? values.title : undefined,
    });
    return redirect(`/t/${r.threadId}#p-${postId}`);
  } catch (e) {
    return formError(e, values);
  }
}

export default function EditPost() {
  const { post, bodyJson, revisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useFocusFirstError(actionData);
  const navigation = useNavigation();
  const { t } = useTranslation();
  const fields = actionData?.error.fields ?? {};
  return (
    <div className="narrow">
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/t/${post.threadId}`}>← {post.title}</Link>
      </nav>
      <h1>{post.isQuestion ? t("edit.titleQuestion") : t("edit.titleAnswer")}</h1>
      <p className="muted">{t("edit.lead", { revision: post.revision })}</p>
      <Form method="post" className="card form" noValidate>
        {actionData && !Object.keys(fields).length ? <FormError code={actionData.error.code} /> : null}
        {post.isQuestion ? (
          <div className="field">
            <label htmlFor="title" className="label">
              {t("ask.questionTitle")}
            </label>
            <input
              id="title"
              name="title"
              className="input"
              defaultValue={actionData?.values.title ?? post.title}
              maxLength={TITLE_MAX + 50}
              aria-invalid={!!fields.title || undefined}
              aria-describedby={fields.title ? "title-error title-hint" : "title-hint"}
            />
            <p className="hint" id="title-hint">
              {t("ask.titleHint", { min: TITLE_MIN, max: TITLE_MAX })}
            </p>
            <FieldError id="title-error" code={fields.title} />
          </div>
        ) : null}
        <RichTextField
          id="body"
          label={t("ask.details")}
          initialJson={actionData?.values.body || bodyJson}
          initialText={actionData?.values.bodyText}
          errorId={fields.body ? "body-error" : undefined}
          invalid={!!fields.body}
        />
        <FieldError id="body-error" code={fields.body} />
        <div className="form-actions">
          <Link to={`/t/${post.threadId}`} className="btn btn-ghost">
            {t("edit.cancel")}
          </Link>
          <button type="submit" className="btn btn-primary" disabled={navigation.state === "submitting"}>
            {t("edit.save")}
          </button>
        </div>
      </Form>
      {revisions.length ? (
        <section className="card section" aria-labelledby="rev-title">
          <h2 id="rev-title" className="section-title">
            {t("edit.history")}
          </h2>
          <ol className="revisions">
            {revisions.map((r) => (
              <li key={r.revision}>
                <details>
                  <summary>
                    {t("edit.revision", { n: r.revision })} · {r.editor} · <RelativeTime date={r.createdAt} />
                  </summary>
                  {r.title ? <p className="label">{r.title}</p> : null}
                  <div className="prose" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
                </details>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
