import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, buildTree } from '../src/build.js';
import { blockText } from '../src/document/text.js';
import type { Block } from '../src/document/tree.js';
import { docxPart, exampleDir, libreOfficeToPdf, missingInOrder, pdfText, squash, tempDir, withoutFooters } from './helpers.js';
import { needs } from './support/requirements.js';

/** The example, built once for this file: real PDF and DOCX bytes, no mocks. */
let out: string;
let blocks: Block[];
let expected: string[];

beforeAll(async () => {
  out = tempDir();
  ({ blocks } = (await build({ contentDir: exampleDir, outDir: out })).tree);
  expected = blocks.map(blockText).filter(Boolean).map(squash);
});

/** The report's paragraphs, which the document numbers. */
const numbered = () => blocks.filter((b) => b.kind === 'numbered').map((b) => squash(blockText(b)));

describe('the example PDF', () => {
  needs('pdftotext', 'pdffonts', 'pdfinfo', 'qpdf');
  const pdf = () => join(out, 'submission.pdf');

  it('reads back every block of the document, in order (pdftotext)', () => {
    const text = squash(withoutFooters(pdfText(pdf())));
    expect(expected.length).toBe(blocks.length);
    expect(missingInOrder(text, expected)).toEqual([]);
  });

  it('types the paragraph numbers 1、 2、 … before the paragraphs', () => {
    const text = squash(withoutFooters(pdfText(pdf())));
    expect(numbered().length).toBeGreaterThan(1);
    numbered().forEach((paragraph, i) => expect(text).toContain(`${i + 1}、${paragraph.slice(0, 12)}`));
  });

  it('embeds only subset fonts, each with a ToUnicode map', () => {
    const rows = execFileSync('pdffonts', [pdf()], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      // name type encoding emb sub uni: the last three flags before the object id.
      const [emb, sub, uni] = row.trim().split(/\s+/).slice(-5, -2);
      expect({ row, emb, sub, uni }).toEqual({ row, emb: 'yes', sub: 'yes', uni: 'yes' });
      expect(row).toMatch(/^[A-Z]{6}\+Noto(Serif|Sans)(SC)?-(Regular|Bold)/);
    }
  });

  it('carries title, author, language and the content date as metadata', () => {
    const info = execFileSync('pdfinfo', [pdf()], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+中国民间组织国际交流促进会向联合国人权高专办提交的中国接受第二轮国别人权审查“影子报告”/);
    expect(info).toMatch(/Author:\s+中国民间组织国际交流促进会/);
    expect(info).toMatch(/CreationDate:\s+Mon Mar +4 00:00:00 2013 UTC/);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(readFileSync(pdf(), 'latin1').includes('/Lang (zh-CN)')).toBe(true);
  });

  it('has bookmarks for the profile and the title (qpdf)', () => {
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', pdf()], { encoding: 'utf8' }));
    const titles = (json.outlines as { title: string }[]).map((o) => o.title);
    expect(titles).toEqual(['机构简介', '中国民间组织国际交流促进会向联合国人权高专办提交的中国接受第二轮国别人权审查“影子报告”']);
  });
});

describe('the example DOCX', () => {
  const docx = () => readFileSync(join(out, 'submission.docx'));

  it('numbers the report paragraphs with a real Word list, not typed labels', () => {
    const xml = docxPart(docx(), 'word/document.xml');
    const paragraphs = xml.split('<w:p>').slice(1).concat(xml.split('<w:p ').slice(1));
    expect(paragraphs.filter((p) => p.includes('<w:numPr>')).length).toBe(numbered().length);
    expect(xml).not.toMatch(/<w:t[^>]*>\s*\d+、/);
    const numbering = docxPart(docx(), 'word/numbering.xml');
    expect(numbering).toContain('<w:numFmt w:val="decimal"/>');
    expect(numbering).toContain('<w:lvlText w:val="%1、"/>');
    expect(numbering).toContain('<w:suff w:val="nothing"/>');
  });

  it('names the East Asian font and language in its styles', () => {
    const styles = docxPart(docx(), 'word/styles.xml');
    expect(styles).toMatch(/w:eastAsia="Noto Serif SC [0-9A-F]{6}"/);
    expect(styles).toMatch(/w:eastAsia="Noto Sans SC [0-9A-F]{6}"/);
    expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    for (const name of ['Title', 'Body Text', 'List Paragraph', 'Profile Field']) expect(styles).toContain(`w:val="${name}"`);
  });

  it('has the document text in its XML, in order', () => {
    const xml = docxPart(docx(), 'word/document.xml');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(missingInOrder(squash(text), expected)).toEqual([]);
  });

  it('embeds subset fonts and stays small', () => {
    const table = docxPart(docx(), 'word/fontTable.xml');
    expect(table).toMatch(/<w:embedRegular r:id="[^"]+" w:fontKey="\{[0-9A-F-]{36}\}"\/>/);
    expect(docx().length).toBeLessThan(250 * 1024);
  });

  describe('in LibreOffice', () => {
    needs('soffice', 'pdftotext', 'pdffonts');
    it('opens and reads back the same text', () => {
    const converted = libreOfficeToPdf(join(out, 'submission.docx'));
    const text = squash(withoutFooters(pdfText(converted)));
    expect(missingInOrder(text, expected)).toEqual([]);
    // The embedded faces are used, not a fallback font.
    const fonts = execFileSync('pdffonts', [converted], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSerifSC_[0-9A-F]{6}-Regular/);
    });
  });
});

describe('the example content', () => {
  it('states each profile fact once and reuses it in the report', async () => {
    const { tree } = await buildTree(exampleDir);
    const introduction = tree.blocks.find((b) => b.kind === 'field' && blockText(b).startsWith('简介'));
    const first = tree.blocks.find((b) => b.kind === 'numbered');
    expect(blockText(introduction!)).toContain('现有63家理事单位');
    expect(blockText(first!)).toContain('拥有63个团体会员和160多名个人理事，2008年获得联合国经社理事会全面咨商地位，2009年获得联合国新闻部联系地位');
  });
});
