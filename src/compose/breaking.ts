import { isIdeographic, isSetSolid, isWide } from '../text/script.js';
import type { Analysed } from './analyse.js';
import { itemsOf, type Items } from './items.js';
import { INFINITE_PENALTY, knuthPlass, type Item } from './knuth-plass.js';
import type { ParagraphStyle } from './types.js';

/** One line as chosen: items [first, end), the break at `end`, and how its glue is set. */
export interface LineSpec {
  first: number;
  end: number;
  ratio: number;
  items: Items;
}

/**
 * Justified text: Knuth–Plass, first without hyphenation and a strict tolerance (most
 * Chinese and most Latin paragraphs are set in this pass), then with hyphenation, then
 * loosely; a paragraph nothing fits (a word wider than the line) is broken greedily.
 */
export function justifiedLines<T>(a: Analysed<T>, style: ParagraphStyle): LineSpec[] {
  const lineWidth = (line: number) => style.width - (line === 0 ? (style.indent ?? 0) : 0);
  // (isWide finds a full-width character anywhere in the text: a paragraph with none is not on the grid.)
  if (style.grid && isWide(a.text)) return gridLines(a, style, lineWidth);
  const passes = [
    { hyphenate: false, tolerance: 1 },
    // Spaces never shrink (Word's and LibreOffice's lines would not hold what ours do),
    // so where TeX would shrink a line, this pass lets it stretch further: up to 3.3, a
    // Latin space at 2.65 times its width (0.69 em in Noto Serif, Typst's widest on the
    // same text), before a hyphen, which costs about as much as such a line.
    { hyphenate: Boolean(style.hyphenate), tolerance: 3.3 },
    { hyphenate: Boolean(style.hyphenate), tolerance: 10 },
  ];
  const unhyphenated = style.unhyphenated?.length ? new Set(style.unhyphenated) : undefined;
  let items: Items | undefined;
  let settled: LineSpec[] | undefined;
  for (const pass of passes) {
    if (!items || pass.hyphenate) items = itemsOf(a, style, pass.hyphenate);
    const breaks = knuthPlass(items.items, { lineWidth, sameWidthAfterFirst: true, tolerance: pass.tolerance, ...(unhyphenated ? { unhyphenated } : {}) });
    if (!breaks) continue;
    const lines = toLines(items, breaks.map((b) => b.position), breaks.map((b) => b.ratio));
    // A hyphen in the last-but-one line is kept only if a more tolerant pass cannot do without it.
    if (!endsLastButOneHyphenated(lines)) return lines;
    settled ??= lines;
  }
  return settled ?? greedyLines(a, style, items);
}

/**
 * On a character grid, lines are filled as Word and LibreOffice fill them: each takes
 * every cell it can (first fit, no hyphenation), so a full line holds exactly the
 * characters a line and both files break where the other does. A line that kinsoku
 * leaves a cell short is then justified, its slack shared between its characters.
 */
function gridLines<T>(a: Analysed<T>, style: ParagraphStyle, lineWidth: (line: number) => number): LineSpec[] {
  const lines = greedyLines(a, style);
  return lines.map((line, i) => {
    if (i === lines.length - 1) return line;
    let stretch = 0;
    for (let j = line.first; j < line.end; j++) {
      const item = line.items.items[j]!;
      if (item.type === 'glue') stretch += item.stretch;
    }
    const slack = lineWidth(i) - naturalWidth(line.items, line.first, line.end);
    return { ...line, ratio: stretch > 0 && slack > 1e-6 ? slack / stretch : 0 };
  });
}

function endsLastButOneHyphenated(lines: LineSpec[]): boolean {
  const line = lines.at(-2);
  return line !== undefined && line.items.items[line.end]?.type === 'penalty' && (line.items.items[line.end] as { flagged: boolean }).flagged;
}

/** Ragged text (headings, page furniture): each line takes as much as fits. */
export function greedyLines<T>(a: Analysed<T>, style: ParagraphStyle, given?: Items): LineSpec[] {
  const items = given ?? itemsOf(a, style, false);
  const lineWidth = (line: number) => style.width - (line === 0 ? (style.indent ?? 0) : 0);
  const breaks: number[] = [];
  let first = 0;
  let lastFit = -1;
  for (let i = 0; i < items.items.length; i++) {
    if (!isBreak(items.items, i)) continue;
    const fits = naturalWidth(items, first, i) <= lineWidth(breaks.length) + 1e-6;
    if (fits || lastFit < 0) lastFit = i;
    if (!fits || i === items.items.length - 1) {
      const end = fits ? i : lastFit;
      breaks.push(end);
      first = nextLineStart(items.items, end);
      lastFit = -1;
      if (!fits && end !== i) i = end; // look again from the new line's start
    }
  }
  if (breaks.at(-1) !== items.items.length - 1) breaks.push(items.items.length - 1);
  return toLines(items, breaks, breaks.map(() => 0));
}

/**
 * A centred title: as few lines as greedy breaking needs, of about equal length,
 * broken only between words (for Chinese, between the words Intl.Segmenter finds),
 * and never with fewer than three characters on the last line.
 */
