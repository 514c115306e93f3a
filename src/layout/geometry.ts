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
  /** The top of the page number's line, from the page's top edge. */
  footerTop: number;
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

export function pageGeometry(theme: Theme, gridPitch: number | undefined): PageGeometry {
  const [width, height] = pageSizes[theme.page.size];
  const m = theme.page.margins;
  const margins = { top: mmToPt(m.top), bottom: mmToPt(m.bottom), left: mmToPt(m.left), right: mmToPt(m.right) };
  // On a line grid the rule takes one line's height, so the notes stay on the grid.
  const [above, below] = gridPitch ? [gridPitch / 2, gridPitch / 2] : [theme.text.size, theme.text.size / 2];
  return {
    width,
    height,
    margins,
    text: textBlock(theme),
    headerTop: margins.top / 2,
    footerTop: theme.footer.below !== undefined ? margins.top + textBlock(theme).height + mmToPt(theme.footer.below) : height - margins.bottom + margins.bottom / 3,
    noteRule: { above, below, length: 120 },
    pageNumber: {
      ...(theme.footer.style === 'dashes' ? ({ odd: 'end', even: 'start' } as const) : ({ odd: 'center', even: 'center' } as const)),
      inset: theme.footer.inset * theme.footer.size,
    },
  };
}
