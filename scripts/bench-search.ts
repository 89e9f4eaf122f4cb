// Search benchmark: 200,000 threads and 1,000,000 posts in PostgreSQL with text drawn from a Vietnamese /
// English support vocabulary (Zipf-like word frequencies, so common words match many threads as in real
// forums), search documents written by the app's own backfill, then typical searches through the search
// service (query + snippets) timed: p50 / p95 / max. Uses DATABASE_URL's server (default
// postgres://postgres@127.0.0.1:5432/postgres) and a scratch database lantern_bench_search it drops.
//   npm run bench:search            (THREADS=…, REPLIES=…, RUNS=…, KEEP=1, REUSE=1)
import postgres from "postgres";
import { migrate, openPostgres } from "~db/client";
import { backfillSearchDocs, search } from "~/services/search.server";
import { systemClock } from "~/domain/shared/clock";

const THREADS = Number(process.env.THREADS ?? 200_000);
const REPLIES = Number(process.env.REPLIES ?? 4);
const RUNS = Number(process.env.RUNS ?? 20);
const DB = "lantern_bench_search";
const base = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const admin = new URL(base);
admin.pathname = "/postgres";
const target = new URL(base);
target.pathname = `/${DB}`;
const sqlAdmin = postgres(admin.toString(), { max: 1, onnotice: () => {} });
const reuse = !!process.env.REUSE;
if (!reuse) {
  await sqlAdmin.unsafe(`drop database if exists "${DB}" with (force)`);
  await sqlAdmin.unsafe(`create database "${DB}"`);
}
const handle = await openPostgres(target.toString(), { max: 10 });
if (!reuse) await migrate(handle);
const raw = postgres(target.toString(), { max: 1, onnotice: () => {} });

// Multi-syllable Vietnamese words are single entries, so phrases such as "hoàn tiền" occur as they do in text.
const VI = (
  "tôi|bị|không|được|của|và|là|có|cho|với|đã|rồi|mà|thì|này|nhưng|vẫn|lại|ạ|nhé|ơi|giúp|xin|cảm ơn|" +
  "đơn hàng|hoàn tiền|tài khoản|mật khẩu|đăng nhập|giao hàng|thanh toán|hoá đơn|chậm|lỗi|khoá|mở khoá|" +
  "ứng dụng|điện thoại|máy tính|mạng|wifi|modem|khởi động lại|cập nhật|phần mềm|pin|sạc|màn hình|" +
  "bảo hành|đổi trả|khuyến mãi|mã giảm giá|ví điện tử|thẻ tín dụng|chuyển khoản|ngân hàng|tổng đài|" +
  "nhân viên|hỗ trợ|khiếu nại|thất vọng|tuyệt vời|nhanh|hài lòng|trễ|mất|hỏng|vỡ|sửa|thay|" +
  "hôm qua|hôm nay|sáng nay|tuần trước|hai lần|ba ngày|một tuần|nhiều lần|liên tục|" +
  "trừ tiền|số dư|tin nhắn|mã xác nhận|email|địa chỉ|số điện thoại|cửa hàng|sản phẩm|gói cước|" +
  "dữ liệu|tốc độ|kết nối|bị ngắt|không vào được|báo lỗi|treo|đứng máy|nóng máy|hao pin|" +
  "đăng ký|huỷ|gia hạn|tự động|phí|miễn phí|giá|đắt|rẻ|chất lượng|dịch vụ|trải nghiệm|" +
  "hướng dẫn|cách|làm sao|tại sao|ở đâu|bao lâu|khi nào|bao nhiêu|có ai|giúp em|mọi người"
).split("|");
const EN = (
  "i|my|the|a|to|is|it|and|not|can|was|for|on|with|but|still|again|please|help|thanks|" +
  "order|refund|refunds|account|password|login|delivery|shipping|payment|invoice|slow|error|locked|unlock|" +
  "app|phone|laptop|network|wifi|router|restart|update|updated|software|battery|charger|charging|screen|" +
  "warranty|return|returns|promotion|coupon|wallet|credit card|transfer|bank|hotline|" +
  "agent|support|complaint|disappointed|great|fast|happy|late|lost|broken|cracked|fixed|replaced|" +
  "yesterday|today|this morning|last week|twice|three days|a week|many times|keeps|" +
  "charged|balance|message|verification code|email|address|phone number|store|product|plan|" +
  "data|speed|connection|disconnects|cannot open|crashes|freezes|overheating|drains|" +
  "subscribe|cancel|cancelled|renew|automatically|fee|free|price|expensive|cheap|quality|service|experience|" +
  "how to|why|where|how long|when|how much|anyone|does anyone|everyone"
).split("|");
const arr = (words: string[]) => `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(",")}]`;

