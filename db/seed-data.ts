/**
 * Demo content for a fresh install: "SaoViet Net", a fibre internet + mobile provider whose customers speak
 * Vietnamese or English. Used only by db/seed.ts. Times are given as "days ago" + a Vietnam wall-clock time;
 * reply and accept times are hours after the question. All bodies are tiptap documents built with the small
 * helpers below and must pass domain/forum validateDoc.
 */
import type { Role } from "~/domain/forum";
import type { RichTextDoc, RichTextMark, RichTextNode } from "~/domain/forum/rich-text";

// ---------------------------------------------------------------------------------------------------------
// Rich-text builders
// ---------------------------------------------------------------------------------------------------------

type Inline = string | RichTextNode;
type Block = string | RichTextNode;

const txt = (text: string, marks?: RichTextMark[]): RichTextNode =>
  marks && marks.length ? { type: "text", text, marks } : { type: "text", text };
const inline = (x: Inline): RichTextNode => (typeof x === "string" ? txt(x) : x);
const block = (x: Block): RichTextNode => (typeof x === "string" ? p(x) : x);

/** Bold text. */
export const b = (text: string) => txt(text, [{ type: "bold" }]);
/** Italic text. */
export const i = (text: string) => txt(text, [{ type: "italic" }]);
/** Struck-through text. */
export const s = (text: string) => txt(text, [{ type: "strike" }]);
/** Inline code. */
export const c = (text: string) => txt(text, [{ type: "code" }]);
/** A link (http/https only). */
export const a = (text: string, href: string) => txt(text, [{ type: "link", attrs: { href } }]);
export const br: RichTextNode = { type: "hardBreak" };
export const hr: RichTextNode = { type: "horizontalRule" };

export const p = (...xs: Inline[]): RichTextNode => ({ type: "paragraph", content: xs.map(inline) });
export const h2 = (...xs: Inline[]): RichTextNode => ({
  type: "heading",
  attrs: { level: 2 },
  content: xs.map(inline),
});
export const h3 = (...xs: Inline[]): RichTextNode => ({
  type: "heading",
  attrs: { level: 3 },
  content: xs.map(inline),
});

/** A list item: one inline run (a string, a node, or an array of them) as a paragraph. */
type Item = Inline | Inline[];
const li = (x: Item): RichTextNode => ({
  type: "listItem",
  content: [p(...(Array.isArray(x) ? x : [x]))],
});
export const ul = (...items: Item[]): RichTextNode => ({ type: "bulletList", content: items.map(li) });
export const ol = (...items: Item[]): RichTextNode => ({
  type: "orderedList",
  attrs: { start: 1 },
  content: items.map(li),
});
export const quote = (...blocks: Block[]): RichTextNode => ({
  type: "blockquote",
  content: blocks.map(block),
});
export const pre = (code: string, language: string | null = null): RichTextNode => ({
  type: "codeBlock",
  attrs: { language },
  content: [txt(code)],
});
/** A document; bare strings become paragraphs. */
export const doc = (...blocks: Block[]): RichTextDoc => ({ type: "doc", content: blocks.map(block) });

// ---------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------

export interface SeedUser {
  username: string;
  role: Role;
  locale: "vi" | "en";
  /** Roughly when the account was made (moved earlier if the member posted before that). */
  joinedDaysAgo: number;
}

export type BoardSlug =
  "announcements" | "internet-wifi" | "mobile-sim" | "billing" | "app-account" | "lounge";

export interface SeedBoard {
  slug: BoardSlug;
  nameVi: string;
  nameEn: string;
  descriptionVi: string;
  descriptionEn: string;
  position: number;
  /** Username of the moderator who owns the board. */
  owner: string;
}

export interface SeedReply {
  author: string;
  /** Hours after the question. */
  h: number;
  body: RichTextDoc;
  up?: string[];
  down?: string[];
}

export interface SeedThread {
  lang: "vi" | "en";
  board: BoardSlug;
  author: string;
  /** Days before today (Vietnam time) and the local time "HH:MM" the question was asked. */
  day: number;
  time: string;
  title: string;
  body: RichTextDoc;
  up?: string[];
  down?: string[];
  replies?: SeedReply[];
  /** Accept replies[reply]; by the asker unless `by` (a moderator); `h` hours after the question. */
  accept?: { reply: number; by?: string; h?: number };
}

// ---------------------------------------------------------------------------------------------------------
// People and boards
// ---------------------------------------------------------------------------------------------------------

export const SEED_USERS: SeedUser[] = [
  { username: "admin", role: "admin", locale: "vi", joinedDaysAgo: 400 },
  { username: "hoa.mod", role: "moderator", locale: "vi", joinedDaysAgo: 390 },
  { username: "james.mod", role: "moderator", locale: "en", joinedDaysAgo: 310 },
  { username: "lan.nguyen", role: "member", locale: "vi", joinedDaysAgo: 212 },
  { username: "minh_tran", role: "member", locale: "vi", joinedDaysAgo: 151 },
  { username: "thu.le", role: "member", locale: "vi", joinedDaysAgo: 96 },
  { username: "quang.vo", role: "member", locale: "vi", joinedDaysAgo: 263 },
  { username: "ngoc.anh", role: "member", locale: "vi", joinedDaysAgo: 71 },
  { username: "tuan.dang", role: "member", locale: "vi", joinedDaysAgo: 48 },
  { username: "bao.hoang", role: "member", locale: "vi", joinedDaysAgo: 122 },
  { username: "sarah_k", role: "member", locale: "en", joinedDaysAgo: 133 },
  { username: "david.m", role: "member", locale: "en", joinedDaysAgo: 88 },
  { username: "emily_w", role: "member", locale: "en", joinedDaysAgo: 53 },
  { username: "kenji_t", role: "member", locale: "en", joinedDaysAgo: 64 },
];

export const SEED_BOARDS: SeedBoard[] = [
  {
    slug: "announcements",
    nameVi: "Thông báo",
    nameEn: "Announcements",
    descriptionVi: "Lịch bảo trì, thay đổi dịch vụ và tin tức chính thức từ SaoViet Net.",
    descriptionEn: "Maintenance notices, service changes and official news from SaoViet Net.",
    position: 1,
    owner: "hoa.mod",
  },
  {
    slug: "internet-wifi",
    nameVi: "Internet & Wi-Fi",
    nameEn: "Internet & Wi-Fi",
    descriptionVi: "Cáp quang chậm, mất kết nối, cấu hình modem và phủ sóng Wi-Fi trong nhà.",
    descriptionEn: "Slow fibre, dropped connections, modem settings and Wi-Fi coverage at home.",
    position: 2,
    owner: "hoa.mod",
  },
  {
    slug: "mobile-sim",
    nameVi: "Di động & SIM",
    nameEn: "Mobile & SIM",
    descriptionVi: "Kích hoạt SIM, eSIM, gói data, chuyển vùng quốc tế và chất lượng sóng.",
    descriptionEn: "SIM activation, eSIM, data packs, international roaming and coverage.",
    position: 3,
    owner: "james.mod",
  },
  {
    slug: "billing",
    nameVi: "Cước phí & Thanh toán",
    nameEn: "Billing & Payments",
    descriptionVi: "Hoá đơn, thanh toán, hoàn tiền, đổi gói cước và hoá đơn VAT.",
    descriptionEn: "Invoices, payments, refunds, plan changes and VAT invoices.",
    position: 4,
    owner: "hoa.mod",
  },
  {
    slug: "app-account",
    nameVi: "Ứng dụng & Tài khoản",
    nameEn: "App & Account",
    descriptionVi: "Ứng dụng SaoViet, đăng nhập, mã OTP và thông tin tài khoản.",
    descriptionEn: "The SaoViet app, signing in, OTP codes and account details.",
    position: 5,
    owner: "james.mod",
  },
  {
    slug: "lounge",
    nameVi: "Góc cộng đồng",
    nameEn: "Community lounge",
    descriptionVi: "Trò chuyện, chia sẻ kinh nghiệm, góp ý và gửi lời cảm ơn.",
    descriptionEn: "Chat, share tips, give feedback and say thanks.",
    position: 6,
    owner: "james.mod",
  },
];

// ---------------------------------------------------------------------------------------------------------
// Threads (roughly oldest first)
// ---------------------------------------------------------------------------------------------------------

