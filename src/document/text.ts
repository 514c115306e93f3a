import { isWide } from '../text/script.js';
import type { Block, Inline } from './tree.js';

/** Plain text of inlines, footnotes left out: what a reader sees on the line. */
export function plainText(inlines: Inline[]): string {
  return inlines.map((i) => (i.kind === 'text' ? i.text : i.kind === 'note' ? '' : plainText(i.children))).join('');
}

/** Plain text of a block as it reads on the page, label included. */
export function blockText(block: Block): string {
  switch (block.kind) {
    case 'pageBreak':
      return '';
    case 'field':
      return plainText(block.label) + plainText(block.value);
    default:
      return plainText(block.children);
  }
}

/**
 * The number each numbered block gets: items of one list count on across other
 * blocks; a new list id starts again at 1. Both renderers share this, so the PDF's
 * typed numbers and the DOCX's numbering definitions agree.
 */
export function itemNumbers(blocks: Block[]): Map<Block, number> {
  const counters = new Map<string, number>();
  const numbers = new Map<Block, number>();
  for (const block of blocks) {
    if (block.kind !== 'numbered') continue;
    const n = (counters.get(block.list) ?? 0) + 1;
    counters.set(block.list, n);
    numbers.set(block, n);
  }
  return numbers;
}

/**
 * A paragraph's number as typed before it: "1、" runs straight into Chinese text, "1."
 * and "1-" are followed by a space (in the DOCX, the numbering level's suffix).
 */
export function numberLabel(format: string, n: number): string {
  const label = format.replace('%1', String(n));
  return numberFollowedBySpace(format) ? `${label} ` : label;
}

export const numberFollowedBySpace = (format: string): boolean => !isWide(format.at(-1) ?? '');
