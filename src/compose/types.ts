import type { Direction } from '../text/script.js';
import type { FontkitFont, ShapedText } from './shape.js';

/**
 * The line composer's data: styled runs in, positioned lines out. Pure data, so the
 * composer can be tested without a PDF and the PDF renderer only draws what it gets.
 */

/** One face in one weight, as the composer shapes with it and the renderer draws it. */
export interface ComposeFont {
  /** The renderer's name for this face and weight. */
  key: string;
  font: FontkitFont;
}

/** A run of text in one font and size. `T` is what the renderer wants back on each piece. */
export interface ComposeRun<T = unknown> {
  text: string;
  font: ComposeFont;
  /** Size in points. */
  size: number;
  /** Raised above the baseline by this many points (a footnote reference). */
  rise?: number;
  /** No line break right before this run: a footnote reference stays with its word. */
  attached?: boolean;
  /** Takes no CJK–Latin gap on either side (a footnote reference, a label). */
  noAutospace?: boolean;
  /**
   * Part of a link's text: never hyphenated, and inside a word (an address) broken only
   * after / . ? & = # (analyse.ts), with no hyphen added, so it reads back whole.
   */
  link?: boolean;
  /** BCP 47 tag of the run's language when it is not the paragraph's (a span): its hyphenation and binding rules. */
  lang?: string;
  tag?: T;
}

export type Alignment = 'justify' | 'start' | 'center' | 'end';

export interface ParagraphStyle {
  /** Width lines are set to, in points. */
  width: number;
  /** First-line indent on the starting side, in points. */
  indent?: number;
  align: Alignment;
  /** The paragraph's base direction: rtl puts the first word at the right. */
  direction: Direction;
  /** BCP 47 tag: hyphenation patterns and word boundaries. */
  lang: string;
  hyphenate?: boolean;
  /** Hyphenate words that start with a capital too (proper names: "Же-неве"); off as in TeX's \uchyph=0. */
  hyphenateCapitalized?: boolean;
  /** Lines (0-based) that may not end with a hyphen: a page's last line, so no word is divided across pages. */
  unhyphenated?: readonly number[];
  /**
   * Full-width punctuation in CJK text: 'compress' sets adjacent marks half-width
   * ("）。", "”）": CLREQ 3.1.6, JLREQ 3.1.4); 'grid' keeps every mark in its cell
   * (a character grid, GB/T 9704's 公文). Default compress.
   */
  punctuation?: 'compress' | 'grid';
  /**
   * Justified right-to-left Arabic lines are filled by word spaces up to a limit, then
   * by kashidas (tatweels) inside words (kashida.ts). Off: by word spaces only.
   */
  kashida?: boolean;
  /**
   * A character grid's cell, in points (grid.ts): ideographs and full-width marks one
   * cell each, Latin stretches whole cells, lines filled as Word and LibreOffice fill
   * them (first fit). No CJK–Latin gap and no compression then: the cells are the spacing.
   */
  grid?: number;
  /** Gap between ideographs and Latin letters or digits, in em. */
  autospace: number;
  /** Line height as a multiple of the strut's ascent plus descent. */
  lineHeight: number;
  /** Every line is at least as tall as this font at this size (the paragraph's main face). */
  strut: { font: ComposeFont; size: number };
  /** Lines of about equal length, broken only between words (a centred title). */
  balance?: boolean;
}

/** A glyph placed on a line: `x` from the piece's start, offsets from there, all in points. */
export interface PlacedGlyph {
  id: number;
  x: number;
  dy: number;
  /** Index (in the paragraph's text) of the cluster this glyph draws. */
  cluster: number;
  /** A tatweel the composer drew to elongate a word (kashida.ts): it stands for no character. */
  kashida?: true;
}

/** Consecutive glyphs of one run and direction, in the order they are drawn. */
export interface Piece<T = unknown> {
  font: ComposeFont;
  size: number;
  rise: number;
  /** From the line's left edge, in points. */
  x: number;
  width: number;
  glyphs: PlacedGlyph[];
  /** The characters each cluster stands for, by cluster index: what copying the text gives. */
  clusters: Map<number, string>;
  rtl: boolean;
  tag: T | undefined;
}

export interface ComposedLine<T = unknown> {
  pieces: Piece<T>[];
  /** The paragraph's direction: a right-to-left line starts at the right. */
  rtl: boolean;
  /** From the top of the line box to the baseline, and the box's whole height, in points. */
  ascent: number;
  height: number;
  /** The part of the paragraph's text this line sets (UTF-16 indices, end exclusive). */
  start: number;
  end: number;
  /** Ends with a hyphen the composer added. */
  hyphenated: boolean;
  /** Ends inside a word longer than the line, cut there with no hyphen (items.ts, forcedBreaks). */
  cut: boolean;
}

/** A stretch of text shaped in one go: one run, one direction. */
export interface Segment<T> {
  start: number;
  end: number;
  run: ComposeRun<T>;
  rtl: boolean;
  shaped: ShapedText;
}
