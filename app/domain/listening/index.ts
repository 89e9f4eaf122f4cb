// Social listening over negative posts: crisis early warning (a burst against the same hours of previous days)
// and the terms customers complain about more than before. Also the word segmentation (Vietnamese with and
// without diacritics, English) that triage's urgency cues share.
export * from "./rising-terms";
export * from "./ignored-terms";
export * from "./spike";
export { isStopWord, STOP_WORDS_EN, STOP_WORDS_VI } from "./stop-words";
export { foldVietnamese, phraseAt, phraseWords, sameWord, segmentWords, toWord, type Word } from "./text";
export * from "./at-risk";
