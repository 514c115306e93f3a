import type { Theme } from './theme.js';

export const mmToPt = (mm: number) => (mm * 72) / 25.4;

/** Page sizes in points, width by height (pdfmake's own figures). */
export const pageSizes = { A4: [595.28, 841.89], LETTER: [612, 792] } as const satisfies Record<Theme['page']['size'], readonly [number, number]>;

/** The page label as printed: the template's wording, or the theme's own style. */
export function pageLabel(theme: Theme, wording: string): string {
  return theme.footer.style === 'dashes' ? '— {page} —' : wording;
}
