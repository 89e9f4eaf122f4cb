import { toWord, type Word } from "./text";

const list = (words: string): readonly string[] => words.split(/\s+/).filter(Boolean);

/**
 * Function words that are never a complaint topic on their own, and never start or end a phrase.
 * Meaningful words stay out even when frequent ("mạng", "tiền", "app"): steady ones are filtered by the
 * rising test, not here. "không" is here: it matters for sentiment, never as a topic.
 */
export const STOP_WORDS_VI = list(`
  và của là thì mà có không ko k được đc bị cho với các những này nay đó đấy kia nên vì nếu khi đã đang sẽ rồi
  cũng lại ra vào lên xuống tôi mình tớ em anh chị bạn ad admin shop họ nó chúng ta ở tại trong ngoài trên dưới
  từ đến tới về như nhưng hay hoặc thế vậy nào gì sao ai đâu bao nhiêu rất quá lắm nhiều ít hơn nhất mọi mỗi cái
  con chiếc việc điều lúc nữa chưa vẫn đều chỉ thôi nhé nha ạ ơi à ừ ờ vâng dạ luôn hết cả thật hôm ngày giờ lần
  một hai ba để do bởi theo qua sau trước vừa mới còn phải muốn cần làm biết thấy xin vui lòng giúp đi nhỉ chứ
  hả vs bên phía tháng năm tuần mấy hoài
`);

export const STOP_WORDS_EN = list(`
  a an the and or but if then than so because as of to in on at for with by from about into over after before
  up out off again is are was were be been being am do does did doing have has had having i me my mine we us
  our you your he him his she her it its they them their this that these those there here what which who whom
  when where why how all any some no not nor only just very too also can could would should will shall may
  might must get got getting still even now ever never don't doesn't didn't can't won't isn't aren't wasn't
  i'm i've i'd it's that's im dont cant wont didnt doesnt please hi hello thanks thank ok okay yes one more
  much many lot really since until while each every other another same such own via per etc http https www
  com vn html
`);

const STOP_KEYS = new Set<string>();
const STOP_FOLDS = new Set<string>();
for (const w of [...STOP_WORDS_VI, ...STOP_WORDS_EN]) {
  const word = toWord(w);
  STOP_KEYS.add(word.key);
  STOP_FOLDS.add(word.fold);
}

/**
 * A stop word as written, or typed without diacritics ("khong" is "không"). A word WITH diacritics must be
 * the stop word itself: "lạ" (strange) is not "là" (is).
 */
export function isStopWord(word: Word): boolean {
  return STOP_KEYS.has(word.key) || (!word.marked && STOP_FOLDS.has(word.fold));
}
