import { describe, it, expect } from "vitest";
import {
  RICH_TEXT_LIMITS,
  docFromPlainText,
  isSafeHref,
  validateDoc,
  type RichTextErrorCode,
  type RichTextNode,
} from "./rich-text";

// ---------- helpers ----------

const doc = (...content: unknown[]) => ({ type: "doc", content });
const p = (...content: unknown[]) => ({ type: "paragraph", content });
const t = (text: string, marks?: unknown[]) =>
  marks ? { type: "text", text, marks } : { type: "text", text };
const link = (href: unknown, extra: Record<string, unknown> = {}) => ({
  type: "link",
  attrs: href === undefined ? { ...extra } : { href, ...extra },
});

function expectOk(input: unknown) {
  const r = validateDoc(input);
  if (!r.ok) throw new Error(`expected ok, got ${r.code}: ${r.detail}`);
  return r;
}

// ---------- accepted documents ----------

describe("validateDoc: accepted documents", () => {
  const cases: { name: string; input: unknown; text: string }[] = [
    { name: "single paragraph", input: doc(p(t("Hello world"))), text: "Hello world" },
    {
      name: "two paragraphs",
      input: doc(p(t("First")), p(t("Second"))),
      text: "First\nSecond",
    },
    {
      name: "bold / italic / strike / code marks",
      input: doc(
        p(
          t("b", [{ type: "bold" }]),
          t("i", [{ type: "italic" }]),
          t("s", [{ type: "strike" }]),
          t("c", [{ type: "code" }]),
          t("all", [{ type: "bold" }, { type: "italic" }, { type: "strike" }]),
        ),
      ),
      text: "bisc" + "all",
    },
    {
      name: "bullet list",
      input: doc({
        type: "bulletList",
        content: [
          { type: "listItem", content: [p(t("one"))] },
          { type: "listItem", content: [p(t("two"))] },
        ],
      }),
      text: "one\n\ntwo",
    },
    {
      name: "ordered list with start",
      input: doc({
        type: "orderedList",
        attrs: { start: 3 },
        content: [{ type: "listItem", content: [p(t("three"))] }],
      }),
      text: "three",
    },
    {
      name: "ordered list with start 0",
      input: doc({
        type: "orderedList",
        attrs: { start: 0 },
        content: [{ type: "listItem", content: [p(t("x"))] }],
      }),
      text: "x",
    },
    { name: "blockquote", input: doc({ type: "blockquote", content: [p(t("quoted"))] }), text: "quoted" },
    {
      name: "code block with language",
      input: doc({ type: "codeBlock", attrs: { language: "typescript" }, content: [t("const a = 1;")] }),
      text: "const a = 1;",
    },
    {
      name: "code block with c++ / c# style language",
      input: doc({ type: "codeBlock", attrs: { language: "c++" }, content: [t("x")] }),
      text: "x",
    },
    {
      name: "code block without language",
      input: doc({ type: "codeBlock", content: [t("plain")] }),
      text: "plain",
    },
    {
      name: "heading level 2 and 3",
      input: doc(
        { type: "heading", attrs: { level: 2 }, content: [t("Title")] },
        { type: "heading", attrs: { level: 3 }, content: [t("Sub")] },
      ),
      text: "Title\nSub",
    },
    {
      name: "hard break inside a paragraph",
      input: doc(p(t("line one"), { type: "hardBreak" }, t("line two"))),
      text: "line one\nline two",
    },
    {
      name: "horizontal rule between paragraphs",
      input: doc(p(t("above")), { type: "horizontalRule" }, p(t("below"))),
      text: "above\nbelow",
    },
    {
      name: "https link",
      input: doc(p(t("site", [link("https://example.com/a?b=c#d")]))),
      text: "site",
    },
    {
      name: "http link",
      input: doc(p(t("site", [link("http://example.com")]))),
      text: "site",
    },
    {
      name: "mailto link",
      input: doc(p(t("mail me", [link("mailto:someone@example.com")]))),
      text: "mail me",
    },
    {
      name: "leading/trailing whitespace is trimmed in the plain text",
      input: doc(p(t("   padded   "))),
      text: "padded",
    },
    {
      name: "many empty paragraphs collapse to one blank line",
      input: doc(p(t("a")), p(), p(), p(), p(t("b"))),
      text: "a\n\nb",
    },
    {
      name: "text exactly at the length limit",
      input: doc(p(t("a".repeat(RICH_TEXT_LIMITS.maxTextLength)))),
      text: "a".repeat(RICH_TEXT_LIMITS.maxTextLength),
    },
  ];

  it.each(cases)("$name", ({ input, text }) => {
    const r = expectOk(input);
    expect(r.text).toBe(text);
    expect(r.doc.type).toBe("doc");
  });

  it("returns a deep, structurally equal copy of a clean document (not the same object)", () => {
    const input = doc(
      { type: "heading", attrs: { level: 2 }, content: [t("Title")] },
      p(t("bold", [{ type: "bold" }]), { type: "hardBreak" }, t("link", [link("https://example.com")])),
      { type: "codeBlock", attrs: { language: "js" }, content: [t("x()")] },
      { type: "orderedList", attrs: { start: 2 }, content: [{ type: "listItem", content: [p(t("i"))] }] },
    );
    const snapshot = JSON.parse(JSON.stringify(input));
    const r = expectOk(input);
    expect(r.doc).toEqual(input);
    expect(r.doc).not.toBe(input);
    expect(r.doc.content[1]).not.toBe(input.content[1]);
    // the input is not mutated
    expect(input).toEqual(snapshot);
  });

  it("fills in default attributes for heading, orderedList and codeBlock", () => {
    const r = expectOk(
      doc(
        { type: "heading", content: [t("h")] },
        { type: "orderedList", content: [{ type: "listItem", content: [p(t("i"))] }] },
        { type: "codeBlock", content: [t("c")] },
      ),
    );
    expect(r.doc.content[0]?.attrs).toEqual({ level: 2 });
    expect(r.doc.content[1]?.attrs).toEqual({ start: 1 });
    expect(r.doc.content[2]?.attrs).toEqual({ language: null });
  });

  it("an empty doc content array is allowed in structure (but is rejected as empty)", () => {
    const r = validateDoc({ type: "doc", content: [] });
    expect(r).toMatchObject({ ok: false, code: "empty" });
  });
});

