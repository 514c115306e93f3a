import { writingSystem } from '../text/script.js';
import type { Theme } from './schema.js';

export const mmToPt = (mm: number) => (mm * 72) / 25.4;

/** The text block, the page inside its margins, in points. */
export function textBlock(theme: Theme): { width: number; height: number } {
  const [width, height] = pageSizes[theme.page.size];
  const { top, bottom, left, right } = theme.page.margins;
  return { width: width - mmToPt(left) - mmToPt(right), height: height - mmToPt(top + bottom) };
}

/** The line grid's pitch in points, where the theme has a grid (text.linesPerPage). */
export function gridPitch(theme: Theme): number | undefined {
  if (!theme.text.linesPerPage) return undefined;
  const { height } = textBlock(theme);
  // A hair under the exact share, so the last line's bottom never rounds past the text block.
  return height / theme.text.linesPerPage - 1e-3;
}

/** Whether a document in `lang` has its justified lines filled with kashidas: an Arabic-script one, where the theme asks. */
export const kashidaJustified = (theme: Theme, lang: string): boolean => theme.text.arabicJustify === 'kashida' && writingSystem(lang) === 'Arab';

/** The character grid's cell in points, where the theme has one (text.charactersPerLine): the measure shared out. */
export function characterPitch(theme: Theme): number | undefined {
  if (!theme.text.charactersPerLine) return undefined;
  return textBlock(theme).width / theme.text.charactersPerLine;
}

/** Page sizes in points, width by height (pdfmake's own figures). */
export const pageSizes = { A4: [595.28, 841.89], LETTER: [612, 792] } as const satisfies Record<Theme['page']['size'], readonly [number, number]>;

/** The page label as printed: the template's wording, or the theme's own style. */
export function pageLabel(theme: Theme, wording: string): string {
  return theme.footer.style === 'dashes' ? '— {page} —' : wording;
}

/** A page label as page `page` of `pages` prints it. */
export const pageLabelOf = (label: string, page: number, pages: number): string => label.replace('{page}', String(page)).replace('{pages}', String(pages));
