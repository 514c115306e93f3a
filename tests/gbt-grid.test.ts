import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeParagraph } from '../src/compose/paragraph.js';
import type { ComposeFont, ComposedLine, ParagraphStyle } from '../src/compose/types.js';
import { isWide } from '../src/text/script.js';
import { characterPitch, gridPitch, loadTheme, mmToPt, textBlock } from '../src/theme/theme.js';
import { docxPart, dossier, libreOfficeToPdfs, root, tempDir } from './helpers.js';
import { pdfLines, type PdfLine } from './support/page-lines.js';
import { isPresent, needs } from './support/requirements.js';

/**
 * GB/T 9704-2012's grid: 22 lines of 28 characters on a 156 mm x 225 mm text block, 16 pt
 * characters in cells of 156 mm / 28 = 15.79 pt. Measured in the PDF (pdftotext), in the
 * DOCX's XML, and in LibreOffice's setting of the DOCX.
 */

const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): ComposeFont['font'] };
const sc: ComposeFont = { key: 'sc', font: fontkit.openSync(join(root, 'node_modules', '@expo-google-fonts', 'noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')) };
const cell = 442.2 / 28;
const gridStyle = (over: Partial<ParagraphStyle> = {}): ParagraphStyle => ({
  width: 28 * cell,
  indent: 2 * cell,
  align: 'justify',
  direction: 'ltr',
  lang: 'zh-CN',
  autospace: 0.25,
  lineHeight: 1.25,
  strut: { font: sc, size: 16 },
  grid: cell,
  ...over,
});
/** Each glyph's x on its line, by its place in the text. */
const xs = (line: ComposedLine) => new Map(line.pieces.flatMap((p) => p.glyphs.map((g) => [g.cluster, p.x + g.x] as const)));

describe('the composer on a character grid', () => {
  const text = '中国民间组织国际交流促进会是中国最大的从事国际交流的非政府组织联合体，成立于2005年，拥有63个团体会员和160多名个人理事，在北京市、天津市、辽宁省、广西壮族自治区和辽宁省大连市设有基层机构，与基层非政府组织保持密切关系。';
  const lines = composeParagraph([{ text, font: sc, size: 16 }], gridStyle());

  it('sets each ideograph and mark in one cell, and a stretch of digits in whole cells', () => {
    const x = xs(lines[0]!);
    // 中 starts after the 2-cell indent; 国 one cell on.
    expect(x.get(0)).toBeCloseTo(2 * cell, 6);
    expect(x.get(1)! - x.get(0)!).toBeCloseTo(cell, 6);
  });

  it('sets a stretch of digits at their own widths, in whole cells: the ideograph after it starts on the next cell', () => {
    const short = '成立于2005年，是中国';
    const x = xs(composeParagraph([{ text: short, font: sc, size: 16 }], gridStyle({ indent: 0, align: 'start' }))[0]!);
    const digits = short.indexOf('2005');
    const digit = x.get(digits + 1)! - x.get(digits)!;
    expect(digit).toBeLessThan(cell * 0.7);
    expect(x.get(digits)! / cell).toBeCloseTo(3, 6);
    expect((x.get(digits + 4)! - x.get(digits)!) / cell).toBeCloseTo(Math.ceil((4 * digit) / cell), 6);
    expect(x.get(digits + 4)! - x.get(digits + 3)!).toBeGreaterThan(digit);
  });

  it('fills every full line with exactly 28 cells, the first with 26 after its indent', () => {
    const chars = (line: ComposedLine) => [...text.slice(line.start, line.end)];
    expect(lines.length).toBeGreaterThan(3);
    // The first line is all ideographs and marks: 26 of them after the indent; the next, 28 less those the digits' cells take.
    expect(chars(lines[0]!).length).toBe(26);
    expect(chars(lines[0]!).every(isWide)).toBe(true);
    for (const line of lines.slice(0, -1)) expect(Math.max(...line.pieces.map((p) => p.x + p.width))).toBeCloseTo(28 * cell, 6);
    // Lines nothing pushed a cell short stand every glyph on a cell, the last on the 28th.
    const onCells = lines.filter((l) => [...xs(l).values()].every((x) => Math.abs(x / cell - Math.round(x / cell)) < 1e-6));
    expect(onCells.length).toBeGreaterThan(1);
    for (const line of onCells.slice(0, -1)) expect(Math.max(...xs(line).values()) / cell).toBeCloseTo(27, 6);
  });

  it('leaves the grid off where the style has none: 16 pt characters 16 pt apart', () => {
    const [line] = composeParagraph([{ text: '中国民间组织', font: sc, size: 16 }], gridStyle({ grid: undefined, indent: 0 }));
    const x = xs(line!);
    expect(x.get(1)! - x.get(0)!).toBeCloseTo(16, 6);
  });
});