let t = performance.now();
if (!reuse) {
  await raw.unsafe(
    `insert into boards (slug, name_vi, name_en, position) select 'b' || g, 'Chuyên mục ' || g, 'Board ' || g, g from generate_series(1, 10) g`,
  );
  await raw.unsafe(`insert into users (id, username, email, password_hash, reputation, created_at)
  select 'u' || g, 'user' || g, 'user' || g || '@bench.test', 'x', 1, now() - interval '400 days' from generate_series(1, 20000) g`);
  // A word list per language; power(random(), 2.2) skews picks towards the first (common) words.
  // \`inner\` is the inner series' column: it keeps string_agg() an aggregate of the subquery, not of the row.
  const pick = (inner: string) =>
    `(case when lang = 'vi' then vi[1 + floor(power(random(), 2.2) * ${VI.length})::int + 0 * ${inner}]
           else en[1 + floor(power(random(), 2.2) * ${EN.length})::int + 0 * ${inner}] end)`;
  await raw.unsafe(`
  insert into threads (board_id, author_id, title, status, reply_count, created_at, last_activity_at, tags)
  select 1 + (g % 10), 'u' || (1 + floor(power(random(), 2) * 20000))::int,
         (select initcap(string_agg(${pick("k")}, ' ')) from generate_series(1, 4 + (g % 6)) k),
         case when g % 3 = 0 then 'solved'::thread_status else 'open'::thread_status end,
         ${REPLIES}, c, c + interval '1 hour',
         case when g % 4 = 0 then array['tag' || (g % 50)] else '{}'::text[] end
  from (select g, case when g % 10 < 7 then 'vi' else 'en' end as lang,
               ${arr(VI)} as vi, ${arr(EN)} as en,
               now() - interval '365 days' + (g::float8 / ${THREADS}) * interval '365 days' as c
        from generate_series(1, ${THREADS}) g) s`);
  console.log(`threads in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await raw.unsafe(`
  insert into posts (thread_id, author_id, is_question, body_json, body_html, body_text, created_at, updated_at)
  select s.id, case when k = 0 then s.author_id else 'u' || (1 + floor(power(random(), 2) * 20000))::int end,
         k = 0, '{}'::jsonb, '',
         (select string_agg(${pick("w")}, ' ') from generate_series(1, 12 + ((s.id + k * 7) % 30)) w),
         s.created_at + k * interval '50 minutes', s.created_at + k * interval '50 minutes'
  from (select t.id, t.author_id, t.created_at, case when t.id % 10 < 7 then 'vi' else 'en' end as lang,
               ${arr(VI)} as vi, ${arr(EN)} as en from threads t) s
  cross join generate_series(0, ${REPLIES}) k`);
  console.log(`posts in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await raw.unsafe(`
  update threads t set question_post_id = p.id from posts p where p.thread_id = t.id and p.is_question`);
  await raw.unsafe(`
  update threads t set accepted_post_id = x.id, accepted_at = t.created_at + interval '2 hours'
  from (select distinct on (thread_id) thread_id, id from posts where not is_question order by thread_id, id) x
  where x.thread_id = t.id and t.status = 'solved'`);
  const b = performance.now();
  const done = await backfillSearchDocs({ db: handle.db, clock: systemClock }, { batch: 10_000 });
  console.log(
    `search documents (app backfill): ${done.posts} posts, ${done.threads} threads in ${((performance.now() - b) / 1000).toFixed(1)} s`,
  );
  await raw.unsafe("vacuum analyze");
}
const [c] = await raw<{ posts: number; threads: number }[]>`
  select (select count(*) from posts)::int as posts, (select count(*) from threads)::int as threads`;
console.log(`loaded ${c!.threads} threads, ${c!.posts} posts in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const deps = { db: handle.db, clock: systemClock };
const QUERIES: Record<string, string>[] = [
  { q: "hoàn tiền" },
  { q: "hoan tien" },
  { q: "tài khoản bị khoá" },
  { q: "tai khoan bi khoa" },
  { q: "giao hàng chậm" },
  { q: "mật khẩu" },
  { q: "nóng máy" },
  { q: "refund" },
  { q: "refunds" },
  { q: "password reset" },
  { q: "charger broken" },
  { q: "battery drains" },
  { q: "hoàn tiền", board: "b3" },
  { q: "refund", board: "b8", solved: "solved" },
  { q: "wifi", sort: "newest" },
  { q: "mã giảm giá", sort: "newest", board: "b5" },
  { q: '"thẻ tín dụng"' },
];
const all: number[] = [];
for (const params of QUERIES) {
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    const s = performance.now();
    const r = await search(deps, params);
    if (i >= 2) times.push(performance.now() - s);
    hits = r.results.length;
  }
  times.sort((a, b) => a - b);
  all.push(...times);
  console.log(
    `${JSON.stringify(params).padEnd(52)} p50 ${times[Math.floor(RUNS / 2)]!.toFixed(1)} ms  p95 ${times[Math.floor(RUNS * 0.95)]!.toFixed(1)} ms  max ${times[times.length - 1]!.toFixed(1)} ms  (${hits} on page 1)`,
  );
}
all.sort((a, b) => a - b);
console.log(
  `ALL ${all.length} searches: p50 ${all[Math.floor(all.length / 2)]!.toFixed(1)} ms  p95 ${all[Math.floor(all.length * 0.95)]!.toFixed(1)} ms  max ${all[all.length - 1]!.toFixed(1)} ms`,
);
await raw.end();
await handle.close();
if (!process.env.KEEP) await sqlAdmin.unsafe(`drop database if exists "${DB}" with (force)`);
await sqlAdmin.end();
