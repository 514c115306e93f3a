import { takesCell } from '../../compose/grid.js';
import type { CharacterGrid, LayoutDecisions } from '../../layout/layout.js';
import { editXml, type Parts } from './package.js';
import { twips } from './units.js';

/**
 * The layout's character grid in Word's terms. Word's grid (ECMA-376 17.6.5, w:docGrid of
 * type linesAndChars) gives each East Asian character a cell of the Normal style's size
 * plus w:charSpace, in 4096ths of a point (negative: narrower). Word measures the text
 * width in whole twips, so the cell is that width shared out, and charSpace is rounded
 * down: 28 cells must fit (GB/T 9704: 156 mm, 8845 twips, 28 cells of 15.79 pt: -842,
 * the figure Word's own page setup writes). linePitch, the line grid, in whole twips
 * rounded down, so that the 22 lines fit as well (579).
 */
export function wordGrid(grid: CharacterGrid, size: number, textWidthTwips: number, linePitch: number): { linePitch: number; charSpace: number } {
  const cell = textWidthTwips / 20 / grid.perLine;
  return { linePitch: Math.floor(linePitch * 20), charSpace: Math.floor((cell - size) * 4096) };
}

/** The section's grid, where the layout set the body on one. */
export function sectionGrid(decisions: LayoutDecisions, size: number): { linePitch: number; charSpace: number } | undefined {
  const { grid, geometry, styles } = decisions;
  if (!grid) return undefined;
  return wordGrid(grid, size, twips(geometry.width) - twips(geometry.margins.left) - twips(geometry.margins.right), styles.body.pitch);
}

/**
 * An indent in twips. On the grid an indent is whole cells, and Word and LibreOffice
 * start the text after it on the next cell boundary: stated as the cells of LibreOffice's
 * narrower cell, rounded down, it ends on or just before that boundary in both, where
 * Word's own cells (2 × 15.79 pt = 632 twips) would put LibreOffice's text a cell later.
 */
export function indentTwips(decisions: LayoutDecisions, size: number): (points: number) => number {
  const grid = sectionGrid(decisions, size);
  if (!grid || !decisions.grid) return twips;
  const cell = libreOfficeCell(size, grid.charSpace);
  const pitch = decisions.grid.pitch;
  return (points) => {
    const cells = Math.round(points / pitch);
    return Math.abs(cells * pitch - points) < 1e-6 ? Math.floor(cells * cell * 20) : twips(points);
  };
}

/**
 * The cell LibreOffice sets, in points: it reads w:charSpace's whole points and its
 * fraction, in twips rounded down, each converted to hundredths of a millimetre
 * (sw/source/writerfilter/dmapper/PropertyMap.cxx, SectionPropertyMap::CloseSectionGroup):
 * -842 on 16 pt gives 15.73 pt, not Word's 15.79.
 */
export function libreOfficeCell(size: number, charSpace: number): number {
  const mm100 = (twips: number) => Math.round((twips * 127) / 72);
  const main = Math.floor(charSpace / 4096);
  const fraction = charSpace - main * 4096;
  return ((mm100(Math.round(size * 20)) + mm100(main * 20) + mm100(Math.floor((fraction * 20) / 4095))) * 72) / 2540;
}

/**
 * How wide (percent, w:w) East Asian characters of a size are drawn so that LibreOffice
 * gives each one cell: it snaps a character to as many cells as its advance covers, and a
 * 16 pt character covers two of its 15.73 pt cells, where Word, like the PDF, sets it in
 * one. At 98 % (15.68 pt) both set it in one cell; undefined where it fits at full width.
 */
export function gridScale(size: number, charSpace: number): number | undefined {
  const cell = libreOfficeCell(size, charSpace);
  return size <= cell ? undefined : Math.floor((100 * cell) / size);
}

/** The size (half-points) a number label's full-width mark is set in to take one of LibreOffice's cells: 31 (15.5 pt) for 16 pt text. */
export const gridLabelSize = (charSpace: number, size: number) => Math.floor(2 * libreOfficeCell(size, charSpace));

/** A run's text cut where it passes between cell characters and Latin stretches: [text, takes cells]. */
export function cellStretches(text: string): [string, boolean][] {
  const out: [string, boolean][] = [];
  for (let i = 0; i < text.length; ) {
    const cells = takesCell(text, i);
    let end = i + 1;
    while (end < text.length && (/[\udc00-\udfff]/.test(text[end]!) || takesCell(text, end) === cells)) end++;
    out.push([text.slice(i, end), cells]);
    i = end;
  }
  return out;
}

/**
 * The languages of a Latin stretch ("2005", "NGO") in a Chinese document's text on the
 * grid: its Latin slot undetermined ("und") rather than the document's Chinese, under
 * whose rules LibreOffice breaks "2005" into "200/5" at a grid line's end.
 */
export const latinUndetermined = (lang: string) => ({ value: 'und', eastAsia: lang });

/** Off the grid: their characters keep their own widths (a 22 pt title would take two cells a character). */
const offGridStyles = ['Title', 'FootnoteText', 'EndnoteText', 'TableText', 'Caption'];

/**
 * What the grid needs beyond w:docGrid, written into the package:
 *  - the Normal style's size stated, not only the defaults': LibreOffice takes the
 *    cell's base from Normal's East Asian size (else 12 pt);
 *  - no punctuation hanging into the margin (w:overflowPunct off, in Normal: LibreOffice
 *    does not read it from the defaults): on the grid a line is full at its last cell,
 *    and the PDF keeps "、" inside the measure;
 *  - styles and page furniture off the grid (w:snapToGrid off) as the layout sets them.
 * Each element goes where CT_PPrBase's sequence puts it (Word rejects a file otherwise):
 * snapToGrid right before spacing.
 */
export function gridParts(parts: Parts, size: number): void {
  const offGrid = '<w:snapToGrid w:val="0"/>';
  editXml(parts, 'word/styles.xml', (xml) => {
    let out = xml
      .replace(
        /(<w:style w:type="paragraph" w:styleId="Normal" w:default="1">(?:(?!<\/w:style>).)*?<w:qFormat\/>)/,
        `$1<w:pPr><w:overflowPunct w:val="0"/></w:pPr><w:rPr><w:sz w:val="${Math.round(size * 2)}"/></w:rPr>`,
      );
    for (const id of offGridStyles) {
      out = out.replace(new RegExp(`(<w:style [^>]*w:styleId="${id}"[^>]*>(?:(?!</w:style>).)*?<w:pPr>(?:(?!</w:pPr>).)*?)(<w:spacing )`), `$1${offGrid}$2`);
    }
    return out;
  });
  for (const path of parts.keys()) {
    if (/^word\/(header|footer)\d+\.xml$/.test(path)) editXml(parts, path, (xml) => xml.replace(/(<w:pPr>(?:(?!<\/w:pPr>).)*?)(<w:spacing )/g, `$1${offGrid}$2`));
  }
}
