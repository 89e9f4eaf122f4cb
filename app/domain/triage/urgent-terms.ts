import { phraseAt, phraseWords, segmentWords, type Word } from "../listening";

/**
 * Words and phrases that mean "someone must look at this now": money taken, legal threats, outages, leaks,
 * fraud, danger, explicit urgency. Generous on purpose (a false cue costs a moderator a glance; a missed
 * one costs a customer), but every entry matches whole words only, so "down" never fires on "download".
 */
export type UrgentCategory =
  "money" | "cancel" | "fraud" | "legal" | "outage" | "security" | "safety" | "urgency";

export interface UrgentTerm {
  /** Canonical form, reported in triage reasons and shown (translated around) to moderators. */
  term: string;
  lang: "vi" | "en";
  category: UrgentCategory;
  /** Other spellings and inflections that count as this term. */
  variants?: readonly string[];
  /**
   * Vietnamese only. Every Vietnamese entry also matches text typed without diacritics ("lua dao") and
   * either tone placement ("hủy"/"huỷ"). `false` turns the toneless match off where the toneless spelling
   * is mostly another word: "gap" is usually "gặp" (meet), "sap" is "sắp" (soon), "kien" is "kiến"/"kiên".
   */
  toneless?: false;
  /** Longer phrases containing the term that are NOT urgent: "sự kiện" (event) is not "kiện" (sue). */
  unless?: readonly string[];
}

