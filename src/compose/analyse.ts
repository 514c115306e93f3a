import LineBreaker from 'linebreak';
import { mirrored, paragraphLevels, type Levels } from '../text/bidi.js';
import { isIdeographic, isLatinLike, isSilent, isWide } from '../text/script.js';
import { gridAdjustments } from './grid.js';
import { compressPunctuation } from './punctuation.js';
import { shape, type ShapedText } from './shape.js';
import type { ComposeRun, ParagraphStyle, Segment } from './types.js';

/**
 * A paragraph read for line breaking: its text, its bidi levels, each stretch of one
 * run and one direction shaped, how far each character advances, and where lines may
 * break. Everything after this (choosing breaks, setting lines) is arithmetic on it.
 */
export interface Analysed<T> {
  text: string;
  runs: ComposeRun<T>[];
  /** Index into `runs` of each UTF-16 unit. */
  runOf: Int32Array;
  levels: Levels | undefined;
  segments: Segment<T>[];
  /** Index into `segments` of each UTF-16 unit. */
  segmentOf: Int32Array;
  /** Advance of each UTF-16 unit in points (a cluster's whole advance on its first unit). */
  advance: Float64Array;
  /** Points added to a cluster's advance (negative: adjacent full-width punctuation set half-width; on a grid, to fill its cells), already in `advance`. */
  adjust: Float64Array;
  /** True where a cluster starts: the only places a line can break or space can stretch. */
  clusterStart: Uint8Array;
  /** True where UAX #14 and Dossier's own rules allow a line to start. */
  canBreak: Uint8Array;
}


/** The text as it is shaped: right to left, "(" is drawn as ")" (UAX #9 rule L4); fontkit mirrors nothing itself. */
export const drawnText = (text: string, rtl: boolean): string => (rtl ? [...text].map((c) => mirrored(c) ?? c).join('') : text);

/** `given`: the levels of the runs' text where the caller resolved them already (layout/runs.ts). */
export function analyse<T>(runs: ComposeRun<T>[], style: ParagraphStyle, given?: Levels): Analysed<T> {
  const text = runs.map((r) => r.text).join('');
  const runOf = new Int32Array(text.length);
  let at = 0;
  runs.forEach((run, i) => {
    runOf.fill(i, at, at + run.text.length);
    at += run.text.length;
  });
  const levels = given ?? paragraphLevels(text, style.direction);

  // Shaping stretches: a new one wherever the run or the direction changes.
  const segments: Segment<T>[] = [];
  const segmentOf = new Int32Array(text.length);
  const advance = new Float64Array(text.length);
  const clusterStart = new Uint8Array(text.length);
  for (let start = 0; start < text.length; ) {
    const run = runOf[start]!;
    const level = levels?.levels[start] ?? 0;
    let end = start + 1;
    while (end < text.length && runOf[end] === run && (levels?.levels[end] ?? 0) === level) end++;
    const rtl = level % 2 === 1;
    const drawn = drawnText(text.slice(start, end), rtl);
    const composeRun = runs[run]!;
    const shaped = shape(composeRun.font.font, drawn, rtl ? 'rtl' : 'ltr');
    const scale = composeRun.size / composeRun.font.font.unitsPerEm;
    segmentOf.fill(segments.length, start, end);
    for (let i = 0; i < shaped.advances.length; i++) advance[start + i] = shaped.advances[i]! * scale;
    for (const glyph of shaped.glyphs) clusterStart[start + glyph.cluster] = 1;
    segments.push({ start, end, run: composeRun, rtl, shaped });
    start = end;
  }
  // Bidi marks, isolates and joiners take no room (a font without them would give them
  // .notdef's width) and, where they drew no glyph of their own, still start clusters.
  for (let i = 0; i < text.length; i++) {
    if (!isSilent(text[i]!)) continue;
    advance[i] = 0;
    clusterStart[i] = 1;
  }
  const adjust = new Float64Array(text.length);
  // On a character grid every mark keeps its cell: nothing is compressed.
  if (style.grid) gridAdjustments(text, advance, clusterStart, style.grid, adjust);
  else if (style.punctuation !== 'grid') compressPunctuation(text, segments, adjust);
  for (let i = 0; i < text.length; i++) advance[i]! += adjust[i]!;
  return { text, runs, runOf, levels, segments, segmentOf, advance, adjust, clusterStart, canBreak: breakOpportunities(text, runs) };
}

