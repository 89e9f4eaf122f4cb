/**
 * The rich-text contract between the tiptap editor and the server. A post body is a tiptap JSON document;
 * only the node and mark types below are accepted, attributes are whitelisted per type, and links may only
 * point to http(s) or mailto. `validateDoc` returns a clean copy (unknown attributes dropped) or the reason.
 */

export interface RichTextNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: RichTextNode[];
  marks?: RichTextMark[];
  text?: string;
}
export interface RichTextMark {
  type: string;
  attrs?: Record<string, unknown>;
}
export interface RichTextDoc extends RichTextNode {
  type: "doc";
  content: RichTextNode[];
}

export const ALLOWED_NODES = [
  "doc",
  "paragraph",
  "text",
  "hardBreak",
  "heading",
  "bulletList",
  "orderedList",
  "listItem",
  "blockquote",
  "codeBlock",
  "horizontalRule",
] as const;
export const ALLOWED_MARKS = ["bold", "italic", "strike", "code", "link"] as const;

export const RICH_TEXT_LIMITS = {
  /** Visible characters in one post. */
  maxTextLength: 20_000,
  maxNodes: 4_000,
  maxDepth: 10,
  maxLinkLength: 2_000,
  minTextLength: 1,
};

export type RichTextErrorCode =
  | "not_a_document"
  | "unknown_node"
  | "unknown_mark"
  | "bad_attribute"
  | "unsafe_link"
  | "too_long"
  | "too_complex"
  | "empty";

export type ValidateResult =
  { ok: true; doc: RichTextDoc; text: string } | { ok: false; code: RichTextErrorCode; detail: string };

const nodeSet = new Set<string>(ALLOWED_NODES);
const markSet = new Set<string>(ALLOWED_MARKS);

export function isSafeHref(href: unknown): href is string {
  if (typeof href !== "string" || href.length === 0 || href.length > RICH_TEXT_LIMITS.maxLinkLength)
    return false;
  // Control characters and whitespace are how "java\tscript:" style evasions work; refuse them outright.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f]/.test(href)) return false;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return url.protocol === "http:" || url.protocol === "https:" || url.protocol === "mailto:";
}

class Invalid extends Error {
  constructor(
    readonly code: RichTextErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function cleanMark(raw: unknown): RichTextMark {
  if (!isRecord(raw) || typeof raw.type !== "string")
    throw new Invalid("unknown_mark", "mark without a type");
  if (!markSet.has(raw.type))
    throw new Invalid("unknown_mark", `mark "${raw.type.slice(0, 40)}" is not allowed`);
  if (raw.type !== "link") return { type: raw.type };
  const attrs = isRecord(raw.attrs) ? raw.attrs : {};
  if (!isSafeHref(attrs.href))
    throw new Invalid("unsafe_link", "links must be http, https or mailto addresses");
  return { type: "link", attrs: { href: attrs.href } };
}

function cleanAttrs(type: string, raw: unknown): Record<string, unknown> | undefined {
  const attrs = isRecord(raw) ? raw : {};
  switch (type) {
    case "heading": {
      const level = attrs.level ?? 2;
      if (level !== 2 && level !== 3) throw new Invalid("bad_attribute", "headings must be level 2 or 3");
      return { level };
    }
    case "orderedList": {
      const start = attrs.start ?? 1;
      if (typeof start !== "number" || !Number.isInteger(start) || start < 0 || start > 100_000)
        throw new Invalid("bad_attribute", "list start must be a small whole number");
      return { start };
    }
    case "codeBlock": {
      const language = attrs.language ?? null;
      if (language !== null && (typeof language !== "string" || !/^[a-zA-Z0-9+#._-]{0,30}$/.test(language)))
        throw new Invalid("bad_attribute", "code block language is not valid");
      return { language };
    }
    default:
      return undefined;
  }
}

/** Validates an untrusted value as a post body. */
export function validateDoc(input: unknown): ValidateResult {
  let nodes = 0;
  const textParts: string[] = [];
  let textLength = 0;

  const walk = (raw: unknown, depth: number): RichTextNode => {
    if (depth > RICH_TEXT_LIMITS.maxDepth)
      throw new Invalid("too_complex", "the document is nested too deeply");
    if (++nodes > RICH_TEXT_LIMITS.maxNodes)
      throw new Invalid("too_complex", "the document has too many parts");
    if (!isRecord(raw) || typeof raw.type !== "string")
      throw new Invalid("unknown_node", "node without a type");
    const type = raw.type;
    if (!nodeSet.has(type) || (type === "doc" && depth > 0))
      throw new Invalid("unknown_node", `node "${type.slice(0, 40)}" is not allowed`);
    if (type === "text") {
      if (typeof raw.text !== "string" || raw.text.length === 0)
        throw new Invalid("unknown_node", "text node without text");
      // NUL cannot be stored in PostgreSQL text and other C0 controls are invisible: drop them.
      // eslint-disable-next-line no-control-regex
      const text = raw.text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
      if (text.length === 0) throw new Invalid("unknown_node", "text node without text");
      textLength += text.length;
      if (textLength > RICH_TEXT_LIMITS.maxTextLength) throw new Invalid("too_long", "the text is too long");
      textParts.push(text);
      const node: RichTextNode = { type, text };
      if (raw.marks !== undefined) {
        if (!Array.isArray(raw.marks) || raw.marks.length > ALLOWED_MARKS.length)
          throw new Invalid("unknown_mark", "marks must be a short list");
        const marks = raw.marks.map(cleanMark);
        if (marks.length) node.marks = marks;
      }
      return node;
    }
    if (raw.marks !== undefined) throw new Invalid("unknown_mark", "only text can carry marks");
    const node: RichTextNode = { type };
    const attrs = cleanAttrs(type, raw.attrs);
    if (attrs) node.attrs = attrs;
    if (raw.content !== undefined) {
      if (!Array.isArray(raw.content)) throw new Invalid("not_a_document", "content must be a list");
      if (type === "hardBreak" || type === "horizontalRule")
        throw new Invalid("not_a_document", `${type} cannot have content`);
      node.content = raw.content.map((c) => walk(c, depth + 1));
    }
    if (
      type === "paragraph" ||
      type === "heading" ||
      type === "listItem" ||
      type === "blockquote" ||
      type === "codeBlock"
    ) {
      textParts.push("\n");
    }
    if (type === "hardBreak") textParts.push("\n");
    return node;
  };

  try {
    if (!isRecord(input) || input.type !== "doc" || !Array.isArray(input.content))
      throw new Invalid("not_a_document", "the body must be an editor document");
    const doc = walk(input, 0) as RichTextDoc;
    doc.content = doc.content ?? [];
    const text = textParts
      .join("")
      .replace(/[ \t]+\n/g, "\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
    if (text.length < RICH_TEXT_LIMITS.minTextLength) throw new Invalid("empty", "the body is empty");
    return { ok: true, doc, text };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, code: e.code, detail: e.message };
    throw e;
  }
}

/**
 * Builds a document from plain text (the no-JavaScript fallback of the editor): blank lines separate
 * paragraphs, single newlines become hard breaks.
 */
export function docFromPlainText(text: string): RichTextDoc {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    type: "doc",
    content: paragraphs.map((p) => {
      const lines = p.split("\n");
      const content: RichTextNode[] = [];
      lines.forEach((line, i) => {
        if (i > 0) content.push({ type: "hardBreak" });
        if (line.length) content.push({ type: "text", text: line });
      });
      return { type: "paragraph", content };
    }),
  };
}