describe("validateDoc: unknown attributes are dropped", () => {
  it("drops onclick / class on a paragraph and attrs on the doc and text", () => {
    const r = expectOk({
      type: "doc",
      attrs: { onload: "evil()" },
      content: [
        {
          type: "paragraph",
          attrs: { onclick: "alert(1)", class: "x", style: "color:red" },
          content: [{ type: "text", text: "hi", attrs: { onmouseover: "x" } }],
        },
      ],
    });
    expect(r.doc).toEqual({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "hi" }] }],
    });
    const para = r.doc.content[0] as RichTextNode;
    expect(para).not.toHaveProperty("attrs");
    expect(r.doc).not.toHaveProperty("attrs");
    expect(para.content?.[0]).not.toHaveProperty("attrs");
  });

  it("drops unknown top-level node keys (only type/attrs/content/marks/text survive)", () => {
    const r = expectOk({
      type: "doc",
      content: [{ type: "paragraph", html: "<script>", content: [{ type: "text", text: "x", foo: 1 }] }],
    });
    expect(r.doc).toEqual({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "x" }] }],
    });
  });

  it("keeps only href on links (drops target, rel, class, onclick)", () => {
    const r = expectOk(
      doc(
        p(
          t("go", [
            link("https://example.com", { target: "_top", rel: "opener", class: "evil", onclick: "x()" }),
          ]),
        ),
      ),
    );
    const text = r.doc.content[0]?.content?.[0];
    expect(text?.marks).toEqual([{ type: "link", attrs: { href: "https://example.com" } }]);
  });

  it("drops attrs on non-link marks", () => {
    const r = expectOk(doc(p(t("b", [{ type: "bold", attrs: { style: "x" } }]))));
    expect(r.doc.content[0]?.content?.[0]?.marks).toEqual([{ type: "bold" }]);
  });

  it("keeps only level on headings, start on ordered lists, language on code blocks", () => {
    const r = expectOk(
      doc(
        { type: "heading", attrs: { level: 3, id: "x", textAlign: "center" }, content: [t("h")] },
        {
          type: "orderedList",
          attrs: { start: 5, type: "a", onclick: "x" },
          content: [{ type: "listItem", attrs: { checked: true }, content: [p(t("i"))] }],
        },
        { type: "codeBlock", attrs: { language: "py", class: "language-py" }, content: [t("c")] },
      ),
    );
    expect(r.doc.content[0]?.attrs).toEqual({ level: 3 });
    expect(r.doc.content[1]?.attrs).toEqual({ start: 5 });
    expect(r.doc.content[1]?.content?.[0]).not.toHaveProperty("attrs");
    expect(r.doc.content[2]?.attrs).toEqual({ language: "py" });
  });

  it("drops an empty marks array on text", () => {
    const r = expectOk(doc(p({ type: "text", text: "x", marks: [] })));
    expect(r.doc.content[0]?.content?.[0]).toEqual({ type: "text", text: "x" });
  });
});