/**
 * Where a line may start: UAX #14 (which keeps closing punctuation off a line's start
 * and opening punctuation off its end, numbers and words whole), never right before
 * an attached run (a footnote reference), and never so that the paragraph's last line
 * holds fewer than two characters besides its closing punctuation.
 */
function breakOpportunities<T>(text: string, runs: ComposeRun<T>[]): Uint8Array {
  const canBreak = new Uint8Array(text.length + 1);
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) canBreak[bk.position] = 1;
  canBreak[0] = 0;
  canBreak[text.length] = 0;
  let at = 0;
  for (const run of runs) {
    if (run.attached && at > 0) canBreak[at] = 0;
    if (run.link) linkBreaks(text, at, at + run.text.length, canBreak);
    at += run.text.length;
  }
  // The tail: closing punctuation, then two characters before it.
  const chars = [...text];
  let tail = text.length;
  let count = 0;
  for (let i = chars.length - 1; i >= 0 && count < 2; i--) {
    tail -= chars[i]!.length;
    if (!/[\p{Pe}\p{Pf}\p{Po}\s]/u.test(chars[i]!)) count++;
  }
  // A line may still start at the first of the two: they stand on the last line together.
  for (let i = Math.max(1, tail + 1); i < text.length; i++) canBreak[i] = 0;
  return canBreak;
}

/**
 * Not after "-": pdftotext, as other readers that join lines, takes a hyphen at a line's
 * end for a hyphenation and drops it, and the address would read back wrong.
 */
const addressBreakAfter = /[/.?&=#]/;

/**
 * Inside a link's words (an address), a line may break only after / . ? & = # (never
 * between the two slashes of "//"); around its spaces, as anywhere.
 */
function linkBreaks(text: string, start: number, end: number, canBreak: Uint8Array): void {
  for (let i = start + 1; i < end; i++) {
    if (/\s/.test(text[i - 1]!) || /\s/.test(text[i]!)) continue;
    canBreak[i] = addressBreakAfter.test(text[i - 1]!) && text[i] !== '/' ? 1 : 0;
  }
}

/** The glue a boundary between two characters gets in Chinese text: a gap, room to stretch. */
export interface BoundaryGlue {
  width: number;
  stretch: number;
  shrink: number;
}

const closingPunctuation = /[\p{Pe}\p{Pf}\p{Po}]/u;
const openingPunctuation = /[\p{Ps}\p{Pi}]/u;

/**
 * Chinese is justified between characters, not between words: every boundary next to
 * an ideograph or a full-width mark can stretch a little, and where an ideograph meets
 * a Latin letter or digit there is a quarter-em gap ("2005 年") that also stretches.
 * Full-width punctuation carries half an em of blank in its glyph: beside it, a line
 * may tighten by a quarter em (CLREQ's punctuation compression), unless the mark keeps
 * its cell (a character grid) or was already set half-width beside another mark.
 */
export function boundaryGlue(before: string, after: string, em: number, autospace: number, gapAllowed: boolean, compressible = true): BoundaryGlue | undefined {
  const gap = gapAllowed && ((isIdeographic(before) && isLatinLike(after)) || (isLatinLike(before) && isIdeographic(after)));
  if (!gap && !isWide(before) && !isWide(after)) return undefined;
  const width = gap ? autospace * em : 0;
  compressible &&= (isWide(before) && closingPunctuation.test(before)) || (isWide(after) && openingPunctuation.test(after));
  return { width, stretch: 0.25 * em, shrink: gap ? width / 2 : compressible ? 0.25 * em : 0 };
}
