import { describe, it, expect } from "vitest";
import { getSchema } from "@tiptap/core";
import { editorExtensions } from "~/components/editor/extensions";
import { ALLOWED_MARKS, ALLOWED_NODES, validateDoc } from "./rich-text";

/**
 * The editor (tiptap StarterKit as configured in components/editor/extensions.ts) and the server validator
 * (rich-text.ts) must agree on the node and mark types, or posts written in the editor get refused
 * (or the validator lets through types the renderer does not know).
 */
describe("editor schema matches the rich-text validator", () => {
  const schema = getSchema(editorExtensions);
  const nodeNames = Object.keys(schema.nodes);
  const markNames = Object.keys(schema.marks);

  it("has exactly the allowed node types", () => {
    expect(new Set(nodeNames)).toEqual(new Set(ALLOWED_NODES));
    expect(nodeNames).toHaveLength(ALLOWED_NODES.length);
  });

  it("has exactly the allowed mark types", () => {
    expect(new Set(markNames)).toEqual(new Set(ALLOWED_MARKS));
    expect(markNames).toHaveLength(ALLOWED_MARKS.length);
  });

  it("the allow-lists have no duplicates", () => {
    expect(new Set(ALLOWED_NODES).size).toBe(ALLOWED_NODES.length);
    expect(new Set(ALLOWED_MARKS).size).toBe(ALLOWED_MARKS.length);
  });

  it("headings in the editor are limited to the levels the validator accepts (2 and 3)", () => {
    const heading = schema.nodes.heading;
    expect(heading).toBeDefined();
    const levels = (editorExtensions[0]?.options as { heading?: { levels?: number[] } }).heading?.levels;
    expect(levels).toEqual([2, 3]);
    for (const level of [2, 3]) {
      const r = validateDoc({
        type: "doc",
        content: [{ type: "heading", attrs: { level }, content: [{ type: "text", text: "h" }] }],
      });
      expect(r.ok).toBe(true);
    }
  });

  it("a document built by the editor schema passes validateDoc unchanged in structure", () => {
    const json = {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Title" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "bold", marks: [{ type: "bold" }] },
            { type: "hardBreak" },
            { type: "text", text: "link", marks: [{ type: "link", attrs: { href: "https://example.com" } }] },
          ],
        },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "i" }] }] },
          ],
        },
        {
          type: "orderedList",
          attrs: { start: 1 },
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "o" }] }] },
          ],
        },
        { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "q" }] }] },
        { type: "codeBlock", attrs: { language: "js" }, content: [{ type: "text", text: "x()" }] },
        { type: "horizontalRule" },
      ],
    };
    // Round-trip through ProseMirror: the editor adds its own default attributes (e.g. link target/rel).
    const editorJson = schema.nodeFromJSON(json).toJSON() as unknown;
    schema.nodeFromJSON(editorJson).check();
    const r = validateDoc(editorJson);
    expect(r.ok).toBe(true);
    if (r.ok) {
      // Every cleaned node can still be read by the editor schema.
      expect(() => schema.nodeFromJSON(r.doc).check()).not.toThrow();
    }
  });
});
