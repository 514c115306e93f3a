import type { Levels } from '../text/bidi.js';
import { analyse } from './analyse.js';
import { balancedLines, greedyLines, justifiedLines } from './breaking.js';
import { setLine } from './set-line.js';
import type { ComposedLine, ComposeRun, ParagraphStyle } from './types.js';

/**
 * The line composer: a paragraph's styled runs in, its lines out, each a list of
 * positioned glyph runs in visual order. One composer for every script: Chinese is
 * justified between characters with kinsoku and CJK–Latin gaps, Latin and Cyrillic
 * between words with hyphenation, Arabic right to left with per-line bidi order.
 */
export function composeParagraph<T>(runs: ComposeRun<T>[], style: ParagraphStyle, levels?: Levels): ComposedLine<T>[] {
  const nonEmpty = runs.filter((r) => r.text.length > 0);
  if (!nonEmpty.length) return [];
  const analysed = analyse(nonEmpty, style, levels);
  const specs = style.balance ? balancedLines(analysed, style) : style.align === 'justify' ? justifiedLines(analysed, style) : greedyLines(analysed, style);
  return specs.map((spec, i) => setLine(analysed, spec, style, i, i === specs.length - 1));
}

export type { ComposedLine, ComposeFont, ComposeRun, ParagraphStyle, Piece, PlacedGlyph } from './types.js';
