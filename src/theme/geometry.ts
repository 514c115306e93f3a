import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { characterPitch, gridPitch, pageSizes, textBlock } from './page.js';
import type { Theme } from './schema.js';

/**
 * Whether a theme leaves room for text: margins that meet in the middle of the page, or
 * a text size or line height so large that a page holds only its page number, built
 * documents with every line lost or run off the paper (issue 21). Each problem names
 * the theme field that causes it; `locate` says where that field is set.
 *
 * The limits are far from any real layout (the shipped themes have 27-36 characters a
 * line, 22-30 lines a page): a text block at least a quarter of the page each way, at
 * least 5 body lines of at least 8 characters, a title and headings of 2 lines of 4.
 */
export function geometryProblems(theme: Theme, locate: (path: PropertyKey[]) => Partial<Diagnostic>): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const problem = (path: PropertyKey[], message: string, suggestion: string) =>
    problems.push(error('theme/geometry', message, { ...locate(path), suggestion }));
  const { margins } = theme.page;
  for (const side of ['top', 'bottom', 'left', 'right'] as const) {
    if (margins[side] < 0) problem(['page', 'margins', side], `a margin of ${mm(margins[side])} puts the text off the paper`, 'margins are 0 mm or more');
  }
  const [pageWidth, pageHeight] = pageSizes[theme.page.size].map(toMm) as [number, number];
  const block = textBlock(theme);
  const across: [number, number, 'left' | 'right', string] = [toMm(block.width), pageWidth, margins.left >= margins.right ? 'left' : 'right', 'wide'];
  const down: [number, number, 'top' | 'bottom', string] = [toMm(block.height), pageHeight, margins.top >= margins.bottom ? 'top' : 'bottom', 'tall'];
  let roomy = true;
  for (const [size, page, side, way] of [across, down]) {
    if (size >= page * MIN_BLOCK_SHARE) continue;
    roomy = false;
    problem(
      ['page', 'margins', side],
      `the margins leave a text block ${mm(size)} ${way} on the ${theme.page.size} page (${mm(page)}): at least ${mm(page * MIN_BLOCK_SHARE)} is needed`,
      'make the margins smaller',
    );
  }
  if (!roomy) return problems;

  const pitch = gridPitch(theme);
  const lineHeight = (size: number) => pitch ?? size * theme.text.lineHeight * LINE_BOX;
  const fits = (size: number) => ({ characters: Math.floor(block.width / size), lines: Math.floor(block.height / lineHeight(size)) });
  const body = fits(theme.text.size);
  if (body.characters < MIN_BODY.characters || body.lines < MIN_BODY.lines) {
    // The line height is to blame where the text's size alone would leave room.
    const height = !pitch && body.characters >= MIN_BODY.characters && block.height / (theme.text.size * LINE_BOX) >= MIN_BODY.lines;
    problem(
      height ? ['text', 'lineHeight'] : ['text', 'size'],
      `text of ${theme.text.size} pt${height ? ` at line height ${theme.text.lineHeight}` : ''} sets ${count(body.characters, 'character')} a line and ${count(body.lines, 'line')} a page in the text block (${mm(toMm(block.width))} × ${mm(toMm(block.height))}): at least ${MIN_BODY.characters} characters and ${MIN_BODY.lines} lines are needed`,
      height ? 'make the line height smaller' : 'make the text smaller',
    );
    // Titles and headings share the line height: one problem, said once.
    return problems;
  }
  if (pitch && pitch < theme.text.size) {
    problem(
      ['text', 'linesPerPage'],
      `${theme.text.linesPerPage} lines a page are ${pitch.toFixed(1)} pt apart, less than the text's ${theme.text.size} pt: lines would overlap`,
      'give fewer lines a page, or smaller text',
    );
  }
  const cell = characterPitch(theme);
  if (cell && cell < theme.text.size * MIN_CELL) {
    problem(
      ['text', 'charactersPerLine'],
      `${theme.text.charactersPerLine} characters a line are ${cell.toFixed(1)} pt apart, less than ${MIN_CELL} of the text's ${theme.text.size} pt: characters would overlap`,
      'give fewer characters a line, or smaller text',
    );
  }
  for (const role of ['title', 'heading'] as const) {
    const { characters, lines } = fits(theme[role].size);
    if (characters >= MIN_HEADING.characters && lines >= MIN_HEADING.lines) continue;
    problem(
      [role, 'size'],
      `a ${role} of ${theme[role].size} pt sets ${count(characters, 'character')} a line and ${count(lines, 'line')} a page: at least ${MIN_HEADING.characters} characters and ${MIN_HEADING.lines} lines are needed`,
      `make the ${role} smaller`,
    );
  }
  return problems;
}

/** The text block's least share of the page, each way. */
const MIN_BLOCK_SHARE = 0.25;
const MIN_BODY = { characters: 8, lines: 5 };
const MIN_HEADING = { characters: 4, lines: 2 };
/**
 * The narrowest character cell, as a share of the text's size: an ideograph's ink fills
 * about nine tenths of its em, so a narrower cell runs one character into the next.
 */
const MIN_CELL = 0.9;
/** A line box as a multiple of the size, at line height 1: the bundled faces' ascent and descent reach 1.45. */
const LINE_BOX = 1.5;

const toMm = (pt: number) => (pt * 25.4) / 72;
const mm = (value: number) => `${Math.round(value)} mm`;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
