import { describe, expect, it } from "vitest";
import { createAnalyzer, evaluate, type LearnedModel, type SentimentLabel } from "./index";

const analyzer = createAnalyzer();
const label = (text: string) => analyzer.score(text).label;

describe("negation", () => {
  it.each([
    ["Sản phẩm này không tốt.", "neg"],
    ["Tôi chẳng hài lòng chút nào.", "neg"],
    ["Đơn hàng chưa được xử lý.", "neg"],
    ["Chưa được.", "neg"],
    ["Nhân viên không nhiệt tình.", "neg"],
    ["Phòng không hề sạch sẽ.", "neg"],
    ["Không tệ.", "pos"],
    ["This is not good.", "neg"],
    ["Not bad at all.", "pos"],
    ["It never works.", "neg"],
    ["The app doesn't work on my phone.", "neg"],
    ["I don't like the new layout.", "neg"],
    ["The staff weren't helpful at all.", "neg"],
  ] as const)("%s → %s", (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it("names the negated phrase in the cues", () => {
    expect(analyzer.score("Sản phẩm không tốt").cues).toContain('"không tốt" (negated positive)');
    expect(analyzer.score("not bad").cues[0]).toMatch(/not bad/);
  });
});

describe("intensifiers and diminishers", () => {
  const magnitude = (text: string) => Math.abs(analyzer.score(text).score);
  it.each([
    ["Dịch vụ rất tốt", "Dịch vụ tốt"],
    ["Dịch vụ tốt lắm", "Dịch vụ tốt"],
    ["Dịch vụ quá tệ", "Dịch vụ tệ"],
    ["Dịch vụ cực kỳ tốt", "Dịch vụ tốt"],
    ["The service is very good", "The service is good"],
    ["The service is extremely bad", "The service is bad"],
    ["so helpful", "helpful"],
  ])("%s is stronger than %s", (strong, plain) => {
    expect(magnitude(strong)).toBeGreaterThan(magnitude(plain));
  });

  it.each([
    ["Nhân viên hơi chậm", "Nhân viên chậm"],
    ["It is a bit slow", "It is slow"],
    ["kind of annoying", "annoying"],
  ])("%s is weaker than %s", (weak, plain) => {
    expect(magnitude(weak)).toBeLessThan(magnitude(plain));
  });

  it("reads 'quá' before a degree word as a complaint of excess", () => {
    const r = analyzer.score("Bài tập quá nhiều.");
    expect(r.label).toBe("neg");
    expect(r.cues).toContain('"quá nhiều" (excess)');
    expect(label("The wait was too long.")).toBe("neg");
  });
});

describe("Vietnamese without diacritics", () => {
  it.each([
    ["Sản phẩm không tốt", "San pham khong tot"],
    ["Tôi rất hài lòng với dịch vụ", "Toi rat hai long voi dich vu"],
    ["Thật thất vọng", "That that vong"],
    ["Shop lừa đảo", "Shop lua dao"],
    ["Giao hàng nhanh, đóng gói cẩn thận", "Giao hang nhanh, dong goi can than"],
    ["Mất mạng cả ngày", "Mat mang ca ngay"],
    ["Tuyệt vời", "tuyet voi"],
    ["Chẳng hài lòng", "chang hai long"],
  ])("%s ≡ %s", (marked, toneless) => {
    const a = analyzer.score(marked);
    const b = analyzer.score(toneless);
    expect(a.label).not.toBe("neu");
    expect(b.label).toBe(a.label);
  });

  it("does not read an ambiguous toneless syllable inside English text", () => {
    // "met" (mệt), "loi" (lỗi), "do" (dở): English words or names here, not Vietnamese.
    expect(label("We met at the cafe on Le Loi street to do the paperwork.")).toBe("neu");
  });
});

describe("language detection", () => {
  it.each([
    ["Dịch vụ rất tốt, tôi sẽ quay lại.", "vi"],
    ["dich vu rat tot, toi se quay lai", "vi"],
    ["The service was great and I will come back.", "en"],
    ["Sản phẩm tốt lắm nhưng the delivery was so slow", "mixed"],
    ["Mình đã thử restart router but it is still not working", "mixed"],
  ] as const)("%s → %s", (text, lang) => {
    expect(analyzer.score(text).language).toBe(lang);
  });
});

describe("emoji and emoticons", () => {
  it.each([
    ["😡", "neg"],
    ["😡😡😡", "neg"],
    ["👍", "pos"],
    ["❤️", "pos"],
    ["🙏🙏", "pos"],
    [":)", "pos"],
    [":-)", "pos"],
    [":D", "pos"],
    [":(", "neg"],
    [":'(", "neg"],
    ["Giao hàng rồi :)))", "pos"],
    ["Lại lỗi nữa rồi 😤", "neg"],
  ] as const)("%s → %s", (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it("shows the emoji as its own cue", () => {
    expect(analyzer.score("Lại mất mạng 😡").cues).toContain("😡");
  });

  it("ignores a time like 10:30 (not ':3')", () => {
    expect(label("The meeting is at 10:30 tomorrow.")).toBe("neu");
  });
});

describe("contrast", () => {
  it.each([
    ["Nhân viên thân thiện nhưng giao hàng quá chậm.", "neg"],
    ["Giao hàng hơi chậm nhưng sản phẩm rất tốt.", "pos"],
    ["Tuy giao hàng chậm, sản phẩm rất tuyệt vời.", "pos"],
    ["The app looks nice but it crashes every day.", "neg"],
    ["Shipping was slow, however the quality is excellent.", "pos"],
    ["Although the staff were friendly, my refund never arrived.", "neg"],
  ] as const)("%s → %s", (text, expected) => {
    const r = analyzer.score(text);
    expect(r.label).toBe(expected);
  });

  it("says that the contrast decided", () => {
    expect(analyzer.score("Đẹp nhưng dùng rất chán").cues).toContain(
      "contrast (the later clause weighs more)",
    );
  });
});

describe("support-forum complaints are negative", () => {
  it.each([
    "I still haven't received my refund.",
    "You charged me twice for the same order!",
    "Double billing again this month.",
    "Internet outage for 3 days and nobody answers.",
    "The hotline staff was rude to me.",
    "Been waiting for days, support is so slow.",
    "Tôi vẫn chưa được hoàn tiền.",
    "Bị trừ tiền 2 lần cho cùng một đơn hàng!",
    "Mất mạng 3 ngày rồi mà không ai hỗ trợ.",
    "Nhân viên tổng đài rất thô lỗ.",
    "Chờ cả tuần rồi vẫn chưa ai trả lời.",
    "Wifi chập chờn, gọi tổng đài không ai nghe máy.",
    "Wi-Fi drops every evening around 9pm.",
    "The signal drops out whenever I take a call.",
    // Not being able to do what the service is for: "không V được", "can't V".
    "SIM mới mua không gọi được.",
    "Không thanh toán được bằng thẻ Visa.",
    "Điện thoại không lên mạng được.",
    "Nhà mình không bắt được sóng.",
    "Can't make calls with my new SIM.",
    "I can't access my account.",
    "The app won't install on my phone.",
  ])("%s", (text) => {
    const r = analyzer.score(text);
    expect(r.label).toBe("neg");
    expect(r.cues.length).toBeGreaterThan(0);
  });

  it("labels the complaint topic for moderators", () => {
    expect(analyzer.score("Where is my refund?").cues.join(" ")).toMatch(/refund" \(complaint\)/);
    expect(analyzer.score("Outage for 3 days").cues).toContain('"3 days" (long wait)');
  });
});

describe("thanks and praise are positive", () => {
  it.each([
    "Thanks, the issue is fixed now!",
    "Thank you so much for the quick response.",
    "Great support, highly recommend.",
    "Cảm ơn shop, hỗ trợ rất nhiệt tình.",
    "Nhân viên tư vấn tận tình, giao hàng nhanh.",
    "Dịch vụ tuyệt vời, 5 sao!",
    "Cam on ban nhieu nha",
  ])("%s", (text) => {
    expect(label(text)).toBe("pos");
  });
});

describe("plain questions and statements are neutral", () => {
  it.each([
    "How do I change my Wi-Fi password?",
    "Làm sao để đổi mật khẩu wifi?",
    "What time does the store open on Sunday?",
    "Cho mình hỏi gói cước này giá bao nhiêu?",
    "Hôm nay trời mưa.",
    "My order number is 12345.",
    // "top" as a verb is not praise: a speed that tops out, a balance topped up.
    "Over Wi-Fi it tops out around 40 Mbps in the same room.",
    "I topped up my prepaid balance at the store.",
    // Asking whether something can be done is not a complaint that it cannot.
    "eSIM có gọi được không ạ?",
    "How do I install the app?",
    "Can I top up with a foreign card?",
    // Overlooking something is not missing someone.
    "The app is still in Vietnamese. Did I miss a setting?",
  ])("%s", (text) => {
    const r = analyzer.score(text);
    expect(r.label).toBe("neu");
    expect(r.cues).toEqual([]);
  });
});

describe("requests and suggestions (ADR 007)", () => {
  it("a bare request is a mild negative", () => {
    const r = analyzer.score("Mong shop cải thiện tốc độ giao hàng.");
    expect(r.label).toBe("neg");
    expect(r.cues.join(" ")).toMatch(/\(request\)/);
    expect(label("Please fix this bug.")).toBe("neg");
  });

  it("positive evidence outweighs a request", () => {
    expect(label("Sản phẩm rất tốt, mong shop ra thêm màu mới.")).toBe("pos");
  });

  it("needing help is not dissatisfaction", () => {
    expect(label("Mình cần hỗ trợ đổi mật khẩu.")).toBe("neu");
  });
});

describe("result shape", () => {
  const texts = [
    "",
    "   \n\t ",
    "😡",
    "ok",
    "Tuyệt vời!!!",
    "NOT GOOD AT ALL",
    "so sooooo goooood",
    "a".repeat(50),
    "Sản phẩm tốt nhưng giao chậm. ".repeat(5_000),
    "\u0000\uFFFF\uD83D", // lone surrogate and control characters
  ];

  it.each(texts.map((t) => [t.slice(0, 30), t]))("%j does not throw and stays in range", (_name, text) => {
    const r = analyzer.score(text);
    expect(["pos", "neg", "neu"]).toContain(r.label);
    expect(r.confidence).toBeGreaterThanOrEqual(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(r.score).toBeGreaterThanOrEqual(-1);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(["vi", "en", "mixed"]).toContain(r.language);
    expect(Array.isArray(r.cues)).toBe(true);
  });

  it("is neutral for empty text", () => {
    expect(analyzer.score("").label).toBe("neu");
    expect(analyzer.score("   ").label).toBe("neu");
  });

  it("is deterministic", () => {
    const text = "Nhân viên thân thiện nhưng giao hàng quá chậm 😤";
    const a = createAnalyzer().score(text);
    const b = createAnalyzer().score(text);
    expect(b).toEqual(a);
    expect(analyzer.score(text)).toEqual(a);
  });

  it("is more confident with more evidence", () => {
    expect(analyzer.score("Tuyệt vời, rất hài lòng, cảm ơn shop!").confidence).toBeGreaterThan(
      analyzer.score("Cũng ổn").confidence,
    );
  });
});

describe("learning from corrections", () => {
  it("learn() fixes a mislabelled example and the model survives JSON", () => {
    const text = "This update is sick, the new maps are insane";
    const a = createAnalyzer();
    expect(a.score(text).label).not.toBe("pos");
    a.learn([{ text, label: "pos" }]);
    expect(a.score(text).label).toBe("pos");

    const stored = JSON.parse(JSON.stringify(a.model())) as LearnedModel;
    expect(stored).toEqual(a.model());
    const reloaded = createAnalyzer({ corrections: stored });
    expect(reloaded.score(text)).toEqual(a.score(text));
    expect(reloaded.score("Dịch vụ rất tệ").label).toBe("neg");
  });

  it("is deterministic", () => {
    const examples = [
      { text: "lag spike again", label: "neg" as const },
      { text: "gg, clutch win", label: "pos" as const },
    ];
    const a = createAnalyzer();
    const b = createAnalyzer();
    a.learn(examples);
    b.learn(examples);
    expect(JSON.stringify(b.model())).toBe(JSON.stringify(a.model()));
  });

  it("continues from a stored model and keeps what it learned", () => {
    const a = createAnalyzer();
    a.learn([{ text: "rubberbanding all evening", label: "neg" }]);
    const b = createAnalyzer({ corrections: a.model() });
    b.learn([{ text: "poggers patch", label: "pos" }]);
    expect(b.score("rubberbanding all evening").label).toBe("neg");
    expect(b.score("poggers patch").label).toBe("pos");
    expect(b.model().examples).toBe(2);
  });

  it("ignores malformed stored models", () => {
    const junk = {
      version: 1,
      examples: "x",
      bias: [1, "a"],
      weights: { "w:tot": ["q", null, 2] },
    } as unknown;
    const r = createAnalyzer({ corrections: junk as LearnedModel }).score("Dịch vụ tốt");
    expect(r.label).toBe("pos");
  });

  // A gaming community's support forum: its jargon is not in any general lexicon.
  const community: { text: string; label: SentimentLabel }[] = [
    { text: "Rubberbanding on every server since the patch", label: "neg" },
    { text: "Desync in ranked again, lost the match", label: "neg" },
    { text: "My save got bricked after the update", label: "neg" },
    { text: "Softlocked in the tutorial, cannot move", label: "neg" },
    { text: "Game toang rồi, vào trận là văng", label: "neg" },
    { text: "Server xịt cả tối, ping nhảy lung tung", label: "neg" },
    { text: "The new map is goated", label: "pos" },
    { text: "Clutch patch, the devs are goated", label: "pos" },
    { text: "Poggers event, free skins for everyone", label: "pos" },
    { text: "Update mới mượt, chiến mlem", label: "pos" },
    { text: "Team support chill phết, fix trong một nốt nhạc", label: "pos" },
    { text: "Patch notes are up on the website", label: "neu" },
    { text: "Maintenance is scheduled for Tuesday 2am", label: "neu" },
    { text: "Which region is the EU server in?", label: "neu" },
    { text: "Lịch bảo trì server tuần này là thứ ba", label: "neu" },
    { text: "Rubberbanding makes the raid unplayable", label: "neg" },
    { text: "Desync everywhere, my shots do not register", label: "neg" },
    { text: "Bricked my controller settings, thanks patch", label: "neg" },
    { text: "Toang thật sự, mất hết đồ", label: "neg" },
    { text: "Goated skins this season", label: "pos" },
  ];
  const heldOut: { text: string; label: SentimentLabel }[] = [
    { text: "Still rubberbanding in the desert zone", label: "neg" },
    { text: "Desync after desync tonight", label: "neg" },
    { text: "Phone version bricked again", label: "neg" },
    { text: "Softlocked twice in the same quest", label: "neg" },
    { text: "Acc mình toang sau bản cập nhật", label: "neg" },
    { text: "Event này xịt quá", label: "neg" },
    { text: "That boss fight was goated", label: "pos" },
    { text: "Poggers, the queue is instant now", label: "pos" },
    { text: "Clutch fix from the devs", label: "pos" },
    { text: "Skin mới mlem ghê", label: "pos" },
    { text: "Lobby nhạc chill phết", label: "pos" },
    { text: "Maintenance window is Thursday", label: "neu" },
    { text: "Patch notes for season 3 are on the website", label: "neu" },
    { text: "Which server is closest to Singapore?", label: "neu" },
    { text: "Lịch bảo trì tuần sau là thứ năm", label: "neu" },
    { text: "The rubberbanding is back", label: "neg" },
    { text: "Desync again in ranked", label: "neg" },
    { text: "Goated update honestly", label: "pos" },
    { text: "Server toang từ sáng", label: "neg" },
    { text: "Poggers patch notes", label: "pos" },
  ];

  it("corrections from one half of a labelled set improve the score on the other half", () => {
    const macroF1 = (a: ReturnType<typeof createAnalyzer>) =>
      evaluate(
        heldOut.map((e) => e.label),
        heldOut.map((e) => a.score(e.text).label),
      ).macroF1;
    const plain = createAnalyzer();
    const taught = createAnalyzer();
    taught.learn(community);
    const before = macroF1(plain);
    const after = macroF1(taught);
    expect(after).toBeGreaterThan(before + 0.2);
    // …and what it knew before is still there.
    expect(taught.score("Cảm ơn shop, hỗ trợ rất nhiệt tình").label).toBe("pos");
    expect(taught.score("Tôi vẫn chưa được hoàn tiền").label).toBe("neg");
  });
});
