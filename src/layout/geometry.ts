import type { ComposedLine } from '../compose/types.js';
import { mmToPt, pageSizes, textBlock, type Theme } from '../theme/theme.js';

/**
 * The page as both writers set it, in points: its size, margins and text block, where
 * the running header and the page number stand, and the rule over the notes. Decided
 * once here; the PDF draws at these positions, the DOCX states them in twips.
 */
export interface PageGeometry {
  width: number;
  height: number;
  margins: { top: number; bottom: number; left: number; right: number };
  text: { width: number; height: number };
  /** The top of the running header's line, from the page's top edge. */
  headerTop: number;
  /** The top of the page number's line, from the page's top edge: its baseline `footerLine.ascent` below. */
  footerTop: number;
  /**
   * The page number's line: from its top to its baseline, and from the baseline to its
   * foot (the strut's descent), in points. The DOCX's footer is made of these.
   */
  footerLine: { ascent: number; descent: number };
  /** The rule over a page's notes: the room above and below it, and its length (a continuation's runs the whole measure). */
  noteRule: { above: number; below: number; length: number };
  /**
   * Where the page number stands on odd and even pages, by the text's direction (start is
   * the left in English, the right in Arabic): centred, or on the outside edge (GB/T 9704:
   * odd pages at the end side, even pages at the start side, which in a right-to-left
   * document, bound on the other side, are the left and the right).
   */
  pageNumber: { odd: 'start' | 'center' | 'end'; even: 'start' | 'center' | 'end'; inset: number };
}

/**
 * The page's geometry for a theme; `pageNumber` is a page number's line as the layout
 * sets it (any page's: they differ only in their digits), whose face and size place it.
 */
export function pageGeometry(theme: Theme, gridPitch: number | undefined, pageNumber: ComposedLine): PageGeometry {
  const [width, height] = pageSizes[theme.page.size];
  const m = theme.page.margins;
  const margins = { top: mmToPt(m.top), bottom: mmToPt(m.bottom), left: mmToPt(m.left), right: mmToPt(m.right) };
  const text = textBlock(theme);
  // On a line grid the rule takes one line's height, so the notes stay on the grid.
  const [above, below] = gridPitch ? [gridPitch / 2, gridPitch / 2] : [theme.text.size, theme.text.size / 2];
  // The line's height is its strut's ascent and descent times the line height (compose/set-line.ts).
  const footerLine = { ascent: pageNumber.ascent, descent: pageNumber.height / theme.text.lineHeight - pageNumber.ascent };
  return {
    width,
    height,
    margins,
    text,
    headerTop: margins.top / 2,
    footerTop: footerTop(theme, pageNumber, margins.top + text.height, height - margins.bottom + margins.bottom / 3),
    footerLine,
    noteRule: { above, below, length: 120 },
    pageNumber: {
      ...(theme.footer.style === 'dashes' ? ({ odd: 'end', even: 'start' } as const) : ({ odd: 'center', even: 'center' } as const)),
      inset: theme.footer.inset * theme.footer.size,
    },
  };
}

/**
 * Where the page number's line starts. A theme's `footer.below` measures down from the
 * text block's lower edge: to the dashes' centre line with `style: dashes` (GB/T 9704-2012
 * 7.5: the 一字线 7 mm below), taken from the ink of the dash glyph in the face and size
 * that draw it (Noto Serif SC's "—" stands 0.27 em above its baseline); to the line's top
 * with a label. Without it, the line starts a third of the way into the bottom margin.
 */
function footerTop(theme: Theme, line: ComposedLine, blockBottom: number, otherwise: number): number {
  if (theme.footer.below === undefined) return otherwise;
  const target = blockBottom + mmToPt(theme.footer.below);
  const dash = theme.footer.style === 'dashes' ? dashAboveBaseline(line) : undefined;
  return dash === undefined ? target : target - (line.ascent - dash);
}

/** How far above the baseline the centre of the line's first dash's ink stands, in points; undefined without a dash or its outline. */
function dashAboveBaseline(line: ComposedLine): number | undefined {
  for (const piece of line.pieces) {
    for (const glyph of piece.glyphs) {
      if (piece.clusters.get(glyph.cluster) !== '—') continue;
      const box = piece.font.font.getGlyph?.(glyph.id).bbox;
      if (!box || !(box.maxY > box.minY)) return undefined;
      return piece.rise + glyph.dy + (((box.minY + box.maxY) / 2) * piece.size) / piece.font.font.unitsPerEm;
    }
  }
  return undefined;
}
