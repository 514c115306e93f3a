import { isSilent, isWide } from '../text/script.js';

/**
 * A character grid (GB/T 9704's 28 characters a line; Word's "lines and characters"
 * grid, which LibreOffice follows): each ideograph, kana and full-width mark takes one
 * cell of the measure divided by the characters a line, however wide its glyph (a
 * 16 pt character on a 15.79 pt cell); a glyph wider than a cell by more than a hair
 * takes as many cells as it covers. Latin letters, digits and spaces keep their own
 * widths, and a stretch of them fills whole cells, padded at its end: the ideograph
 * after "2005" starts on the next cell. That is how LibreOffice sets a DOCX's grid, and
 * the PDF is compared with LibreOffice's pages (Word's own handling of such a stretch
 * was not measured: it may space it otherwise and fit a digit more on a line).
 * So every line holds whole cells, and a full line exactly the characters a line.
 *
 * Writes, per cluster (on its first UTF-16 unit), the points its advance changes by.
 */
export function gridAdjustments(text: string, advance: Float64Array, clusterStart: Uint8Array, cell: number, into: Float64Array): void {
  let stretch = 0;
  let last = -1;
  const close = () => {
    if (last >= 0 && stretch > 0) into[last]! += Math.ceil(stretch / cell - 1e-9) * cell - stretch;
    stretch = 0;
    last = -1;
  };
  for (let i = 0; i < text.length; i++) {
    if (!clusterStart[i] || isSilent(text[i]!)) continue;
    // A cluster's whole advance sits on its first unit (analyse.ts).
    const width = advance[i]!;
    if (takesCell(text, i)) {
      close();
      into[i]! += Math.max(1, Math.ceil(width / cell - OVERHANG)) * cell - width;
    } else {
      stretch += width;
      last = i;
    }
  }
  // A stretch that ends the paragraph has nothing after it to put on the grid.
}

/**
 * A full-width glyph up to this share of a cell wider than it still takes one cell (16 pt
 * in a 15.79 pt cell); Latin stretches get no such grace: they fit their cells.
 */
const OVERHANG = 0.05;

/** Punctuation and symbols past Latin-1 and its neighbours that belong to no script ("“", "—", "…"). */
const weak = /^[\p{P}\p{S}]$/u;
const isWeak = (char: string) => char.charCodeAt(0) >= 0x2000 && weak.test(char);
/** The character (a whole code point) at a UTF-16 index. */
const at = (text: string, i: number) => String.fromCodePoint(text.codePointAt(i)!);

/**
 * Whether the character at i takes a cell: an ideograph, kana or full-width form; or a
 * mark of no script of its own ("“", "——", "…") among them. Such a mark takes the script
 * of the text before it (at a paragraph's start, after it), as LibreOffice decides it.
 */
export function takesCell(text: string, i: number): boolean {
  const char = at(text, i);
  if (isWide(char)) return true;
  if (!isWeak(char)) return false;
  for (let j = i - 1; j >= 0; j--) {
    // The low half of a surrogate pair is read with its high half.
    if (j > 0 && /[\udc00-\udfff]/.test(text[j]!)) continue;
    const before = at(text, j);
    if (!isSilent(before) && !isWeak(before)) return isWide(before);
  }
  for (let j = i + 1; j < text.length; j++) {
    const after = at(text, j);
    if (!isSilent(after) && !isWeak(after)) return isWide(after);
  }
  return false;
}
