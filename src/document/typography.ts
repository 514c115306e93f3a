import { blockInlines } from './text.js';
import { primaryLanguage } from '../text/script.js';
import type { DocumentTree, Inline } from './tree.js';

/**
 * Spacing a language's typesetting rules put into the text itself, so the PDF, the
 * DOCX and the text a reader copies all have it. French (Imprimerie nationale, and
 * the United Nations' French usage): a narrow no-break space before ; : ! ? and
 * inside « », replacing whatever space the author typed there, so the mark never
 * starts a line. Only text in French is touched: an English title quoted in a
 * French footnote keeps its own colon.
 */
const NARROW_NO_BREAK_SPACE = '\u202f';

// A Map: a span's language comes from the markup, and `__proto__` or `constructor` is no rule.
const rules = new Map<string, (text: string) => string>(Object.entries({
  fr: (text) =>
    text
      // ; ! ? » after a word, with or without a space typed before them ("?!" stays together).
      .replace(/([^\s;!?»])[ \u00a0\u202f]*([;!?»])/gu, `$1${NARROW_NO_BREAK_SPACE}$2`)
      // A colon only where a space was typed: 10:30 and https:// are left alone.
      .replace(/[ \u00a0\u202f]+:/gu, `${NARROW_NO_BREAK_SPACE}:`)
      .replace(/«[ \u00a0\u202f]*/gu, `«${NARROW_NO_BREAK_SPACE}`),
}));

/**
 * French sets a note call before the punctuation it stands next to ("dignité¹." and
 * "dignité¹ ;", not "dignité.¹"): Imprimerie nationale, Lexique des règles
 * typographiques, "Appels de note". An author who typed the note after the full stop
 * gets it moved before it, with the narrow space of ; : ! ? kept before the mark.
 */
const callsBeforePunctuation = new Set(['fr']);
const trailingPunctuation = /[\u202f\u00a0 ]*[.,;:!?…]+$/u;

function moveCallsBeforePunctuation(inlines: Inline[]): void {
  for (let i = 0; i + 1 < inlines.length; i++) {
    const text = inlines[i]!;
    if (text.kind !== 'text' || inlines[i + 1]!.kind !== 'note') continue;
    const mark = trailingPunctuation.exec(text.text)?.[0];
    if (!mark || mark.length === text.text.length) continue;
    text.text = text.text.slice(0, -mark.length);
    const after = inlines[i + 2];
    if (after?.kind === 'text') after.text = mark + after.text;
    else inlines.splice(i + 2, 0, { kind: 'text', text: mark });
  }
}

export function applyTypography(tree: DocumentTree): DocumentTree {
  const visit = (inlines: Inline[], lang: string): void => {
    const rule = rules.get(primaryLanguage(lang));
    for (const inline of inlines) {
      if (inline.kind === 'text') {
        if (rule) inline.text = rule(inline.text);
      } else visit(inline.children, inline.kind === 'span' ? inline.lang : lang);
    }
    if (callsBeforePunctuation.has(primaryLanguage(lang))) moveCallsBeforePunctuation(inlines);
  };
  for (const block of tree.blocks) {
    for (const inlines of blockInlines(block)) visit(inlines, tree.meta.lang);
  }
  return tree;
}