export const SEED_THREADS: SeedThread[] = [
  {
    lang: "en",
    board: "announcements",
    author: "admin",
    day: 44,
    time: "09:00",
    title: "Welcome to the SaoViet Net community — please read before posting",
    body: doc(
      p(
        "Welcome! This is the place to ask questions about your SaoViet Net fibre and mobile services, share tips, and get help from other customers and from our support team.",
      ),
      h3("A few ground rules"),
      ul(
        "Search first — someone may already have solved your problem.",
        [b("Never"), " post your contract number, ID number or OTP codes publicly."],
        "Pick the right board so the right people see your question.",
        "Be kind: staff and members are people too.",
        "When a reply solves your problem, mark it as accepted so others can find it.",
      ),
      p(
        "Urgent outage? Check the ",
        a("service status page", "https://saoviet.example/status"),
        " or call the free hotline ",
        b("1800 6868"),
        ".",
      ),
    ),
    up: ["sarah_k", "kenji_t", "david.m", "lan.nguyen"],
  },
  {
    lang: "vi",
    board: "announcements",
    author: "hoa.mod",
    day: 44,
    time: "09:30",
    title: "Chào mừng bạn đến với cộng đồng SaoViet Net – vui lòng đọc trước khi đăng bài",
    body: doc(
      p(
        "Xin chào cả nhà! Đây là nơi khách hàng SaoViet Net hỏi đáp, chia sẻ kinh nghiệm và nhận hỗ trợ trực tiếp từ đội ngũ chăm sóc khách hàng.",
      ),
      h3("Một vài quy định nhỏ"),
      ol(
        "Tìm kiếm trước khi đặt câu hỏi mới – có thể ai đó đã gặp vấn đề giống bạn.",
        [b("Không"), " đăng số hợp đồng, số CCCD hay mã OTP công khai."],
        "Chọn đúng chuyên mục để được hỗ trợ nhanh hơn.",
        "Khi vấn đề đã được giải quyết, hãy chấp nhận câu trả lời hữu ích nhất.",
      ),
      p(i("Trường hợp khẩn cấp (mất mạng diện rộng), vui lòng gọi tổng đài miễn phí "), b("1800 6868"), "."),
    ),
    up: ["lan.nguyen", "minh_tran", "thu.le"],
    replies: [
      { author: "lan.nguyen", h: 3, body: doc("Cảm ơn ad, diễn đàn này rất cần thiết ạ!"), up: ["hoa.mod"] },
      {
        author: "quang.vo",
        h: 20,
        body: doc("Mong là đội hỗ trợ trên đây trả lời nhanh hơn tổng đài 😅"),
        up: ["minh_tran", "tuan.dang"],
      },
    ],
  },
  {
    lang: "vi",
    board: "internet-wifi",
    author: "lan.nguyen",
    day: 42,
    time: "22:15",
    title: "Wi-Fi chậm vào buổi tối từ 20h đến 23h, ban ngày thì bình thường",
    body: doc(
      p(
        "Chào mọi người, nhà mình dùng gói ",
        b("Sao 150"),
        " được gần 1 năm. Khoảng 2 tuần nay cứ tối là mạng chậm hẳn:",
      ),
      ul(
        "Ban ngày đo speedtest được khoảng 140–150 Mbps.",
        "Từ 20h đến 23h chỉ còn 10–20 Mbps, xem YouTube cũng bị giật.",
        "Đã thử khởi động lại modem nhưng chỉ đỡ được khoảng 15 phút.",
      ),
      "Có ai bị giống vậy không, hay do modem nhà mình có vấn đề ạ?",
    ),
    up: ["minh_tran", "thu.le"],
    replies: [
      {
        author: "quang.vo",
        h: 1.5,
        body: doc(
          "Bạn thử đo bằng dây LAN cắm thẳng vào modem xem. Nếu cắm dây mà vẫn chậm thì do đường truyền; còn dây nhanh mà Wi-Fi chậm thì do nhiễu sóng – buổi tối hàng xóm dùng Wi-Fi nhiều nên kênh 2.4GHz rất dễ bị nghẽn.",
        ),
        up: ["lan.nguyen", "minh_tran"],
      },
      {
        author: "hoa.mod",
        h: 14,
        body: doc(
          p(
            "Chào chị Lan, em là Hoa bên hỗ trợ SaoViet Net. Em đã kiểm tra thì ",
            b("trạm quang khu vực của chị bị quá tải vào giờ cao điểm"),
            ". Bộ phận kỹ thuật đã nâng cấp băng thông trạm trong đêm qua.",
          ),
          "Chị giúp em:",
          ol(
            "Khởi động lại modem (rút nguồn 30 giây).",
            "Đo lại bằng dây LAN trong khung 20h–23h.",
            "Phản hồi kết quả tại đây để em theo dõi tiếp nhé.",
          ),
        ),
        up: ["lan.nguyen", "thu.le", "quang.vo"],
      },
      {
        author: "lan.nguyen",
        h: 40,
        body: doc("Tối qua 21h đo lại được 135 Mbps rồi. Cảm ơn em Hoa và bạn Quang nhiều nha! 👍"),
      },
    ],
    accept: { reply: 1 },
  },
  {
    lang: "vi",
    board: "internet-wifi",
    author: "minh_tran",
    day: 40,
    time: "08:10",
    title: "Đèn LOS trên modem nhấp nháy đỏ là bị gì vậy mọi người?",
    body: doc(
      p(
        "Sáng nay dậy thấy mất mạng, đèn ",
        b("LOS"),
        " trên modem nháy đỏ liên tục, đèn PON thì tắt. Mình đã rút điện cắm lại 2 lần nhưng không hết. Có cách nào tự xử lý không hay phải gọi kỹ thuật ạ?",
      ),
    ),
    replies: [
      {
        author: "bao.hoang",
        h: 0.7,
        body: doc(
          p(
            "LOS = ",
            i("Loss of Signal"),
            ", tức là modem không nhận được tín hiệu quang. Bạn kiểm tra giúp:",
          ),
          ul(
            "Dây quang (dây nhỏ màu vàng hoặc trắng) có bị gập, kẹp cửa hay chuột cắn không.",
            "Đầu nối quang cắm vào modem có bị lỏng không – rút ra cắm lại thật nhẹ nhàng.",
            ["Tuyệt đối ", b("không nhìn thẳng"), " vào đầu dây quang vì có tia laser."],
          ),
          "Nếu đèn vẫn đỏ thì gần như chắc chắn phải gọi kỹ thuật ra hàn lại cáp.",
        ),
        up: ["minh_tran", "lan.nguyen", "ngoc.anh", "hoa.mod"],
      },
      {
        author: "hoa.mod",
        h: 1.5,
        body: doc(
          "Bạn Bảo hướng dẫn chính xác ạ. Anh Minh nhắn riêng số hợp đồng cho em (đừng đăng công khai nhé), em tạo phiếu kỹ thuật ưu tiên trong ngày cho anh.",
        ),
        up: ["minh_tran"],
      },
      {
        author: "minh_tran",
        h: 7,
        body: doc("Dây bị kẹp ở cửa sổ thật 😅 Kỹ thuật đã qua hàn lại, mạng ổn rồi. Cảm ơn mọi người!"),
      },
    ],
    accept: { reply: 0 },
  },
  {
    lang: "en",
    board: "internet-wifi",
    author: "sarah_k",
    day: 39,
    time: "21:50",
    title: "Wi-Fi drops every evening around 9pm",
    body: doc(
      p(
        "Hi all, I'm on the ",
        b("Sao 300"),
        " fibre plan in Thu Duc. Every evening around 9pm my Wi-Fi disconnects for a few seconds, several times an hour. Wired devices seem fine.",
      ),
      "Things I've already tried:",
      ul(
        "Rebooting the modem",
        "Moving the modem out of the TV cabinet",
        "Forgetting and re-joining the network on my laptop",
      ),
      "Any ideas before I call the hotline?",
    ),
    up: ["kenji_t"],
    replies: [
      {
        author: "david.m",
        h: 2,
        body: doc(
          "Sounds like channel congestion — lots of apartments fire up their Wi-Fi in the evening. Try pinning the 2.4 GHz band to channel 1, 6 or 11 instead of Auto.",
        ),
        up: ["sarah_k"],
      },
      {
        author: "james.mod",
        h: 11,
        body: doc(
          p(
            "Hi Sarah, James from SaoViet support here. David's tip is a good start. I also checked your line and your modem is on an ",
            b("older firmware (v2.1.4)"),
            " with a known Wi-Fi stability bug.",
          ),
          "I've pushed the update remotely — the modem will restart once tonight at 2am. After that, please:",
          ol(
            ["Split the bands into two names (e.g. ", c("Home-2G"), " and ", c("Home-5G"), ")."],
            "Connect laptops and phones to the 5 GHz network when you're in the same room.",
          ),
          "Let us know how it goes!",
        ),
        up: ["sarah_k", "david.m", "kenji_t"],
      },
      { author: "sarah_k", h: 50, body: doc("Two evenings without a single drop. Thanks James and David!") },
    ],
    accept: { reply: 1 },
  },
  {
    lang: "vi",
    board: "billing",
    author: "minh_tran",
    day: 38,
    time: "19:40",
    title: "Bị trừ tiền 2 lần khi thanh toán cước bằng thẻ Visa!",
    body: doc(
      p(
        "Mình thanh toán cước tháng trên app SaoViet bằng thẻ Visa, app báo lỗi nên bấm thanh toán lại. Kết quả là ",
        b("bị trừ tiền 2 lần"),
        ":",
      ),
      ul(["19:02 – ", b("245.000đ"), " – thành công"], ["19:05 – ", b("245.000đ"), " – thành công"]),
      p(
        "Gọi tổng đài thì bảo chờ 15 ngày làm việc. Tiền của khách mà xử lý chậm vậy thật sự ",
        i("rất khó chấp nhận"),
        ".",
      ),
    ),
    up: ["lan.nguyen", "bao.hoang", "quang.vo"],
    replies: [
      {
        author: "hoa.mod",
        h: 2,
        body: doc(
          p(
            "Em xin lỗi anh Minh vì sự bất tiện. Em đã kiểm tra: giao dịch thứ hai ",
            b("đã được ghi nhận là giao dịch trùng"),
            " và hệ thống đã tự động tạo lệnh hoàn tiền.",
          ),
          p(
            "Tiền sẽ về thẻ trong ",
            b("3–7 ngày làm việc"),
            " tuỳ ngân hàng phát hành. Nếu quá thời hạn, anh phản hồi lại tại đây để em gửi mã tra soát làm việc với ngân hàng.",
          ),
        ),
        up: ["minh_tran", "thu.le"],
      },
      {
        author: "thu.le",
        h: 5,
        body: doc(
          p(
            "Mình cũng từng bị, khoảng 5 ngày là tiền về lại thẻ. Lần sau app báo lỗi thì bạn vào mục ",
            b("Lịch sử giao dịch"),
            " kiểm tra trước khi bấm lại nhé.",
          ),
        ),
        up: ["minh_tran", "lan.nguyen"],
      },
      {
        author: "minh_tran",
        h: 100,
        body: doc("Cập nhật: tiền đã về tài khoản sáng nay. Cảm ơn chị Hoa đã hỗ trợ nhanh."),
      },
    ],
    accept: { reply: 0 },
  },
  {
    lang: "vi",
    board: "internet-wifi",
    author: "ngoc.anh",
    day: 37,
    time: "10:05",
    title: "Cách đổi mật khẩu Wi-Fi trên modem SaoViet?",
    body: doc(
      "Mình muốn đổi mật khẩu Wi-Fi vì hàng xóm biết pass rồi 😅. Modem nhà mình màu trắng, mặt sau có dán tem SaoViet. Đổi ở đâu vậy ạ?",
    ),
    replies: [
      {
        author: "quang.vo",
        h: 0.5,
        body: doc(
          "Bạn làm theo các bước sau nhé:",
          ol(
            ["Kết nối vào Wi-Fi nhà bạn, mở trình duyệt và vào ", c("192.168.1.1"), "."],
            ["Đăng nhập bằng tài khoản in trên tem dưới đáy modem (thường là ", c("admin"), ")."],
            ["Vào ", b("Network → WLAN → Security"), "."],
            ["Sửa ô ", b("WPA Passphrase"), " rồi bấm ", b("Apply"), "."],
          ),
          "Nhớ đổi cho cả băng 2.4GHz và 5GHz nhé.",
        ),
        up: ["ngoc.anh", "hoa.mod", "lan.nguyen"],
      },
      {
        author: "hoa.mod",
        h: 2,
        body: doc(
          p(
            "Ngoài cách trên, chị có thể đổi ngay trên ứng dụng SaoViet: ",
            b("Internet → Quản lý Wi-Fi → Đổi mật khẩu"),
            ". Cách này không cần đăng nhập modem.",
          ),
        ),
        up: ["ngoc.anh", "thu.le"],
      },
    ],
    accept: { reply: 0, h: 3 },
  },
  {
    lang: "vi",
    board: "mobile-sim",
    author: "bao.hoang",
    day: 36,
    time: "14:20",
    title: 'SIM mới mua không gọi được, báo "thuê bao chưa đăng ký thông tin"',
    body: doc(
      "Mình mới mua SIM SaoViet ở cửa hàng tiện lợi, lắp vào máy thì có sóng nhưng không gọi, không nhắn tin được. Gọi đi thì nghe thông báo thuê bao chưa đăng ký thông tin. Giờ phải làm sao ạ?",
    ),
    replies: [
      {
        author: "hoa.mod",
        h: 1,
        body: doc(
          p(
            "Chào anh Bảo, theo quy định hiện hành SIM mới cần ",
            b("xác thực thông tin chính chủ"),
            " trước khi sử dụng. Anh có thể làm online trong 5 phút:",
          ),
          ol(
            "Tải ứng dụng SaoViet, chọn «Kích hoạt SIM».",
            "Chụp 2 mặt CCCD gắn chip và quay video khuôn mặt theo hướng dẫn.",
            "Chờ tin nhắn xác nhận (thường dưới 30 phút).",
          ),
          "Nếu không làm được online, anh mang CCCD ra bất kỳ cửa hàng SaoViet nào nhé.",
        ),
        up: ["bao.hoang", "minh_tran", "tuan.dang"],
      },
      { author: "bao.hoang", h: 3, body: doc("Làm trên app xong 20 phút là gọi được rồi, cảm ơn chị!") },
    ],
    accept: { reply: 0 },
  },
  {
    lang: "vi",
    board: "internet-wifi",
    author: "tuan.dang",
    day: 34,
    time: "21:30",
    title: "Đã 3 ngày mất mạng mà không ai hỗ trợ, quá thất vọng!",
    body: doc(
      p(
        b("Nhà mình ở Cầu Giấy, Hà Nội, mất mạng hoàn toàn từ sáng thứ Hai đến giờ."),
        " Tóm tắt những gì đã xảy ra:",
      ),
      ol(
        "Ngày 1: gọi tổng đài, được hẹn kỹ thuật liên hệ trong 24h.",
        "Ngày 2: không ai gọi, gọi lại thì được tạo thêm một phiếu mới.",
        "Ngày 3: vẫn không ai đến, tổng đài chỉ xin lỗi và bảo chờ tiếp.",
      ),
      p(
        "Mình làm việc ở nhà, mất mạng 3 ngày là mất việc luôn. Đóng cước đầy đủ mà dịch vụ thế này thì ",
        b("quá thất vọng"),
        ". Nếu tuần này không xử lý xong mình sẽ cắt hợp đồng.",
      ),
    ),
    up: ["minh_tran", "bao.hoang", "quang.vo", "ngoc.anh"],
    replies: [
      {
        author: "hoa.mod",
        h: 0.8,
        body: doc(
          "Em thành thật xin lỗi anh Tuấn về trải nghiệm này, để anh chờ 3 ngày là không chấp nhận được.",
          p(
            "Em đã gộp 2 phiếu của anh thành một và ",
            b("chuyển lên cấp xử lý khẩn"),
            ". Tổ kỹ thuật Cầu Giấy sẽ liên hệ anh trước 9h sáng mai. Các ngày mất mạng sẽ được ",
            b("hoàn cước"),
            " vào hoá đơn tháng sau.",
          ),
        ),
        up: ["minh_tran"],
      },
      {
        author: "minh_tran",
        h: 1.5,
        body: doc(
          "Khu Dịch Vọng nhà mình cũng chập chờn mấy hôm nay, hình như do đứt cáp trục khi làm đường.",
        ),
        up: ["tuan.dang", "bao.hoang"],
      },
      {
        author: "tuan.dang",
        h: 15,
        body: doc(
          "Sáng nay kỹ thuật đã đến, nguyên nhân là đứt cáp ngoài cột. Có mạng lại rồi, nhưng hi vọng lần sau tổng đài xử lý nhanh hơn.",
        ),
        up: ["minh_tran"],
      },
    ],
  },
  {
    lang: "en",
    board: "internet-wifi",
    author: "david.m",
    day: 32,
    time: "11:15",
    title: "Can I use my own router instead of the SaoViet modem?",
    body: doc(
      "I have an ASUS mesh system and would like to use it as the main router. Is bridge mode supported on the SaoViet modem, and will it affect anything on my contract?",
    ),
    up: ["kenji_t"],
    replies: [
      {
        author: "james.mod",
        h: 3,
        body: doc(
          "Yes, bring-your-own-router is fully supported and doesn't affect your contract. To set it up:",
          ol(
            ["Log in to the SaoViet modem at ", c("192.168.1.1"), "."],
            ["Go to ", b("WAN → Connection mode"), " and switch to ", b("Bridge"), "."],
            "Connect the WAN port of the ASUS to LAN1 on the modem.",
            [
              "On the ASUS, choose ",
              b("PPPoE"),
              " and enter the username and password from your welcome SMS.",
            ],
          ),
          p(
            "Lost the PPPoE password? You can reset it in the app under ",
            i("Internet → Connection details"),
            ".",
          ),
        ),
        up: ["david.m", "kenji_t", "sarah_k", "quang.vo"],
      },
      {
        author: "kenji_t",
        h: 6,
        body: doc(
          "Did exactly this with a TP-Link Deco last month. Remember to turn off the SaoViet modem's own Wi-Fi afterwards, otherwise you have two networks fighting each other.",
        ),
        up: ["david.m"],
      },
    ],
    accept: { reply: 0 },
  },
  {
    lang: "vi",
    board: "internet-wifi",
    author: "quang.vo",
    day: 31,
    time: "23:05",
    title: "Ping game lên 200ms mỗi tối, có cách nào khắc phục không?",
    body: doc(
      "Mình chơi game (server Singapore), cắm dây LAN hẳn hoi mà tối nào ping cũng nhảy loạn. Kết quả ping lúc 22h:",
      pre(
        [
          "PING 8.8.8.8 (8.8.8.8): 56 data bytes",
          "64 bytes from 8.8.8.8: icmp_seq=0 ttl=117 time=38.2 ms",
          "64 bytes from 8.8.8.8: icmp_seq=1 ttl=117 time=212.7 ms",
          "64 bytes from 8.8.8.8: icmp_seq=2 ttl=117 time=187.4 ms",
          "Request timeout for icmp_seq 3",
          "64 bytes from 8.8.8.8: icmp_seq=4 ttl=117 time=41.9 ms",
          "--- 8.8.8.8 ping statistics ---",
          "5 packets transmitted, 4 packets received, 20.0% packet loss",
        ].join("\n"),
        "text",
      ),
      "Mất gói 20% thế này thì không chơi nổi. Ban ngày ping chỉ khoảng 35ms.",
    ),
    up: ["bao.hoang", "minh_tran", "tuan.dang"],
    replies: [
      {
        author: "bao.hoang",
        h: 1,
        body: doc(
          p(
            "Bạn chạy thêm ",
            c("tracert 8.8.8.8"),
            " (Windows) hoặc ",
            c("mtr 8.8.8.8"),
            " lúc bị lag rồi gửi cho hỗ trợ, họ sẽ biết nghẽn ở chặng nào.",
          ),
        ),
        up: ["quang.vo"],
      },
      {
        author: "hoa.mod",
        h: 20,
        body: doc(
          p(
            "Cảm ơn anh Quang đã gửi kết quả chi tiết. Em đã chuyển cho phòng vận hành mạng kiểm tra tuyến quốc tế khung giờ tối. ",
            b("Em sẽ cập nhật tại đây trong 48h."),
          ),
        ),
        up: ["quang.vo", "bao.hoang"],
      },
    ],
  },
  {
    lang: "vi",
    board: "mobile-sim",
    author: "lan.nguyen",
    day: 30,
    time: "09:30",
    title: "iPhone 15 có dùng được eSIM SaoViet không ạ?",
    body: doc(
      "Mình muốn chuyển sang eSIM để dùng 2 số (1 số công ty). iPhone 15 mua ở Mỹ thì có dùng được eSIM SaoViet không, và đăng ký ở đâu ạ?",
    ),
    replies: [
      {
        author: "hoa.mod",
        h: 2,
        body: doc(
          p(
            "Chào chị Lan, iPhone 15 (kể cả bản Mỹ) đều hỗ trợ eSIM SaoViet nếu máy ",
            b("không bị khoá mạng"),
            ". Chị làm như sau:",
          ),
          ol(
            "Mở ứng dụng SaoViet → Di động → Đổi sang eSIM.",
            "Xác thực bằng CCCD gắn chip.",
            "Quét mã QR được gửi qua email, máy sẽ tự cài đặt.",
          ),
          p(
            "Xem thêm hướng dẫn có hình ảnh tại ",
            a("trang hỗ trợ eSIM", "https://saoviet.example/ho-tro/esim"),
            ".",
          ),
        ),
        up: ["lan.nguyen", "thu.le", "ngoc.anh"],
      },
      { author: "lan.nguyen", h: 26, body: doc("Đã chuyển xong, chưa tới 10 phút. Quá tiện!") },
    ],
    accept: { reply: 0 },
  },
  {
    lang: "en",
    board: "mobile-sim",
    author: "sarah_k",
    day: 29,
    time: "15:00",
    title: "Activating an eSIM as a foreigner — what documents do I need?",
    body: doc(
      "I'm on a work permit and would like a SaoViet eSIM. The in-app flow asks for a CCCD (Vietnamese ID card), which I obviously don't have. Is there a path for foreigners?",
    ),
    up: ["emily_w", "kenji_t"],
    replies: [
      {
        author: "james.mod",
        h: 1.5,
        body: doc(
          "Hi Sarah! Foreigners can activate an eSIM in any SaoViet store (the in-app flow is CCCD-only for now). Please bring:",
          ul(
            [b("Passport"), " with a valid visa or temporary residence card"],
            "Your work permit (optional, but it speeds things up)",
            "The phone you want to install the eSIM on",
          ),
          p(
            "The staff will scan the QR code with you — it takes about 15 minutes. Store list: ",
            a("saoviet.example/stores", "https://saoviet.example/stores"),
          ),
        ),
        up: ["sarah_k", "emily_w", "kenji_t"],
      },
      {
        author: "emily_w",
        h: 30,
        body: doc(
          "Can confirm — did it at the Nguyen Hue store last week, super quick and the staff spoke English.",
        ),
        up: ["sarah_k"],
      },
    ],
    accept: { reply: 0 },
  },
  {
    lang: "vi",
    board: "billing",
    author: "quang.vo",
    day: 28,
    time: "20:15",
    title: "Cước tháng này tăng gấp đôi mà không hề có thông báo, quá vô lý!",
    body: doc(
      p(
        "Hoá đơn mọi tháng của mình là ",
        b("180.000đ"),
        ", tháng này tự nhiên lên ",
        b("360.000đ"),
        ". Không có tin nhắn, không có email báo trước gì cả. Mình có đăng ký thêm dịch vụ gì đâu?",
      ),
      p("Kiểu ", s("chăm sóc"), " bỏ mặc khách hàng thế này thì ai chịu nổi."),
    ),
    up: ["lan.nguyen", "tuan.dang", "bao.hoang", "minh_tran"],
    replies: [
      {
        author: "hoa.mod",
        h: 3,
        body: doc(
          p(
            "Em xin lỗi vì anh chưa nhận được thông báo rõ ràng. Hợp đồng của anh có ",
            b("ưu đãi giảm 50% trong 12 tháng đầu"),
            " và ưu đãi đã kết thúc từ kỳ cước này.",
          ),
          p(
            "Em đã gửi yêu cầu để anh được chuyển sang gói ",
            b("Sao 150 Plus"),
            " (200.000đ/tháng, cùng tốc độ) mà không mất phí. Anh xác nhận tại đây giúp em nhé.",
          ),
        ),
        up: ["quang.vo", "lan.nguyen"],
      },
      {
        author: "lan.nguyen",
        h: 6,
        body: doc(
          "Nhà mình cũng bị y như vậy tháng trước. Lẽ ra SaoViet nên nhắn tin báo trước khi hết khuyến mãi.",
        ),
        up: ["quang.vo", "minh_tran", "tuan.dang", "bao.hoang"],
      },
      {
        author: "ngoc.anh",
        h: 8,
        body: doc("Hết khuyến mãi thì giá về bình thường thôi mà, hợp đồng có ghi rõ đấy."),
        up: ["thu.le"],
        down: ["quang.vo", "tuan.dang"],
      },
      {
        author: "quang.vo",
        h: 28,
        body: doc("Đồng ý chuyển gói Sao 150 Plus. Nhưng vẫn mong lần sau có thông báo trước."),
      },
    ],
  },
  {
    lang: "vi",
    board: "billing",
    author: "bao.hoang",
    day: 26,
    time: "10:40",
    title: "Hủy hợp đồng đã 3 tuần mà vẫn chưa được hoàn tiền cước trả trước",
    body: doc(
      p(
        "Mình chuyển nhà vào Đà Nẵng nên hủy hợp đồng Internet, còn dư ",
        b("4 tháng cước trả trước"),
        " (khoảng 880.000đ). Nhân viên hẹn 7 ngày hoàn tiền, giờ đã ",
        b("3 tuần"),
        ' vẫn chưa thấy đâu. Gọi tổng đài 4 lần, lần nào cũng "đang xử lý".',
      ),
      "Mình cần biết chính xác bao giờ được nhận tiền.",
    ),
    up: ["tuan.dang", "quang.vo"],
    replies: [
      {
        author: "hoa.mod",
        h: 4,
        body: doc(
          p(
            "Chào anh Bảo, em rất tiếc về sự chậm trễ. Hồ sơ hoàn tiền của anh bị ",
            b("thiếu thông tin tài khoản ngân hàng"),
            " nên bị treo, nhưng không ai báo lại cho anh – đây là lỗi bên em.",
          ),
          p(
            "Em đã nhắn tin riêng để lấy lại thông tin. Sau khi bổ sung, tiền sẽ được chuyển trong ",
            b("tối đa 5 ngày làm việc"),
            ".",
          ),
        ),
        up: ["bao.hoang"],
      },
      {
        author: "tuan.dang",
        h: 7,
        body: doc("Thủ tục hoàn tiền chậm thật sự, mình cũng chờ gần 1 tháng mới nhận được."),
        up: ["bao.hoang", "quang.vo"],
      },
    ],
  },
  {
    lang: "en",
    board: "billing",
    author: "emily_w",
    day: 25,
    time: "18:30",
    title: "Charged twice for the same month — still no refund after 10 days",
    body: doc(
      p(
        "My card was charged ",
        b("299,000 VND twice"),
        " for last month's bill. I reported it in the app on day one and got an automatic reply, then nothing:",
      ),
      quote(p(i('"Your request has been received and will be processed within 3–5 working days."'))),
      "It has now been 8 working days. Honestly this is frustrating — it's my money, not a favour.",
    ),
    up: ["sarah_k", "david.m", "kenji_t"],
    replies: [
      {
        author: "james.mod",
        h: 2.5,
        body: doc(
          "Hi Emily, I'm sorry — you're right that this took far too long. I found your request: the refund was approved but got stuck at the payment gateway.",
          p(
            "I've re-submitted it manually with priority. You should see ",
            b("299,000 VND"),
            " back on your card within 3 working days, and I'll follow up here on Friday.",
          ),
        ),
        up: ["emily_w", "sarah_k"],
      },
      {
        author: "david.m",
        h: 4,
        body: doc(
          "Same thing happened to me in January. If it drags on, ask your bank for a chargeback — that got things moving for me.",
        ),
        up: ["emily_w", "kenji_t"],
      },
    ],
  },
  {
    lang: "vi",
    board: "app-account",
    author: "tuan.dang",
    day: 24,
    time: "07:50",
    title: "Không nhận được mã OTP khi đăng nhập ứng dụng SaoViet",
    body: doc(
      "Mình bấm gửi mã OTP 5–6 lần rồi mà không nhận được tin nhắn nào. Số điện thoại vẫn đúng, máy vẫn nhận SMS ngân hàng bình thường. Điện thoại Samsung A54.",
    ),
    replies: [
      {
        author: "ngoc.anh",
        h: 0.6,
        body: doc(
          p(
            "Bạn kiểm tra mục ",
            b("Tin nhắn rác / Spam"),
            " trong ứng dụng Tin nhắn của Samsung xem, máy mình từng chặn tin của SaoViet vào đó.",
          ),
        ),
        up: ["tuan.dang", "hoa.mod"],
      },
      {
        author: "hoa.mod",
        h: 1.2,
        body: doc(
          "Bổ sung thêm cho anh Tuấn:",
          ul(
            ["Mỗi lần gửi OTP cần cách nhau ", b("60 giây"), "; gửi quá 5 lần hệ thống sẽ tạm khoá 30 phút."],
            "Nếu vẫn không nhận được, anh chọn «Nhận mã qua email» ở màn hình đăng nhập.",
          ),
        ),
        up: ["tuan.dang"],
      },
      { author: "tuan.dang", h: 2, body: doc("Đúng là nằm trong tin nhắn rác thật, cảm ơn bạn!") },
    ],
    accept: { reply: 0 },
  },
  {
    lang: "vi",
    board: "app-account",
    author: "lan.nguyen",
    day: 22,
    time: "21:10",
    title: "Ứng dụng SaoViet bị văng ngay khi mở sau bản cập nhật mới",
    body: doc(
      p(
        "Sau khi cập nhật ứng dụng lên bản ",
        c("4.8.0"),
        " thì cứ mở ra là văng, không vào được màn hình chính. Máy mình là Xiaomi Redmi Note 12, Android 14. Đã xoá cache nhưng vẫn bị.",
      ),
    ),
    up: ["thu.le", "minh_tran", "ngoc.anh", "bao.hoang"],
    replies: [
      { author: "thu.le", h: 1, body: doc("Máy Oppo của mình cũng bị y hệt 😩"), up: ["lan.nguyen"] },
      {
        author: "minh_tran",
        h: 3,
        body: doc("Mình gỡ ra cài lại thì vào được, nhưng phải đăng nhập lại từ đầu."),
        up: ["lan.nguyen", "thu.le"],
      },
      {
        author: "hoa.mod",
        h: 16,
        body: doc(
          p(
            "Cảm ơn mọi người đã báo lỗi. Đội phát triển đã xác nhận lỗi trên một số máy Android 14 và sẽ phát hành bản ",
            c("4.8.1"),
            " trong tuần này. Trong lúc chờ, cách của bạn Minh (gỡ và cài lại) là hiệu quả nhất.",
          ),
        ),
        up: ["lan.nguyen", "thu.le", "minh_tran"],
      },
    ],
  },
  {
    lang: "en",
    board: "app-account",
    author: "sarah_k",
    day: 21,
    time: "13:25",
    title: "OTP SMS never arrives when I log in from abroad",
    body: doc(
      "I'm travelling in Singapore for two weeks. The app logged me out and now the login OTP never arrives by SMS (roaming is on and I get other texts). Is there any other way to log in?",
    ),
    replies: [
      {
        author: "kenji_t",
        h: 1,
        body: doc(
          'Had the same issue in Japan. Some partner networks drop short-code SMS. There\'s an email option hidden under "Other ways to sign in" on the OTP screen.',
        ),
        up: ["sarah_k", "james.mod"],
      },
      {
        author: "james.mod",
        h: 2,
        body: doc(
          p(
            "Kenji is right. Tap ",
            b("Other ways to sign in → Email code"),
            ". If your email isn't linked yet, reply here and I'll help you add it after verifying your identity privately.",
          ),
        ),
        up: ["sarah_k"],
      },
    ],
    accept: { reply: 0, h: 3 },
  },
  {
    lang: "en",
    board: "internet-wifi",
    author: "kenji_t",
    day: 20,
    time: "22:40",
    title: "Speed test: 300 Mbps on cable but only 40 Mbps over Wi-Fi",
    body: doc(
      p(
        "My laptop gets the full plan speed over Ethernet, but over Wi-Fi it tops out around 40 Mbps even in the same room. Results from ",
        a("speedtest.net", "https://www.speedtest.net"),
        ":",
      ),
      pre(
        "Ethernet:  Download 312.4 Mbps | Upload 305.9 Mbps | Ping 4 ms\nWi-Fi:     Download  41.7 Mbps | Upload  38.2 Mbps | Ping 9 ms",
      ),
      "The laptop is a 2021 ThinkPad with Wi-Fi 6.",
    ),
    up: ["sarah_k"],
    replies: [
      {
        author: "david.m",
        h: 1.5,
        body: doc(
          "Your laptop is almost certainly on the 2.4 GHz band. Both bands share one name on the SaoViet modem by default — split them and connect to 5 GHz.",
        ),
        up: ["kenji_t", "sarah_k"],
      },
      {
        author: "james.mod",
        h: 4,
        body: doc(
          p(
            "David's diagnosis matches what I see: your laptop is on 2.4 GHz channel 6 at 20 MHz width. In the modem settings, also set the 5 GHz channel width to ",
            b("80 MHz"),
            " — you should then get 300+ Mbps near the modem.",
          ),
        ),
        up: ["kenji_t"],
      },
      {
        author: "kenji_t",
        h: 9,
        body: doc(
          "Split the bands, now 290 Mbps on 5 GHz. Accepting David's answer since he spotted it first — thanks both!",
        ),
      },
    ],
    accept: { reply: 0 },
  },
  {
    lang: "vi",
    board: "mobile-sim",
    author: "ngoc.anh",
    day: 19,
    time: "16:00",
    title: "Đăng ký gói chuyển vùng quốc tế đi Nhật như thế nào?",
    body: doc(
      "Tháng sau mình đi Tokyo 7 ngày, muốn dùng data 4G của SaoViet luôn cho tiện. Có gói nào không và đăng ký ra sao ạ?",
    ),
    replies: [
      {
        author: "hoa.mod",
        h: 2,
        body: doc(
          "Chào chị Ngọc Anh, chị có thể chọn một trong các gói sau:",
          ul([b("RV7"), ": 7 ngày, 5GB – 250.000đ"], [b("RV15"), ": 15 ngày, 12GB – 450.000đ"]),
          p(
            "Cách đăng ký: soạn ",
            c("DK RV7"),
            " gửi ",
            c("9123"),
            " hoặc vào ứng dụng → Di động → Chuyển vùng quốc tế. ",
            i("Lưu ý: bật Chuyển vùng dữ liệu trên máy sau khi hạ cánh."),
          ),
        ),
        up: ["ngoc.anh", "lan.nguyen", "thu.le"],
      },
      {
        author: "thu.le",
        h: 10,
        body: doc("Mình dùng RV7 đi Osaka, sóng ổn, chỉ hơi chậm ở ga tàu điện ngầm thôi."),
        up: ["ngoc.anh"],
      },
    ],
    accept: { reply: 0, by: "hoa.mod", h: 72 },
  },
  {
    lang: "en",
    board: "mobile-sim",
    author: "kenji_t",
    day: 18,
    time: "12:30",
    title: "Roaming in Thailand: data not working even though I bought the pack",
    body: doc(
      p(
        "I activated the ",
        b("RV7"),
        " roaming pack before flying to Bangkok. Calls and SMS work, but mobile data shows ",
        i("No internet connection"),
        ". I've already restarted the phone twice.",
      ),
    ),
    up: ["sarah_k"],
    replies: [
      {
        author: "james.mod",
        h: 0.8,
        body: doc(
          "Hi Kenji, your pack is active on our side. Please check two settings:",
          ol(
            ["Settings → Mobile data → ", b("Data roaming"), " must be ON."],
            ["Network selection: switch from Automatic to ", b("AIS"), " or ", b("TrueMove H"), " manually."],
          ),
          "Those are our roaming partners in Thailand; other networks won't carry the data pack.",
        ),
        up: ["kenji_t", "sarah_k", "david.m"],
      },
    ],
    accept: { reply: 0, by: "james.mod", h: 30 },
  },
  {
    lang: "vi",
    board: "billing",
    author: "thu.le",
    day: 17,
    time: "09:15",
    title: "Có xuất được hoá đơn VAT cho công ty không ạ?",
    body: doc(
      "Mình đăng ký Internet cho văn phòng nhỏ 5 người, kế toán cần hoá đơn VAT hằng tháng. SaoViet có hỗ trợ không, cần cung cấp thông tin gì?",
    ),
    replies: [
      {
        author: "hoa.mod",
        h: 1.5,
        body: doc(
          p(
            "Có ạ. Chị gửi giúp em các thông tin sau qua mục ",
            b("Hỗ trợ → Yêu cầu hoá đơn VAT"),
            " trong ứng dụng:",
          ),
          ul("Tên công ty và mã số thuế", "Địa chỉ đăng ký kinh doanh", "Email nhận hoá đơn điện tử"),
          "Từ kỳ cước sau, hoá đơn điện tử sẽ tự động gửi về email vào ngày 5 hằng tháng.",
        ),
        up: ["thu.le", "minh_tran"],
      },
      { author: "thu.le", h: 5, body: doc("Đã gửi yêu cầu, cảm ơn chị!") },
    ],
    accept: { reply: 0 },
  },
  {
    lang: "vi",
    board: "lounge",
    author: "thu.le",
    day: 16,
    time: "22:00",
    title: "Cảm ơn anh kỹ thuật viên đã đến sửa mạng lúc 9h tối!",
    body: doc(
      p(
        "Muốn lên đây khen một chút: tối nay nhà mình mất mạng lúc 7h, gọi tổng đài thì ",
        b("8h45 đã có anh kỹ thuật đến"),
        ", thay dây quang và cấu hình lại modem trong 20 phút. Anh còn chỉ mình cách đặt modem cho sóng mạnh hơn.",
      ),
      "Cảm ơn anh Phúc và tổ kỹ thuật Quận 3 nhiều lắm! ❤️",
    ),
    up: ["lan.nguyen", "minh_tran", "ngoc.anh", "quang.vo", "hoa.mod"],
    replies: [
      {
        author: "hoa.mod",
        h: 10,
        body: doc(
          "Cảm ơn chị Thư đã dành thời gian chia sẻ! Em sẽ chuyển lời khen tới anh Phúc và tổ kỹ thuật Quận 3 ạ.",
        ),
        up: ["thu.le"],
      },
      {
        author: "lan.nguyen",
        h: 12,
        body: doc("Đọc mà thấy vui lây, mong tổ nào cũng nhiệt tình như vậy."),
        up: ["thu.le"],
      },
    ],
  },
  {
    lang: "vi",
    board: "lounge",
    author: "bao.hoang",
    day: 15,
    time: "19:20",
    title: "Nhân viên tổng đài thái độ quá tệ, nói chưa hết câu đã cúp máy",
    body: doc(
      p(
        "Hôm nay mình gọi tổng đài hỏi về việc hoàn tiền (đã đăng ở mục Cước phí), mới nói được nửa câu thì nhân viên bảo ",
        i('"anh chờ đi, bên em đang xử lý"'),
        " rồi ",
        b("cúp máy luôn"),
        ".",
      ),
      "Khách hàng gọi vì có vấn đề, không phải để bị đối xử như vậy. Mong SaoViet xem lại cách đào tạo nhân viên.",
    ),
    up: ["quang.vo", "tuan.dang", "minh_tran", "lan.nguyen"],
    replies: [
      {
        author: "hoa.mod",
        h: 1.5,
        body: doc(
          p(
            "Em thay mặt SaoViet Net xin lỗi anh Bảo. Thái độ như vậy ",
            b("không phù hợp với tiêu chuẩn phục vụ"),
            " của bên em.",
          ),
          "Em đã gửi phản ánh kèm thời điểm cuộc gọi để bộ phận quản lý chất lượng nghe lại ghi âm và xử lý. Kết quả sẽ được thông báo đến anh qua tin nhắn riêng.",
        ),
        up: ["bao.hoang", "quang.vo"],
      },
      {
        author: "quang.vo",
        h: 3,
        body: doc("Tổng đài dạo này đúng là tệ, gọi 15 phút mới gặp được người."),
        up: ["bao.hoang", "tuan.dang"],
      },
      {
        author: "admin",
        h: 26,
        body: doc(
          "Cập nhật từ ban quản lý: cuộc gọi đã được xác minh và nhân viên liên quan đã được nhắc nhở, đào tạo lại. Cảm ơn anh Bảo đã phản ánh để SaoViet Net phục vụ tốt hơn.",
        ),
        up: ["bao.hoang", "quang.vo", "tuan.dang"],
      },
    ],
  },
  {
    lang: "en",
    board: "billing",
    author: "david.m",
    day: 14,
    time: "10:00",
    title: "How do I set up auto-pay with a foreign credit card?",
    body: doc(
      "My card is issued by a UK bank. The auto-pay screen in the app only lists Vietnamese banks. Is there a way to use an international Visa or Mastercard?",
    ),
    replies: [
      {
        author: "james.mod",
        h: 3,
        body: doc(
          p(
            "Yes — in the app go to ",
            b("Billing → Payment methods → Add card"),
            " and choose ",
            i("International card"),
            " (it's below the list of local banks). Auto-pay then charges it on the 3rd of each month.",
          ),
          "Note that some UK banks block the first charge as suspicious, so approve it in your banking app if prompted.",
        ),
        up: ["david.m", "emily_w"],
      },
      {
        author: "emily_w",
        h: 20,
        body: doc(
          "Works with my Australian Mastercard too. Small tip: the first charge is a 10,000 VND verification that gets refunded.",
        ),
        up: ["david.m"],
      },
    ],
    accept: { reply: 0 },
  },
  {
    lang: "vi",
    board: "mobile-sim",
    author: "thu.le",
    day: 13,
    time: "11:45",
    title: "Chuyển từ SIM vật lý sang eSIM mất bao lâu, có bị mất sóng không?",
    body: doc(
      "Mình dùng số này để nhận OTP ngân hàng nên sợ mất sóng lâu. Chuyển sang eSIM thì SIM cũ bị vô hiệu lúc nào, mất bao lâu mới dùng lại được ạ?",
    ),
  },
  {
    lang: "en",
    board: "mobile-sim",
    author: "emily_w",
    day: 12,
    time: "17:30",
    title: "Lost my SIM card — how do I get a replacement with the same number?",
    body: doc(
      "My phone was stolen yesterday (already reported to the police). How do I get a new SIM with my old number, and can I block the old SIM right away?",
    ),
    replies: [
      {
        author: "sarah_k",
        h: 2,
        body: doc(
          "Sorry to hear that! You can lock the SIM immediately from the app under Mobile → Lock SIM, or by calling the hotline.",
        ),
        up: ["emily_w"],
      },
      {
        author: "james.mod",
        h: 3,
        body: doc(
          "Hi Emily, sorry about your phone. To get a replacement:",
          ol(
            ["Lock the old SIM now (app or hotline ", b("1800 6868"), ")."],
            "Visit any SaoViet store with your passport.",
            "The replacement SIM (or eSIM) is free for your first replacement each year.",
          ),
          "Your number, balance and data packs transfer automatically.",
        ),
        up: ["emily_w", "sarah_k"],
      },
    ],
  },
  {
    lang: "vi",
    board: "billing",
    author: "lan.nguyen",
    day: 11,
    time: "20:50",
    title: "Đổi sang gói cước rẻ hơn giữa kỳ có bị mất phí không?",
    body: doc(
      p(
        "Nhà mình ít dùng hơn nên muốn hạ từ ",
        b("Sao 300"),
        " xuống ",
        b("Sao 150"),
        ". Đổi giữa tháng có bị tính phí hay phải chờ hết kỳ cước không ạ?",
      ),
    ),
    replies: [
      {
        author: "quang.vo",
        h: 2,
        body: doc("Mình hạ gói năm ngoái, không mất phí nhưng phải chờ đến kỳ cước sau mới áp dụng."),
        up: ["lan.nguyen"],
      },
      {
        author: "hoa.mod",
        h: 4,
        body: doc(
          p(
            "Bạn Quang nói đúng ạ: hạ gói ",
            b("miễn phí"),
            " và có hiệu lực từ ngày 1 của kỳ cước kế tiếp. Riêng hợp đồng đang hưởng ưu đãi cam kết 12 tháng thì hạ gói trước hạn sẽ ",
            b("mất phần ưu đãi còn lại"),
            ".",
          ),
          p("Chị đổi trong ứng dụng: ", b("Internet → Gói cước → Đổi gói"), "."),
        ),
        up: ["lan.nguyen", "minh_tran"],
      },
    ],
    accept: { reply: 1, h: 5 },
  },
  {
    lang: "en",
    board: "app-account",
    author: "david.m",
    day: 10,
    time: "09:40",
    title: "Is there a way to switch the app language to English?",
    body: doc(
      "My phone is set to English but the SaoViet app is still fully in Vietnamese. Did I miss a setting?",
    ),
    replies: [
      {
        author: "sarah_k",
        h: 0.5,
        body: doc(
          p(
            "Tap the profile icon → ",
            b("Cài đặt"),
            " (Settings) → ",
            b("Ngôn ngữ"),
            " (Language) → English. Took me ages to find it too 😄",
          ),
        ),
        up: ["david.m", "emily_w", "kenji_t"],
      },
    ],
    accept: { reply: 0, h: 1 },
  },
  {
    lang: "en",
    board: "internet-wifi",
    author: "emily_w",
    day: 9,
    time: "20:10",
    title: 'No internet for 2 days and the hotline keeps saying "a technician will call you"',
    body: doc(
      "Since Tuesday evening my fibre has been completely down (LOS light red). I've called three times and every time I'm told a technician will call within 24 hours. Nobody has called.",
      p(
        b("I work from home and I'm paying for a service I'm not getting."),
        " What's the escalation path here?",
      ),
    ),
    up: ["sarah_k", "david.m", "kenji_t"],
    replies: [
      {
        author: "james.mod",
        h: 1,
        body: doc(
          p(
            "Emily, I'm really sorry. I've escalated your ticket to ",
            b("priority"),
            " and the District 7 field team lead has your number; he'll call you before 10am tomorrow.",
          ),
          "The downtime will be credited on your next bill automatically — I've added a note to make sure.",
        ),
        up: ["emily_w", "sarah_k"],
      },
      {
        author: "emily_w",
        h: 16,
        body: doc(
          "Technician came at 9:30, it was a cut cable in the street box. Back online. Thanks for escalating, but it shouldn't take a forum post to get someone to show up.",
        ),
        up: ["sarah_k", "kenji_t", "david.m"],
      },
    ],
  },
  {
    lang: "vi",
    board: "lounge",
    author: "minh_tran",
    day: 8,
    time: "21:00",
    title: "Mọi người đang dùng gói cước nào cho gia đình 4 người?",
    body: doc(
      "Nhà mình 4 người, 2 con học online, tối thì xem Netflix. Đang phân vân giữa:",
      ul(
        [b("Sao 300"), " – 260.000đ/tháng"],
        [b("Combo Gia Đình Sao"), " – 420.000đ/tháng (Internet 300Mbps + 4 SIM data)"],
      ),
      "Mọi người dùng thấy gói nào đáng tiền hơn?",
    ),
    up: ["lan.nguyen", "ngoc.anh"],
    replies: [
      {
        author: "lan.nguyen",
        h: 1,
        body: doc("Nhà mình dùng Combo Gia Đình Sao, tính ra rẻ hơn mua lẻ 4 SIM tầm 150k/tháng."),
        up: ["minh_tran", "quang.vo"],
      },
      {
        author: "quang.vo",
        h: 2,
        body: doc(
          "Nếu cả nhà đều dùng di động SaoViet thì combo hợp lý. Còn không thì Sao 300 là quá đủ cho 4 người.",
        ),
        up: ["minh_tran"],
      },
      {
        author: "ngoc.anh",
        h: 5,
        body: doc(p("Lưu ý combo ", b("cam kết 12 tháng"), " nhé, hủy sớm là mất ưu đãi.")),
        up: ["minh_tran", "lan.nguyen"],
      },
    ],
  },
  {
    lang: "en",
    board: "lounge",
    author: "kenji_t",
    day: 7,
    time: "18:00",
    title: "Big thanks to the install team — fibre up and running in one day!",
    body: doc(
      p(
        "Signed up online on Monday morning, the technicians were at my apartment by 3pm the same day, and they even helped me mount the modem on the wall. ",
        b("Fastest ISP install I've had in any country."),
      ),
      "Shout-out to the two techs in Thu Duc — great work!",
    ),
    up: ["sarah_k", "david.m", "emily_w", "james.mod"],
    replies: [
      {
        author: "james.mod",
        h: 3,
        body: doc("Thanks Kenji, that's great to hear! I'll pass it on to the Thu Duc team."),
        up: ["kenji_t"],
      },
      {
        author: "sarah_k",
        h: 5,
        body: doc("Lucky you! Mine took 3 days, but to be fair it was right before Tet."),
        up: ["kenji_t"],
      },
    ],
  },
  {
    lang: "vi",
    board: "internet-wifi",
    author: "thu.le",
    day: 6,
    time: "09:00",
    title: "Lắp thêm bộ Wi-Fi Mesh có cần gọi kỹ thuật SaoViet không?",
    body: doc(
      "Nhà mình 3 tầng, tầng 3 sóng rất yếu. Mình định mua thêm bộ Mesh, tự lắp được không hay phải đăng ký qua SaoViet ạ? Có gói thuê Mesh theo tháng không?",
    ),
  },
  {
    lang: "en",
    board: "lounge",
    author: "sarah_k",
    day: 6,
    time: "21:30",
    title: "Is it just me, or is the new app design harder to use?",
    body: doc(
      p(
        "Since the redesign, paying the bill takes ",
        b("five taps"),
        " instead of two, and the data balance is buried in a sub-menu. It looks nicer, but I preferred the old layout.",
      ),
      "Curious what others think.",
    ),
    up: ["david.m", "emily_w"],
    replies: [
      {
        author: "david.m",
        h: 2,
        body: doc("Agreed. The usage screen used to be front and centre."),
        up: ["sarah_k", "emily_w"],
      },
      {
        author: "kenji_t",
        h: 3,
        body: doc("I actually like it — the dark mode alone is worth it. Give it a week 🙂"),
        up: ["james.mod"],
        down: ["emily_w"],
      },
      {
        author: "james.mod",
        h: 20,
        body: doc(
          p(
            "Thanks for the honest feedback, everyone. I've shared this thread with the app team. The next release adds a ",
            b("customisable home screen"),
            " so you can pin Pay bill and Data balance to the top.",
          ),
        ),
        up: ["sarah_k", "david.m", "kenji_t"],
      },
    ],
  },
  {
    lang: "vi",
    board: "announcements",
    author: "hoa.mod",
    day: 5,
    time: "10:00",
    title: "[Thông báo] Bảo trì hệ thống cáp quang khu vực Quận 7 đêm thứ Bảy",
    body: doc(
      h3("Thời gian"),
      p(b("Từ 00:00 đến 04:00 sáng Chủ nhật"), " tuần này."),
      h3("Khu vực ảnh hưởng"),
      ul("Phường Tân Phong, Tân Phú, Tân Hưng (Quận 7, TP.HCM)", "Một phần khu đô thị Phú Mỹ Hưng"),
      p(
        "Trong thời gian bảo trì, Internet có thể gián đoạn tối đa ",
        b("30 phút"),
        ". Quý khách ",
        b("không cần"),
        " khởi động lại modem sau khi bảo trì.",
      ),
      hr,
      p(
        "Theo dõi tình trạng mạng theo thời gian thực tại ",
        a("trang trạng thái dịch vụ", "https://saoviet.example/trang-thai"),
        ".",
      ),
    ),
    up: ["ngoc.anh", "lan.nguyen", "thu.le", "tuan.dang"],
    replies: [
      { author: "ngoc.anh", h: 3, body: doc("Cảm ơn SaoViet đã thông báo trước ạ."), up: ["hoa.mod"] },
      {
        author: "tuan.dang",
        h: 6,
        body: doc("Thông báo trước thế này thì tốt, mong lần nào cũng vậy."),
        up: ["ngoc.anh", "hoa.mod"],
      },
    ],
  },
  {
    lang: "vi",
    board: "app-account",
    author: "quang.vo",
    day: 4,
    time: "15:20",
    title: "Làm sao đổi số điện thoại liên kết với tài khoản SaoViet?",
    body: doc(
      "Mình vừa đổi sang số điện thoại mới, giờ muốn tài khoản trên app nhận OTP về số mới. Đổi ở đâu vậy?",
    ),
    replies: [
      {
        author: "hoa.mod",
        h: 2,
        body: doc(
          p(
            "Anh vào ",
            b("Tài khoản → Thông tin cá nhân → Số điện thoại"),
            ", nhập số mới và xác thực bằng OTP gửi về ",
            i("cả số cũ và số mới"),
            ". Nếu số cũ không còn dùng được, anh mang CCCD ra cửa hàng để đổi trực tiếp nhé.",
          ),
        ),
        up: ["quang.vo", "minh_tran"],
      },
    ],
    accept: { reply: 0, by: "hoa.mod", h: 48 },
  },
  {
    lang: "en",
    board: "app-account",
    author: "emily_w",
    day: 3,
    time: "11:00",
    title: "How do I change the email address on my SaoViet account?",
    body: doc(
      "I want to move my account from my old work email to a personal one, but the email field is greyed out on the profile screen. Where can I change it?",
    ),
  },
  {
    lang: "vi",
    board: "mobile-sim",
    author: "tuan.dang",
    day: 3,
    time: "20:40",
    title: "Sóng 4G trong nhà ở Thủ Đức rất yếu, chỉ còn 1 vạch",
    body: doc(
      p(
        "Nhà mình ở ",
        b("phường Linh Trung, Thủ Đức"),
        ". Ra ngoài đường thì 4 vạch, vào nhà chỉ còn 1 vạch, gọi điện hay bị rớt. Có cách nào cải thiện không, SaoViet có hỗ trợ thiết bị kích sóng không?",
      ),
    ),
    up: ["minh_tran"],
  },
  {
    lang: "en",
    board: "mobile-sim",
    author: "david.m",
    day: 2,
    time: "13:00",
    title: "Does the 5G plan work in Da Nang yet?",
    body: doc(
      p(
        'Moving to Da Nang next month. The website says 5G is "expanding", but is there real coverage around ',
        b("My Khe beach / Son Tra"),
        "? I don't want to pay for 5G if it's 4G only.",
      ),
    ),
  },
  {
    lang: "en",
    board: "billing",
    author: "kenji_t",
    day: 2,
    time: "19:45",
    title: 'What is the "service maintenance fee" on my invoice?',
    body: doc(
      "My latest invoice has a new line:",
      quote("Phí duy trì dịch vụ — 22,000 VND"),
      "I don't remember agreeing to it. Is this new for everyone, or is it a mistake?",
    ),
    up: ["david.m"],
  },
  {
    lang: "vi",
    board: "billing",
    author: "minh_tran",
    day: 1,
    time: "08:30",
    title: "Sinh viên có gói Internet ưu đãi riêng không ạ?",
    body: doc(
      "Em mình sắp lên Hà Nội học đại học, thuê phòng trọ ở Cầu Giấy. SaoViet có gói Internet giá rẻ cho sinh viên không, cần giấy tờ gì để đăng ký ạ?",
    ),
  },
  {
    lang: "vi",
    board: "billing",
    author: "ngoc.anh",
    day: 1,
    time: "12:15",
    title: "Thanh toán cước qua ví MoMo có được giảm giá không?",
    body: doc(
      "Bạn mình bảo thanh toán qua ví điện tử được giảm 10%, không biết có đúng không và áp dụng cho cả cước Internet lẫn di động không ạ?",
    ),
  },
  {
    lang: "en",
    board: "internet-wifi",
    author: "sarah_k",
    day: 1,
    time: "20:30",
    title: "Is IPv6 supported on home fibre plans?",
    body: doc(
      "I'd like to run a few self-hosted services at home. Does SaoViet hand out IPv6 prefixes on residential fibre, and is a static IPv4 address available as an add-on?",
    ),
  },
  {
    lang: "vi",
    board: "internet-wifi",
    author: "bao.hoang",
    day: 0,
    time: "06:40",
    title: "Để modem trong tủ tivi có làm yếu sóng Wi-Fi không?",
    body: doc(
      "Nhà mới ở Đà Nẵng, kỹ thuật lắp modem trong tủ gỗ dưới tivi cho gọn. Phòng ngủ cách 2 bức tường thì sóng yếu hẳn. Mình có nên đưa modem ra ngoài không, đặt ở đâu là tốt nhất?",
    ),
  },
];
