import { describe, expect, it } from "vitest";
import { foldVietnamese } from "../listening/text";
import { foldForSearch } from "./fold";

describe("foldForSearch", () => {
  it.each([
    ["Hoàn tiền ngay", "hoan tien ngay"],
    ["TÀI KHOẢN BỊ KHOÁ", "tai khoan bi khoa"],
    ["đơn hàng Đã giao", "don hang da giao"],
    ["Thất vọng với dịch vụ", "that vong voi dich vu"],
    ["ưu đãi ơi", "uu dai oi"],
    ["café naïve", "cafe naive"],
    ["refunds", "refunds"],
  ])("folds %s", (input, folded) => {
    expect(foldForSearch(input)).toBe(folded);
  });

  it("agrees with foldVietnamese on every Vietnamese letter, both cases", () => {
    const letters = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ";
    for (const ch of letters + letters.toUpperCase()) {
      expect(foldForSearch(ch)).toBe(foldVietnamese(ch.toLowerCase()));
      expect(foldForSearch(ch)).toMatch(/^[a-z]$/);
    }
  });

  it("removes combining marks of decomposed (NFD) text and old-style tone placement alike", () => {
    expect(foldForSearch("hoàn tiền".normalize("NFD"))).toBe("hoan tien");
    expect(foldForSearch("hủy")).toBe(foldForSearch("huỷ"));
  });
});
