import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Block, DocumentTree } from '../src/document/tree.js';
import { loadFontSetup } from '../src/fonts/manifest.js';
import { planFonts } from '../src/font-plan/plan.js';
import { layOut } from '../src/layout/layout.js';
import { renderPdf } from '../src/render/pdf/render.js';
import { loadTheme, mmToPt } from '../src/theme/theme.js';
import { fontkit } from '../src/fonts/parsed.js';
import { copyOfExample, docxPart, exampleDir, libreOfficeToPdfs, pageImage, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

needs('pdftotext');

interface Line {
  page: number;
  xMin: number;
  xMax: number;
  yMin: number;
  words: { xMin: number; xMax: number; text: string }[];
  text: string;
}

/** Lines as poppler lays them out, with the position of each word. */
function pdfLines(pdf: string): Line[] {
  const html = execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  const lines: Line[] = [];
  html.split('<page ').slice(1).forEach((page, p) => {
    for (const m of page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)) {
      const words = [...m[4]!.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((w) => ({
        xMin: Number(w[1]),
        xMax: Number(w[2]),
        text: w[3]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
      }));
      lines.push({ page: p + 1, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), words, text: words.map((w) => w.text).join('') });
    }
  });
  return lines;
}

/** Pages as poppler counts them. */
function pageCount(pdf: string): number {
  return execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8' }).split('<page ').length - 1;
}
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * GB/T 9704's 一字线 on each page of a gbt9704 PDF (37 mm top margin, 225 mm text block),
 * in mm below the text block's lower edge: the centre of the ink rows, below the block,
 * in which a stroke runs 0.6 em of the number's size or more (the dashes: no digit has
 * one that long), the footer's strip rendered at 600 dpi. The ink, not poppler's text
 * box, whose top stands where the face's ascent puts it.
 */
function dashLines(pdf: string, size = 14): number[] {
  const dpi = 600;
  const px = (pt: number) => (pt * dpi) / 72;
  const edge = mmToPt(37 + 225);
  const y0 = Math.floor(px(edge + mmToPt(1)));
  const [width, rows] = [Math.ceil(px(mmToPt(210))), Math.ceil(px(mmToPt(25)))];
  return upTo(pageCount(pdf)).map((page) => {
    const { gray } = pageImage(pdf, page, ['-r', String(dpi), '-x', '0', '-y', String(y0), '-W', String(width), '-H', String(rows)]);
    const dash: number[] = [];
    for (let y = 0; y < rows; y++) {
      let run = 0;
      let longest = 0;
      for (let x = 0; x < width; x++) longest = Math.max(longest, (run = gray[y * width + x]! < 128 ? run + 1 : 0));
      if (longest >= px(0.6 * size)) dash.push(y);
    }
    if (!dash.length) return NaN;
    const centre = ((y0 + dash.reduce((a, b) => a + b, 0) / dash.length + 0.5) * 72) / dpi;
    return (centre - edge) / mmToPt(1);
  });
}

const text = (t: string) => [{ kind: 'text' as const, text: t }];
const meta = { title: 't', author: 'a', subject: 's', keywords: [], lang: 'zh-CN', date: new Date('2013-03-04T00:00:00Z'), header: '页眉', pageLabel: '第 {page} 页 共 {pages} 页', numbering: '%1、' };

async function renderBlocks(blocks: Block[], themeName = 'un'): Promise<string> {
  const tree: DocumentTree = { meta, blocks };
  const theme = await loadTheme(themeName);
  const pdf = join(tempDir(), 'out.pdf');
  const plan = await planFonts(tree, theme, loadFontSetup(theme));
  writeFileSync(pdf, await renderPdf(tree, theme, await layOut(tree, theme, plan)));
  return pdf;
}

// The un theme's text block: 210 mm - 2 x 28 mm at 12 pt is 36 characters a line.
const left = mmToPt(28);
const right = mmToPt(210 - 28);
const han = (n: number) => '国家人民社会组织发展'.repeat(10).slice(0, n);

