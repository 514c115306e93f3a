import { blockInlines, blockText, plainText } from '../document/text.js';
import type { DocumentTree, Inline } from '../document/tree.js';

/**
 * Counts words as Microsoft Word does for Chinese text: each Chinese, Japanese or
 * Korean character is one word, each run of Latin letters or digits (with inner
 * . , ' - as in "46.2" or "non-governmental") is one word, and punctuation is none.
 * Other scripts' words are the language's own word boundaries (Unicode's, with
 * dictionaries for Thai and the like), so a letter's combining marks (Arabic
 * harakat, accents typed as two characters) stay part of its word.
 */
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/gu;
/** Between two words without a space, these join them into one, as Word counts. */
const joiner = /^[.,'’\-]$/u;

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(lang: string): Intl.Segmenter {
  let found = segmenters.get(lang);
  if (!found) {
    let locale = 'und';
    try {
      if (Intl.Segmenter.supportedLocalesOf([lang]).length) locale = lang;
    } catch {
      // not a tag ICU reads: Unicode's default word boundaries
    }
    found = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(lang, found);
  }
  return found;
}

export function countWords(text: string, lang = 'zh-CN'): number {
  let words = 0;
  // 'word': a word (not CJK) just ended; 'joiner': and a joiner follows it directly.
  let after: 'word' | 'joiner' | 'other' = 'other';
  for (const chunk of chunks(text)) {
    for (const { segment, isWordLike } of segmenter(lang).segment(chunk)) {
      if (isWordLike) {
        const wide = segment.match(cjk)?.length ?? 0;
        if (wide) {
          // A segment holding CJK characters (the segmenter groups 中国 as one word) counts each.
          words += wide + Number(/[\p{L}\p{N}]/u.test(segment.replace(cjk, '')));
          after = 'other';
        } else {
          if (after !== 'joiner') words++;
          after = 'word';
        }
      } else {
        after = after === 'word' && joiner.test(segment) ? 'joiner' : 'other';
      }
    }
  }
  return words;
}

/**
 * ICU's word segmenter takes time that grows with the square of the text it is given
 * (80,000 words: 26 s), so it is given the text in pieces of about `size` characters,
 * each cut after white space, where no word goes on (and the count's state after a
 * space is the same as at a start), or else between two CJK characters, each a word
 * of its own. Only a run of `size` characters with neither is cut where it stands.
 */
export function* chunks(text: string, size = 512): Generator<string> {
  let start = 0;
  while (text.length - start > size) {
    let cut = start + size;
    const space = lastIndexMatching(text, /\s/u, start + size, start + size / 2);
    if (space >= 0) cut = space + 1;
    else {
      const wide = lastIndexMatching(text, cjk1, start + size, start + size / 2, (i) => cjk1.test(text[i - 1] ?? ''));
      if (wide >= 0) cut = wide;
    }
    // Never between the two halves of a surrogate pair.
    if (/[\uDC00-\uDFFF]/.test(text[cut] ?? '')) cut--;
    yield text.slice(start, cut);
    start = cut;
  }
  yield text.slice(start);
}

const cjk1 = new RegExp(cjk.source, 'u');

/** The last index in [from, down to) whose character matches `pattern` (and `also`), or -1. */
function lastIndexMatching(text: string, pattern: RegExp, from: number, downTo: number, also: (i: number) => boolean = () => true): number {
  for (let i = from; i > downTo; i--) if (pattern.test(text[i]!) && also(i)) return i;
  return -1;
}

/** Every word the document shows, footnotes included (OHCHR counts them). */
export function documentWords(tree: DocumentTree): number {
  const notes = (list: Inline[]): string =>
    list.map((i) => (i.kind === 'note' ? plainText(i.children) : i.kind === 'text' ? '' : notes(i.children))).join(' ');
  return tree.blocks.reduce((sum, b) => {
    const inlines = blockInlines(b).flat();
    return sum + countWords(blockText(b), tree.meta.lang) + countWords(notes(inlines), tree.meta.lang);
  }, 0);
}