// ---------- rejected documents ----------

const nest = (depth: number): unknown => {
  // doc (0) > blockquote (1) > ... > blockquote (depth) > paragraph > text
  let node: unknown = p(t("deep"));
  for (let i = 0; i < depth; i++) node = { type: "blockquote", content: [node] };
  return doc(node);
};

describe("validateDoc: rejected documents", () => {
  const cases: { name: string; input: unknown; code: RichTextErrorCode }[] = [
    // not a document
    { name: "null", input: null, code: "not_a_document" },
    { name: "undefined", input: undefined, code: "not_a_document" },
    { name: "a string", input: "hello", code: "not_a_document" },
    { name: "a JSON string of a doc", input: JSON.stringify(doc(p(t("x")))), code: "not_a_document" },
    { name: "a number", input: 42, code: "not_a_document" },
    { name: "an array", input: [doc(p(t("x")))], code: "not_a_document" },
    {
      name: "type paragraph at the root",
      input: { type: "paragraph", content: [t("x")] },
      code: "not_a_document",
    },
    { name: "type missing", input: { content: [p(t("x"))] }, code: "not_a_document" },
    { name: "content missing", input: { type: "doc" }, code: "not_a_document" },
    {
      name: "content not an array",
      input: { type: "doc", content: { 0: p(t("x")) } },
      code: "not_a_document",
    },
    {
      name: "paragraph content not an array",
      input: doc({ type: "paragraph", content: "x" }),
      code: "not_a_document",
    },
    {
      name: "hardBreak with content",
      input: doc(p(t("a"), { type: "hardBreak", content: [t("x")] })),
      code: "not_a_document",
    },
    {
      name: "horizontalRule with content",
      input: doc({ type: "horizontalRule", content: [p(t("x"))] }),
      code: "not_a_document",
    },

    // unknown nodes
    {
      name: "image node",
      input: doc(p(t("a")), { type: "image", attrs: { src: "x" } }),
      code: "unknown_node",
    },
    {
      name: "iframe node",
      input: doc({ type: "iframe", attrs: { src: "https://evil" } }),
      code: "unknown_node",
    },
    { name: "script node", input: doc(p({ type: "script", text: "alert(1)" })), code: "unknown_node" },
    { name: "nested doc", input: doc(doc(p(t("x")))), code: "unknown_node" },
    {
      name: "doc nested deeper",
      input: doc({ type: "blockquote", content: [doc(p(t("x")))] }),
      code: "unknown_node",
    },
    { name: "node without type", input: doc({ content: [t("x")] }), code: "unknown_node" },
    { name: "node that is a string", input: doc("paragraph"), code: "unknown_node" },
    { name: "node that is null", input: doc(null), code: "unknown_node" },
    { name: "node type not a string", input: doc({ type: 1 }), code: "unknown_node" },
    {
      name: "node type with different case",
      input: doc({ type: "Paragraph", content: [t("x")] }),
      code: "unknown_node",
    },
    { name: "text node without text", input: doc(p({ type: "text" })), code: "unknown_node" },
    { name: "text node with empty text", input: doc(p({ type: "text", text: "" })), code: "unknown_node" },
    {
      name: "text node with non-string text",
      input: doc(p({ type: "text", text: 5 })),
      code: "unknown_node",
    },

    // unknown marks
    { name: "underline mark", input: doc(p(t("u", [{ type: "underline" }]))), code: "unknown_mark" },
    {
      name: "textStyle mark",
      input: doc(p(t("u", [{ type: "textStyle", attrs: { color: "red" } }]))),
      code: "unknown_mark",
    },
    { name: "mark without type", input: doc(p(t("u", [{}]))), code: "unknown_mark" },
    { name: "mark that is a string", input: doc(p(t("u", ["bold"]))), code: "unknown_mark" },
    {
      name: "marks not an array",
      input: doc(p(t("u", { type: "bold" } as unknown as unknown[]))),
      code: "unknown_mark",
    },
    {
      name: "more marks than there are mark types",
      input: doc(
        p(
          t("u", [
            { type: "bold" },
            { type: "bold" },
            { type: "bold" },
            { type: "bold" },
            { type: "bold" },
            { type: "bold" },
          ]),
        ),
      ),
      code: "unknown_mark",
    },
    {
      name: "marks on a paragraph",
      input: doc({ type: "paragraph", marks: [{ type: "bold" }], content: [t("x")] }),
      code: "unknown_mark",
    },
    {
      name: "empty marks array on a paragraph",
      input: doc({ type: "paragraph", marks: [], content: [t("x")] }),
      code: "unknown_mark",
    },
    {
      name: "marks on a hardBreak",
      input: doc(p(t("a"), { type: "hardBreak", marks: [{ type: "bold" }] })),
      code: "unknown_mark",
    },

    // unsafe links
    { name: "javascript: link", input: doc(p(t("x", [link("javascript:alert(1)")]))), code: "unsafe_link" },
    {
      name: "mixed-case javascript: link",
      input: doc(p(t("x", [link("JaVaScRiPt:alert(1)")]))),
      code: "unsafe_link",
    },
    {
      name: "tab inside javascript:",
      input: doc(p(t("x", [link("java\tscript:alert(1)")]))),
      code: "unsafe_link",
    },
    {
      name: "newline inside javascript:",
      input: doc(p(t("x", [link("java\nscript:alert(1)")]))),
      code: "unsafe_link",
    },
    {
      name: "leading space before javascript:",
      input: doc(p(t("x", [link(" javascript:alert(1)")]))),
      code: "unsafe_link",
    },
    {
      name: "leading NUL before javascript:",
      input: doc(p(t("x", [link("\u0000javascript:alert(1)")]))),
      code: "unsafe_link",
    },
    {
      name: "data: URL",
      input: doc(p(t("x", [link("data:text/html,<script>alert(1)</script>")]))),
      code: "unsafe_link",
    },
    { name: "vbscript: URL", input: doc(p(t("x", [link("vbscript:msgbox(1)")]))), code: "unsafe_link" },
    { name: "file: URL", input: doc(p(t("x", [link("file:///etc/passwd")]))), code: "unsafe_link" },
    { name: "relative /foo", input: doc(p(t("x", [link("/foo")]))), code: "unsafe_link" },
    {
      name: "protocol-relative //evil",
      input: doc(p(t("x", [link("//evil.example")]))),
      code: "unsafe_link",
    },
    { name: "bare word", input: doc(p(t("x", [link("example.com")]))), code: "unsafe_link" },
    { name: "missing href", input: doc(p(t("x", [link(undefined)]))), code: "unsafe_link" },
    { name: "link without attrs", input: doc(p(t("x", [{ type: "link" }]))), code: "unsafe_link" },
    { name: "empty href", input: doc(p(t("x", [link("")]))), code: "unsafe_link" },
    { name: "non-string href", input: doc(p(t("x", [link(42)]))), code: "unsafe_link" },
    {
      name: "href longer than maxLinkLength",
      input: doc(p(t("x", [link("https://example.com/" + "a".repeat(RICH_TEXT_LIMITS.maxLinkLength))]))),
      code: "unsafe_link",
    },

    // bad attributes
    {
      name: "heading level 1",
      input: doc({ type: "heading", attrs: { level: 1 }, content: [t("x")] }),
      code: "bad_attribute",
    },
    {
      name: "heading level 4",
      input: doc({ type: "heading", attrs: { level: 4 }, content: [t("x")] }),
      code: "bad_attribute",
    },
    {
      name: 'heading level "2" (string)',
      input: doc({ type: "heading", attrs: { level: "2" }, content: [t("x")] }),
      code: "bad_attribute",
    },
    {
      name: "orderedList start -1",
      input: doc({
        type: "orderedList",
        attrs: { start: -1 },
        content: [{ type: "listItem", content: [p(t("x"))] }],
      }),
      code: "bad_attribute",
    },
    {
      name: "orderedList start 1.5",
      input: doc({
        type: "orderedList",
        attrs: { start: 1.5 },
        content: [{ type: "listItem", content: [p(t("x"))] }],
      }),
      code: "bad_attribute",
    },
    {
      name: 'orderedList start "1" (string)',
      input: doc({
        type: "orderedList",
        attrs: { start: "1" },
        content: [{ type: "listItem", content: [p(t("x"))] }],
      }),
      code: "bad_attribute",
    },
    {
      name: "orderedList start huge",
      input: doc({
        type: "orderedList",
        attrs: { start: 1e9 },
        content: [{ type: "listItem", content: [p(t("x"))] }],
      }),
      code: "bad_attribute",
    },
    {
      name: "codeBlock language with spaces",
      input: doc({ type: "codeBlock", attrs: { language: "java script" }, content: [t("x")] }),
      code: "bad_attribute",
    },
    {
      name: "codeBlock language attribute breakout",
      input: doc({
        type: "codeBlock",
        attrs: { language: '"><script>alert(1)</script>' },
        content: [t("x")],
      }),
      code: "bad_attribute",
    },
    {
      name: "codeBlock language too long",
      input: doc({ type: "codeBlock", attrs: { language: "a".repeat(31) }, content: [t("x")] }),
      code: "bad_attribute",
    },
    {
      name: "codeBlock language not a string",
      input: doc({ type: "codeBlock", attrs: { language: 3 }, content: [t("x")] }),
      code: "bad_attribute",
    },

    // limits
    {
      name: "text longer than maxTextLength in one node",
      input: doc(p(t("a".repeat(RICH_TEXT_LIMITS.maxTextLength + 1)))),
      code: "too_long",
    },
    {
      name: "text longer than maxTextLength across nodes",
      input: doc(
        p(t("a".repeat(RICH_TEXT_LIMITS.maxTextLength / 2))),
        p(t("b".repeat(RICH_TEXT_LIMITS.maxTextLength / 2 + 1))),
      ),
      code: "too_long",
    },
    { name: "nesting deeper than maxDepth", input: nest(RICH_TEXT_LIMITS.maxDepth), code: "too_complex" },
    { name: "absurdly deep nesting", input: nest(500), code: "too_complex" },
    {
      name: "more nodes than maxNodes",
      // doc + N paragraphs each with one text node = 1 + 2N nodes
      input: doc(...Array.from({ length: RICH_TEXT_LIMITS.maxNodes / 2 }, () => p(t("a")))),
      code: "too_complex",
    },
    {
      name: "more nodes than maxNodes (flat hard breaks)",
      input: doc(
        p(t("a"), ...Array.from({ length: RICH_TEXT_LIMITS.maxNodes }, () => ({ type: "hardBreak" }))),
      ),
      code: "too_complex",
    },

    // empty
    { name: "empty doc", input: { type: "doc", content: [] }, code: "empty" },
    { name: "doc with an empty paragraph", input: doc(p()), code: "empty" },
    { name: "doc with a paragraph without content key", input: doc({ type: "paragraph" }), code: "empty" },
    { name: "whitespace-only text", input: doc(p(t("   \t  "))), code: "empty" },
    {
      name: "whitespace and newlines only",
      input: doc(p(t(" ")), p(t("\n\n")), p({ type: "hardBreak" })),
      code: "empty",
    },
    { name: "only a horizontal rule", input: doc({ type: "horizontalRule" }), code: "empty" },
  ];

  it.each(cases)("$name → $code", ({ input, code }) => {
    const r = validateDoc(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(typeof r.detail).toBe("string");
      expect(r.detail.length).toBeGreaterThan(0);
    }
  });

  it("accepts nesting exactly at the depth limit", () => {
    // doc(0) > blockquote x (maxDepth - 2) > paragraph (maxDepth - 1) > text (maxDepth)
    expect(validateDoc(nest(RICH_TEXT_LIMITS.maxDepth - 2)).ok).toBe(true);
    expect(validateDoc(nest(RICH_TEXT_LIMITS.maxDepth - 1))).toMatchObject({
      ok: false,
      code: "too_complex",
    });
  });

  it("accepts exactly maxNodes nodes", () => {
    // doc + paragraph + text + (maxNodes - 3) hard breaks = maxNodes
    const input = doc(
      p(t("a"), ...Array.from({ length: RICH_TEXT_LIMITS.maxNodes - 3 }, () => ({ type: "hardBreak" }))),
    );
    expect(validateDoc(input).ok).toBe(true);
  });

  it("never throws on hostile input", () => {
    const hostile: unknown[] = [
      Object.create(null),
      { type: "doc", content: [Object.create(null)] },
      {
        type: "doc",
        content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [null] }] }],
      },
      { type: "doc", content: [{ type: "__proto__" }] },
      { type: "doc", content: [{ type: "constructor" }] },
      { type: "doc", content: [{ type: "toString" }] },
      Symbol("x"),
      () => 1,
    ];
    for (const h of hostile) {
      expect(() => validateDoc(h)).not.toThrow();
      expect(validateDoc(h).ok).toBe(false);
    }
  });
});

