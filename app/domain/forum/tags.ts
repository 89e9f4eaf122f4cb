/** Thread tags: lower-case words of letters, digits and dashes; a few per thread. */
export const TAG_LIMITS = { max: 5, minLength: 2, maxLength: 30 } as const;

export type TagsResult = { ok: true; tags: string[] } | { ok: false; error: string };

/** Accepts a list or a comma/space-separated string; returns unique, normalised tags or an error key. */
export function normalizeTags(input: unknown): TagsResult {
  if (input === undefined || input === null || input === "") return { ok: true, tags: [] };
  let parts: unknown[];
  if (typeof input === "string") parts = input.split(/[,\s]+/);
  else if (Array.isArray(input)) parts = input;
  else return { ok: false, error: "tags_invalid" };
  const tags: string[] = [];
  for (const p of parts) {
    if (typeof p !== "string") return { ok: false, error: "tags_invalid" };
    const tag = p.trim().toLowerCase().replace(/^#/, "");
    if (!tag) continue;
    if (
      tag.length < TAG_LIMITS.minLength ||
      tag.length > TAG_LIMITS.maxLength ||
      !/^[a-z0-9][a-z0-9-]*$/.test(tag)
    ) {
      return { ok: false, error: "tags_invalid" };
    }
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length > TAG_LIMITS.max) return { ok: false, error: "tags_too_many" };
  return { ok: true, tags };
}
