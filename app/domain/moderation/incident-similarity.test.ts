import { describe, expect, it } from "vitest";
import {
  incidentQueryTerms,
  incidentSearchText,
  incidentTerms,
  rankSimilarIncidents,
} from "./incident-similarity";

const INCIDENTS = [
  {
    id: "refund",
    text: "Bị trừ tiền hai lần khi thanh toán bằng thẻ. Billing hoàn tiền trong 3 ngày sau khi đối soát cổng thanh toán.",
  },
  {
    id: "login",
    text: "Không đăng nhập được ứng dụng sau bản cập nhật 5.2. Technical rolled back the release; users re-login.",
  },
  {
    id: "outage",
    text: "Mất mạng diện rộng ở Hà Nội, cáp quang bị đứt. Network team replaced the fibre cable.",
  },
  { id: "router", text: "The router keeps rebooting every night. Firmware 2.1 fixed the reboot loop." },
];

describe("incidentTerms", () => {
  it("folds Vietnamese, drops stop words, numbers and one-letter words", () => {
    expect(incidentTerms("Tôi bị trừ tiền 2 lần, quá tệ!")).toEqual(["tru", "tien", "te"]);
    expect(incidentTerms("The app is not working at all")).toEqual(["app", "working"]);
  });

  it("the same words typed with or without diacritics give the same terms", () => {
    expect(incidentTerms("Không đăng nhập được")).toEqual(incidentTerms("khong dang nhap duoc"));
  });
});

describe("incidentSearchText / incidentQueryTerms", () => {
  it("stores folded lower-case words and queries them the same way", () => {
    expect(incidentSearchText("Mất MẠNG", null, "Cáp quang")).toBe("mat mang cap quang");
    expect(incidentQueryTerms("Cáp QUANG đứt")).toEqual(["cap", "quang", "dut"]);
  });

  it("a query of stop words only still searches for them", () => {
    expect(incidentQueryTerms("là gì")).toEqual(["la", "gi"]);
  });
});

describe("rankSimilarIncidents", () => {
  it("finds the double-charge refund for a new complaint typed without diacritics", () => {
    const r = rankSimilarIncidents("Toi bi tru tien 2 lan khi thanh toan, can hoan tien gap", INCIDENTS);
    expect(r[0]?.id).toBe("refund");
    expect(r[0]!.terms).toEqual(expect.arrayContaining(["tru", "tien", "thanh", "toan", "hoan"]));
    expect(r.map((x) => x.id)).not.toContain("router");
  });

  it("finds the login incident from an English-and-Vietnamese question", () => {
    const r = rankSimilarIncidents("Can't login after the update, không đăng nhập được", INCIDENTS);
    expect(r[0]?.id).toBe("login");
  });

  it("finds an English incident from English text", () => {
    const r = rankSimilarIncidents("My router reboots every night since the firmware update", INCIDENTS);
    expect(r[0]?.id).toBe("router");
  });

  it("suggests nothing for an unrelated question or for stop words only", () => {
    expect(rankSimilarIncidents("How do I change my avatar picture?", INCIDENTS)).toEqual([]);
    expect(rankSimilarIncidents("tôi là ai, và gì", INCIDENTS)).toEqual([]);
    expect(rankSimilarIncidents("", INCIDENTS)).toEqual([]);
    expect(rankSimilarIncidents("refund", [])).toEqual([]);
  });

  it("scores are 0..1, best first, and the limit applies", () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ id: i, text: `mất mạng cáp quang khu ${i}` }));
    const r = rankSimilarIncidents("mat mang, cap quang bi dut", many, { limit: 3 });
    expect(r).toHaveLength(3);
    for (const x of r) expect(x.score).toBeGreaterThan(0);
    for (const x of r) expect(x.score).toBeLessThanOrEqual(1);
    // Equal scores keep the caller's order.
    expect(r.map((x) => x.id)).toEqual([0, 1, 2]);
  });

  it("an identical text scores 1", () => {
    const r = rankSimilarIncidents(INCIDENTS[3]!.text, INCIDENTS);
    expect(r[0]).toMatchObject({ id: "router", score: 1 });
  });
});
