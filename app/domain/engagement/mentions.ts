/**
 * @mentions: `@username` in a post's plain text. A mention starts at a boundary (start of text or a character
 * that is not a letter, digit, `_`, `.`, `-` or `@`, Unicode-aware so "Chào@dung" is not one) — which also
 * leaves e-mail addresses alone. Code (inline or blocks) is skipped. Names are matched case-insensitively.
 */
import type { RichTextNode } from "~/domain/forum";

/** At most this many distinct members are notified by one post (anti-spam). */
export const MAX_MENTIONS = 10;

const MENTION_RE = /(?<![\p{L}\p{N}_.@-])@([a-zA-Z0-9_.-]{3,30})(?![\p{L}\p{N}_@-])/gu;

/** Lower-cased usernames mentioned in the text, first occurrences first, de-duplicated, at most `max`. */
export function extractMentions(text: string, max = MAX_MENTIONS): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MENTION_RE)) {
    // A sentence's final dot is not part of the name.
    const name = m[1]!.replace(/[.-]+$/, "").toLowerCase();
    if (name.length < 3 || out.includes(name)) continue;
    out.push(name);
    if (out.length >= max) break;
  }
  return out;
}

/** The document's text without code, one block per line (what mentions are looked for in). */
export function mentionableText(node: RichTextNode): string {
  if (node.type === "codeBlock") return "";
  if (node.type === "text") return node.marks?.some((m) => m.type === "code") ? " " : (node.text ?? "");
  if (node.type === "hardBreak") return "\n";
  const inner = (node.content ?? []).map(mentionableText);
  return node.type === "paragraph" || node.type === "heading" ? inner.join("") : inner.join("\n");
}

const TRIGGER_RE = /(?:^|[^\p{L}\p{N}_.@-])@([a-zA-Z0-9_.-]{1,30})$/u;

/** For the editor's autocomplete: the `@name` being typed just before the cursor (same boundaries), or null. */
export function mentionQueryBefore(textBefore: string): string | null {
  const m = TRIGGER_RE.exec(textBefore);
  return m ? m[1]! : null;
}