// ---------- isSafeHref ----------

describe("isSafeHref", () => {
  const cases: { href: unknown; safe: boolean }[] = [
    { href: "https://example.com", safe: true },
    { href: "http://example.com/path?q=1#x", safe: true },
    { href: "HTTPS://EXAMPLE.COM", safe: true },
    { href: "mailto:a@b.co", safe: true },
    { href: "https://xn--bcher-kva.example/ü", safe: true },
    { href: "javascript:alert(1)", safe: false },
    { href: "JaVaScRiPt:alert(1)", safe: false },
    { href: "java\tscript:alert(1)", safe: false },
    { href: "java\nscript:alert(1)", safe: false },
    { href: "java\rscript:alert(1)", safe: false },
    { href: " https://example.com", safe: false },
    { href: "https://example.com/a b", safe: false },
    { href: "https://example.com/\u0085", safe: false },
    { href: "data:text/html,<script>alert(1)</script>", safe: false },
    { href: "vbscript:msgbox(1)", safe: false },
    { href: "ftp://example.com", safe: false },
    { href: "file:///etc/passwd", safe: false },
    { href: "/foo", safe: false },
    { href: "foo", safe: false },
    { href: "//example.com", safe: false },
    { href: "#top", safe: false },
    { href: "", safe: false },
    { href: "https://e.co/" + "a".repeat(RICH_TEXT_LIMITS.maxLinkLength), safe: false },
    { href: undefined, safe: false },
    { href: null, safe: false },
    { href: 1, safe: false },
    { href: { toString: () => "https://example.com" }, safe: false },
    { href: new URL("https://example.com"), safe: false },
  ];

  it.each(cases)("%#: $href → $safe", ({ href, safe }) => {
    expect(isSafeHref(href)).toBe(safe);
  });

  it("accepts an href exactly at maxLinkLength", () => {
    const base = "https://e.co/";
    const href = base + "a".repeat(RICH_TEXT_LIMITS.maxLinkLength - base.length);
    expect(href.length).toBe(RICH_TEXT_LIMITS.maxLinkLength);
    expect(isSafeHref(href)).toBe(true);
  });
});

