import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateReport } from '../bench/generate.js';
import { build } from '../src/build.js';
import { blockText } from '../src/document/text.js';
import type { Block } from '../src/document/tree.js';
import { docxPart, exampleDir, tempDir } from './helpers.js';
import { isPresent, needs } from './support/requirements.js';

/**
 * Pagination (issue 17), measured on the PDF as poppler lays it out: where each block's
 * lines fall, page by page. The document tree only says which text each block holds.
 */
needs('pdftotext');

interface Line {
  page: number;
  yMin: number;
  yMax: number;
  xMin: number;
  text: string;
}

/** The body lines of each page, page numbers left out. */
function pdfLines(pdf: string): Line[] {
  const html = execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const lines: Line[] = [];
  html.split('<page ').slice(1).forEach((page, p) => {
    for (const m of page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)) {
      const text = [...m[4]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join('');
      // The footer: "第 1 页 共 79 页" (un) or "— 1 —" (gbt9704).
      if (/^(第\d+页共\d+页|—\d+—)$/.test(text)) continue;
      // poppler cuts a line where a gap is wide (on gbt9704's character grid, after a number
      // filling its cells: "13" and "、…"): one baseline is one line.
      const last = lines.at(-1);
      if (last && last.page === p + 1 && Math.abs(last.yMax - Number(m[3])) < 1) {
        const [left, right] = last.xMin <= Number(m[1]) ? [last.text, text] : [text, last.text];
        lines[lines.length - 1] = { ...last, xMin: Math.min(last.xMin, Number(m[1])), text: left + right };
        continue;
      }
      lines.push({ page: p + 1, xMin: Number(m[1]), yMin: Number(m[2]), yMax: Number(m[3]), text });
    }
  });
  return lines;
}

const squash = (t: string) => t.replace(/\s+/g, '');

/**
 * Which block each line sets: the lines' text is read off the blocks' texts in order
 * (a numbered paragraph's first line also carries its number, "12、").
 */
function blockOfEachLine(lines: Line[], blocks: Block[]): number[] {
  const texts = blocks.map((b) => squash(blockText(b)));
  const owners: number[] = [];
  let b = 0;
  let at = 0;
  for (const line of lines) {
    while (b < texts.length && at >= texts[b]!.length) [b, at] = [b + 1, 0];
    let text = squash(line.text);
    if (at === 0 && blocks[b]?.kind === 'numbered') text = text.replace(/^\d+、/, '');
    expect(texts[b]?.slice(at, at + text.length), `page ${line.page}: ${line.text}`).toBe(text);
    owners.push(b);
    at += text.length;
  }
  return owners;
}

interface Pagination {
  pages: number;
  /** Blocks split across a page break, with how many of their lines stand on each side. */
  splits: { block: number; before: number; after: number; page: number }[];
  /** Headings and titles that are the last line of their page. */
  strandedHeadings: string[];
  lines: Line[];
  /** Each line's block, and its kind. */
  owners: number[];
  kinds: Block['kind'][];
}

function paginationOf(pdf: string, blocks: Block[]): Pagination {
  const lines = pdfLines(pdf);
  const owners = blockOfEachLine(lines, blocks);
  const splits: Pagination['splits'] = [];
  const strandedHeadings: string[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i + 1]!.page === lines[i]!.page) continue;
    const block = owners[i]!;
    const kind = blocks[block]!.kind;
    if (kind === 'heading' || kind === 'title') strandedHeadings.push(`page ${lines[i]!.page}: ${lines[i]!.text}`);
    if (owners[i + 1] !== block) continue;
    const count = (from: number, step: number) => {
      let n = 0;
      for (let k = from; owners[k] === block; k += step) n++;
      return n;
    };
    splits.push({ block, before: count(i, -1), after: count(i + 1, 1), page: lines[i]!.page });
  }
  return { pages: lines.at(-1)!.page, splits, strandedHeadings, lines, owners, kinds: owners.map((b) => blocks[b]!.kind) };
}

