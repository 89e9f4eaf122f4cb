import { describe, expect, it } from "vitest";
import { evaluate, parseLabelledTsv } from "./evaluate";

describe("parseLabelledTsv", () => {
  it("reads label<TAB>text lines and skips blank ones", () => {
    expect(parseLabelledTsv("pos\tgood\n\nneg\tbad\tworse\r\nneu\t\n")).toEqual([
      { label: "pos", text: "good" },
      { label: "neg", text: "bad\tworse" },
      { label: "neu", text: "" },
    ]);
  });

  it.each(["positive\tgood", "no tab here"])("rejects %j", (line) => {
    expect(() => parseLabelledTsv(line)).toThrow(/line 1/);
  });
});

describe("evaluate", () => {
  it("computes accuracy, per-class precision/recall/F1 and macro-F1", () => {
    const r = evaluate(["pos", "pos", "neg", "neu"], ["pos", "neg", "neg", "pos"]);
    expect(r.n).toBe(4);
    expect(r.accuracy).toBe(0.5);
    expect(r.perClass.pos).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(r.perClass.neg).toEqual({ precision: 0.5, recall: 1, f1: 0.6667 });
    expect(r.perClass.neu).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(r.macroF1).toBe(0.3889);
  });

  it("is perfect on perfect predictions", () => {
    const gold = ["pos", "neg", "neu"] as const;
    expect(evaluate(gold, gold).macroF1).toBe(1);
  });

  it("refuses mismatched lengths", () => {
    expect(() => evaluate(["pos"], [])).toThrow();
  });
});
