/**
 * Lone UTF-16 surrogates ("\ud800" in JSON) are not text: PostgreSQL refuses them in jsonb, and they cannot be
 * encoded as UTF-8. Input containing one is rejected as invalid, never stored.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** True when every string (keys included) in a parsed JSON value is well-formed; depth-limited. */
export function isWellFormedDeep(value: unknown, depth = 0): boolean {
  if (depth > 64) return true; // deeper values are refused by their own validators
  if (typeof value === "string") return !hasLoneSurrogate(value);
  if (Array.isArray(value)) return value.every((v) => isWellFormedDeep(v, depth + 1));
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (hasLoneSurrogate(k) || !isWellFormedDeep(v, depth + 1)) return false;
    }
  }
  return true;
}
