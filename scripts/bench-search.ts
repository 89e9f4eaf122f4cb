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
// FUNCTION words are everywhere; TOPIC words are what a thread is about (each thread has three topics).
const VI_FUNCTION = (
  "tôi|bị|không|được|của|và|là|có|cho|với|đã|rồi|mà|thì|này|nhưng|vẫn|lại|ạ|nhé|ơi|giúp|xin|cảm ơn|" +
  "hôm qua|hôm nay|sáng nay|tuần trước|hai lần|nhiều lần|liên tục|cách|làm sao|tại sao|ở đâu|bao lâu|" +
  "khi nào|bao nhiêu|có ai|giúp em|mọi người"
).split("|");
const VI_TOPIC = (
  "đơn hàng|hoàn tiền|tài khoản|mật khẩu|đăng nhập|giao hàng|thanh toán|hoá đơn|chậm|lỗi|khoá|mở khoá|" +
  "ứng dụng|điện thoại|máy tính|mạng|wifi|modem|khởi động lại|cập nhật|phần mềm|pin|sạc|màn hình|" +
  "bảo hành|đổi trả|khuyến mãi|mã giảm giá|ví điện tử|thẻ tín dụng|chuyển khoản|ngân hàng|tổng đài|" +
  "nhân viên|hỗ trợ|khiếu nại|thất vọng|tuyệt vời|nhanh|hài lòng|trễ|mất|hỏng|vỡ|sửa|thay|" +
  "trừ tiền|số dư|tin nhắn|mã xác nhận|email|địa chỉ|số điện thoại|cửa hàng|sản phẩm|gói cước|" +
  "dữ liệu|tốc độ|kết nối|bị ngắt|không vào được|báo lỗi|treo|đứng máy|nóng máy|hao pin|" +
  "đăng ký|huỷ|gia hạn|tự động|phí|miễn phí|giá|đắt|rẻ|chất lượng|dịch vụ|trải nghiệm|hướng dẫn|" +
  "loa|tai nghe|bluetooth|camera|ảnh|video|âm thanh|micro|bàn phím|chuột|máy in|mực in|router|cáp quang|" +
  "sim|số thuê bao|chuyển vùng|roaming|nạp tiền|thẻ cào|điểm thưởng|hạng thành viên|voucher|flash sale"
).split("|");
const EN_FUNCTION = (
  "i|my|the|a|to|is|it|and|not|can|was|for|on|with|but|still|again|please|help|thanks|" +
  "yesterday|today|this morning|last week|twice|many times|keeps|how to|why|where|how long|when|how much|" +
  "anyone|does anyone|everyone"
).split("|");
const EN_TOPIC = (
  "order|refund|refunds|account|password|login|delivery|shipping|payment|invoice|slow|error|locked|unlock|" +
  "app|phone|laptop|network|wifi|router|restart|update|updated|software|battery|charger|charging|screen|" +
  "warranty|return|returns|promotion|coupon|wallet|credit card|transfer|bank|hotline|" +
  "agent|support|complaint|disappointed|great|fast|happy|late|lost|broken|cracked|fixed|replaced|" +
  "charged|balance|message|verification code|email|address|phone number|store|product|plan|" +
  "data|speed|connection|disconnects|cannot open|crashes|freezes|overheating|drains|" +
  "subscribe|cancel|cancelled|renew|automatically|fee|free|price|expensive|cheap|quality|service|experience|" +
  "speaker|headphones|bluetooth|camera|photo|video|sound|microphone|keyboard|mouse|printer|ink|fiber|" +
  "sim card|roaming|top up|reward points|membership|voucher|flash sale|reset|two factor|backup|sync"
).split("|");
const arr = (words: string[]) => `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(",")}]`;