export const URGENT_TERMS: readonly UrgentTerm[] = [
  // --- Vietnamese: money ---
  { term: "hoàn tiền", lang: "vi", category: "money", variants: ["hoàn lại tiền", "hoàn trả tiền"] },
  { term: "trả lại tiền", lang: "vi", category: "money" },
  { term: "đòi tiền", lang: "vi", category: "money", variants: ["đòi lại tiền"] },
  { term: "mất tiền", lang: "vi", category: "money", variants: ["mất tiền oan"] },
  { term: "trừ tiền", lang: "vi", category: "money", variants: ["trừ hai lần", "trừ 2 lần", "trừ sai"] },
  {
    term: "tính tiền sai",
    lang: "vi",
    category: "money",
    variants: ["tính phí sai", "thu phí sai", "thu tiền sai"],
  },
  { term: "đền bù", lang: "vi", category: "money", variants: ["bồi thường"] },
  // --- Vietnamese: cancelling ---
  {
    term: "hủy dịch vụ",
    lang: "vi",
    category: "cancel",
    variants: ["hủy gói", "cắt dịch vụ", "ngừng dịch vụ"],
  },
  {
    term: "hủy hợp đồng",
    lang: "vi",
    category: "cancel",
    variants: ["chấm dứt hợp đồng", "thanh lý hợp đồng"],
  },
  { term: "chuyển nhà mạng", lang: "vi", category: "cancel", variants: ["chuyển mạng giữ số"] },
  // --- Vietnamese: fraud ---
  { term: "lừa đảo", lang: "vi", category: "fraud", variants: ["lừa gạt", "bị lừa"] },
  { term: "gian lận", lang: "vi", category: "fraud" },
  { term: "chiếm đoạt", lang: "vi", category: "fraud" },
  // --- Vietnamese: legal and public pressure ---
  {
    term: "kiện",
    lang: "vi",
    category: "legal",
    toneless: false,
    unless: [
      "sự kiện",
      "điều kiện",
      "linh kiện",
      "phụ kiện",
      "bưu kiện",
      "văn kiện",
      "dữ kiện",
      "kiện hàng",
      "kiện toàn",
      "kiện tướng",
    ],
  },
  // The unambiguous legal phrases, which also match without diacritics ("khoi kien").
  {
    term: "khởi kiện",
    lang: "vi",
    category: "legal",
    variants: ["kiện cáo", "đi kiện", "đơn kiện", "sẽ kiện"],
  },
  { term: "luật sư", lang: "vi", category: "legal" },
  { term: "tố cáo", lang: "vi", category: "legal", toneless: false },
  { term: "khiếu nại", lang: "vi", category: "legal" },
  { term: "công an", lang: "vi", category: "legal" },
  { term: "tòa án", lang: "vi", category: "legal" },
  { term: "ra tòa", lang: "vi", category: "legal", toneless: false },
  { term: "bộ công thương", lang: "vi", category: "legal", variants: ["bảo vệ người tiêu dùng"] },
  { term: "bóc phốt", lang: "vi", category: "legal", variants: ["lên báo"] },
  { term: "phốt", lang: "vi", category: "legal", toneless: false },
  // --- Vietnamese: outages ---
  { term: "mất mạng", lang: "vi", category: "outage", variants: ["mất sóng", "mất kết nối", "rớt mạng"] },
  { term: "sập", lang: "vi", category: "outage", toneless: false },
  { term: "không truy cập được", lang: "vi", category: "outage", variants: ["không vào được"] },
  { term: "gián đoạn", lang: "vi", category: "outage" },
  // --- Vietnamese: security ---
  { term: "rò rỉ", lang: "vi", category: "security" },
  {
    term: "lộ thông tin",
    lang: "vi",
    category: "security",
    variants: ["lộ dữ liệu", "lộ thông tin cá nhân"],
  },
  {
    term: "mất tài khoản",
    lang: "vi",
    category: "security",
    variants: ["bị đánh cắp", "bị chiếm tài khoản"],
  },
  // --- Vietnamese: safety ---
  { term: "nguy hiểm", lang: "vi", category: "safety" },
  { term: "cháy nổ", lang: "vi", category: "safety", variants: ["phát nổ", "bốc cháy"] },
  { term: "ngộ độc", lang: "vi", category: "safety" },
  { term: "bị thương", lang: "vi", category: "safety", variants: ["tai nạn"] },
  // --- Vietnamese: explicit urgency ---
  { term: "khẩn cấp", lang: "vi", category: "urgency", variants: ["khẩn trương"] },
  { term: "gấp", lang: "vi", category: "urgency", toneless: false },
  // --- English: money ---
  {
    term: "refund",
    lang: "en",
    category: "money",
    variants: ["refunds", "refunded", "refunding", "money back"],
  },
  {
    term: "charged twice",
    lang: "en",
    category: "money",
    variants: ["charged me twice", "billed twice", "double charged", "double charge", "double billed"],
  },
  { term: "overcharged", lang: "en", category: "money", variants: ["overcharge", "overcharging"] },
  { term: "unauthorized charge", lang: "en", category: "money", variants: ["unauthorised charge"] },
  { term: "chargeback", lang: "en", category: "money", variants: ["chargebacks", "charge back"] },
  { term: "compensation", lang: "en", category: "money" },
  // --- English: cancelling ---
  {
    term: "cancel",
    lang: "en",
    category: "cancel",
    variants: ["cancels", "cancelled", "canceled", "cancelling", "canceling", "cancellation", "unsubscribe"],
  },
  // --- English: fraud ---
  {
    term: "scam",
    lang: "en",
    category: "fraud",
    variants: ["scams", "scammed", "scammer", "scammers", "scamming"],
  },
  { term: "fraud", lang: "en", category: "fraud", variants: ["fraudulent"] },
  { term: "rip off", lang: "en", category: "fraud", variants: ["ripoff", "ripped off"] },
  // --- English: legal ---
  { term: "lawsuit", lang: "en", category: "legal", variants: ["lawsuits", "legal action", "small claims"] },
  { term: "lawyer", lang: "en", category: "legal", variants: ["lawyers", "attorney", "attorneys"] },
  { term: "sue", lang: "en", category: "legal", variants: ["sued", "suing"] },
  { term: "consumer protection", lang: "en", category: "legal", variants: ["report you"] },
  // --- English: outages ---
  { term: "outage", lang: "en", category: "outage", variants: ["outages"] },
  {
    term: "down",
    lang: "en",
    category: "outage",
    unless: [
      "calm down",
      "scroll down",
      "slow down",
      "sit down",
      "turn down",
      "back down",
      "step down",
      "narrow down",
      "write down",
      "thumbs down",
      "down payment",
      "down the road",
      "down the line",
      "comes down to",
      "come down to",
      "boils down to",
    ],
  },
  // --- English: security ---
  {
    term: "data leak",
    lang: "en",
    category: "security",
    variants: ["data leaks", "data leaked", "leaked data", "leaked"],
  },
  { term: "breach", lang: "en", category: "security", variants: ["breaches", "breached", "data breach"] },
  { term: "hacked", lang: "en", category: "security", variants: ["hack", "hacker", "hackers"] },
  { term: "compromised", lang: "en", category: "security", variants: ["stolen"] },
  // --- English: safety ---
  {
    term: "dangerous",
    lang: "en",
    category: "safety",
    variants: ["injured", "injury", "caught fire", "exploded"],
  },
  // --- English: explicit urgency ---
  { term: "urgent", lang: "en", category: "urgency", variants: ["urgently", "asap", "emergency"] },
];

