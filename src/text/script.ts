/**
 * What kind of writing a character or a language is. Every stage that asks "is this
 * Chinese?", "does this run right to left?" or "which fonts suit this language?"
 * asks here, so the markup's white-space rules, the word count, the font plan, the
 * line composer and the DOCX font slots cannot disagree.
 */

/**
 * Characters set solid, one word each: Han, kana, Bopomofo. Hangul is not: Korean spaces
 * its words (Word counts "Korean words" as words, not characters), though a line may
 * break between any two of its syllables (see `breakable`).
 */
const ideographs = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Bopomofo}';
const ideographic = new RegExp(`[${ideographs}]`, 'u');
const everyIdeograph = new RegExp(`[${ideographs}]`, 'gu');
/** Where a line may break in any case: a space, or beside an ideograph or a Hangul syllable (UAX #14's ID, H2, H3). */
const breakable = new RegExp(`[\\s${ideographs}\\p{Script=Hangul}]`, 'gu');
/** Words of alphabets that hyphenation patterns cover: Latin, Cyrillic, Greek letters and their marks. */
const alphabetic = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}]+$/u;
/** Ideographs and the punctuation and full-width forms set with them. */
const wide = new RegExp(`[${ideographs}\\u3000-\\u303f\\uff00-\\uffef]`, 'u');
/** Letters and digits that take a quarter-em gap beside ideographs ("2005 年", "NGO 书面"). */
const latinLike = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}]/u;
/** Letters of right-to-left scripts: the scripts of `rtlSystems` below, so a language's direction and its letters' agree. */
const rightToLeft = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;
/** Characters that are part of the character before them (harakat, accents, joiners). */
const combining = /[\p{M}\u200c\u200d]/u;
/** Characters that draw nothing and need no glyph. */
const invisible = /[\s\p{Default_Ignorable_Code_Point}\p{Cc}]/u;
/** Characters that draw nothing and take no room: bidi marks and isolates, joiners, soft hyphens. */
const silent = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/u;
const everySilent = new RegExp(silent.source, 'gu');

export const isIdeographic = (char: string): boolean => ideographic.test(char);
export const isWide = (char: string): boolean => wide.test(char);
export const isLatinLike = (char: string): boolean => latinLike.test(char);
export const isRightToLeft = (char: string): boolean => rightToLeft.test(char);
export const isCombining = (char: string): boolean => combining.test(char);
export const isInvisible = (char: string): boolean => invisible.test(char);
export const isSilent = (char: string): boolean => silent.test(char);
/** True for a word set in an alphabet with hyphenation patterns (Latin, Cyrillic, Greek). */
export const isAlphabeticWord = (word: string): boolean => alphabetic.test(word);

/** How many ideographs `text` holds: each is a word. */
export const countIdeographs = (text: string): number => text.match(everyIdeograph)?.length ?? 0;
/** `text` without its ideographs. */
export const withoutIdeographs = (text: string): string => text.replace(everyIdeograph, '');
/** `text` without the characters that draw nothing. */
export const withoutSilent = (text: string): string => text.replace(everySilent, '');
/** The places a line may break in any case (white space, beside an ideograph or a Hangul syllable), in order. */
export const breakablePlaces = (text: string): ReturnType<string['matchAll']> => text.matchAll(breakable);

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

