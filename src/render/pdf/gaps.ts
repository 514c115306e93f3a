import { createRequire } from 'node:module';

/**
 * Spacing between two inlines, which pdfmake cannot express: it measures text and
 * nothing else. A text fragment may carry `gapAfter: { size }` (points); pdfmake
 * splits the fragment into words that all share that object, and after measuring,
 * the last of them gets `size` more width. The extra width counts as trailing cut,
 * like a trailing space, so the gap separates it from what follows on the line and
 * disappears at a line's end, where it would make a justified line short.
 *
 * This hooks pdfmake's one measuring function (TextInlines.measure) once per process.
 */
export interface Gap {
  size: number;
}

interface MeasuredInline {
  width: number;
  trailingCut?: number;
  gapAfter?: Gap;
}

let installed = false;

export function installGapSupport(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const TextInlines = require('pdfmake/js/TextInlines.js').default as {
    prototype: { measure(array: MeasuredInline[], styles: unknown): MeasuredInline[] };
  };
  const measure = TextInlines.prototype.measure;
  TextInlines.prototype.measure = function (array, styles) {
    const measured = measure.call(this, array, styles);
    const last = new Map<Gap, MeasuredInline>();
    for (const inline of measured) if (inline.gapAfter) last.set(inline.gapAfter, inline);
    for (const [gap, inline] of last) {
      inline.width += gap.size;
      inline.trailingCut = (inline.trailingCut ?? 0) + gap.size;
    }
    return measured;
  };
}