interface CompiledSpelling {
  words: Word[];
  term: UrgentTerm;
  toneless: boolean;
  unless: Word[][];
}

/** Spellings indexed by the toneless form of their first word, so each text word tries only a handful. */
const BY_FIRST_WORD = new Map<string, CompiledSpelling[]>();
for (const term of URGENT_TERMS) {
  const unless = (term.unless ?? []).map(phraseWords);
  for (const spelling of [term.term, ...(term.variants ?? [])]) {
    const words = phraseWords(spelling);
    const first = words[0];
    if (!first) continue;
    const compiled: CompiledSpelling = { words, term, toneless: term.toneless !== false, unless };
    const list = BY_FIRST_WORD.get(first.fold) ?? [];
    list.push(compiled);
    BY_FIRST_WORD.set(first.fold, list);
  }
}
// Longest spelling first: "lộ thông tin cá nhân" is tried before "lộ thông tin".
for (const list of BY_FIRST_WORD.values()) list.sort((a, b) => b.words.length - a.words.length);

/** Is the match at [start, start+length) part of a non-urgent phrase such as "sự kiện"? */
function excused(words: readonly Word[], start: number, length: number, unless: readonly Word[][]): boolean {
  for (const phrase of unless) {
    for (let s = start + length - phrase.length; s <= start; s++) {
      if (phraseAt(words, s, phrase, true)) return true;
    }
  }
  return false;
}

export interface UrgentMatch {
  term: string;
  category: UrgentCategory;
  lang: "vi" | "en";
}

/** Every urgent term in the text, once each, in order of first appearance. */
export function findUrgentMatches(text: string): UrgentMatch[] {
  const found = new Map<string, UrgentMatch>();
  for (const words of segmentWords(text)) {
    // A match inside a longer one is the same cue: "khởi kiện" does not also report "kiện".
    let coveredUntil = 0;
    for (let i = 0; i < words.length; i++) {
      const candidates = BY_FIRST_WORD.get(words[i]!.fold);
      if (!candidates) continue;
      for (const c of candidates) {
        if (i + c.words.length <= coveredUntil) continue;
        if (!phraseAt(words, i, c.words, c.toneless)) continue;
        if (excused(words, i, c.words.length, c.unless)) continue;
        coveredUntil = i + c.words.length;
        if (!found.has(c.term.term)) {
          found.set(c.term.term, { term: c.term.term, category: c.term.category, lang: c.term.lang });
        }
      }
    }
  }
  return [...found.values()];
}

/** The canonical urgent terms found in the text ("hoan tien" → "hoàn tiền"), in order of first appearance. */
export function findUrgentTerms(text: string): string[] {
  return findUrgentMatches(text).map((m) => m.term);
}