describe('line breaking (kinsoku)', () => {
  it('never starts a line with closing punctuation, even where it falls exactly at the line start', async () => {
    // 36 ideographs fill a line: the 37th character, a closing mark, must not start line 2.
    const closers = '，。、；：？！）」』”》';
    const blocks = [...closers].map((c): Block => ({ kind: 'paragraph', children: text(`${han(34)}${c}${han(40)}`) }));
    const lines = pdfLines(await renderBlocks(blocks));
    const starts = lines.map((l) => [...l.text][0]!);
    expect(starts.filter((c) => closers.includes(c))).toEqual([]);
    // The rule moved a character down with the mark rather than letting it hang.
    expect(lines.filter((l) => l.xMin < left + 1).length).toBeGreaterThan(closers.length);
  });

  it('never ends a line with opening punctuation', async () => {
    const openers = '（「『“《';
    const blocks = [...openers].map((c): Block => ({ kind: 'paragraph', children: text(`${han(33)}${c}${han(40)}`) }));
    const lines = pdfLines(await renderBlocks(blocks));
    expect(lines.map((l) => [...l.text].at(-1)!).filter((c) => openers.includes(c))).toEqual([]);
  });

  it('never splits numbers, Latin words, NGO or UPR', async () => {
    const words = ['Internationalization', 'NGO', 'UPR', '46.2', '2013', 'OHCHR'];
    const blocks = [30, 31, 32, 33, 34, 35].map((n, i): Block => ({ kind: 'paragraph', children: text(`${han(n)}${words[i]}${han(40)}`) }));
    const all = pdfLines(await renderBlocks(blocks)).map((l) => l.text).join('\n');
    for (const word of words) expect(all).toContain(word);
  });

  it('justifies every line of a paragraph but the last, which it leaves short', async () => {
    const blocks: Block[] = [{ kind: 'paragraph', children: text(`成立于2005年，${han(60)}NGO书面评议UPR审议${han(50)}。`) }];
    const lines = pdfLines(await renderBlocks(blocks));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    // The footer line is last; the paragraph's lines come first.
    const paragraph = lines.filter((l) => !l.text.startsWith('第'));
    for (const line of paragraph.slice(0, -1)) expect(Math.abs(line.xMax - right)).toBeLessThan(1.5);
    expect(right - paragraph.at(-1)!.xMax).toBeGreaterThan(12);
  });

  it('keeps at least two characters on a paragraph’s last line', async () => {
    const blocks = [34, 35, 36].map((n): Block => ({ kind: 'paragraph', children: text(`${han(36)}${han(n)}会。`) }));
    const lines = pdfLines(await renderBlocks(blocks)).filter((l) => !l.text.startsWith('第'));
    const lastLines = lines.filter((l, i) => lines[i + 1] === undefined || lines[i + 1]!.xMin > l.xMin + 1 || lines[i + 1]!.yMin - l.yMin > 25);
    for (const line of lastLines) expect([...line.text.replace(/[，。]/g, '')].length).toBeGreaterThanOrEqual(2);
  });
});

describe('CJK–Latin spacing', () => {
  it('puts a quarter em between Chinese and digits or Latin letters, as position, not as text', async () => {
    const pdf = await renderBlocks([{ kind: 'paragraph', children: [{ kind: 'text', text: '成立于2005年，提交' }, { kind: 'strong', children: text('NGO') }, { kind: 'text', text: '书面评议' }] }]);
    const words = pdfLines(pdf)[0]!.words;
    const gap = (a: string, b: string) => {
      const i = words.findIndex((w) => w.text.endsWith(a) && words[words.indexOf(w) + 1]?.text.startsWith(b));
      expect(i, `${a}|${b} in ${words.map((w) => w.text).join('|')}`).toBeGreaterThanOrEqual(0);
      return (words[i + 1]!.xMin - words[i]!.xMax) / 12;
    };
    for (const [a, b] of [['于', '2005'], ['2005', '年'], ['交', 'NGO'], ['NGO', '书']] as const) {
      const em = gap(a, b);
      expect(em).toBeGreaterThanOrEqual(0.2);
      expect(em).toBeLessThanOrEqual(0.3);
    }
  });

  it('puts no gap beside punctuation: digits and Latin letters touch a full-width comma or full stop', async () => {
    // Between 于 and 2005, and 交 and NGO, a gap splits the words; beside ， and 。 none may.
    const pdf = await renderBlocks([{ kind: 'paragraph', children: text('成立于2005，提交NGO。参加UPR，提交') }]);
    const words = pdfLines(pdf)[0]!.words.map((w) => ({ ...w, width: w.xMax - w.xMin }));
    expect(words.map((w) => w.text)).toEqual(['成立于', '2005，提交', 'NGO。参加', 'UPR，提交']);
    // Each word is as wide as its glyphs' advances at 12 pt: nothing was added inside it.
    const theme = await loadTheme('un');
    const body = loadFontSetup(theme).chains.get(theme.fonts.body)!.bySystem.get('Hans')![0]!.normal;
    const font = fontkit().create(readFileSync(body.path)) as { unitsPerEm: number; glyphsForString(s: string): { advanceWidth: number }[] };
    const advance = (s: string) => (font.glyphsForString(s).reduce((sum, g) => sum + g.advanceWidth, 0) / font.unitsPerEm) * 12;
    for (const word of words.slice(1)) expect(word.width, word.text).toBeCloseTo(advance(word.text), 0);
  });

  it('keeps "2005年" without a space in the tree and the DOCX text', async () => {
    const out = tempDir();
    const { tree } = await build({ contentDir: exampleDir, outDir: out, formats: ['docx'] });
    expect(JSON.stringify(tree)).toContain('成立于2005年10月');
    const xml = docxPart(readFileSync(join(out, 'submission.docx')), 'word/document.xml');
    const docText = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(docText).toContain('成立于2005年10月');
    expect(docText).not.toMatch(/\d [\u4e00-\u9fff]|[\u4e00-\u9fff] \d/);
  });
});

