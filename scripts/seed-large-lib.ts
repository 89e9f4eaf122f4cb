/**
 * The large-community generator behind `npm run seed:large` (scripts/seed-large.ts) and its integration test.
 * Primary rows (members, boards, threads, posts, votes, the reputation ledger) are generated in Node and
 * bulk-loaded: COPY … FROM STDIN through postgres.js when a raw client is given, otherwise batched
 * `insert … select from json_populate_recordset` (PGlite, tests). Everything derived (counters, scores,
 * accepted answers, rollups, reputation totals, badges, search documents, triage) is then computed from
 * those rows with SQL and the app's own rebuild/backfill functions, so it is consistent by construction.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import type { Db } from "~db/client";
import type { AppDeps } from "~/deps.server";
import { createAnalyzer } from "~/domain/sentiment";
import { REPUTATION, acceptAward, applyFloor, dayKey, isSerialVote, voteAward } from "~/domain/reputation";
import { prepareBody } from "~/services/post-body.server";
import { hashPassword } from "~/auth/password.server";
import { rebuildFromLedger, rowsOf } from "~/data/reputation.server";
import { rebuildSentimentRollups } from "~/data/sentiment-backfill.server";
import { rebuildDurationHistograms, rebuildMemberGaps } from "~/data/overview-rollups.server";
import { listUserIdsAfter } from "~/data/badge-stats.server";
import { getBadgeStats, grantBadges, listHeldBadges } from "~/data/reputation.server";
import { newlyEarned } from "~/domain/badges";
import { backfillSearchDocs } from "~/services/search.server";
import { refreshChangedTriage } from "~/services/sentiment-backfill.server";
import { addMemberToTeam, escalateThread } from "~/services/escalation.server";
import { flagPost } from "~/services/moderation.server";

const FLAG_REASONS = ["spam", "abusive", "off_topic", "needs_staff"] as const;

export interface SeedLargeOptions {
  members: number;
  threads: number;
  posts: number;
  /** PRNG seed (same seed, same data). */
  seed?: number;
  /** Password of every generated member (log in as admin, mod1…mod4, user6…). */
  password?: string;
  log?: (msg: string) => void;
  /** Skip the search backfill (slowest step: ~5 min for 1M posts); run `npm run search:backfill` later. */
  skipSearch?: boolean;
}

export interface SeedLargeTarget {
  db: Db;
  /** A dedicated postgres.js client (max 1 connection): enables COPY. */
  raw?: postgres.Sql;
}

export const SEED_PASSWORD = "lantern-large-1";

// ---------------------------------------------------------------------------------------------------------
// Text: phrase banks per language and kind; a body is 1–4 sentences, Vietnamese sometimes without diacritics.
type Kind = "question" | "answer" | "complaint" | "praise" | "suggestion";
const VI: Record<Kind, string[]> = {
  question: [
    "Làm sao để {t} khi {p} bị lỗi?",
    "Có ai biết cách xử lý {p} không ạ?",
    "Tại sao {p} của tôi không hoạt động sau khi cập nhật?",
    "Mọi người ơi, {t} mất bao lâu vậy?",
    "Xin hỏi {p} có được bảo hành không?",
    "Em bị {e} khi {t}, giúp em với.",
  ],
  answer: [
    "Bạn thử khởi động lại {p} rồi {t} lại xem sao.",
    "Vào phần cài đặt, chọn {p} và bấm đặt lại là được.",
    "Mình cũng bị vậy, gọi tổng đài là họ hỗ trợ {t} ngay.",
    "Bạn kiểm tra lại {p}, thường là do {e}.",
    "Cập nhật phần mềm mới nhất sẽ sửa lỗi {e} nhé.",
    "Theo hướng dẫn chính thức thì cần {t} trong vòng 7 ngày.",
    "Bạn làm theo các bước trong mục Cài đặt rồi chọn {p} nhé.",
    "Mình đã thử cách này với {p} và được rồi, bạn thử xem.",
    "Bạn gửi mã đơn qua tin nhắn riêng để bên mình kiểm tra giúp nhé.",
    "Cách đơn giản nhất là {t} ngay trên ứng dụng.",
  ],
  complaint: [
    "Quá thất vọng, {p} hỏng lần thứ ba rồi!",
    "Dịch vụ tệ, chờ {t} cả tuần mà không ai trả lời.",
    "Tôi bị trừ tiền hai lần mà chưa được hoàn tiền, thật không thể chấp nhận.",
    "Nhân viên thái độ kém, {e} mãi không sửa.",
    "Lừa đảo! {p} không giống quảng cáo.",
  ],
  praise: [
    "Cảm ơn bạn rất nhiều, làm theo là được ngay!",
    "Tuyệt vời, {p} chạy rất mượt.",
    "Hỗ trợ nhanh và nhiệt tình, rất hài lòng.",
    "Hay quá, mình đã {t} thành công.",
  ],
  suggestion: [
    "Mong hãng bổ sung tính năng {t} cho {p}.",
    "Nên có hướng dẫn chi tiết hơn về {p}.",
    "Đề xuất thêm lựa chọn {t} trong ứng dụng.",
  ],
};
const EN: Record<Kind, string[]> = {
  question: [
    "How do I {t} when my {p} shows an error?",
    "Does anyone know how to fix {p}?",
    "Why does my {p} stop working after the update?",
    "How long does it take to {t}?",
    "Is the {p} covered by warranty?",
    "I get {e} every time I {t}, please help.",
  ],
  answer: [
    "Try restarting the {p} and then {t} again.",
    "Go to settings, pick {p} and tap reset, that fixed it for me.",
    "Same here, the hotline helped me {t} right away.",
    "Check your {p}, it is usually caused by {e}.",
    "The latest software update fixes {e}.",
    "According to the official guide you need to {t} within 7 days.",
    "Follow the steps under Settings and pick {p}.",
    "I tried this with my {p} and it worked, give it a go.",
    "Send us your order number in a private message and we will check.",
    "The easiest way is to {t} right in the app.",
  ],
  complaint: [
    "Very disappointed, the {p} broke for the third time!",
    "Terrible service, waited a week to {t} and nobody answered.",
    "I was charged twice and still no refund, unacceptable.",
    "Rude staff and the {e} is still not fixed.",
    "Scam! The {p} is nothing like the ad.",
  ],
  praise: [
    "Thanks a lot, that worked perfectly!",
    "Great, the {p} runs smoothly now.",
    "Fast and friendly support, very happy.",
    "Awesome, I managed to {t}.",
  ],
  suggestion: [
    "Please add an option to {t} for the {p}.",
    "There should be a clearer guide about the {p}.",
    "I suggest adding {t} to the app.",
  ],
};
const VI_P =
  "điện thoại|máy tính|ứng dụng|tài khoản|modem wifi|thẻ tín dụng|ví điện tử|tai nghe bluetooth|màn hình|pin|sạc|gói cước|đơn hàng|router|máy in".split(
    "|",
  );