export function balancedLines<T>(a: Analysed<T>, style: ParagraphStyle): LineSpec[] {
  const items = itemsOf(a, style, false);
  const count = greedyLines(a, style, items).length;
  if (count <= 1) return greedyLines(a, style, items);
  const words = wordBreaks(a.text, style.lang);
  const last = items.items.length - 1;
  const candidates = items.items.map((_, i) => i).filter((i) => isBreak(items.items, i) && (i === last || !words || words.has(items.at[i]!)));
  const total = naturalWidth(items, 0, items.items.length - 1);
  const target = total / count;
  // best[k][c]: least cost of setting items up to candidate c in k lines.
  const best = Array.from({ length: count + 1 }, () => new Map<number, { cost: number; from: number }>());
  best[0]!.set(-1, { cost: 0, from: -2 });
  for (let k = 1; k <= count; k++) {
    for (const [from, { cost }] of best[k - 1]!) {
      const start = from < 0 ? 0 : nextLineStart(items.items, from);
      for (const end of candidates) {
        if (end <= from || (k === count) !== (end === last)) continue;
        const width = naturalWidth(items, start, end);
        if (width > style.width + 1e-6) break;
        let lineCost = (target - width) ** 2 + (end === last ? 0 : breakCost(words?.get(items.at[end]!)));
        if (end === last && visibleCharacters(a.text.slice(items.at[start]!)) < 3) lineCost += 1e9;
        const known = best[k]!.get(end);
        if (!known || cost + lineCost < known.cost) best[k]!.set(end, { cost: cost + lineCost, from });
      }
    }
  }
  if (!best[count]!.has(last)) return greedyLines(a, style, items);
  const breaks: number[] = [];
  for (let k = count, at = last; k > 0; at = best[k]!.get(at)!.from, k--) breaks.push(at);
  breaks.reverse();
  return toLines(items, breaks, breaks.map(() => 0));
}

function toLines(items: Items, breaks: number[], ratios: number[]): LineSpec[] {
  let first = 0;
  return breaks.map((end, i) => {
    const line = { first, end, ratio: Number.isFinite(ratios[i]) ? ratios[i]! : 0, items };
    first = nextLineStart(items.items, end);
    return line;
  });
}

/** Whether a line may end at item i: glue after a box, or a penalty that is not forbidding. */
function isBreak(items: Item[], i: number): boolean {
  const item = items[i]!;
  if (item.type === 'glue') return i > 0 && items[i - 1]!.type === 'box';
  return item.type === 'penalty' && item.penalty < INFINITE_PENALTY;
}

/** The first item of the line after a break at `end`: glue and penalties there are dropped. */
function nextLineStart(items: Item[], end: number): number {
  let i = end + 1;
  while (i < items.length && items[i]!.type !== 'box') i++;
  return i;
}

/** Width of items [first, end) plus the break's own width (a hyphen), glue at its natural width. */
export function naturalWidth(items: Items, first: number, end: number): number {
  let width = 0;
  for (let i = first; i < end; i++) {
    const item = items.items[i]!;
    if (item.type !== 'penalty') width += item.width;
  }
  const at = items.items[end];
  return width + (at?.type === 'penalty' ? at.width : 0);
}

const segmenters = new Map<string, Intl.Segmenter>();

/** The words either side of each word boundary, as Intl.Segmenter finds them (a dictionary for Chinese). */
interface WordBreak {
  before: string;
  after: string;
}

/** Word boundaries of set-solid text; undefined for spaced text, where every break is between words. */
function wordBreaks(text: string, lang: string): Map<number, WordBreak> | undefined {
  if (!isSetSolid(lang)) return undefined;
  let segmenter = segmenters.get(lang);
  if (!segmenter) segmenters.set(lang, (segmenter = new Intl.Segmenter(lang, { granularity: 'word' })));
  const words = [...segmenter.segment(text)];
  const breaks = new Map<number, WordBreak>();
  for (let j = 1; j < words.length; j++) breaks.set(words[j]!.index, { before: words[j - 1]!.segment, after: words[j]!.segment });
  return breaks;
}

/**
 * Where a Chinese title prefers to break: after punctuation or a function word (的, 与,
 * 向 …), not beside a lone ideograph, which is how a dictionary segmenter shows a word
 * it did not know (联合|国, 国|别人|权).
 */
const functionWords = new Set([...'的之与和及向在对为于把被从给跟同并而或']);
const loneIdeograph = (word: string) => word.length === 1 && isIdeographic(word) && !functionWords.has(word);
function breakCost(at: WordBreak | undefined): number {
  if (!at) return 0;
  if (/\p{P}$/u.test(at.before)) return -400;
  if (functionWords.has(at.before)) return -200;
  return loneIdeograph(at.before) || loneIdeograph(at.after) ? 400 : 0;
}

const visibleCharacters = (text: string) => [...text].filter((c) => !/[\s\p{P}]/u.test(c)).length;
