// The `diff` package (jsdiff 5.x) ships no types and @types/diff is not installed: the part we use.
declare module "diff" {
  export interface Change {
    value: string;
    added?: boolean;
    removed?: boolean;
    count?: number;
  }
  export function diffWordsWithSpace(
    oldStr: string,
    newStr: string,
    options?: { ignoreCase?: boolean },
  ): Change[];
}