// ---------- docFromPlainText ----------

describe("docFromPlainText", () => {
  const cases: { name: string; input: string; content: RichTextNode[] }[] = [
    { name: "empty string", input: "", content: [] },
    { name: "whitespace and newlines only", input: "  \n\n \r\n  ", content: [] },
    { name: "one line", input: "hello", content: [p(t("hello")) as RichTextNode] },
    {
      name: "surrounding whitespace trimmed",
      input: "  hello  \n",
      content: [p(t("hello")) as RichTextNode],
    },
    {
      name: "blank line splits paragraphs",
      input: "first\n\nsecond",
      content: [p(t("first")), p(t("second"))] as RichTextNode[],
    },
    {
      name: "several blank lines still one split",
      input: "first\n\n\n\nsecond",
      content: [p(t("first")), p(t("second"))] as RichTextNode[],
    },
    {
      name: "single newline becomes hardBreak",
      input: "line one\nline two",
      content: [p(t("line one"), { type: "hardBreak" }, t("line two"))] as RichTextNode[],
    },
    {
      name: "CRLF newlines",
      input: "a\r\nb\r\n\r\nc",
      content: [p(t("a"), { type: "hardBreak" }, t("b")), p(t("c"))] as RichTextNode[],
    },
    {
      name: "old-Mac CR newlines",
      input: "a\rb\r\rc",
      content: [p(t("a"), { type: "hardBreak" }, t("b")), p(t("c"))] as RichTextNode[],
    },
    {
      name: "HTML-looking text stays literal text",
      input: "<script>alert(1)</script>",
      content: [p(t("<script>alert(1)</script>"))] as RichTextNode[],
    },
  ];

  it.each(cases)("$name", ({ input, content }) => {
    expect(docFromPlainText(input)).toEqual({ type: "doc", content });
  });

  it("produces documents validateDoc accepts, with the same plain text", () => {
    const input = "Hello there\nsecond line\r\n\r\nNew paragraph";
    const r = validateDoc(docFromPlainText(input));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.text).toBe("Hello there\nsecond line\nNew paragraph");
  });

  it("whitespace-only input gives a document validateDoc rejects as empty", () => {
    expect(validateDoc(docFromPlainText(" \n\n "))).toMatchObject({ ok: false, code: "empty" });
  });
});

// ---------- plain text extraction (block boundaries) ----------

describe("validateDoc: plain text keeps block boundaries", () => {
  it("separates a code block from the following paragraph", () => {
    const r = expectOk(doc({ type: "codeBlock", content: [t("npm install")] }, p(t("then run it"))));
    // The words of two different blocks must not be glued together ("npm installthen run it").
    expect(r.text).toBe("npm install\nthen run it");
  });

  it("separates a paragraph from a following code block", () => {
    const r = expectOk(doc(p(t("Run:")), { type: "codeBlock", content: [t("npm test")] }));
    expect(r.text).toBe("Run:\nnpm test");
  });
});
