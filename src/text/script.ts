/**
 * What kind of writing a character or a language is. Every stage that asks "is this
 * Chinese?", "does this run right to left?" or "which fonts suit this language?"
 * asks here, so the markup's white-space rules, the word count, the font plan, the
 * line composer and the DOCX font slots cannot disagree.
 */

/** Characters set solid, one word each: Han, kana, Bopomofo. Hangul is not: Korean spaces its words. */
const ideographic = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u;
/** Ideographs and the punctuation and full-width forms set with them. */
const wide = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;
/** Letters and digits that take a quarter-em gap beside ideographs ("2005 年", "NGO 书面"). */
const latinLike = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}]/u;
/** Letters of right-to-left scripts. */
const rightToLeft = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
/** Characters that are part of the character before them (harakat, accents, joiners). */
const combining = /[\p{M}\u200c\u200d]/u;
/** Characters that draw nothing and need no glyph. */
const invisible = /[\s\p{Default_Ignorable_Code_Point}\p{Cc}]/u;
/** Characters that draw nothing and take no room: bidi marks and isolates, joiners, soft hyphens. */
const silent = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/u;

export const isIdeographic = (char: string): boolean => ideographic.test(char);
export const isWide = (char: string): boolean => wide.test(char);
export const isLatinLike = (char: string): boolean => latinLike.test(char);
export const isRightToLeft = (char: string): boolean => rightToLeft.test(char);
export const isCombining = (char: string): boolean => combining.test(char);
export const isInvisible = (char: string): boolean => invisible.test(char);
export const isSilent = (char: string): boolean => silent.test(char);

/** True when any character of `text` is an ideograph (a run worth an East Asian font slot). */
export const hasIdeographs = (text: string): boolean => ideographic.test(text);
/** True when any character of `text` belongs to a right-to-left script. */
export const hasRightToLeft = (text: string): boolean => rightToLeft.test(text);

/**
 * The writing system of a language tag, as ISO 15924 names it: zh-CN and zh-Hans are
 * Hans, zh-TW, zh-HK and zh-Hant are Hant, ar is Arab, ru is Cyrl, en/fr/es are Latn.
 * Unicode's likely-subtags data (Intl.Locale#maximize) fills in what the tag leaves out.
 */
export function writingSystem(lang: string): string {
  // Asked for every run and line: maximize() costs microseconds, a lookup nothing.
  let system = systems.get(lang);
  if (system === undefined) {
    try {
      system = new Intl.Locale(lang).maximize().script ?? 'Latn';
    } catch {
      system = 'Latn';
    }
    systems.set(lang, system);
  }
  return system;
}
const systems = new Map<string, string>();

export type Direction = 'ltr' | 'rtl';

const rtlSystems = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg']);

/** The direction a language is written in. */
export function directionOf(lang: string): Direction {
  return rtlSystems.has(writingSystem(lang)) ? 'rtl' : 'ltr';
}

/** The primary language subtag: "zh" of zh-Hant-TW, "ar" of ar-EG. */
export function primaryLanguage(lang: string): string {
  return lang.split('-')[0]!.toLowerCase();
}

/** True for languages written without spaces between words (set solid). */
export function isSetSolid(lang: string): boolean {
  return ['Hans', 'Hant', 'Jpan', 'Hani'].includes(writingSystem(lang));
}

