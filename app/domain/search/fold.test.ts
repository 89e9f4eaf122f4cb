import { describe, expect, it } from "vitest";
import { foldVietnamese } from "../listening/text";
import { FOLD_FROM, FOLD_TO, foldForSearch, foldLikeSql } from "./fold";

describe("fold table (what SQL translate() applies)", () => {
  it("maps one character to one character", () => {
    expect([...FOLD_FROM].length).toBe([...FOLD_TO].length);
    const vietnamese = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ";
    expect(foldLikeSql(vietnamese + vietnamese.toUpperCase())).toMatch(/^[A-Za-z]+$/);
  });

  it.each([
    "Hoàn tiền ngay",
    "TÀI KHOẢN BỊ KHOÁ",
    "đơn hàng Đã giao",
    "Thất vọng với dịch vụ",
    "ưu đãi ơi",
    "café naïve",
  ])("folds %s exactly like foldVietnamese", (s) => {
    expect(foldLikeSql(s).toLowerCase()).toBe(foldVietnamese(s.toLowerCase()));
  });

  it("removes combining marks of decomposed (NFD) text the same way", () => {
    const nfd = "hoàn tiền".normalize("NFD");
    expect(foldLikeSql(nfd)).toBe("hoan tien");
    expect(foldForSearch(nfd)).toBe("hoan tien");
  });

  it("folds queries: case, diacritics, đ", () => {
    expect(foldForSearch("Tài Khoản")).toBe("tai khoan");
    expect(foldForSearch("ĐỔI trả")).toBe("doi tra");
    expect(foldForSearch("refunds")).toBe("refunds");
  });
});
