// Search filters as typed in the URL (page and API share them). Bad values give field errors, never throw.
import { decodeCursor, encodeCursor, type Cursor } from "../shared/cursor";
import { MAX_QUERY_CHARS } from "./query";

export type SearchSort = "relevance" | "newest";
/** solved: accepted answer; open: not solved; unanswered: no reply yet. */
export type SolvedFilter = "solved" | "open" | "unanswered";

export interface SearchParams {
  q: string;
  board: string | null;
  tag: string | null;
  solved: SolvedFilter | null;
  author: string | null;
  /** Threads created at or after this instant. */
  from: Date | null;
  /** Threads created before this instant (the day after the "to" date). */
  to: Date | null;
  sort: SearchSort;
  cursor: string | null;
}

export type ParseResult = { ok: true; value: SearchParams } | { ok: false; fields: Record<string, string> };

type Raw = Record<string, string | null | undefined>;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,79}$/;
const TAG_RE = /^[\p{L}\p{N}][\p{L}\p{N}-]{0,39}$/u;
const USERNAME_RE = /^[a-zA-Z0-9_.-]{3,30}$/;
const SOLVED: Record<string, SolvedFilter> = {
  solved: "solved",
  yes: "solved",
  true: "solved",
  "1": "solved",
  open: "open",
  no: "open",
  false: "open",
  "0": "open",
  unanswered: "unanswered",
};

function day(s: string): Date | null {
  const m = DAY_RE.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // Rejects 2026-02-31 and the like (Date.UTC would roll them over).
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? d : null;
}

const text = (v: string | null | undefined) => (v ?? "").trim();

export function parseSearchParams(raw: Raw, opts: { requireQuery: boolean }): ParseResult {
  const fields: Record<string, string> = {};
  const q = text(raw.q);
  if (q.length > MAX_QUERY_CHARS) fields.q = "query_too_long";
  else if (opts.requireQuery && !q) fields.q = "query_required";
  const board = text(raw.board).toLowerCase() || null;
  if (board && !SLUG_RE.test(board)) fields.board = "board_unknown";
  const tag = text(raw.tag).toLowerCase().replace(/^#/, "") || null;
  if (tag && !TAG_RE.test(tag)) fields.tag = "tag_invalid";
  const solvedRaw = text(raw.solved).toLowerCase();
  const solved = solvedRaw && solvedRaw !== "any" ? (SOLVED[solvedRaw] ?? null) : null;
  if (solvedRaw && solvedRaw !== "any" && !solved) fields.solved = "solved_invalid";
  const author = text(raw.author).replace(/^@/, "") || null;
  if (author && !USERNAME_RE.test(author)) fields.author = "author_invalid";
  const fromRaw = text(raw.from);
  const toRaw = text(raw.to);
  const from = fromRaw ? day(fromRaw) : null;
  const toDay = toRaw ? day(toRaw) : null;
  if (fromRaw && !from) fields.from = "date_invalid";
  if (toRaw && !toDay) fields.to = "date_invalid";
  if (from && toDay && toDay < from) fields.to = "date_before_from";
  const sortRaw = text(raw.sort) || "relevance";
  if (sortRaw !== "relevance" && sortRaw !== "newest") fields.sort = "sort_invalid";
  if (Object.keys(fields).length) return { ok: false, fields };
  return {
    ok: true,
    value: {
      q,
      board,
      tag,
      solved,
      author,
      from,
      to: toDay ? new Date(toDay.getTime() + 86_400_000) : null,
      sort: sortRaw as SearchSort,
      cursor: text(raw.cursor) || null,
    },
  };
}

/** Relevance pages: the key is (score, thread id); the score is a rounded decimal, so it compares exactly. */
export interface RankCursor {
  score: string;
  id: number;
}

const RANK_RE = /^(\d{1,9}(?:\.\d{1,6})?)~(\d{1,15})$/;

export function encodeRankCursor(c: RankCursor): string {
  return Buffer.from(`${c.score}~${c.id}`, "utf8").toString("base64url");
}

/** Null for anything that is not a cursor we wrote (a tampered cursor means "first page"). */
export function decodeRankCursor(token: string | null): RankCursor | null {
  if (!token || token.length > 64) return null;
  const m = RANK_RE.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m) return null;
  const id = Number(m[2]);
  return m[1] && Number.isSafeInteger(id) ? { score: m[1], id } : null;
}

export { encodeCursor as encodeNewestCursor, decodeCursor as decodeNewestCursor, type Cursor };
