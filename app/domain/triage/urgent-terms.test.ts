import { describe, expect, it } from "vitest";
import { foldVietnamese } from "../listening";
import { findUrgentMatches, findUrgentTerms, URGENT_TERMS } from "./urgent-terms";

describe("findUrgentTerms: true cues", () => {
  it.each([
    // Vietnamese with diacritics
    ["Tôi muốn hoàn tiền ngay", ["hoàn tiền"]],
    ["Đây là lừa đảo!", ["lừa đảo"]],
    ["Tôi muốn hủy dịch vụ", ["hủy dịch vụ"]],
    ["Tôi muốn huỷ dịch vụ", ["hủy dịch vụ"]],
    ["Tài khoản bị trừ tiền 2 lần", ["trừ tiền"]],
    ["mất tiền oan", ["mất tiền"]],
    ["Tôi sẽ kiện công ty", ["khởi kiện"]],
    ["Tôi kiện các bạn ra tòa", ["kiện", "ra tòa"]],
    ["sẽ thuê luật sư", ["luật sư"]],
    ["tôi sẽ tố cáo", ["tố cáo"]],
    ["Mất mạng cả ngày", ["mất mạng"]],
    ["Dữ liệu bị rò rỉ, lộ thông tin cá nhân", ["rò rỉ", "lộ thông tin"]],
    ["Khẩn cấp!", ["khẩn cấp"]],
    ["Cần hỗ trợ gấp", ["gấp"]],
    ["Hệ thống sập rồi", ["sập"]],
    // Vietnamese typed without diacritics
    ["toi muon hoan tien", ["hoàn tiền"]],
    ["bi lua dao roi", ["lừa đảo"]],
    ["muon huy dich vu", ["hủy dịch vụ"]],
    ["mat mang tu sang", ["mất mạng"]],
    ["bi tru tien oan", ["trừ tiền"]],
    ["toi se khoi kien", ["khởi kiện"]],
    ["thue luat su", ["luật sư"]],
    ["ro ri du lieu, lo thong tin", ["rò rỉ", "lộ thông tin"]],
    ["KHAN CAP", ["khẩn cấp"]],
    // English
    ["I want a refund", ["refund"]],
    ["Please cancel my subscription", ["cancel"]],
    ["This is a scam", ["scam"]],
    ["Fraudulent charges!", ["fraud"]],
    ["I will file a lawsuit", ["lawsuit"]],
    ["My lawyer will call", ["lawyer"]],
    ["I'll sue you", ["sue"]],
    ["Major outage today", ["outage"]],
    ["The site is down again", ["down"]],
    ["Is the app DOWN?", ["down"]],
    ["There was a data leak", ["data leak"]],
    ["security breach", ["breach"]],
    ["my account was hacked", ["hacked"]],
    ["You charged me twice", ["charged twice"]],
    ["I was overcharged", ["overcharged"]],
    ["URGENT: help", ["urgent"]],
    ["I'm filing a chargeback", ["chargeback"]],
    // Mixed, bilingual and repeated
    ["Hoàn tiền đi / refund please", ["hoàn tiền", "refund"]],
    ["refund refund REFUND", ["refund"]],
    ["Scam! lua dao! Tôi sẽ kiện", ["scam", "lừa đảo", "khởi kiện"]],
  ] as const)("%s → %j", (text, expected) => {
    expect(findUrgentTerms(text)).toEqual(expected);
  });
});