const VI_T =
  "hoàn tiền|đổi trả|đăng nhập|đặt lại mật khẩu|giao hàng|thanh toán|gia hạn gói|mở khoá tài khoản|nạp tiền|chuyển khoản|huỷ đơn".split(
    "|",
  );
const VI_E = "lỗi kết nối|mã xác nhận sai|treo máy|nóng máy|hao pin|mất mạng|lỗi thanh toán|đứng máy".split(
  "|",
);
const EN_P =
  "phone|laptop|app|account|wifi router|credit card|wallet|bluetooth headphones|screen|battery|charger|data plan|order|printer".split(
    "|",
  );
const EN_T =
  "get a refund|return it|log in|reset my password|track the delivery|pay|renew the plan|unlock the account|top up|transfer money|cancel the order".split(
    "|",
  );
const EN_E =
  "a connection error|a wrong verification code|freezes|overheating|battery drain|no signal|a payment error|crashes".split(
    "|",
  );
const TAGS =
  "hoan-tien|giao-hang|tai-khoan|thanh-toan|bao-hanh|wifi|pin|ung-dung|refund|billing|login|delivery".split(
    "|",
  );
const BOARDS: [string, string, string][] = [
  ["dien-thoai", "Điện thoại", "Phones"],
  ["may-tinh", "Máy tính", "Laptops"],
  ["internet", "Internet & Wifi", "Internet & Wifi"],
  ["thanh-toan", "Thanh toán", "Billing"],
  ["giao-hang", "Giao hàng", "Delivery"],
  ["tai-khoan", "Tài khoản", "Accounts"],
  ["ung-dung", "Ứng dụng", "Apps"],
  ["bao-hanh", "Bảo hành", "Warranty"],
  ["gop-y", "Góp ý", "Suggestions"],
  ["thong-bao", "Thông báo", "Announcements"],
];

/** mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stripMarks = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");

// ---------------------------------------------------------------------------------------------------------
// Loading: a sink per table; COPY text format (postgres) or JSON batches (any executor).
interface Table {
  name: string;
  cols: string[];
  json?: Set<string>;
}
type Cell = string | number | boolean | null;

function copyCell(v: Cell): string {
  if (v === null) return "\\N";
  if (typeof v === "boolean") return v ? "t" : "f";
  return String(v).replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

class Loader {
  private files = new Map<string, { path: string; out: fs.WriteStream; rows: number; buf: string[] }>();
  private mem = new Map<string, Cell[][]>();
  private dir: string | null = null;
  constructor(private target: SeedLargeTarget) {
    if (target.raw) this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "lantern-seed-"));
  }
  add(t: Table, row: Cell[]) {
    if (!this.dir) {
      const list = this.mem.get(t.name) ?? [];
      list.push(row);
      this.mem.set(t.name, list);
      return;
    }
    let f = this.files.get(t.name);
    if (!f) {
      const p = path.join(this.dir, `${t.name}.tsv`);
      f = { path: p, out: fs.createWriteStream(p), rows: 0, buf: [] };
      this.files.set(t.name, f);
    }
    f.buf.push(row.map(copyCell).join("\t"));
    f.rows++;
    if (f.buf.length >= 2000) {
      f.out.write(f.buf.join("\n") + "\n");
      f.buf = [];
    }
  }
  /** Loads a table's rows; returns the row count. */
  async load(t: Table): Promise<number> {
    const cols = t.cols.join(", ");
    if (this.dir && this.target.raw) {
      const f = this.files.get(t.name);
      if (!f) return 0;
      if (f.buf.length) f.out.write(f.buf.join("\n") + "\n");
      await new Promise<void>((resolve, reject) =>
        f.out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      const w = await this.target.raw.unsafe(`copy ${t.name} (${cols}) from stdin`).writable();
      await pipeline(fs.createReadStream(f.path, { highWaterMark: 1 << 20 }), w);
      fs.rmSync(f.path);
      return f.rows;
    }
    const rows = this.mem.get(t.name) ?? [];
    for (let i = 0; i < rows.length; i += 1000) {
      const objs = rows.slice(i, i + 1000).map((r) => {
        const o: Record<string, unknown> = {};
        t.cols.forEach(
          (c, k) => (o[c] = t.json?.has(c) && typeof r[k] === "string" ? JSON.parse(r[k]) : r[k]),
        );
        return o;
      });
      await this.target.db.execute(
        sql.raw(
          `insert into ${t.name} (${cols}) select ${cols} from json_populate_recordset(null::${t.name}, '${JSON.stringify(objs).replace(/'/g, "''")}'::json)`,
        ),
      );
    }
    this.mem.delete(t.name);
    return rows.length;
  }
  close() {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const T_USERS: Table = {
  name: "users",
  cols: ["id", "username", "email", "password_hash", "role", "locale", "is_champion", "created_at"],
};
const T_THREADS: Table = {
  name: "threads",
  cols: [
    "id",
    "board_id",
    "author_id",
    "title",
    "is_authors_first",
    "tags",
    "last_activity_at",
    "created_at",
  ],
};
const T_POSTS: Table = {
  name: "posts",
  cols: [
    "id",
    "thread_id",
    "author_id",
    "is_question",
    "body_json",
    "body_html",
    "body_text",
    "score",
    "upvotes",
    "downvotes",
    "sentiment_label",
    "sentiment_score",
    "sentiment_confidence",
    "sentiment_language",
    "sentiment_cues",
    "created_at",
    "updated_at",
  ],
  json: new Set(["body_json", "sentiment_cues"]),
};
const T_VOTES: Table = { name: "votes", cols: ["post_id", "user_id", "value", "created_at"] };
const T_SERIAL: Table = {
  name: "serial_vote_log",
  cols: ["voter_id", "author_id", "post_id", "votes_in_window", "points_reversed", "created_at"],
};
const T_EVENTS: Table = {
  name: "reputation_events",
  cols: ["user_id", "points", "reason", "post_id", "actor_id", "board_id", "created_at"],
};

// ---------------------------------------------------------------------------------------------------------
export async function seedLarge(target: SeedLargeTarget, opts: SeedLargeOptions, deps: AppDeps) {
  const log = opts.log ?? (() => {});
  const rnd = prng(opts.seed ?? 7);
  const { db } = target;
  const M = Math.max(10, opts.members);
  const T = Math.max(1, opts.threads);
  const P = Math.max(T, opts.posts);
  const now = deps.clock.now().getTime();
  const DAY = 86_400_000;
  const started = performance.now();
  const timings: Record<string, string> = {};
  const step = async <X>(name: string, fn: () => Promise<X>): Promise<X> => {
    const s = performance.now();
    const r = await fn();
    const sec = (performance.now() - s) / 1000;
    timings[name] = `${sec.toFixed(1)} s`;
    log(
      `${name}: ${sec.toFixed(1)} s${typeof r === "number" ? ` (${r} rows, ${Math.round(r / Math.max(sec, 0.001))}/s)` : ""}`,
    );
    return r;
  };
  const loader = new Loader(target);
  const iso = (ms: number) => new Date(ms).toISOString();
  const pick = <X>(a: readonly X[]) => a[Math.floor(rnd() * a.length)]!;
  // Zipf-like: the first ids are picked far more often (power > 1 skews towards 0).
  const skewed = (n: number, power: number) => Math.min(n - 1, Math.floor(n * Math.pow(rnd(), power)));

  // Members: u1 admin, u2–u5 moderators, the first 1% (at least 3) champions who write most answers.
  const passwordHash = await hashPassword(opts.password ?? SEED_PASSWORD);
  const champions = Math.max(3, Math.floor(M * 0.01));
  const userCreated: number[] = [];
  const reputation = new Int32Array(M + 1);
  for (let i = 1; i <= M; i++) {
    const created = now - 400 * DAY + Math.floor(((i - 1) / M) * 30 * DAY);
    userCreated.push(created);
    const role = i === 1 ? "admin" : i <= 5 ? "moderator" : "member";
    const username = i === 1 ? "admin" : i <= 5 ? `mod${i - 1}` : `user${i}`;
    loader.add(T_USERS, [
      `u${i}`,
      username,
      `${username}@large.test`,
      passwordHash,
      role,
      i % 4 === 0 ? "en" : "vi",
      i > 5 && i <= 5 + champions,
      iso(created),
    ]);
    loader.add(T_EVENTS, [`u${i}`, REPUTATION.start, "signup", null, null, null, iso(created)]);
    reputation[i] = REPUTATION.start;
  }
  const answerer = () => (rnd() < 0.6 ? 6 + skewed(champions, 1.5) : 1 + skewed(M, 1.3));
  const anyone = () => 1 + skewed(M, 1.6);

  // Bodies: a pool of distinct texts per kind and language, prepared by the app's own body pipeline
  // (validated doc, sanitized HTML, plain text) and scored by the app's analyzer.
  const analyzer = createAnalyzer();
  const fill = (s: string, vi: boolean) =>
    s
      .replace("{p}", pick(vi ? VI_P : EN_P))
      .replace("{t}", pick(vi ? VI_T : EN_T))
      .replace("{e}", pick(vi ? VI_E : EN_E));
  interface Body {
    json: string;
    html: string;
    text: string;
  }
  const poolSize = Math.min(4000, Math.max(50, Math.floor(P / 50)));
  const pools = new Map<string, Body[]>();
  const buildPool = (kind: Kind, vi: boolean) => {
    const list: Body[] = [];
    for (let i = 0; i < poolSize; i++) {
      const n = 1 + Math.floor(rnd() * 4);
      const parts: string[] = [];
      for (let k = 0; k < n; k++) {
        const k2: Kind =
          k === 0 || rnd() < 0.7
            ? kind
            : pick(["answer", "answer", "suggestion", "praise", "complaint"] as Kind[]);
        parts.push(fill(pick((vi ? VI : EN)[k2]), vi));
      }
      let text = parts.join(rnd() < 0.3 ? "\n" : " ");
      if (vi && rnd() < 0.25) text = stripMarks(text);
      const prepared = prepareBody(undefined, { plainText: text });
      list.push({ json: JSON.stringify(prepared.doc), html: prepared.html, text: prepared.text });
    }
    return list;
  };
  await step("text pool", async () => {
    for (const kind of Object.keys(VI) as Kind[])
      for (const vi of [true, false]) pools.set(`${kind}:${vi}`, buildPool(kind, vi));
    return pools.size * poolSize;
  });
  const sentimentCache = new Map<string, ReturnType<typeof analyzer.score>>();
  const score = (text: string) => {
    let r = sentimentCache.get(text);
    if (!r) {
      r = analyzer.score(text);
      if (sentimentCache.size < 200_000) sentimentCache.set(text, r);
    }
    return r;
  };

  // Replies per thread: a few huge threads (hundreds of replies), the rest exponential; sums to P - T.
  const R = P - T;
  const huge = Math.max(1, Math.floor(T / 1000));
  const weights = Array.from({ length: T }, (_, i) =>
    i % Math.max(1, Math.floor(T / huge)) === 7 % T ? 0 : -Math.log(1 - rnd() * 0.999),
  );
  const hugeSize = Math.min(Math.floor(R / (huge * 4)), 300 + Math.floor(rnd() * 500));
  const restR = R - hugeSize * huge;
  const wsum = weights.reduce((a, b) => a + b, 0) || 1;
  const replies = weights.map((w) => (w === 0 ? hugeSize : Math.floor((w / wsum) * restR)));
  let short = R - replies.reduce((a, b) => a + b, 0);
  for (let i = 0; short > 0; i = (i + 1) % T, short--) replies[i]!++;

  // Reputation actions (votes, accepts) are buffered and replayed in time order through the app's rules
  // (voteAward: minimum voter reputation, daily upvote cap; serial-vote reversal; the floor), so the ledger
  // is what the services would have written.
  const A = {
    at: [] as number[],
    kind: [] as number[],
    post: [] as number[],
    actor: [] as number[],
    author: [] as number[],
    board: [] as number[],
  };
  const ACT_UP = 0;
  const ACT_DOWN_Q = 1;
  const ACT_DOWN_A = 2;
  const ACT_UP_Q = 3;
  const ACT_ACCEPT = 4;
  const act = (at: number, kind: number, post: number, actor: number, author: number, board: number) => {
    A.at.push(at);
    A.kind.push(kind);
    A.post.push(post);
    A.actor.push(actor);
    A.author.push(author);
    A.board.push(board);
  };
  let postId = 0;
  let votes = 0;
  const gen = performance.now();
  const questionsBy = new Map<number, number>();
  for (let th = 1; th <= T; th++) {
    const vi = rnd() < 0.7;
    const board = 1 + skewed(10, 1.3);
    const author = anyone();
    const created = Math.max(
      userCreated[author - 1]! + DAY,
      now - 365 * DAY + Math.floor(((th - 1) / T) * 364 * DAY),
    );
    const first = !questionsBy.has(author);
    questionsBy.set(author, (questionsBy.get(author) ?? 0) + 1);
    const title = (() => {
      const t = fill(pick((vi ? VI : EN).question), vi);
      return vi && rnd() < 0.25 ? stripMarks(t) : t;
    })();
    const tags = rnd() < 0.5 ? `{${pick(TAGS)}}` : "{}";
    loader.add(T_THREADS, [
      th,
      board,
      `u${author}`,
      title.slice(0, 200),
      first,
      tags,
      iso(created),
      iso(created),
    ]);
    // The question, then replies at growing gaps (capped at now).
    const n = replies[th - 1]!;
    const mood = rnd();
    let at = created;
    const threadPosts: { id: number; author: number; at: number; score: number; question: boolean }[] = [];
    for (let k = 0; k <= n; k++) {
      const question = k === 0;
      if (!question)
        at = Math.min(now - 1000, at + Math.floor(60_000 + rnd() * rnd() * (n > 100 ? 3 : 36) * 3_600_000));
      const pAuthor = question ? author : rnd() < 0.12 ? author : answerer();
      const kind: Kind = question
        ? "question"
        : pAuthor === author
          ? rnd() < 0.65
            ? "praise"
            : "complaint"
          : mood < 0.15
            ? "complaint"
            : rnd() < 0.75
              ? "answer"
              : rnd() < 0.5
                ? "praise"
                : "suggestion";
      const body = pick(pools.get(`${kind}:${vi}`)!);
      // Staff posts (u1–u5) are not scored: the community's mood is its members' (ADR 023).
      const s = pAuthor <= 5 ? null : score(question ? `${title}\n${body.text}` : body.text);
      // Votes: most posts get none or a few; champions' answers get more.
      const id = ++postId;
      const nv = Math.min(
        M - 1,
        Math.floor(-Math.log(1 - rnd() * 0.999) * (question ? 1.2 : pAuthor <= 5 + champions + 5 ? 3 : 1)),
      );
      const voters = new Set<number>();
      let up = 0;
      let down = 0;
      for (let v = 0; v < nv; v++) {
        const value = rnd() < (kind === "complaint" ? 0.7 : 0.93) ? 1 : -1;
        // Downvoting needs 125 reputation (domain/reputation privileges); staff may always: they cast them.
        const voter = value === 1 ? anyone() : 1 + Math.floor(rnd() * 5);
        if (voter === pAuthor || voters.has(voter)) continue;
        voters.add(voter);
        const vAt = Math.min(now - 500, at + Math.floor(rnd() * 3 * DAY));
        loader.add(T_VOTES, [id, `u${voter}`, value, iso(vAt)]);
        votes++;
        if (value === 1) up++;
        else down++;
        act(
          vAt,
          value === 1 ? (question ? ACT_UP_Q : ACT_UP) : question ? ACT_DOWN_Q : ACT_DOWN_A,
          id,
          voter,
          pAuthor,
          board,
        );
      }
      loader.add(T_POSTS, [
        id,
        th,
        `u${pAuthor}`,
        question,
        body.json,
        body.html,
        body.text,
        up - down,
        up,
        down,
        s?.label ?? null,
        s?.score ?? null,
        s?.confidence ?? null,
        s?.language ?? null,
        s ? JSON.stringify(s.cues) : null,
        iso(at),
        iso(at),
      ]);
      threadPosts.push({ id, author: pAuthor, at, score: up - down, question });
    }
    // Accepted answer: about half of the answered threads, the best reply by someone else, by the asker.
    const candidates = threadPosts.filter((p) => !p.question && p.author !== author);
    if (candidates.length && rnd() < 0.55) {
      const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
      const accAt = Math.min(now - 100, best.at + Math.floor(rnd() * 2 * DAY));
      act(accAt, ACT_ACCEPT, best.id, author, best.author, board);
    }
  }
  await step("reputation ledger (replayed in time order)", async () => {
    const order = Array.from({ length: A.at.length }, (_, i) => i).sort((x, y) => A.at[x]! - A.at[y]!);
    const capDay = new Array<string>(M + 1).fill("");
    const capPoints = new Int32Array(M + 1);
    const pairs = new Map<number, number[]>();
    const windowMs = REPUTATION.serialVoteWindowHours * 3_600_000;
    let rows = 0;
    let seen = 0;
    const write = (
      user: number,
      points: number,
      reason: string,
      post: number,
      actor: number,
      board: number,
      at: number,
    ) => {
      const applied = applyFloor(reputation[user]!, points);
      if (applied === 0) return;
      reputation[user]! += applied;
      if (reason === "question_upvoted" || reason === "answer_upvoted" || reason === "serial_vote_reversal") {
        const d = dayKey(new Date(at));
        if (capDay[user] !== d) {
          capDay[user] = d;
          capPoints[user] = 0;
        }
        capPoints[user]! += applied;
      }
      loader.add(T_EVENTS, [`u${user}`, applied, reason, post, `u${actor}`, board, iso(at)]);
      rows++;
    };
    for (const i of order) {
      const at = A.at[i]!;
      const kind = A.kind[i]!;
      const post = A.post[i]!;
      const actor = A.actor[i]!;
      const author = A.author[i]!;
      const board = A.board[i]!;
      if (kind === ACT_ACCEPT) {
        const award = acceptAward(`u${actor}`, `u${author}`);
        write(author, award.author, "answer_accepted", post, actor, board, at);
        write(actor, award.asker, "accepted_answer", post, actor, board, at);
        continue;
      }
      const up = kind === ACT_UP || kind === ACT_UP_Q;
      const d = dayKey(new Date(at));
      const award = voteAward({
        voteValue: up ? 1 : -1,
        postIsQuestion: kind === ACT_UP_Q || kind === ACT_DOWN_Q,
        voterReputation: reputation[actor]!,
        authorUpvotePointsToday: up && capDay[author] === d ? capPoints[author]! : 0,
      });
      // Gains before losses (services/reputation settle): the author's award, then the voter's cost.
      write(author, award.author, award.reason, post, actor, board, at);
      if (award.voter) write(actor, award.voter, "downvote_cast", post, actor, board, at);
      if (up) {
        // Serial voting counts every upvote of this voter to this author in the window (data/reputation).
        const key = actor * (M + 1) + author;
        const recent = (pairs.get(key) ?? []).filter((t) => t > at - windowMs);
        recent.push(at);
        pairs.set(key, recent);
        if (award.author > 0 && isSerialVote(recent.length)) {
          write(author, -award.author, "serial_vote_reversal", post, actor, board, at);
          loader.add(T_SERIAL, [`u${actor}`, `u${author}`, post, recent.length, award.author, iso(at)]);
        }
      }
      // Forget pairs whose last upvote left the window (keeps the map to about a day of votes).
      if (++seen % 200_000 === 0)
        for (const [k, v] of pairs) if (v[v.length - 1]! <= at - windowMs) pairs.delete(k);
    }
    return rows;
  });
  log(
    `generated ${T} threads, ${postId} posts, ${votes} votes in ${((performance.now() - gen) / 1000).toFixed(1)} s`,
  );

  await step("load users", () => loader.load(T_USERS));
  await step("load boards", async () => {
    for (const [i, [slug, vi, en]] of BOARDS.entries())
      await db.execute(
        sql`insert into boards (id, slug, name_vi, name_en, description_vi, description_en, position, premoderated, owner_id)
            values (${i + 1}, ${slug}, ${vi}, ${en}, ${"Hỏi đáp về " + vi.toLowerCase()}, ${"Questions about " + en.toLowerCase()}, ${i}, false, 'u1')`,
      );
    return BOARDS.length;
  });
  await step("load threads", () => loader.load(T_THREADS));
  await step("load posts", () => loader.load(T_POSTS));
  await step("load votes", () => loader.load(T_VOTES));
  await step("load reputation_events", () => loader.load(T_EVENTS));
  await step("load serial_vote_log", () => loader.load(T_SERIAL));
  loader.close();
  const loadSeconds = (performance.now() - started) / 1000;

  // Sequences follow the explicit ids.
  await db.execute(
    sql`select setval(pg_get_serial_sequence('threads', 'id'), (select max(id) from threads))`,
  );
  await db.execute(sql`select setval(pg_get_serial_sequence('posts', 'id'), (select max(id) from posts))`);
  await db.execute(sql`select setval(pg_get_serial_sequence('boards', 'id'), (select max(id) from boards))`);

  await step("derive threads", async () => {
    await db.execute(sql`
      update threads t set question_post_id = a.qid, reply_count = a.replies, score = a.qscore,
        last_activity_at = a.last_at, first_answer_at = a.first_answer, first_staff_response_at = a.first_staff
      from (select p.thread_id,
              min(p.id) filter (where p.is_question) as qid,
              (count(*) filter (where not p.is_question))::int as replies,
              coalesce(max(p.score) filter (where p.is_question), 0) as qscore,
              max(p.created_at) as last_at,
              min(p.created_at) filter (where not p.is_question and p.author_id <> t2.author_id) as first_answer,
              min(p.created_at) filter (where not p.is_question and p.author_id <> t2.author_id
                and u.role in ('moderator', 'admin')) as first_staff
            from posts p join threads t2 on t2.id = p.thread_id join users u on u.id = p.author_id
            group by p.thread_id) a
      where a.thread_id = t.id`);
    // Accepted answers come from the ledger's "answer_accepted" rows (one per accepted thread).
    await db.execute(sql`
      update threads t set accepted_post_id = e.post_id, accepted_at = e.created_at, status = 'solved'
      from reputation_events e join posts p on p.id = e.post_id
      where e.reason = 'answer_accepted' and p.thread_id = t.id`);
    return T;
  });
  await step("derive boards", async () => {
    await db.execute(sql`
      update boards b set thread_count = a.threads, post_count = a.posts, last_activity_at = a.last_at
      from (select t.board_id, count(distinct t.id)::int as threads, count(p.id)::int as posts, max(p.created_at) as last_at
            from threads t join posts p on p.thread_id = t.id group by t.board_id) a
      where a.board_id = b.id`);
    return 10;
  });
  await step("derive members' counters", async () => {
    await db.execute(sql`
      update users u set approved_posts = a.n from (select author_id, count(*)::int as n from posts group by author_id) a
      where a.author_id = u.id`);
    return M;
  });
  await step("activity rollups", async () => {
    const day = (col: string) => sql.raw(`((${col} at time zone 'UTC') + interval '7 hours')::date`);
    await db.execute(sql`delete from activity_daily`);
    await db.execute(sql`
      insert into activity_daily (day, board_id, threads, replies, answered_within24h, first_response_count,
        first_response_seconds, resolved_count, resolution_seconds)
      select day, b, sum(threads)::int, sum(replies)::int, sum(a24)::int, sum(frc)::int, sum(frs)::bigint, sum(rc)::int, sum(rs)::bigint
      from (
        select ${day("t.created_at")} as day, t.board_id, 1 as threads, 0 as replies,
          (t.first_answer_at is not null and t.first_answer_at <= t.created_at + interval '1 day')::int as a24,
          (t.first_answer_at is not null)::int as frc,
          coalesce(round(extract(epoch from t.first_answer_at - t.created_at)), 0) as frs, 0 as rc, 0 as rs
        from threads t
        union all
        select ${day("p.created_at")}, t.board_id, 0, 1, 0, 0, 0, 0, 0
        from posts p join threads t on t.id = p.thread_id where not p.is_question
        union all
        select ${day("t.accepted_at")}, t.board_id, 0, 0, 0, 0, 0, 1, round(extract(epoch from t.accepted_at - t.created_at))
        from threads t where t.accepted_at is not null
      ) x cross join lateral (values (0), (x.board_id)) scope(b)
      group by day, b`);
    await db.execute(sql`delete from member_activity_daily`);
    await db.execute(sql`
      insert into member_activity_daily (day, user_id)
      select ${day("created_at")}, author_id from posts union select ${day("created_at")}, user_id from votes`);
    // The command center's duration histograms and member gaps (sentiment_daily: with the sentiment rollups).
    await rebuildDurationHistograms(db);
    await rebuildMemberGaps(db);
    return 0;
  });
  await step("sentiment rollups", async () => {
    await db.transaction((tx) => rebuildSentimentRollups(tx));
    return 0;
  });
  const rep = await step("reputation totals and rollups (rebuildFromLedger)", () =>
    db.transaction((tx) => rebuildFromLedger(tx)),
  );
  // A few moderation actions through the real services (review items, outbox, audit, counters as the app
  // keeps them): escalation teams staffed by the moderators, escalations of negative open threads, flags.
  const actions = await step("flags and escalations (through the services)", async () => {
    const admin = { id: "u1", role: "admin" as const };
    const mod = { id: "u2", role: "moderator" as const };
    // The migrations ship the default teams; the moderators staff the first two.
    const teams = rowsOf(
      await db.execute(sql`select id, slug from teams where active order by id limit 2`),
    ).map((r) => ({ id: Number(r.id), slug: String(r.slug) }));
    for (const team of teams)
      for (const username of ["mod1", "mod2"]) await addMemberToTeam(deps, admin, team.id, { username });
    const wanted = Math.max(2, Math.min(40, Math.floor(T / 2500)));
    const negative = rowsOf(
      await db.execute(sql`select id from threads where status = 'open' and negative_posts > 0
        order by negative_posts desc, id limit ${wanted}`),
    );
    let escalations = 0;
    for (const [i, r] of negative.entries()) {
      await escalateThread(deps, mod, Number(r.id), {
        team: teams[i % teams.length]!.slug,
        priority: 1 + (i % 4),
        assignee: i % 3 === 0 ? "mod1" : undefined,
      });
      escalations++;
    }
    // Flaggers need the "flag" privilege (reputation); flagged: the most negative replies of other members.
    const flaggers = rowsOf(
      await db.execute(
        sql`select id from users where role = 'member' and reputation >= 15 order by id limit 20`,
      ),
    ).map((r) => String(r.id));
    const targets = rowsOf(
      await db.execute(sql`select id, author_id from posts where not is_question and sentiment_label = 'neg'
        order by sentiment_score asc, id limit ${Math.max(3, Math.min(200, Math.floor(P / 5000)))}`),
    );
    let flagged = 0;
    for (const [i, r] of targets.entries()) {
      const flagger = flaggers.find((f, k) => k >= i % Math.max(1, flaggers.length) && f !== r.author_id);
      if (!flagger) continue;
      await flagPost(deps, { id: flagger, role: "member" }, Number(r.id), {
        reason: FLAG_REASONS[i % FLAG_REASONS.length],
      });
      flagged++;
    }
    return { escalations, flagged };
  });
  // The replay's running totals must be what the ledger sums to (a check of the replay, not a fix).
  const totals = rowsOf(await db.execute(sql`select id, reputation from users`));
  const replayMismatches = totals.filter(
    (u) => Number(u.reputation) !== reputation[Number(String(u.id).slice(1))],
  ).length;
  // Badges: the stats of data/badge-stats recomputeBadgeStats, computed set-based (its per-member correlated
  // subqueries ran for more than 10 minutes at 1M posts), then the grant loop of services/badges-backfill.
  const badges = await step("badges (set-based stats + backfill grant loop)", async () => {
    await db.execute(sql`
      update users u set
        question_count = coalesce(p.questions, 0), answer_count = coalesce(p.answers, 0),
        best_answer_score = greatest(u.best_answer_score, coalesce(p.best_answer, 0)),
        best_question_score = greatest(u.best_question_score, coalesce(p.best_question, 0)),
        accepted_count = coalesce(a.accepted, 0),
        best_accepted_score = greatest(u.best_accepted_score, coalesce(a.best_accepted, 0)),
        upvotes_cast = greatest(u.upvotes_cast, coalesce(v.up, 0)),
        downvotes_cast = greatest(u.downvotes_cast, coalesce(v.down, 0)),
        flags_cast = greatest(u.flags_cast, coalesce(f.n, 0)),
        accepts_given = greatest(u.accepts_given, coalesce(e.n, 0)),
        welcomes = coalesce(w.n, 0)
      from users u2
      left join (select author_id, count(*) filter (where is_question) as questions,
                   count(*) filter (where not is_question and deleted_at is null) as answers,
                   max(score) filter (where not is_question and deleted_at is null) as best_answer,
                   max(score) filter (where is_question) as best_question
                 from posts group by author_id) p on p.author_id = u2.id
      left join (select p.author_id, count(*) as accepted, max(p.score) as best_accepted
                 from threads t join posts p on p.id = t.accepted_post_id where t.author_id <> p.author_id
                 group by p.author_id) a on a.author_id = u2.id
      left join (select user_id, count(*) filter (where value = 1) as up, count(*) filter (where value = -1) as down
                 from votes group by user_id) v on v.user_id = u2.id
      left join (select user_id, count(*) as n from flags group by user_id) f on f.user_id = u2.id
      left join (select user_id, count(*) as n from reputation_events where reason = 'accepted_answer' and points > 0
                 group by user_id) e on e.user_id = u2.id
      left join (select p.author_id, count(distinct t.id) as n from posts p join threads t on t.id = p.thread_id
                 where not p.is_question and p.deleted_at is null and t.is_authors_first and t.author_id <> p.author_id
                   and p.created_at <= t.created_at + interval '1 hour' group by p.author_id) w on w.author_id = u2.id
      where u.id = u2.id`);
    const at = deps.clock.now();
    let after = "";
    let granted = 0;
    for (;;) {
      const ids = await listUserIdsAfter(db, after, 1000);
      if (!ids.length) break;
      granted += await db.transaction(async (tx) => {
        const stats = await getBadgeStats(tx, ids);
        const held = await listHeldBadges(tx, ids);
        let n = 0;
        for (const id of ids) {
          const st = stats.get(id);
          if (!st) continue;
          const slugs = newlyEarned(st, held.get(id) ?? new Set())
            .filter((b) => b.slug !== "champion")
            .map((b) => b.slug);
          n += (await grantBadges(tx, id, slugs, at)).length;
        }
        return n;
      });
      after = ids[ids.length - 1]!;
    }
    return { granted };
  });
  const triage = await step(
    "triage (open threads of the last 30 days)",
    async () => (await refreshChangedTriage(deps, { full: true })).threads,
  );
  let search: { posts: number; threads: number } | null = null;
  if (!opts.skipSearch) {
    search = await step("search documents (backfillSearchDocs)", () =>
      backfillSearchDocs(deps, { batch: 5000 }),
    );
  }
  return {
    members: M,
    threads: T,
    posts: postId,
    votes,
    loadSeconds: Number(loadSeconds.toFixed(1)),
    totalSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    /** Members whose total was set from the ledger (every member with more than the signup point). */
    reputationTotalsSet: rep.corrected,
    replayMismatches,
    badgesGranted: badges.granted,
    ...actions,
    triaged: triage,
    search,
    timings,
  };
}
