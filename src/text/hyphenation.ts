import { createRequire } from 'node:module';
import { primaryLanguage } from './script.js';

/**
 * Where a word may be hyphenated, from Liang's patterns (TeX's, through the `hyphen`
 * package) for the languages Dossier typesets with hyphenation. Patterns load on
 * first use: a Chinese document never pays for them.
 */
const require = createRequire(import.meta.url);
// A Map: a span's language comes from the markup, and `constructor` is no module.
const modules = new Map([
  // TeX's own (hyphen.tex, US) for all English: the British set breaks "communit-ies",
  // "sec-ret-ariat"; the US one gives com-mu-ni-ties and sec-re-tariat, British spelling or not.
  ['en', 'hyphen/en-us'],
  ['fr', 'hyphen/fr'],
  ['es', 'hyphen/es'],
  ['ru', 'hyphen/ru'],
]);
const loaded = new Map<string, (word: string) => string>();

/** Letters a word keeps before its first and after its last hyphen (TeX: 2 and 3). */
const LEFT_MIN = 2;
const RIGHT_MIN = 3;
/** Shorter words are never hyphenated. */
export const MIN_WORD = 6;

function hyphenator(lang: string): ((word: string) => string) | undefined {
  const primary = primaryLanguage(lang);
  const module = modules.get(primary);
  if (!module) return undefined;
  let hyphenate = loaded.get(module);
  if (!hyphenate) {
    const { hyphenateSync } = require(module) as { hyphenateSync(text: string, options: { hyphenChar: string; minWordLength: number }): string };
    hyphenate = (word) => hyphenateSync(word, { hyphenChar: '\u00ad', minWordLength: MIN_WORD });
    loaded.set(module, hyphenate);
  }
  return hyphenate;
}

/** True when Dossier has hyphenation patterns for this language. */
export const canHyphenate = (lang: string): boolean => hyphenator(lang) !== undefined;

/**
 * The offsets inside `word` (UTF-16) where it may break with a hyphen: none for
 * words under MIN_WORD letters, and never fewer than LEFT_MIN letters before the
 * break or RIGHT_MIN after it.
 */
export function hyphenationPoints(word: string, lang: string): number[] {
  const hyphenate = hyphenator(lang);
  if (!hyphenate || [...word].length < MIN_WORD) return [];
  const marked = hyphenate(word);
  const points: number[] = [];
  let at = 0;
  for (const char of marked) {
    if (char === '\u00ad') points.push(at);
    else at += char.length;
  }
  return points.filter((p) => p >= LEFT_MIN && word.length - p >= RIGHT_MIN);
}