const t = performance.now();
if (!reuse) {
  await raw.unsafe(
    `insert into boards (slug, name_vi, name_en, position) select 'b' || g, 'Chuyên mục ' || g, 'Board ' || g, g from generate_series(1, 10) g`,
  );
  await raw.unsafe(`insert into users (id, username, email, password_hash, reputation, created_at)
  select 'u' || g, 'user' || g, 'user' || g || '@bench.test', 'x', 1, now() - interval '400 days' from generate_series(1, 20000) g`);
  // A word list per language; power(random(), 2.2) skews picks towards the first (common) words.
  // \`inner\` is the inner series' column: it keeps string_agg() an aggregate of the subquery, not of the row.
  // Per word: 45% a function word, 35% one of the thread's three topics (fixed by its id), 20% a long tail
  // of 20,000 model numbers / names (m1 … m20000, Zipf-like) so the index also holds many rare entries.
  // \`inner\` is the inner series' column: it keeps string_agg() an aggregate of the subquery, not of the row.
  const nvt = VI_TOPIC.length;
  const net = EN_TOPIC.length;
  const pick = (inner: string, id: string) =>
    `(case when r < 0.2 then 'm' || (1 + floor(power(random(), 3) * 20000)::int)
           when r < 0.55 then case when lang = 'vi'
             then vt[1 + (case when random() < 0.34 then ${id} * 7 when random() < 0.5 then ${id} * 13 + 5 else ${id} * 31 + 11 end) % ${nvt}]
             else et[1 + (case when random() < 0.34 then ${id} * 7 when random() < 0.5 then ${id} * 13 + 5 else ${id} * 31 + 11 end) % ${net}] end
           when lang = 'vi' then vf[1 + floor(random() * ${VI_FUNCTION.length})::int]
           else ef[1 + floor(random() * ${EN_FUNCTION.length})::int] end)
     from (select random() + 0 * ${inner} as r) rr`;
  await raw.unsafe(`
  insert into threads (board_id, author_id, title, status, reply_count, created_at, last_activity_at, tags)
  select 1 + (g % 10), 'u' || (1 + floor(power(random(), 2) * 20000))::int,
         (select initcap(string_agg(w, ' ')) from generate_series(1, 4 + (g % 6)) k,
           lateral (select ${pick("k", "g")}) x(w)),
         case when g % 3 = 0 then 'solved'::thread_status else 'open'::thread_status end,
         ${REPLIES}, c, c + interval '1 hour',
         case when g % 4 = 0 then array['tag' || (g % 50)] else '{}'::text[] end
  from (select g, case when g % 10 < 7 then 'vi' else 'en' end as lang,
               ${arr(VI_FUNCTION)} as vf, ${arr(VI_TOPIC)} as vt, ${arr(EN_FUNCTION)} as ef, ${arr(EN_TOPIC)} as et,
               now() - interval '365 days' + (g::float8 / ${THREADS}) * interval '365 days' as c
        from generate_series(1, ${THREADS}) g) s`);
  console.log(`threads in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await raw.unsafe(`
  insert into posts (thread_id, author_id, is_question, body_json, body_html, body_text, created_at, updated_at)
  select s.id, case when k = 0 then s.author_id else 'u' || (1 + floor(power(random(), 2) * 20000))::int end,
         k = 0, '{}'::jsonb, '',
         (select string_agg(x.w, ' ') from generate_series(1, 12 + ((s.id + k * 7) % 30)) n,
           lateral (select ${pick("n", "s.id")}) x(w)),
         s.created_at + k * interval '50 minutes', s.created_at + k * interval '50 minutes'
  from (select t.id, t.author_id, t.created_at, case when t.id % 10 < 7 then 'vi' else 'en' end as lang,
               ${arr(VI_FUNCTION)} as vf, ${arr(VI_TOPIC)} as vt, ${arr(EN_FUNCTION)} as ef,
               ${arr(EN_TOPIC)} as et from threads t) s
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
console.log(
  `loaded ${c!.threads} threads, ${c!.posts} posts in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const deps = { db: handle.db, clock: systemClock };
const QUERIES: Record<string, string>[] = [
  { q: "hoàn tiền" },
  { q: "hoan tien" },
  { q: "tài khoản bị khoá" },
  { q: "tai khoan bi khoa" },
  { q: "khiếu nại phí" },
  { q: "đứng máy" },
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
  { q: "m1234" },
  { q: "m77 refund" },
];
// Warm every pooled connection (each loads the text-search dictionaries on first use).
for (let i = 0; i < 3; i++)
  await Promise.all(Array.from({ length: 10 }, () => search(deps, { q: "hoàn tiền refund" })));
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
