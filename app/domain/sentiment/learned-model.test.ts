import { describe, expect, it } from "vitest";
import { analyzeLexicon } from "./analyze";
import {
  NEUTRAL_BAND,
  baseLogits,
  emptyModel,
  featuresOf,
  isCurrentModel,
  MODEL_VERSION,
  loadModel,
  logits,
  saveModel,
  softmax,
  train,
} from "./learned-model";

const example = (text: string, label: "pos" | "neg" | "neu") => {
  const a = analyzeLexicon(text);
  return { net: a.net, feats: featuresOf(a), label };
};

describe("base logits", () => {
  it.each([
    [0, 2],
    [NEUTRAL_BAND - 0.01, 2],
    [NEUTRAL_BAND + 0.01, 0],
    [-NEUTRAL_BAND - 0.01, 1],
    [3, 0],
    [-3, 1],
  ])("net %f → class %i", (net, cls) => {
    const p = softmax(baseLogits(net));
    expect(p.indexOf(Math.max(...p))).toBe(cls);
  });
});

describe("features", () => {
  it("include lexicon evidence, cues, toneless words and word pairs", () => {
    const f = featuresOf(analyzeLexicon("Dịch vụ rất tốt!"));
    expect(f.get("lex:pos")).toBeGreaterThan(0);
    expect(f.has("c:tốt")).toBe(true);
    expect(f.has("w:dich")).toBe(true);
    expect(f.has("b:rat tot")).toBe(true);
    expect(f.has("s:exclaim")).toBe(true);
  });

  it("give a word the same weight in a short post as in a long one, and count its occurrences", () => {
    const short = featuresOf(analyzeLexicon("Dịch vụ chậm"));
    const long = featuresOf(
      analyzeLexicon(
        "Mình đã gọi tổng đài ba lần trong tuần này và dịch vụ vẫn chậm như cũ, chưa ai gọi lại",
      ),
    );
    expect(short.get("w:dich")).toBeCloseTo(0.3);
    expect(long.get("w:dich")).toBeCloseTo(0.3);
    expect(long.get("w:goi")).toBeCloseTo(0.6);
  });

  it("leave function words out as single words", () => {
    const f = featuresOf(analyzeLexicon("the service is slow"));
    expect(f.has("w:the")).toBe(false);
    expect(f.has("b:the service")).toBe(true);
  });
});

describe("model versions", () => {
  it("a stored model is current only if it was learned on this version's features", () => {
    expect(emptyModel().version).toBe(MODEL_VERSION);
    expect(isCurrentModel(emptyModel())).toBe(true);
    expect(isCurrentModel(undefined)).toBe(true);
    expect(isCurrentModel({ ...emptyModel(), version: 1 })).toBe(false);
    expect(isCurrentModel({ weights: {} })).toBe(false);
    expect(isCurrentModel("junk")).toBe(false);
    const s = loadModel(undefined);
    train(s, [example("rubberbanding again", "neg")]);
    expect(isCurrentModel(saveModel(s))).toBe(true);
  });
});

describe("saving and loading", () => {
  it("an empty model changes nothing", () => {
    const s = loadModel(emptyModel());
    expect(logits(s, 2, new Map([["w:x", 1]]))).toEqual(baseLogits(2));
  });

  it("round-trips through JSON, centred and pruned", () => {
    const s = loadModel(undefined);
    train(s, [example("rubberbanding again", "neg"), example("goated patch", "pos")]);
    const saved = saveModel(s);
    expect(JSON.parse(JSON.stringify(saved))).toEqual(saved);
    for (const w of Object.values(saved.weights)) {
      expect(Math.abs(w[0] + w[1] + w[2])).toBeLessThan(0.01);
      expect(Math.max(...w) - Math.min(...w)).toBeGreaterThanOrEqual(0.05);
    }
    expect(saveModel(loadModel(saved))).toEqual(saved);
  });

  it("ignores malformed input", () => {
    const s = loadModel({
      version: 1,
      examples: -3,
      bias: [NaN, 1, 2],
      weights: { a: [1, 2, 3], b: "x" },
    } as never);
    expect(s.examples).toBe(0);
    expect(s.bias).toEqual([0, 1, 2]);
    expect([...s.weights.keys()]).toEqual(["a"]);
  });
});

describe("train", () => {
  it("is deterministic and counts examples", () => {
    const data = [example("lag spike", "neg"), example("gg wp", "pos"), example("server list", "neu")];
    const a = loadModel(undefined);
    const b = loadModel(undefined);
    train(a, data);
    train(b, data);
    expect(saveModel(a)).toEqual(saveModel(b));
    expect(a.examples).toBe(3);
  });

  it("does nothing without examples", () => {
    const s = loadModel(undefined);
    train(s, []);
    expect(saveModel(s)).toEqual(emptyModel());
  });
});

describe("a large batch of labels", () => {
  it("is pulled towards the lexicon: noisy labels do not unlearn it", () => {
    const texts = ["the match is on tonight", "trận đấu tối nay", "new phone, new case", "lịch học tuần sau"];
    const labels = ["pos", "neg", "neu"] as const;
    const batch = Array.from({ length: 300 }, (_, i) =>
      example(`${texts[i % 4]} ${i}`, labels[(i * 7) % 3]!),
    );
    const s = loadModel(undefined);
    train(s, batch);
    const label = (text: string) => {
      const a = analyzeLexicon(text);
      const p = softmax(logits(s, a.net, featuresOf(a)));
      return p.indexOf(Math.max(...p));
    };
    expect(label("Dịch vụ rất tệ")).toBe(1);
    expect(label("Great support, thank you!")).toBe(0);
    expect(label("Nhân viên rất nhiệt tình")).toBe(0);
  });
});