describe.each(['un', 'gbt9704'])('pagination, %s theme', (theme) => {
  let report: Pagination;
  let example: Pagination;
  let exampleDocx: Buffer;
  beforeAll(async () => {
    if (!isPresent('pdftotext')) return;
    // 300 paragraphs of the example's text, a heading every 4: headings fall anywhere on a page.
    const content = join(tempDir(), 'report');
    generateReport(exampleDir, content, 300, 4);
    const out = tempDir();
    const built = await build({ contentDir: content, outDir: out, formats: ['pdf'], theme });
    report = paginationOf(join(out, 'submission.pdf'), built.tree.blocks);
    const exampleOut = tempDir();
    const exampleBuilt = await build({ contentDir: exampleDir, outDir: exampleOut, formats: ['pdf', 'docx'], theme });
    exampleDocx = readFileSync(join(exampleOut, 'submission.docx'));
    example = paginationOf(join(exampleOut, 'submission.pdf'), exampleBuilt.tree.blocks);
  }, 120_000);

  it('leaves no orphan or widow: a paragraph split by a page keeps two lines on each side', () => {
    expect(report.pages).toBeGreaterThan(50);
    // The test sees splits at all: most pages end inside a paragraph.
    expect(report.splits.length).toBeGreaterThan(report.pages / 2);
    expect(report.splits.filter((s) => s.before < 2 || s.after < 2)).toEqual([]);
    expect(example.splits.filter((s) => s.before < 2 || s.after < 2)).toEqual([]);
  });

  it('never ends a page with a heading or the title', () => {
    expect(report.strandedHeadings).toEqual([]);
    expect(example.strandedHeadings).toEqual([]);
  });

  it('moves a paragraph of two or three lines whole', () => {
    const short = report.splits.filter((s) => s.before + s.after <= 3);
    expect(short).toEqual([]);
  });

  it('breaks the title between words, in balanced lines', () => {
    const title = example.lines.filter((_, i) => example.kinds[i] === 'title');
    const text = title.map((l) => l.text).join('');
    expect(text).toBe('中国民间组织国际交流促进会向联合国人权高专办提交的中国接受第二轮国别人权审查“影子报告”');
    expect(title.length).toBeGreaterThan(1);
    // Every break is a word boundary of the title, never inside “影子报告” or 审查.
    const boundaries = new Set([...new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)].map((s) => s.index));
    let at = 0;
    for (const line of title.slice(0, -1)) {
      at += line.text.length;
      expect(boundaries.has(at), `break after ${line.text}`).toBe(true);
    }
    expect(text).not.toMatch(/影$|^子/m);
    for (const line of title) expect(line.text).not.toMatch(/^子|影$/);
    // Balanced: no line under half the longest, never one or two characters alone.
    const lengths = title.map((l) => [...l.text].length);
    expect(Math.min(...lengths)).toBeGreaterThan(Math.max(...lengths) / 2);
  });

  it('breaks the DOCX title where the PDF breaks it, with line breaks Word and LibreOffice keep', () => {
    const xml = docxPart(exampleDocx, 'word/document.xml');
    const title = /<w:p><w:pPr><w:pStyle w:val="Title"\/>.*?<\/w:p>/.exec(xml)![0];
    const lines = title
      .split('<w:br/>')
      .map((part) => [...part.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    expect(lines).toEqual(example.lines.filter((_, i) => example.kinds[i] === 'title').map((l) => l.text));
  });

  if (theme === 'gbt9704') {
    it('keeps every line on the 22-line grid, the title too, and does not stretch a short page', () => {
      const pitch = (225 / 22 / 25.4) * 72; // 225 mm of text block, 22 lines
      for (const pagination of [report, example]) {
        // poppler's yMin is the baseline less the font's ascent: compare lines of one size.
        for (const kind of ['numbered', 'title'] as const) {
          const lines = pagination.lines.filter((_, i) => pagination.kinds[i] === kind);
          const top = Math.min(...lines.map((l) => l.yMin));
          for (const line of lines) {
            const steps = (line.yMin - top) / pitch;
            expect(Math.abs(steps - Math.round(steps)), `page ${line.page}: ${line.text}`).toBeLessThan(0.01);
          }
        }
      }
      const perPage = new Map<number, number>();
      for (const line of report.lines) perPage.set(line.page, (perPage.get(line.page) ?? 0) + 1);
      expect(Math.max(...perPage.values())).toBe(22);
      // A page that gave lines to the next for widow control ends short of the grid's foot.
      expect([...perPage.values()].some((n) => n < 22)).toBe(true);
    });
  }
});
