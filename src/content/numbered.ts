/**
 * Whether a paragraph is numbered: the nearest that has a word on it says: the
 * paragraph (`numbered:` beside its text), the submission (`numbered:`), the kind
 * (kinds/<kind>.yaml `document.numbered`: HRC statements not, UPR and treaty-body
 * reports yes), the theme (`paragraph.numbered`); numbered where none says.
 * This is the one place that decides it.
 */
export interface NumberingWords {
  paragraph?: boolean;
  submission?: boolean;
  kind?: boolean;
  theme?: boolean;
}

export function isNumbered(words: NumberingWords): boolean {
  return words.paragraph ?? words.submission ?? words.kind ?? words.theme ?? true;
}