describe("findUrgentTerms: word and syllable boundaries (false positives)", () => {
  it.each([
    "Download failed",
    "the downloads page",
    "downtown store",
    "Please calm down",
    "scroll down to the bottom",
    "a down payment",
    "the cancellable option", // not a listed inflection
    "Sự kiện cuối tuần rất vui",
    "su kien cuoi tuan",
    "Điều kiện áp dụng",
    "dieu kien ap dung",
    "Linh kiện chính hãng",
    "Phụ kiện đi kèm",
    "Kiện hàng đã tới",
    "Bưu kiện bị trễ",
    "Cho mình xin ý kiến",
    "y kien cua ban",
    "Dự kiến giao ngày mai",
    "du kien giao hang",
    "kiên nhẫn chờ",
    "Mình gặp lỗi nhỏ", // gặp (meet) is not gấp (urgent)
    "minh gap loi nho", // toneless gap: too ambiguous to count
    "sắp tới có khuyến mãi", // sắp is not sập
    "sap toi co khuyen mai",
    "vui lòng kiểm tra",
    "nice discount, thanks",
    "",
  ])("%j → no cue", (text) => {
    expect(findUrgentTerms(text)).toEqual([]);
  });

  it("a phrase never spans punctuation", () => {
    expect(findUrgentTerms("hoàn. Tiền")).toEqual([]);
    expect(findUrgentTerms("charged, twice")).toEqual([]);
  });

  it("a cue inside a longer cue is reported once", () => {
    expect(findUrgentTerms("khởi kiện")).toEqual(["khởi kiện"]);
    expect(findUrgentTerms("lộ thông tin cá nhân")).toEqual(["lộ thông tin"]);
  });

  it("an excused phrase only excuses its own words", () => {
    expect(findUrgentTerms("Sự kiện hôm qua tệ quá, tôi sẽ kiện")).toEqual(["khởi kiện"]);
    expect(findUrgentTerms("calm down? the site is down")).toEqual(["down"]);
  });
});

describe("URGENT_TERMS", () => {
  it("has unique canonical terms, in both languages, across every category", () => {
    const names = URGENT_TERMS.map((t) => t.term);
    expect(new Set(names).size).toBe(names.length);
    expect(URGENT_TERMS.filter((t) => t.lang === "vi").length).toBeGreaterThanOrEqual(25);
    expect(URGENT_TERMS.filter((t) => t.lang === "en").length).toBeGreaterThanOrEqual(15);
    expect(new Set(URGENT_TERMS.map((t) => t.category))).toEqual(
      new Set(["money", "cancel", "fraud", "legal", "outage", "security", "safety", "urgency"]),
    );
  });

  it.each([
    "lừa đảo",
    "hoàn tiền",
    "hủy dịch vụ",
    "mất tiền",
    "trừ tiền",
    "luật sư",
    "tố cáo",
    "mất mạng",
    "rò rỉ",
    "lộ thông tin",
    "khẩn cấp",
    "gấp",
    "refund",
    "cancel",
    "scam",
    "fraud",
    "lawsuit",
    "lawyer",
    "sue",
    "outage",
    "down",
    "data leak",
    "breach",
    "hacked",
    "charged twice",
    "overcharged",
    "urgent",
    "chargeback",
  ])("includes the issue's term %s", (term) => {
    expect(URGENT_TERMS.map((t) => t.term)).toContain(term);
  });

  const spellings = URGENT_TERMS.flatMap((t) => [t.term, ...(t.variants ?? [])].map((s) => ({ s, t })));
  it.each(spellings.map(({ s, t }) => [s, t.term] as const))(
    "the spelling %j is found as %j",
    (spelling, term) => {
      expect(findUrgentTerms(`xin chào, ${spelling} nhé`)).toEqual([term]);
    },
  );

  const toneless = spellings.filter(
    ({ s, t }) => t.lang === "vi" && t.toneless !== false && foldVietnamese(s) !== s,
  );
  it.each(toneless.map(({ s, t }) => [foldVietnamese(s), t.term] as const))(
    "the toneless spelling %j is found as %j",
    (spelling, term) => {
      expect(findUrgentTerms(spelling)).toEqual([term]);
    },
  );

  const noToneless = URGENT_TERMS.filter((t) => t.toneless === false);
  it.each(noToneless.map((t) => [foldVietnamese(t.term), t.term] as const))(
    "the ambiguous toneless %j is NOT taken for %j",
    (spelling) => {
      expect(findUrgentTerms(spelling)).toEqual([]);
    },
  );

  it("findUrgentMatches carries category and language", () => {
    expect(findUrgentMatches("hoan tien, refund, hacked")).toEqual([
      { term: "hoàn tiền", category: "money", lang: "vi" },
      { term: "refund", category: "money", lang: "en" },
      { term: "hacked", category: "security", lang: "en" },
    ]);
  });
});
