/**
 * SQL behind full-text search (docs/decisions/012-search.md).
 *
 * Documents: threads.search_vector holds title (A), question and accepted answer (B) and the other visible
 * answers (C, capped); posts.search_vector holds one post (to pick the snippet's post). Text is folded in
 * TypeScript (lower case, no diacritics: domain/search foldForSearch) and indexed twice: 'simple' (exact
 * words, any language) and 'english' (stems). Queries are folded the same way, so PGlite and PostgreSQL
 * behave the same and no extension (unaccent) is needed.
 */
import { sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { sqlStatement } from "~db/statements";
import {
  DOC_LIMITS,
  MAX_RANKED,
  foldForSearch,
  PHRASE_BOOST,
  RANK_WEIGHTS,
  SCORE_DECIMALS,
  SOLVED_BOOST,
  type RankCursor,
  type SolvedFilter,
} from "~/domain/search";
import type { Cursor } from "~/domain/shared/cursor";

function rowsOf(result: unknown): Record<string, unknown>[] {
  const r = result as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

/** 'simple' + 'english' vectors of already folded text, with one weight. */
const vec = (folded: SQL, weight: "A" | "B" | "C") =>
  sql`(setweight(to_tsvector('simple', ${folded}), ${sql.raw(`'${weight}'`)}) ||
       setweight(to_tsvector('english', ${folded}), ${sql.raw(`'${weight}'`)}))`;

const idList = (ids: readonly number[]) =>
  sql`(${sql.join(
    ids.map((id) => sql`${id}::bigint`),
    sql`, `,
  )})`;

const VISIBLE_POST = sql`p.deleted_at is null and p.moderation_state = 'visible'`;

/**
 * Rebuilds the thread documents of these threads and the post documents of these posts, in the caller's
 * transaction. Called on every write that changes what a thread says (ask, reply, edit, delete, hide/approve,
 * accept, merge). Text is read, folded in TypeScript (domain/search foldForSearch) and written back as
 * to_tsvector() of the folded text: one read and one write statement per kind.
 */
export async function refreshSearchDocs(
  ex: Executor,
  threadIds: readonly number[],
  postIds: readonly number[] = [],
) {
  if (postIds.length) await refreshPostDocs(ex, postIds);
  if (threadIds.length) await refreshThreadDocs(ex, threadIds);
}

async function refreshPostDocs(ex: Executor, ids: readonly number[]) {
  const rows = rowsOf(
    await ex.execute(sql`
      select p.id, left(p.body_text, ${DOC_LIMITS.post}) as body, p.is_question as q
      from posts p where p.id in ${idList(ids)}`),
  );
  if (!rows.length) return 0;
  const docs = rows.map((r) => ({ id: Number(r.id), body: foldForSearch(String(r.body)), q: r.q === true }));
  await ex.execute(sql`
    update posts p
    set search_vector = case when x.q then ${vec(sql`x.body`, "B")} else ${vec(sql`x.body`, "C")} end
    from json_to_recordset(${JSON.stringify(docs)}::json) as x(id bigint, body text, q boolean)
    where p.id = x.id`);
  return rows.length;
}

/** vec() of one text sent as one parameter (a scalar subquery: the text is used twice, sent once). */
const vecOf = (folded: string | Placeholder, weight: "A" | "B" | "C") =>
  sql`(select ${vec(sql`x.v`, weight)} from (select ${folded}::text as v) x)`;

/** A post's folded search text: what its document indexes (`left(body_text, DOC_LIMITS.post)` counts code points). */
export const postSearchText = (bodyText: string) =>
  foldForSearch(Array.from(bodyText).slice(0, DOC_LIMITS.post).join(""));

/**
 * A new post's document as refreshSearchDocs would write it, as a value for the INSERT itself (no second
 * write of the row), in a statement built once: `text` is postSearchText's result (null: no document),
 * `isQuestion` picks the weight.
 */
export const postSearchVectorOf = (text: Placeholder, isQuestion: Placeholder) =>
  sql`(select case when x.q then ${vec(sql`x.v`, "B")} else ${vec(sql`x.v`, "C")} end
       from (select ${text}::text as v, ${isQuestion}::boolean as q) x)`;

/** A thread's document from its three folded texts (readThreadSearchTexts), in a statement built once. */
export const threadSearchVectorOf = (
  title: string | Placeholder,
  body: string | Placeholder,
  answers: string | Placeholder,
) => sql`${vecOf(title, "A")} || ${vecOf(body, "B")} || ${vecOf(answers, "C")}`;

/**
 * The folded texts of one thread's document as refreshSearchDocs would index them, for the caller's own
 * UPDATE of the row (one write for everything a post changes on its thread, threadSearchVectorOf); null when
 * the thread does not exist. `acceptedPostId`: the accepted answer the caller is about to store (null: none),
 * instead of the row's.
 */
export async function readThreadSearchTexts(
  ex: Executor,
  threadId: number,
  opts: { acceptedPostId?: number | null } = {},
): Promise<{ title: string; body: string; answers: string } | null> {
  const [r] = rowsOf(
    await threadDocStmt(ex, {
      threadId,
      override: opts.acceptedPostId !== undefined,
      accepted: opts.acceptedPostId ?? null,
    }),
  );
  return r ? foldedDoc(r) : null;
}

/** The thread's document as a value for the caller's own UPDATE of the row; null when the thread does not exist. */
export async function threadSearchVector(
  ex: Executor,
  threadId: number,
  opts: { acceptedPostId?: number | null } = {},
): Promise<SQL | null> {
  const doc = await readThreadSearchTexts(ex, threadId, opts);
  if (!doc) return null;
  return threadSearchVectorOf(doc.title, doc.body, doc.answers);
}

/** The texts of threads' documents, before folding. `accepted`: the accepted answer's id, as SQL. */
const threadDocsSql = (accepted: SQL, where: SQL) => sql`
      select t.id, t.title,
        coalesce((select left(p.body_text, ${DOC_LIMITS.question}) from posts p
                  where p.id = t.question_post_id and ${VISIBLE_POST}), '') as question,
        coalesce((select left(p.body_text, ${DOC_LIMITS.accepted}) from posts p
                  where p.id = ${accepted} and ${VISIBLE_POST}), '') as accepted,
        coalesce((select left(string_agg(a.body, ' '), ${DOC_LIMITS.answers}) from (
                    select left(p.body_text, 2000) as body from posts p
                    where p.thread_id = t.id and p.id is distinct from t.question_post_id
                      and p.id is distinct from ${accepted} and ${VISIBLE_POST}
                    order by p.score desc, p.id limit 30) a), '') as answers
      from threads t where ${where}`;

const threadDocStmt = sqlStatement("thread_search_doc", () =>
  threadDocsSql(
    sql`(case when ${sql.placeholder("override")}::boolean then ${sql.placeholder("accepted")}::bigint else t.accepted_post_id end)`,
    sql`t.id = ${sql.placeholder("threadId")}::bigint`,
  ),
);

const foldedDoc = (r: Record<string, unknown>) => ({
  title: foldForSearch(String(r.title)),
  body: foldForSearch(`${String(r.question)} ${String(r.accepted)}`),
  answers: foldForSearch(String(r.answers)),
});

async function readThreadDocs(ex: Executor, ids: readonly number[]) {
  const rows = rowsOf(await ex.execute(threadDocsSql(sql`t.accepted_post_id`, sql`t.id in ${idList(ids)}`)));
  return rows.map((r) => ({ id: Number(r.id), ...foldedDoc(r) }));
}

async function refreshThreadDocs(ex: Executor, ids: readonly number[]) {
  const docs = await readThreadDocs(ex, ids);
  if (!docs.length) return 0;
  await ex.execute(sql`
    update threads t
    set search_vector = ${vec(sql`x.title`, "A")} || ${vec(sql`x.body`, "B")} || ${vec(sql`x.answers`, "C")}
    from json_to_recordset(${JSON.stringify(docs)}::json) as x(id bigint, title text, body text, answers text)
    where t.id = x.id`);
  return docs.length;
}

/**
 * Backfill: the next batch (ids above `afterId`) of threads / posts without a document, written. Returns the
 * count and the last id, for the next call (keyset over the primary key: no rescans).
 */
export async function backfillThreadDocs(ex: Executor, afterId: number, batch: number) {
  const ids = rowsOf(
    await ex.execute(sql`select id from threads where id > ${afterId} and search_vector is null
                         order by id limit ${batch}`),
  ).map((r) => Number(r.id));
  if (ids.length) await refreshThreadDocs(ex, ids);
  return { count: ids.length, lastId: ids[ids.length - 1] ?? afterId };
}
export async function backfillPostDocs(ex: Executor, afterId: number, batch: number) {
  const ids = rowsOf(
    await ex.execute(sql`select id from posts where id > ${afterId} and search_vector is null
                         order by id limit ${batch}`),
  ).map((r) => Number(r.id));
  if (ids.length) await refreshPostDocs(ex, ids);
  return { count: ids.length, lastId: ids[ids.length - 1] ?? afterId };
}

/** Cheap start-up check: is any visible thread or post still without a document? */
export async function hasMissingSearchDocs(ex: Executor): Promise<boolean> {
  const [row] = rowsOf(
    await ex.execute(sql`
      select exists (select 1 from threads where search_vector is null and moderation_state = 'visible')
          or exists (select 1 from posts where search_vector is null and deleted_at is null
                     and moderation_state = 'visible') as missing`),
  );
  return row?.missing === true;
}

export interface SearchFilter {
  /** tsquery text written by domain/search (sanitized lexemes only). */
  match: string;
  phrase: string | null;
  boardId: number | null;
  tag: string | null;
  solved: SolvedFilter | null;
  authorId: string | null;
  from: Date | null;
  to: Date | null;
  sort: "relevance" | "newest";
  after: { rank: RankCursor } | { newest: Cursor } | null;
  limit: number;
}

export interface SearchRow {
  id: number;
  title: string;
  solved: boolean;
  score: string;
  createdAt: Date;
  replyCount: number;
  tags: string[];
  boardSlug: string;
  boardNameVi: string;
  boardNameEn: string;
  authorUsername: string;
  questionPostId: number | null;
}

const tsQuery = (match: string) =>
  sql`q as (select (to_tsquery('simple', ${match}) || to_tsquery('english', ${match})) as m)`;

/**
 * One page of matching threads (visible, not merged), ranked or newest first, keyset-paginated.
 * Served by threads_search_idx (GIN) for the match; filters narrow the hits.
 */
export async function searchThreads(ex: Executor, f: SearchFilter): Promise<SearchRow[]> {
  // The tsqueries are inlined (not a CTE) so the planner sees them and can estimate how many threads match.
  const m = sql`(to_tsquery('simple', ${f.match}) || to_tsquery('english', ${f.match}))`;
  const where: SQL[] = [
    sql`t.search_vector @@ ${m}`,
    sql`t.moderation_state = 'visible'`,
    sql`t.merged_into_id is null`,
  ];
  if (f.boardId !== null) where.push(sql`t.board_id = ${f.boardId}`);
  if (f.tag !== null) where.push(sql`t.tags @> array[${f.tag}]::text[]`);
  if (f.solved === "solved") where.push(sql`t.status = 'solved'`);
  if (f.solved === "open") where.push(sql`t.status = 'open'`);
  if (f.solved === "unanswered") where.push(sql`t.reply_count = 0`);
  if (f.authorId !== null) where.push(sql`t.author_id = ${f.authorId}`);
  if (f.from) where.push(sql`t.created_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`t.created_at < ${f.to.toISOString()}::timestamptz`);
  const newestAfter = f.after && "newest" in f.after ? f.after.newest : null;
  if (newestAfter) {
    where.push(
      sql`(t.created_at, t.id) < (${newestAfter.at.toISOString()}::timestamptz, ${newestAfter.id}::bigint)`,
    );
  }
  const rankAfter = f.after && "rank" in f.after ? f.after.rank : null;
  // Over the MAX_RANKED candidates' columns (c), once they are chosen: never over every match.
  const score = sql`round((ts_rank_cd(${sql.raw(`'${RANK_WEIGHTS}'`)}::float4[], c.search_vector, ${m})
      * ${
        f.phrase === null
          ? sql`1`
          : sql`(case when c.search_vector @@ to_tsquery('simple', ${f.phrase}) then ${sql.raw(String(PHRASE_BOOST))} else 1 end)`
      }
      * (case when c.status = 'solved' then ${sql.raw(String(SOLVED_BOOST))} else 1 end))::numeric, ${sql.raw(String(SCORE_DECIMALS))})`;
  // Newest: straight from the match, newest first. Relevance: score the MAX_RANKED newest matches, with the
  // document their scan passes up (no second look-up of each), keep the page, and only then read the page's
  // rows, boards and authors (joining all MAX_RANKED first was a third of the query, EXPLAIN ANALYZE).
  const page =
    f.sort === "newest"
      ? sql`select t.id, 0::numeric as score from threads t
            where ${sql.join(where, sql` and `)}
            order by t.created_at desc, t.id desc limit ${f.limit}`
      : sql`select r.id, r.score from (
              select c.id, ${score} as score from (
                select t.id, t.search_vector, t.status from threads t
                where ${sql.join(where, sql` and `)}
                order by t.created_at desc, t.id desc limit ${sql.raw(String(MAX_RANKED))}) c) r
            ${rankAfter ? sql`where (r.score, r.id) < (${rankAfter.score}::numeric, ${rankAfter.id}::bigint)` : sql``}
            order by r.score desc, r.id desc limit ${f.limit}`;
  const order = f.sort === "newest" ? sql`t.created_at desc, t.id desc` : sql`h.score desc, h.id desc`;
  const res = await ex.execute(sql`
    with h as (${page})
    select t.id, t.title, t.status, h.score::text as score, t.created_at, t.reply_count, t.tags,
           t.question_post_id, b.slug as board_slug, b.name_vi, b.name_en, u.username
    from h
    join threads t on t.id = h.id
    join boards b on b.id = t.board_id
    join users u on u.id = t.author_id
    order by ${order}`);
  return rowsOf(res).map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    solved: r.status === "solved",
    score: String(r.score),
    createdAt: new Date(r.created_at as string | Date),
    replyCount: Number(r.reply_count),
    tags: (r.tags as string[] | null) ?? [],
    boardSlug: String(r.board_slug),
    boardNameVi: String(r.name_vi),
    boardNameEn: String(r.name_en),
    authorUsername: String(r.username),
    questionPostId: r.question_post_id === null ? null : Number(r.question_post_id),
  }));
}

/**
 * The text each snippet is cut from: per thread, the visible post that matches best, or else its question.
 * Two statements for the whole page (no query per row).
 */
export async function snippetSources(
  ex: Executor,
  match: string,
  threads: ReadonlyArray<{ id: number; questionPostId: number | null }>,
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (!threads.length) return out;
  // The page's posts first (materialized: a few hundred rows by posts_thread_idx), then the match on them.
  // Inlined, the planner ANDs in posts_search_idx, whose bitmap for a common term covers a tenth of all
  // posts (26 ms of a 27 ms query for "hoan tien" at 1M posts, EXPLAIN ANALYZE).
  const best = await ex.execute(sql`
    with ${tsQuery(match)},
    page as materialized (
      select p.id, p.thread_id, p.body_text, p.search_vector from posts p
      where p.thread_id in ${idList(threads.map((t) => t.id))} and ${VISIBLE_POST})
    select distinct on (p.thread_id) p.thread_id, left(p.body_text, 4000) as body
    from page p, q
    where p.search_vector @@ q.m
    order by p.thread_id, ts_rank_cd(p.search_vector, q.m) desc, p.id`);
  for (const r of rowsOf(best)) out.set(Number(r.thread_id), String(r.body));
  const missing = threads.filter((t) => !out.has(t.id) && t.questionPostId !== null);
  if (missing.length) {
    const qs = await ex.execute(sql`
      select p.thread_id, left(p.body_text, 4000) as body from posts p
      where p.id in ${idList(missing.map((t) => t.questionPostId!))} and ${VISIBLE_POST}`);
    for (const r of rowsOf(qs)) out.set(Number(r.thread_id), String(r.body));
  }
  return out;
}

export interface SimilarRow {
  id: number;
  title: string;
  solved: boolean;
  replyCount: number;
  boardSlug: string;
}

/**
 * The `limit` visible threads that best share words with a title being typed, then shown solved first (a
 * weak solved match never pushes out a strong open one).
 */
export async function similarThreads(ex: Executor, query: string, limit: number): Promise<SimilarRow[]> {
  const res = await ex.execute(sql`
    with q as (select (to_tsquery('simple', ${query}) || to_tsquery('english', ${query})) as m),
    best as (
      select t.id, t.title, t.status, t.reply_count, t.board_id,
             ts_rank_cd(${sql.raw(`'${RANK_WEIGHTS}'`)}::float4[], t.search_vector, q.m) as rank
      from threads t, q
      where t.search_vector @@ q.m and t.moderation_state = 'visible' and t.merged_into_id is null
      order by rank desc, t.id desc
      limit ${limit}
    )
    select best.id, best.title, best.status, best.reply_count, b.slug
    from best join boards b on b.id = best.board_id
    order by (best.status = 'solved') desc, best.rank desc, best.id desc
`);
  return rowsOf(res).map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    solved: r.status === "solved",
    replyCount: Number(r.reply_count),
    boardSlug: String(r.slug),
  }));
}

/** Board id by slug, and member id by username (filters). Null when unknown. */
export async function resolveSearchRefs(ex: Executor, board: string | null, author: string | null) {
  const [row] = rowsOf(
    await ex.execute(sql`
      select (select id from boards where slug = ${board ?? ""}) as board_id,
             (select id from users where lower(username) = lower(${author ?? ""})) as author_id`),
  );
  return {
    boardId: row?.board_id === null || row?.board_id === undefined ? null : Number(row.board_id),
    authorId: row?.author_id === null || row?.author_id === undefined ? null : String(row.author_id),
  };
}
