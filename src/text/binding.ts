import { primaryLanguage } from './script.js';

/**
 * Words a line must not end on, by language: the space after them does not break.
 *
 * - Russian: one-letter prepositions and conjunctions (в к с у о и а я) are not left at
 *   a line's end. K. I. Bylinsky, A. N. Zhilin, «Справочная книга корректора» (Moscow:
 *   Iskusstvo, 1960), p. 361: "Надо стараться не оставлять в конце строки однобуквенных
 *   предлогов и союзов".
 * - French: the preposition "à" (and "À") is kept with the word it governs, as the
 *   issue's line check (check-lines) asks; a printed source for it is still to be
 *   cited. "y" and "a" (a pronoun, a verb) may end a line.
 *
 * Czech, Slovak and Polish rules (v, z, k, s, a, i, o, u, w…) and other Cyrillic
 * languages are left out: no source at hand to set their lists from.
 */
const oneLetterWords = new Map<string, Set<string>>([
  ['ru', new Set([...'вксуоиаяВКСУОИАЯ'])],
  ['fr', new Set(['à', 'À'])],
]);

/** True when a line may not end on `word` (a word of one letter) in `lang`. */
export function bindsToNext(word: string, lang: string): boolean {
  return oneLetterWords.get(primaryLanguage(lang))?.has(word) ?? false;
}

const number = /[\p{Nd}][\p{Nd}.,\u066b\u066c]*$/u;
const arabicLetter = /^(?=\p{L})\p{Script=Arabic}/u;

/**
 * A number stays with the noun it counts in Arabic text ("48 منظمة", "3,5 مليار"): a line
 * that ends on the figure reads as a figure without its unit, the next line's first word
 * orphaned from it (the "48 / منظمة").
 */
export function numberBindsToNoun(before: string, after: string): boolean {
  return number.test(before) && arabicLetter.test(after);
}
