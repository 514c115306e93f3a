import type { FontkitFont } from './shape.js';
import type { Segment } from './types.js';

/**
 * CJK punctuation compression. A full-width mark is drawn in one half of its em cell
 * (a comma or a closing bracket in the left half in Simplified Chinese fonts, an
 * opening bracket in the right half) or in the middle (Traditional Chinese commas and
 * stops): the rest of the cell is blank. Where two marks meet, their blanks add up
 * ("地位），个人" shows 1.5 em of nothing). CLREQ 3.1.6 and JLREQ 3.1.4 (and Typst)
 * set such pairs so that at most half an em of blank stands between them: none
 * between a closing mark and the mark after it ("”）", "），", "）。", "。」"), half an em
 * between a mark with blank after it and an opening bracket ("），（").
 *
 * The blanks are read from each glyph's outline, not from a table of characters: the
 * same "，" is left-aligned in a Simplified and centred in a Traditional font.
 */

/** Blank of a full-width mark's cell before and after its ink, in font units. */
interface Blanks {
  before: number;
  after: number;
}

const none: Blanks = { before: 0, after: 0 };
const cache = new WeakMap<FontkitFont, Map<number, Blanks>>();

/** A cell's blank on either side of a punctuation glyph: half a cell, a quarter each side, or none. */
function blanksOf(font: FontkitFont, id: number, advance: number): Blanks {
  let byGlyph = cache.get(font);
  if (!byGlyph) cache.set(font, (byGlyph = new Map()));
  let blanks = byGlyph.get(id);
  if (blanks) return blanks;
  blanks = none;
  const em = font.unitsPerEm;
  const box = font.getGlyph?.(id).bbox;
  if (box && advance >= 0.9 * em && Number.isFinite(box.minX) && box.maxX > box.minX) {
    const half = advance / 2;
    const slack = 0.05 * em;
    if (box.maxX <= half + slack) blanks = { before: 0, after: half };
    else if (box.minX >= half - slack) blanks = { before: half, after: 0 };
    else if (box.minX >= advance / 4 - slack && box.maxX <= (3 * advance) / 4 + slack) blanks = { before: advance / 4, after: advance / 4 };
  }
  byGlyph.set(id, blanks);
  return blanks;
}

const punctuation = /\p{P}/u;

/**
 * How much narrower each mark is set (points, on the UTF-16 index of its cluster) so
 * that adjacent full-width marks stand at most half an em apart. Only left-to-right
 * stretches of one run are looked at; a pair split across runs (a note call between
 * them) is left as it is.
 */
export function compressPunctuation<T>(text: string, segments: Segment<T>[], into: Float64Array): void {
  for (const segment of segments) {
    if (segment.rtl) continue;
    const { run, shaped } = segment;
    const font = run.font.font;
    const scale = run.size / font.unitsPerEm;
    let previous: { at: number; blanks: Blanks } | undefined;
    for (const glyph of shaped.glyphs) {
      const at = segment.start + glyph.cluster;
      const char = text[at]!;
      const blanks = char.charCodeAt(0) >= 0x2000 && punctuation.test(char) ? blanksOf(font, glyph.id, glyph.advance) : none;
      if (blanks === none) {
        previous = undefined;
        continue;
      }
      if (previous) {
        const gap = previous.blanks.after + blanks.before;
        const keep = previous.blanks.after > 0 && blanks.before > 0 ? font.unitsPerEm / 2 : 0;
        if (gap > keep) into[previous.at] = -(gap - keep) * scale;
      }
      previous = { at, blanks };
    }
  }
}