describe('page furniture and structure', () => {
  let out: string;
  beforeAll(async () => {
    out = tempDir();
    await build({ contentDir: exampleDir, outDir: out, formats: ['pdf'] });
  });

  it('numbers pages "第 N 页 共 M 页"', () => {
    const pdf = join(out, 'submission.pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(1);
    for (const n of upTo(pages)) expect(text).toMatch(new RegExp(`第\\s*${n}\\s*页\\s*共\\s*${pages}\\s*页`));
  });

  it('prints a running header from the second page on, where the theme asks for one', async () => {
    const theme = join(tempDir(), 'with-header.yaml');
    writeFileSync(theme, 'extends: un\nheader:\n  show: true\n');
    const dir = tempDir();
    await build({ contentDir: exampleDir, outDir: dir, formats: ['pdf'], theme });
    const lines = pdfLines(join(dir, 'submission.pdf'));
    const headerLines = lines.filter((l) => l.text.startsWith('中促会'));
    expect(headerLines.map((l) => l.page)).toEqual(upTo(pageCount(join(dir, 'submission.pdf'))).slice(1));
    expect(headerLines.length).toBeGreaterThan(0);
    expect(headerLines[0]!.yMin).toBeLessThan(mmToPt(25));
  });

  describe('read by qpdf', () => {
    needs('qpdf');
    it('has an outline entry for each heading', async () => {
    const content = copyOfExample();
    const file = join(content, 'submission.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/  - paragraph: >-\n( {6}与此同时)/, '  - heading: 我们的建议\n  - paragraph: >-\n$1'));
    const dir = tempDir();
    await build({ contentDir: content, outDir: dir, formats: ['pdf'] });
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', join(dir, 'submission.pdf')], { encoding: 'utf8' }));
    expect((json.outlines as { title: string }[]).map((o) => o.title)).toContain('我们的建议');
    });
  });
});

describe('themes', () => {
  it('gbt9704 sets a 156 mm text block of 16 pt text, 22 lines a page, "— N —" outside', async () => {
    const dir = tempDir();
    await build({ contentDir: exampleDir, outDir: dir, formats: ['pdf'], theme: 'gbt9704' });
    const pdf = join(dir, 'submission.pdf');
    const lines = pdfLines(pdf);
    const body = lines.filter((l) => l.page === 2 && !/^—/.test(l.text));
    expect(Math.min(...body.map((l) => l.xMin))).toBeCloseTo(mmToPt(28), 0);
    expect(Math.max(...body.map((l) => l.xMax))).toBeCloseTo(mmToPt(28 + 156), 0);
    const pitches = body.slice(1).map((l, i) => l.yMin - body[i]!.yMin);
    expect(Math.min(...pitches)).toBeCloseTo((mmToPt(225) / 22), 0);
    const footers = lines.filter((l) => /^—\d+—$/.test(l.text));
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThan(2);
    // Odd pages on the right, even on the left, as printed double-sided.
    expect(footers.map((l) => [l.page, l.xMax > mmToPt(105) ? 'right' : 'left'])).toEqual(upTo(pages).map((n) => [n, n % 2 ? 'right' : 'left']));
    expect(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })).toMatch(/—\s*1\s*—/);
    // GB/T 9704-2012 7.5: one character (14 pt) in from the right edge on odd pages, from
    // the left on even ones; the dashes (一字线) 7 mm below the text block, measured on
    // their ink (before: 11.3 mm, where the top of poppler's text box stood at 7 mm).
    for (const l of footers) {
      if (l.page % 2) expect(mmToPt(210 - 26) - l.xMax).toBeCloseTo(14, 0);
      else expect(l.xMin - mmToPt(28)).toBeCloseTo(14, 0);
    }
    needs('pdftoppm');
    for (const below of dashLines(pdf)) expect(Math.abs(below - 7)).toBeLessThanOrEqual(0.3);
  });

  it('gbt9704\'s DOCX as LibreOffice sets it has the PDF\'s pages and its dashes 7 mm below the text block, Chinese and Arabic', async () => {
    needs('soffice', 'pdftoppm');
    const dir = tempDir();
    await build({ contentDir: exampleDir, outDir: join(dir, 'zh'), formats: ['pdf', 'docx'], theme: 'gbt9704' });
    // Arabic: Noto Naskh's deep descent makes the Word footer's line shorter than five descents (docx/page.ts).
    await build({ contentDir: join(exampleDir, '..', 'cwan-water-2024'), outDir: join(dir, 'ar'), formats: ['pdf', 'docx'], theme: 'gbt9704', languages: ['ar'] });
    const ours = [join(dir, 'zh', 'submission.pdf'), join(dir, 'ar', 'submission.ar.pdf')];
    const theirs = libreOfficeToPdfs(ours.map((pdf) => pdf.replace(/\.pdf$/, '.docx')));
    ours.forEach((pdf, i) => {
      const [a, b] = [dashLines(pdf), dashLines(theirs[i]!)];
      expect(b.length).toBe(a.length);
      for (const below of [...a, ...b]) expect(Math.abs(below - 7)).toBeLessThanOrEqual(0.3);
    });
  });

  it('hrc keeps a table\'s columns apart by Word\'s cell margins: read by position, no line runs into the next column', async () => {
    const dir = tempDir();
    await build({ contentDir: join(exampleDir, '..', 'upr-recommendations-2024'), outDir: dir, formats: ['pdf'], theme: 'hrc', languages: ['en'] });
    const lines = pdfLines(join(dir, 'submission.en.pdf'));
    // Before, 4 pt a side: "Decriminalize defamation and bring the" ended 8 pt short of
    // "Noted", and poppler read the two cells as one line.
    const recommendation = lines.filter((l) => l.text.startsWith('Decriminalize'));
    expect(recommendation.length).toBeGreaterThan(0);
    for (const l of recommendation) expect(l.text).not.toMatch(/Noted|Supported/);
    // The text of two cells side by side stands at least two margins of 5.4 pt apart.
    const noted = lines.flatMap((l) => l.words).filter((w) => w.text === 'Noted');
    const words = lines.flatMap((l) => l.words.map((w) => ({ ...w, y: l.yMin })));
    for (const n of noted) {
      const y = lines.find((l) => l.words.some((w) => w === n))!.yMin;
      const left = words.filter((w) => Math.abs(w.y - y) < 1 && w.xMax <= n.xMin).map((w) => w.xMax);
      expect(n.xMin - Math.max(...left)).toBeGreaterThanOrEqual(10.8 - 0.5);
    }
  });

  it('a user theme file extends a built-in one', async () => {
    const theme = join(tempDir(), 'mine.yaml');
    writeFileSync(theme, 'extends: gbt9704\ntext:\n  size: 14\n');
    const loaded = await loadTheme(theme);
    expect(loaded.text.size).toBe(14);
    expect(loaded.page.margins.top).toBe(37);
    // Numbering is each language's own (templates/locales), unless a theme insists.
    expect(loaded.numbering.format).toBeUndefined();
  });

  it('reports an unknown theme and a circular one', async () => {
    await expect(loadTheme('nope')).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ rule: 'theme/unknown' })] });
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), 'extends: ./b.yaml\n');
    writeFileSync(join(dir, 'b.yaml'), 'extends: ./a.yaml\n');
    await expect(loadTheme(join(dir, 'a.yaml'))).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ rule: 'theme/cycle' })] });
  });
});
