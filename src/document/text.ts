import { isWide, writingSystem } from '../text/script.js';
import type { Block, BlockSource, Inline, ListStyle } from './tree.js';

/** Plain text of inlines, footnotes left out: what a reader sees on the line (a line break reads as a space). */
export function plainText(inlines: Inline[]): string {
  return inlines.map((i) => (i.kind === 'text' ? i.text : i.kind === 'note' ? '' : i.kind === 'break' ? ' ' : plainText(i.children))).join('');
}

/** Every text a table holds, with where it was written: its caption, then each cell, row by row. */
export function tableCells(table: Extract<Block, { kind: 'table' }>): { inlines: Inline[]; source: BlockSource | undefined }[] {
  const where = table.cellSources;
  const cells = table.caption ? [{ inlines: table.caption, source: where?.caption ?? table.source }] : [];
  table.header.forEach((cell, c) => cells.push({ inlines: cell, source: where?.header[c] ?? table.source }));
  table.rows.forEach((row, r) => row.forEach((cell, c) => cells.push({ inlines: cell, source: where?.rows[r]?.[c] ?? table.source })));
  return cells;
}

/** Every run of inlines a table holds: its caption, then each cell, row by row. */
export function tableTexts(table: Extract<Block, { kind: 'table' }>): Inline[][] {
  return tableCells(table).map((cell) => cell.inlines);
}

/** Every run of inlines a block holds, in reading order. */
export function blockInlines(block: Block): Inline[][] {
  switch (block.kind) {
    case 'pageBreak':
      return [];
    case 'field':
      return [block.label, block.value];
    case 'table':
      return tableTexts(block);
    default:
      return [block.children];
  }
}

/** Plain text of a block as it reads on the page, label included. */
export function blockText(block: Block): string {
  switch (block.kind) {
    case 'pageBreak':
      return '';
    case 'field':
      return plainText(block.label) + plainText(block.value);
    case 'table':
      return tableTexts(block).map(plainText).join(' ');
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

/**
 * Each list item's label, as typed before it: "•", "1.", "(a)", "(i)", "a)". Items of a
 * list count on at their level; an item of a shallower level restarts the deeper ones.
 * The DOCX states the same numbering as Word's levels, so both files show these labels.
 */
export function listLabels(blocks: Block[], lang: string): Map<Block, string> {
  const labels = new Map<Block, string>();
  let list = '';
  let counts = [0, 0, 0];
  for (const block of blocks) {
    if (block.kind !== 'listItem') continue;
    if (block.list !== list) {
      list = block.list;
      counts = [0, 0, 0];
    }
    const level = block.level - 1;
    counts[level]!++;
    for (let deeper = level + 1; deeper < counts.length; deeper++) counts[deeper] = 0;
    labels.set(block, listLabel(block.style, counts[level]!, lang));
  }
  return labels;
}

/**
 * The n-th label (from 1) of a list style, as the document's language writes it. Arabic
 * letters its sub-paragraphs in the abjad order, (أ) (ب) (ج) (د) (ه), as UN Arabic
 * documents do and as Word's arabicAbjad counts, and its second degree with figures in
 * quotation marks, ’1‘ ’2‘ (drawn right to left: ‘1’); Latin letters and roman numerals
 * inside an Arabic line would be a left-to-right island at the line's start.
 */
export function listLabel(style: ListStyle, n: number, lang: string): string {
  const arabic = writingSystem(lang) === 'Arab';
  switch (style) {
    case 'bullet':
      return '\u2022';
    case '1.':
      return `${n}.`;
    case '(a)':
      return `(${arabic ? abjad(n) : letters(n)})`;
    case 'a)':
      return `${arabic ? abjad(n) : letters(n)})`;
    case '(i)':
      return arabic ? `\u2019${n}\u2018` : `(${roman(n)})`;
  }
}

/** أ ب ج د ه و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ, then doubled, as Word's arabicAbjad counts. */
const ABJAD = 'أبجدهوزحطيكلمنسعفصقرشتثخذضظغ';
function abjad(n: number): string {
  return ABJAD[(n - 1) % ABJAD.length]!.repeat(Math.floor((n - 1) / ABJAD.length) + 1);
}

/** a … z, aa … zz, as Word's lowerLetter counts. */
function letters(n: number): string {
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const numerals: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [value, numeral] of numerals) for (; n >= value; n -= value) out += numeral;
  return out;
}