/** Body lines (not the page number) of a PDF, with their characters. */
function bodyLines(pdf: string, bottom: number): PdfLine[] {
  return pdfLines(pdf).lines.filter((l) => l.yMax < bottom);
}

/** A line of ideographs and full-width marks only (no digits or Latin letters). */
const allCells = (text: string) => text.replace(/\s/g, '').length > 0 && [...text.replace(/\s/g, '')].every((c) => isWide(c) || /[“”‘’—…·]/.test(c));

const theme = await loadTheme('gbt9704');

describe('GB/T 9704: 22 lines of 28 characters, in the PDF, the DOCX and LibreOffice', () => {
  needs('pdftotext', 'soffice', 'hyphen dictionaries');
  const block = textBlock(theme);
  const left = mmToPt(theme.page.margins.left);
  const top = mmToPt(theme.page.margins.top);
  const right = left + block.width;
  const bottom = top + block.height;
  const pitch = characterPitch(theme)!;
  const linePitch = gridPitch(theme)!;
  const builds: { name: string; pdf: string; docx: string }[] = [];
  let converted: string[] = [];

  beforeAll(() => {
    if (!isPresent('pdftotext') || !isPresent('soffice')) return;
    const cnie = tempDir();
    const cwan = tempDir();
    for (const [content, out, langs] of [
      ['cnie-upr-2013', cnie, []],
      ['cwan-water-2024', cwan, ['--lang', 'zh-CN,zh-Hant']],
    ] as const) {
      const run = dossier(['build', join(root, 'examples', content), '--out', out, '--theme', 'gbt9704', ...langs]);
      expect(run.code, run.stderr).toBe(0);
    }
    builds.push({ name: 'cnie zh-CN', pdf: join(cnie, 'submission.pdf'), docx: join(cnie, 'submission.docx') });
    for (const lang of ['zh-CN', 'zh-Hant']) builds.push({ name: `cwan ${lang}`, pdf: join(cwan, `submission.${lang}.pdf`), docx: join(cwan, `submission.${lang}.docx`) });
    converted = libreOfficeToPdfs(builds.map((b) => b.docx));
  }, 300_000);

  it('the cell is the text block shared out: 156 mm / 28 = 15.79 pt', () => {
    expect(pitch).toBeCloseTo(15.79, 2);
    expect(theme.text.charactersPerLine).toBe(28);
  });

  it('sets full lines of 28 characters, 15.79 pt apart, and none longer', () => {
    for (const { name, pdf } of builds) {
      // Lines of ideographs and marks that start at the left edge and reach the right: full lines.
      const full = bodyLines(pdf, bottom).filter((l) => allCells(l.text) && l.xMin < left + 0.5 && l.xMax > right - 0.5);
      expect(full.length, name).toBeGreaterThan(5);
      const counts = full.map((l) => [...l.text.replace(/\s/g, '')].length);
      expect(Math.max(...counts), name).toBe(28);
      // A line kinsoku leaves a cell short, or one whose last cell holds a note call (read as a
      // line of its own), is stretched; most are full, their characters one cell apart.
      const exact = full.filter((_, i) => counts[i] === 28);
      expect(exact.length / full.length, name).toBeGreaterThan(0.6);
      for (const line of exact) expect((line.xMax - line.xMin - theme.text.size) / 27, `${name}: ${line.text}`).toBeCloseTo(pitch, 1);
      for (const line of exact) expect(Math.abs((line.xMax - line.xMin - theme.text.size) / 27 - pitch), `${name}: ${line.text}`).toBeLessThan(0.05);
    }
  });

  it('puts every body line on one of 22 grid lines, and fills all 22 on a full page', () => {
    for (const { name, pdf } of builds) {
      const lines = bodyLines(pdf, bottom).filter((l) => l.yMax - l.yMin > 10); // not a raised note call
      // Each line's foot stands a whole number of grid lines below the text block's top: 1 to 22.
      const slots = lines.map((l) => (l.base - top) / linePitch);
      const offset = slots[0]! - Math.round(slots[0]!);
      for (const slot of slots) expect(Math.abs(slot - offset - Math.round(slot - offset)), name).toBeLessThan(0.02);
      const perPage = new Map<number, Set<number>>();
      lines.forEach((l, i) => perPage.set(l.page, (perPage.get(l.page) ?? new Set()).add(Math.round(slots[i]! - offset))));
      for (const used of perPage.values()) {
        expect(Math.min(...used), name).toBeGreaterThanOrEqual(1);
        expect(Math.max(...used), name).toBeLessThanOrEqual(22);
      }
      // The seed report fills its pages: one holds a line on each of the 22.
      if (name.startsWith('cnie')) expect(Math.max(...[...perPage.values()].map((used) => used.size)), name).toBe(22);
    }
  });

  it('states the grid in the DOCX as Word does: linesAndChars, 28 cells of 15.79 pt that fit the text width', () => {
    for (const { name, docx } of builds) {
      const file = readFileSync(docx);
      const section = docxPart(file, 'word/document.xml').match(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/)![0];
      const grid = /<w:docGrid w:type="linesAndChars" w:linePitch="(\d+)" w:charSpace="(-?\d+)"\/>/.exec(section);
      expect(grid, name).not.toBeNull();
      const [linePitchTwips, charSpace] = [Number(grid![1]), Number(grid![2])];
      const margins = /<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"/.exec(section)!.slice(1).map(Number);
      const page = /<w:pgSz w:w="(\d+)" w:h="(\d+)"/.exec(section)!.slice(1).map(Number);
      const widthTwips = page[0]! - margins[1]! - margins[3]!;
      const heightTwips = page[1]! - margins[0]! - margins[2]!;
      // Word's cell: the Normal style's size plus charSpace/4096 pt.
      const wordCell = theme.text.size + charSpace / 4096;
      expect(wordCell, name).toBeCloseTo(pitch, 2);
      expect(Math.floor((widthTwips / 20) / wordCell), name).toBe(28);
      expect(Math.floor(heightTwips / linePitchTwips), name).toBe(22);
      expect(charSpace, name).toBe(-842);
      expect(linePitchTwips, name).toBe(579);
      const styles = docxPart(file, 'word/styles.xml');
      expect(styles, name).toMatch(/<w:style w:type="paragraph" w:styleId="Normal" w:default="1">.*?<w:overflowPunct w:val="0"\/>.*?<w:sz w:val="32"\/>.*?<\/w:style>/);
      // The title is off the grid: its 22 pt characters keep their own widths.
      expect(styles, name).toMatch(/<w:style [^>]*w:styleId="Title"[^>]*>(?:(?!<\/w:style>).)*<w:snapToGrid w:val="0"\/>/);
    }
  });

  it('LibreOffice sets the DOCX 28 characters a full line too, on as many pages', () => {
    builds.forEach(({ name, pdf }, i) => {
      const ours = pdfLines(pdf);
      const theirs = pdfLines(converted[i]!);
      expect(theirs.pages, name).toBe(ours.pages);
      // LibreOffice draws a closing mark past the last cell (it hangs it, w:overflowPunct or not): not counted.
      const full = theirs.lines.filter((l) => l.yMax < bottom && allCells(l.text) && l.xMin < left + 1.5 && l.xMax > right - 2.5);
      expect(full.length, name).toBeGreaterThan(5);
      const counts = full.map((l) => [...l.text.replace(/\s/g, '')].length - (l.xMax > right + 2 ? 1 : 0));
      expect(Math.max(...counts), name).toBe(28);
      expect(counts.filter((n) => n === 28).length / counts.length, name).toBeGreaterThan(0.6);
    });
  });
});
