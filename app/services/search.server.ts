/**
 * Full-text search and "similar threads" (read-only use cases), plus the backfill of search documents.
 * The rules (folding, query text, ranking numbers, snippets) are in domain/search; the SQL in data/search.
 */
import type { AppDeps } from "~/deps.server";
import {
  backfillPostDocs,
  backfillThreadDocs,
  hasMissingSearchDocs,
  resolveSearchRefs,
  searchThreads,
  similarThreads,
  snippetSources,
} from "~/data/search.server";
import {
  buildSnippet,
  decodeNewestCursor,
  decodeRankCursor,
  encodeNewestCursor,
  encodeRankCursor,
  matchTsQuery,
  parseQuery,
  parseSearchParams,
  phraseTsQuery,
  similarTsQuery,
  type SearchParams,
} from "~/domain/search";
import { AppError } from "~/domain/shared/app-error";

export const SEARCH_PAGE_SIZE = 20;
export const SIMILAR_LIMIT = 5;

export interface SearchResult {
  threadId: number;
  title: string;
  /** Escaped text with <mark> around matched words; safe to render as HTML. */
  snippetHtml: string;
  score: number;
  solved: boolean;
  replyCount: number;
  createdAt: Date;
  tags: string[];
  board: { slug: string; nameVi: string; nameEn: string };
  author: string;
}

export interface SearchPage {
  params: SearchParams;
  results: SearchResult[];
  next: string | null;
}

const invalid = (fields: Record<string, string>) =>
  new AppError("invalid", "invalid_input", "Please correct the marked fields", fields);

/**
 * Runs a search from raw URL parameters. Bad parameters → AppError("invalid") with field errors; a query with
 * nothing searchable (only symbols) simply finds nothing.
 */
export async function search(
  deps: AppDeps,
  raw: Record<string, string | null | undefined>,
  opts: { requireQuery?: boolean; limit?: number } = {},
): Promise<SearchPage> {
  const parsed = parseSearchParams(raw, { requireQuery: opts.requireQuery ?? true });
  if (!parsed.ok) throw invalid(parsed.fields);
  const params = parsed.value;
  const query = parseQuery(params.q);
  const match = matchTsQuery(query);
  if (!match) return { params, results: [], next: null };
  const refs =
    params.board || params.author
      ? await resolveSearchRefs(deps.db, params.board, params.author)
      : { boardId: null, authorId: null };
  const unknown: Record<string, string> = {};
  if (params.board && refs.boardId === null) unknown.board = "board_unknown";
  if (params.author && refs.authorId === null) unknown.author = "author_unknown";
  if (Object.keys(unknown).length) throw invalid(unknown);
  const limit = Math.min(opts.limit ?? SEARCH_PAGE_SIZE, 50);
  const after =
    params.sort === "newest"
      ? (() => {
          const c = decodeNewestCursor(params.cursor);
          return c ? { newest: c } : null;
        })()
      : (() => {
          const c = decodeRankCursor(params.cursor);
          return c ? { rank: c } : null;
        })();
  const rows = await searchThreads(deps.db, {
    match,
    phrase: phraseTsQuery(query),
    boardId: refs.boardId,
    tag: params.tag,
    solved: params.solved,
    authorId: refs.authorId,
    from: params.from,
    to: params.to,
    sort: params.sort,
    after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const sources = await snippetSources(deps.db, match, page);
  const results = page.map((r) => ({
    threadId: r.id,
    title: r.title,
    snippetHtml: buildSnippet(sources.get(r.id) ?? "", query.words),
    score: Number(r.score),
    solved: r.solved,
    replyCount: r.replyCount,
    createdAt: r.createdAt,
    tags: r.tags,
    board: { slug: r.boardSlug, nameVi: r.boardNameVi, nameEn: r.boardNameEn },
    author: r.authorUsername,
  }));
  const last = page[page.length - 1];
  const next =
    rows.length > limit && last
      ? params.sort === "newest"
        ? encodeNewestCursor({ at: last.createdAt, id: last.id })
        : encodeRankCursor({ score: last.score, id: last.id })
      : null;
  return { params, results, next };
}

/** Threads similar to a title being typed on the ask page (at most 5, solved first). Never throws on input. */
export async function findSimilarThreads(deps: AppDeps, title: unknown) {
  const text = typeof title === "string" ? title : "";
  const query = similarTsQuery(text);
  if (!query || text.trim().length < 4) return [];
  return similarThreads(deps.db, query, SIMILAR_LIMIT);
}

/**
 * Writes the search documents of every thread and post that has none (old databases, the demo seed, the
 * bulk generator). Batches of `batch` rows, each its own statement, so a large backfill never holds one
 * long transaction. Returns the counts written.
 */
export async function backfillSearchDocs(
  deps: AppDeps,
  opts: { batch?: number; log?: (msg: string) => void } = {},
) {
  const batch = opts.batch ?? 2000;
  let posts = 0;
  let threads = 0;
  for (let after = 0; ;) {
    const r = await backfillPostDocs(deps.db, after, batch);
    posts += r.count;
    after = r.lastId;
    if (r.count < batch) break;
    opts.log?.(`posts: ${posts}`);
  }
  for (let after = 0; ;) {
    const r = await backfillThreadDocs(deps.db, after, batch);
    threads += r.count;
    after = r.lastId;
    if (r.count < batch) break;
    opts.log?.(`threads: ${threads}`);
  }
  return { posts, threads };
}

/** At start-up: backfill only when something visible lacks a document (one cheap query otherwise). */
export async function backfillSearchDocsIfNeeded(deps: AppDeps) {
  if (!(await hasMissingSearchDocs(deps.db))) return null;
  return backfillSearchDocs(deps);
}
