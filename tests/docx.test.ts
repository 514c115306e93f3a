import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Block } from '../src/document/tree.js';
import { blockText } from '../src/document/text.js';
import { copyOfExample, docxPart, libreOfficeToPdf, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * The example with what it lacks to exercise Word features: a heading, a second
 * numbered list, emphasis and a footnote.
 */
let docx: Buffer;
let path: string;
let blocks: Block[];

beforeAll(async () => {
  const content = copyOfExample();
  const file = join(content, 'submission.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace(/  - paragraph: >-\n( {6}与此同时)/, '  - heading: 建议\n  - restartNumbering: true\n    paragraph: >-\n$1')
      .replace('截至2011年底', '{{#strong}}截至2011年底{{/strong}}{{footnote "stats"}}')
      .replace('keywords:', 'footnotes:\n  stats: 民政部《2011年社会服务发展统计公报》。\nkeywords:'),
  );
  const out = tempDir();
  ({ blocks } = (await build({ contentDir: content, outDir: out, formats: ['docx'] })).tree);
  path = join(out, 'submission.docx');
  docx = readFileSync(path);
});

const paragraphsOf = (xml: string) => xml.match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs) ?? [];

describe('DOCX as a Word document', () => {
  it('gives every block kind a named style', () => {
    const xml = docxPart(docx, 'word/document.xml');
    const used = new Set([...xml.matchAll(/<w:pStyle w:val="([^"]+)"\/>/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(['Heading1', 'ListParagraph', 'ProfileField', 'Title']);
    expect(xml).toContain('<w:rStyle w:val="ProfileLabel"/>');
    const styles = docxPart(docx, 'word/styles.xml');
    for (const name of ['Title', 'Heading 1', 'Heading 2', 'Heading 3', 'Body Text', 'List Paragraph', 'Profile Field', 'Profile Label', 'footnote text']) {
      expect(styles.toLowerCase()).toContain(`<w:name w:val="${name.toLowerCase()}"/>`);
    }
  });

  it('numbers with one definition and restarts the second list with a new instance', () => {
    const xml = docxPart(docx, 'word/document.xml');
    const numIds = paragraphsOf(xml)
      .map((p) => /<w:numId w:val="(\d+)"\/>/.exec(p)?.[1])
      .filter(Boolean);
    // The paragraphs before the heading this file adds, and those after it.
    const heading = blocks.findIndex((b) => b.kind === 'heading');
    const before = blocks.slice(0, heading).filter((b) => b.kind === 'numbered').length;
    expect(before).toBeGreaterThan(0);
    expect(numIds.length).toBe(blocks.filter((b) => b.kind === 'numbered').length);
    expect(new Set(numIds.slice(0, before)).size).toBe(1);
    expect(new Set(numIds.slice(before)).size).toBe(1);
    expect(numIds[0]).not.toBe(numIds[before]);
    const numbering = docxPart(docx, 'word/numbering.xml');
    const abstractOf = (id: string) => new RegExp(`<w:num w:numId="${id}"><w:abstractNumId w:val="(\\d+)"/>`).exec(numbering)?.[1];
    expect(abstractOf(numIds[0]!)).toBe(abstractOf(numIds[before]!));
    expect(numbering).toMatch(new RegExp(`<w:num w:numId="${numIds[before]}">.*?<w:startOverride w:val="1"/>`, 's'));
  });

  it('writes footnotes as Word footnotes', () => {
    const xml = docxPart(docx, 'word/document.xml');
    expect(xml).toMatch(/<w:footnoteReference w:id="1"\/>/);
    expect(docxPart(docx, 'word/footnotes.xml')).toMatch(/<w:footnote w:id="1">.*民政部《2011年社会服务发展统计公报》。/s);
  });

  it('puts PAGE and NUMPAGES fields in the footer, worded as the PDF', () => {
    const footer = docxPart(docx, 'word/footer1.xml');
    expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
    const text = [...footer.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    expect(text).toBe('第 | 页 共 | 页');
  });

  it('records title, author, subject, language and the content date', () => {
    const core = docxPart(docx, 'docProps/core.xml');
    expect(core).toContain('<dc:title>中国民间组织国际交流促进会向联合国人权高专办提交的中国接受第二轮国别人权审查“影子报告”</dc:title>');
    expect(core).toContain('<dc:creator>中国民间组织国际交流促进会</dc:creator>');
    expect(core).toContain('<dc:language>zh-CN</dc:language>');
    expect(core).toMatch(/<dcterms:created[^>]*>2013-03-04T00:00:00Z<\/dcterms:created>/);
    expect(docxPart(docx, 'word/settings.xml')).toContain('<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>');
  });

  describe('read by unzip', () => {
    needs('unzip');
    it('stamps every zip entry with one time', () => {
    const listing = execFileSync('unzip', ['-l', path], { encoding: 'utf8' });
    const stamps = new Set([...listing.matchAll(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/g)].map((m) => m[0]));
    expect([...stamps]).toEqual(['2013-03-04 00:00']);
    });
  });

  describe('read by python-docx', () => {
    needs('python-docx');
    it('opens with the same paragraphs and styles', () => {
    const script = [
      'import docx, json, sys',
      'd = docx.Document(sys.argv[1])',
      'print(json.dumps([[p.style.name, p.text] for p in d.paragraphs]))',
    ].join('\n');
    const run = spawnSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const paragraphs = JSON.parse(run.stdout) as [string, string][];
    // One Word paragraph per block of the document, in its style, with its text.
    const styles: Record<string, string> = { field: 'Profile Field', title: 'Title', numbered: 'List Paragraph', heading: 'Heading 1' };
    expect(paragraphs.map(([style]) => style)).toEqual(blocks.map((b) => styles[b.kind]));
    // The title's line breaks (the PDF's, between words) read as "\n"; nothing else has one.
    expect(paragraphs.map(([, text]) => text.replace(/\n/g, ''))).toEqual(blocks.map((b) => blockText(b)));
    expect(paragraphs.filter(([, text]) => text.includes('\n')).map(([style]) => style)).toEqual(['Title']);
    expect(paragraphs).toContainEqual(['Profile Field', '被经社理事会接纳时间：2008年至今']);
    expect(paragraphs).toContainEqual(['Heading 1', '建议']);
    });
  });
});

describe('embedded fonts', () => {
  describe('in LibreOffice, on a machine without Chinese fonts', () => {
    needs('soffice', 'pdffonts', 'fc-list');

    /**
     * A fontconfig that knows Roboto alone (pdfmake's, Latin only): whatever fonts this
     * machine has installed, LibreOffice can draw Chinese only with what the DOCX embeds.
     */
    function withoutChineseFonts(): NodeJS.ProcessEnv {
      const dir = tempDir('dossier-fontconfig-');
      const roboto = join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
      const config = `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${roboto}</dir><cachedir>${dir}/cache</cachedir></fontconfig>\n`;
      writeFileSync(join(dir, 'fonts.conf'), config);
      return { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf') };
    }

    it('are what it draws with; without them it has no Noto to draw with', async () => {
      const env = withoutChineseFonts();
      expect(execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8', env }).trim()).toBe('');
      const embedded = execFileSync('pdffonts', [libreOfficeToPdf(path, env)], { encoding: 'utf8' });
      expect(embedded).toMatch(/NotoSerifSC_[0-9A-F]{6}-Regular/);
      expect(embedded).toMatch(/NotoSansSC_[0-9A-F]{6}-Bold/);
      // The contrast: the same document without embedded fonts.
      const out = tempDir();
      await build({ contentDir: copyOfExample(), outDir: out, formats: ['docx'], embedFonts: 'none' });
      const bare = join(out, 'submission.docx');
      expect(docxPart(readFileSync(bare), 'word/fontTable.xml')).not.toContain('embedRegular');
      expect(execFileSync('pdffonts', [libreOfficeToPdf(bare, env)], { encoding: 'utf8' })).not.toMatch(/Noto/);
    });
  });

  it('are subset: the example DOCX stays under 250 KB', () => {
    expect(docx.length).toBeLessThan(250 * 1024);
    const fonts = Object.keys(unzipSync(new Uint8Array(docx))).filter((f) => f.endsWith('.odttf'));
    // Serif SC regular (text) and bold (labels, strong); Sans SC bold only (title,
    // heading); Noto Serif regular for the English spans (NGO, UPR), chosen by language.
    expect(fonts.length).toBe(4);
    // Each under a family of its own (tests/docx-fonts.test.ts): the real one and a tag.
    expect(docxPart(docx, 'word/fontTable.xml')).toMatch(/<w:font w:name="Noto Serif [0-9A-F]{6}">(?:(?!<\/w:font>).)*<w:embedRegular [^>]*\/><\/w:font>/);
    const table = docxPart(docx, 'word/fontTable.xml');
    expect(table).toMatch(/<w:font w:name="Noto Serif SC [0-9A-F]{6}">.*<w:embedRegular [^>]*\/><w:embedBold [^>]*\/><\/w:font>/);
    expect(table).toMatch(/<w:font w:name="Noto Sans SC [0-9A-F]{6}">(?:(?!<\/w:font>).)*<w:embedBold [^>]*\/><\/w:font>/);
    expect(table).not.toMatch(/<w:font w:name="Noto Sans SC [0-9A-F]{6}">(?:(?!<\/w:font>).)*embedRegular/);
    expect(docxPart(docx, 'word/settings.xml')).toContain('<w:embedTrueTypeFonts/>');
  });
});
