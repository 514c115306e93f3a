import bidiFactory, { type Bidi } from 'bidi-js';
import { hasRightToLeft, type Direction } from './script.js';

/**
 * The Unicode Bidirectional Algorithm (UAX #9, bidi-js: conformance-tested), in the
 * two steps a typesetter needs: embedding levels for a whole paragraph before it is
 * broken into lines, then each line's visual order after breaking (reordering a
 * paragraph before breaking puts words on the wrong lines).
 */
// The package is CommonJS exporting the factory itself; its types say `default`.
const bidi = (bidiFactory as unknown as () => Bidi)();

export interface Levels {
  /** Embedding level of each UTF-16 unit: odd is right to left. */
  levels: Uint8Array;
  /** bidi-js's own result, which its reordering functions take back. */
  resolved: ReturnType<typeof bidi.getEmbeddingLevels>;
}

/**
 * Levels for a paragraph written in `direction`; undefined for a left-to-right
 * paragraph without any right-to-left character, where every level is 0.
 */
export function paragraphLevels(text: string, direction: Direction): Levels | undefined {
  if (direction === 'ltr' && !hasRightToLeft(text)) return undefined;
  const resolved = bidi.getEmbeddingLevels(text, direction);
  return { levels: resolved.levels, resolved };
}

/** The UTF-16 indices of text[start, end) in the order they appear from left to right. */
export function visualOrder(text: string, levels: Levels | undefined, start: number, end: number): number[] {
  const order = Array.from({ length: end - start }, (_, i) => start + i);
  if (!levels || end <= start) return order;
  for (const [from, to] of bidi.getReorderSegments(text, levels.resolved, start, end - 1) as [number, number][]) {
    const a = from - start;
    const b = to - start;
    for (let i = a, j = b; i < j; i++, j--) [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** The character drawn in place of `char` when it stands in right-to-left text: ")" for "(". */
export function mirrored(char: string): string | null {
  return bidi.getMirroredCharacter(char);
}
