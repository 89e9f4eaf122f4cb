/**
 * SQL behind full-text search (docs/decisions/012-search.md).
 *
 * Documents: threads.search_vector holds title (A), question and accepted answer (B) and the other visible
 * answers (C, capped); posts.search_vector holds one post (for picking the snippet's post). Text is folded
 * with translate() over the table from domain/search/fold.ts (the foldVietnamese rule), then indexed twice:
 * 'simple' (exact words, any language) and 'english' (stems). Queries are folded the same way in TypeScript,
 * so PGlite and PostgreSQL behave the same and no extension (unaccent) is needed.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import {
  COMBINING_MARKS_RE,
  DOC_LIMITS,
  FOLD_FROM,
  FOLD_TO,
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

/** The folding table as a one-row CTE `f(fr, tt, re)`; every statement below that folds text starts with it. */
const foldCte = () =>
  sql`f as (select ${FOLD_FROM}::text as fr, ${FOLD_TO}::text as tt, ${COMBINING_MARKS_RE}::text as re)`;

const fold = (text: SQL) => sql`translate(regexp_replace(${text}, f.re, '', 'g'), f.fr, f.tt)`;

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
 * accept, merge).
 */
export async function refreshSearchDocs(
  ex: Executor,
  threadIds: readonly number[],
  postIds: readonly number[] = [],
) {
  if (postIds.length) await refreshPostDocs(ex, sql`p.id in ${idList(postIds)}`);
  if (threadIds.length) await refreshThreadDocs(ex, sql`t.id in ${idList(threadIds)}`);
}

// Text is folded once per part (translate() scans its table per character, so it is not repeated per config).
async function refreshPostDocs(ex: Executor, where: SQL, limit?: number) {
  const res = await ex.execute(sql`
    with ${foldCte()},
    src as (
      select p.id, ${fold(sql`left(p.body_text, ${DOC_LIMITS.post})`)} as body, p.is_question
      from posts p, f
      where ${where} ${limit ? sql`order by p.id limit ${limit}` : sql``}
    )
    update posts p
    set search_vector = case when src.is_question then ${vec(sql`src.body`, "B")} else ${vec(sql`src.body`, "C")} end
    from src where p.id = src.id
    returning p.id`);
  return rowsOf(res).length;
}

async function refreshThreadDocs(ex: Executor, where: SQL, limit?: number) {
  const res = await ex.execute(sql`
    with ${foldCte()},
    raw as (
      select t.id, t.title,
        coalesce((select left(p.body_text, ${DOC_LIMITS.question}) from posts p
                  where p.id = t.question_post_id and ${VISIBLE_POST}), '') as question,
        coalesce((select left(p.body_text, ${DOC_LIMITS.accepted}) from posts p
                  where p.id = t.accepted_post_id and ${VISIBLE_POST}), '') as accepted,
        coalesce((select left(string_agg(a.body, ' '), ${DOC_LIMITS.answers}) from (
                    select left(p.body_text, 2000) as body from posts p
                    where p.thread_id = t.id and p.id is distinct from t.question_post_id
                      and p.id is distinct from t.accepted_post_id and ${VISIBLE_POST}
                    order by p.score desc, p.id limit 30) a), '') as answers
      from threads t
      where ${where} ${limit ? sql`order by t.id limit ${limit}` : sql``}
    ),
    src as (
      select r.id, ${fold(sql`r.title`)} as title, ${fold(sql`r.question || ' ' || r.accepted`)} as body,
             ${fold(sql`r.answers`)} as answers
      from raw r, f
    )
    update threads t
    set search_vector = ${vec(sql`src.title`, "A")} || ${vec(sql`src.body`, "B")} || ${vec(sql`src.answers`, "C")}
    from src where t.id = src.id
    returning t.id`);
  return rowsOf(res).length;
}

/** Backfill: the next batch of threads / posts without a document. Returns how many were written. */
export async function backfillThreadDocs(ex: Executor, batch: number) {
  return refreshThreadDocs(ex, sql`t.search_vector is null`, batch);
}
export async function backfillPostDocs(ex: Executor, batch: number) {
  return refreshPostDocs(ex, sql`p.search_vector is null`, batch);
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

const tsQueries = (match: string, phrase: string | null) =>
  sql`q as (select (to_tsquery('simple', ${match}) || to_tsquery('english', ${match})) as m,
                   ${phrase === null ? sql`null::tsquery` : sql`to_tsquery('simple', ${phrase})`} as p)`;

/**
 * One page of matching threads (visible, not merged), ranked or newest first, keyset-paginated.
 * Served by threads_search_idx (GIN) for the match; filters narrow the hits.
 */
export async function searchThreads(ex: Executor, f: SearchFilter): Promise<SearchRow[]> {
  const where: SQL[] = [
    sql`t.search_vector @@ q.m`,
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
  const score = sql`round((ts_rank_cd(${sql.raw(`'${RANK_WEIGHTS}'`)}::float4[], t.search_vector, q.m)
      * (case when q.p is not null and t.search_vector @@ q.p then ${sql.raw(String(PHRASE_BOOST))} else 1 end)
      * (case when t.status = 'solved' then ${sql.raw(String(SOLVED_BOOST))} else 1 end))::numeric, ${sql.raw(String(SCORE_DECIMALS))})`;
  const order = f.sort === "newest" ? sql`h.created_at desc, h.id desc` : sql`h.score desc, h.id desc`;
  const res = await ex.execute(sql`
    with ${tsQueries(f.match, f.phrase)},
    h as (
      select t.id, t.title, t.status, t.created_at, t.reply_count, t.tags, t.board_id, t.author_id,
             t.question_post_id, ${f.sort === "newest" ? sql`0::numeric` : score} as score
      from threads t, q
      where ${sql.join(where, sql` and `)}
      ${f.sort === "newest" ? sql`order by t.created_at desc, t.id desc limit ${f.limit}` : sql``}
    )
    select h.id, h.title, h.status, h.score::text as score, h.created_at, h.reply_count, h.tags,
           h.question_post_id, b.slug as board_slug, b.name_vi, b.name_en, u.username
    from h
    join boards b on b.id = h.board_id
    join users u on u.id = h.author_id
    ${rankAfter ? sql`where (h.score, h.id) < (${rankAfter.score}::numeric, ${rankAfter.id}::bigint)` : sql``}
    order by ${order}
    limit ${f.limit}`);
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
  const best = await ex.execute(sql`
    with ${tsQueries(match, null)}
    select distinct on (p.thread_id) p.thread_id, left(p.body_text, 4000) as body
    from posts p, q
    where p.thread_id in ${idList(threads.map((t) => t.id))} and ${VISIBLE_POST} and p.search_vector @@ q.m
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
