import type { ContentText } from 'pdfmake/interfaces.js';
import { needsGap, splitAtGaps } from '../../document/autospace.js';

/**
 * Prepares a block's text fragments for pdfmake's line breaker, which follows
 * UAX #14 (so closing punctuation never starts a line, opening punctuation never
 * ends one, and numbers and Latin words stay whole) but knows nothing of two
 * further rules of Chinese typesetting, added here.
 */

/**
 * CJK–Latin gaps: each fragment is split where Chinese meets Latin letters or digits,
 * inside it or across two fragments, and the piece before the boundary carries the
 * gap (see gaps.ts for how pdfmake draws it).
 */
export function withAutospace(leaves: ContentText[], gapFor: (leaf: ContentText) => number): ContentText[] {
  const out: ContentText[] = [];
  leaves.forEach((leaf, i) => {
    const text = String(leaf.text);
    const pieces = splitAtGaps(text);
    const next = leaves[i + 1];
    const gapAtEnd = next !== undefined && !next.sup && !leaf.sup && needsGap(text.slice(-1), String(next.text).charAt(0));
    pieces.forEach((piece, j) => {
      const gap = j < pieces.length - 1 || gapAtEnd;
      out.push(gap ? ({ ...leaf, text: piece, gapAfter: { size: gapFor(leaf) } } as ContentText) : { ...leaf, text: piece });
    });
  });
  return out;
}

const closing = /[\p{Pe}\p{Pf}\p{Po}]/u;

/**
 * No lone character on a paragraph's last line ("会。" under a full line): the last
 * two characters, with the punctuation after them, are kept on one line.
 */
export function keepTailTogether(leaves: ContentText[]): ContentText[] {
  const last = leaves[leaves.length - 1];
  if (!last || last.noWrap) return leaves;
  const chars = [...String(last.text)];
  let keep = 0;
  while (keep < chars.length && closing.test(chars[chars.length - 1 - keep]!)) keep++;
  keep += 2;
  if (chars.length <= keep) return leaves;
  const head = chars.slice(0, -keep).join('');
  const tail = chars.slice(-keep).join('');
  // Only the tail's last piece may carry the leaf's gap; the head carries none.
  const { gapAfter, ...style } = last as ContentText & { gapAfter?: unknown };
  return [...leaves.slice(0, -1), { ...style, text: head }, { ...style, ...(gapAfter ? { gapAfter } : {}), text: tail, noWrap: true }];
}
