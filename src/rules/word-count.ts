/**
 * Counts words as Microsoft Word does for Chinese text: each Chinese, Japanese or
 * Korean character is one word, each run of Latin letters or digits (with inner
 * . , ' - as in "46.2" or "non-governmental") is one word, and punctuation is none.
 */
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
const wordChar = /[\p{L}\p{N}]/u;
const joiner = /[.,'’\-]/u;

export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  const chars = [...text];
  chars.forEach((char, i) => {
    if (cjk.test(char)) {
      words++;
      inWord = false;
    } else if (wordChar.test(char)) {
      if (!inWord) words++;
      inWord = true;
    } else if (!(inWord && joiner.test(char) && wordChar.test(chars[i + 1] ?? '') && !cjk.test(chars[i + 1] ?? ''))) {
      inWord = false;
    }
  });
  return words;
}
