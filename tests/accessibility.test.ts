import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { blockRuns } from '../src/document/runs.js';
import type { DocumentTree } from '../src/document/tree.js';
import { docxPart, exampleDir, root, tempDir } from './helpers.js';
import { isPresent, needs } from './support/requirements.js';

/**
 * Accessibility (issue 16): a tagged PDF whose structure tree, read in order, is the
 * document, with page furniture outside it; the XMP and catalog entries PDF/UA asks
 * for; a DOCX whose outline levels and language LibreOffice's tagged export keeps.
 */

/** One element of `pdfinfo -struct-text`: its type, attributes, text and children in order. */
interface Element {
  type: string;
  id?: string;
  text: string[];
  children: Element[];
  /** Text and children interleaved, as the file orders them. */
  content: (string | Element)[];
}

/** Parses `pdfinfo -struct-text`: two spaces of indent a level, text lines quoted. */
function structure(pdf: string): Element {
  const out = execFileSync('pdfinfo', ['-struct-text', pdf], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const top: Element = { type: '(root)', text: [], children: [], content: [] };
  const stack: [number, Element][] = [[-1, top]];
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const depth = line.length - line.trimStart().length;
    const body = line.trim();
    if (body.startsWith('/')) continue; // an attribute of the element above
    while (stack.length > 1 && stack[stack.length - 1]![0] >= depth) stack.pop();
    const parent = stack[stack.length - 1]![1];
    if (body.startsWith('"')) {
      const text = JSON.parse(body) as string;
      parent.text.push(text);
      parent.content.push(text);
      continue;
    }
    const m = /^(\S+)(?: <([^>]*)>)?(?: \((?:block|inline)\))?:?$/.exec(body);
    if (!m) throw new Error(`unexpected line in pdfinfo -struct-text: ${line}`);
    const element: Element = { type: m[1]!, ...(m[2] ? { id: m[2] } : {}), text: [], children: [], content: [] };
    parent.children.push(element);
    parent.content.push(element);
    stack.push([depth, element]);
  }
  return top;
}

/** An element's text with its descendants', in tree order. */
const textOf = (e: Element): string => e.content.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
const all = (e: Element): Element[] => [e, ...e.children.flatMap(all)];

/** Compared as check-text compares: NFKC, no white space, soft hyphens, hyphens or bidi marks. */
const comparable = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\u00ad\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u0640]/g, '')
    .replace(/[-\u2010\u2011]/g, '')
    .replace(/\s+/g, '');

/** The catalog and metadata, uncompressed by qpdf. */
function uncompressed(pdf: string): string {
  return execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], { encoding: 'latin1', maxBuffer: 256 << 20 });
}
const xmp = (qdf: string) => Buffer.from(/<x:xmpmeta[\s\S]*<\/x:xmpmeta>/.exec(qdf)![0], 'latin1').toString('utf8');

const blockTexts = (tree: DocumentTree, lang: string) =>
  tree.blocks.map((b) => blockRuns(b, lang, []).map((r) => r.text).join('')).filter(Boolean).map(comparable);

describe('the tagged PDF of the example (the seed)', () => {
  needs('pdfinfo', 'qpdf', 'pdffonts', 'pdftotext');
  let out: string;
  let tree: DocumentTree;
  let root_: Element;
  const pdf = () => join(out, 'submission.pdf');
  beforeAll(async () => {
    out = tempDir();
    ({ tree } = await build({ contentDir: exampleDir, outDir: out, formats: ['pdf'] }));
    if (isPresent('pdfinfo')) root_ = structure(pdf());
  });

  it('is tagged, and its tree is Document > P (the profile, then the facts the UPR asks for), H1 (the title), L with one LI per numbered paragraph', () => {
    expect(execFileSync('pdfinfo', [pdf()], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
    const [document] = root_.children;
    expect(root_.children.length).toBe(1);
    expect(document!.type).toBe('Document');
    expect(document!.children.map((c) => c.type)).toEqual(['P', 'P', 'P', 'P', 'P', 'P', 'H1', 'L']);
    const items = document!.children[7]!.children;
    expect(items.map((i) => i.type)).toEqual(Array(6).fill('LI'));
    items.forEach((item, n) => {
      expect(item.children.map((c) => c.type)).toEqual(['Lbl', 'LBody']);
      expect(textOf(item.children[0]!)).toBe(`${n + 1}、`);
    });
    // A profile field's label is a Span of its P, before the value.
    for (const field of document!.children.slice(0, 3)) expect(field.content[0]).toMatchObject({ type: 'Span' });
  });

  it('reads, in structure order, every paragraph of the document, and no page number', () => {
    const text = comparable(textOf(root_));
    let at = 0;
    for (const paragraph of blockTexts(tree, 'zh-CN')) {
      const found = text.indexOf(paragraph, at);
      expect(found, paragraph.slice(0, 30)).toBeGreaterThanOrEqual(at);
      at = found + paragraph.length;
    }
    expect(at).toBe(text.length);
    expect(text).not.toMatch(/第\d+页/);
    // The CJK–Latin gap and justification are positioning, not text.
    expect(textOf(root_)).toContain('成立于2005年10月');
    expect(textOf(root_)).toContain('普遍定期审议NGO书面评议');
  });

  it('tags the Latin words in Chinese text as English spans, between the right words', () => {
    const body = all(root_).filter((e) => e.type === 'LBody')[1]!;
    const i = body.content.findIndex((c) => typeof c !== 'string' && textOf(c) === 'NGO');
    expect(i).toBeGreaterThan(0);
    expect(comparable(String(body.content[i - 1])).endsWith('交普遍定期审议')).toBe(true);
    const qdf = uncompressed(pdf());
    expect(qdf).toMatch(/\/S \/Span[\s\S]{0,200}?\/Lang \(en\)|\/Lang \(en\)[\s\S]{0,200}?\/S \/Span/);
  });

  it('declares PDF/UA-1, a title shown as the window title, the language, marked content and tab order', () => {
    const qdf = uncompressed(pdf());
    const meta = xmp(qdf);
    expect(meta).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(meta).toContain('中国民间组织国际交流促进会向联合国人权高专办提交的中国接受第二轮国别人权审查“影子报告”');
    expect(meta).toMatch(/<dc:title>[\s\S]*影子报告[\s\S]*<\/dc:title>/);
    expect(meta).toMatch(/<dc:language>[\s\S]*zh-CN[\s\S]*<\/dc:language>/);
    expect(qdf).toMatch(/\/Lang \(zh-CN\)/);
    expect(qdf).toMatch(/\/Marked true/);
    expect(qdf).toMatch(/\/DisplayDocTitle true/);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf()], { encoding: 'utf8' }))![1]);
    expect(qdf.match(/\/Tabs \/S/g)?.length).toBe(pages);
    expect(qdf).toMatch(/\/Type \/StructTreeRoot/);
    expect(qdf).toMatch(/\/ParentTree/);
  });

  it('marks the page numbers as pagination artifacts, outside the tree', () => {
    const qdf = uncompressed(pdf());
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf()], { encoding: 'utf8' }))![1]);
    // One page number a page, each drawn inside its artifact sequence.
    expect(qdf.match(/\/Artifact <<\s*\/Type \/Pagination\s*>> BDC\s+[\d. ]+rg\s+BT[^]*?ET\s+EMC/g)?.length).toBe(pages);
    // The page shows them; the tree does not read them (checked above).
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', pdf(), '-'], { encoding: 'utf8' })).toMatch(/第\s*1\s*页/);
  });

  it('embeds every font, each with a ToUnicode map', () => {
    const rows = execFileSync('pdffonts', [pdf()], { encoding: 'utf8' }).trim().split('\n').slice(2);
    for (const row of rows) expect(row.trim().split(/\s+/).slice(-5, -2), row).toEqual(['yes', 'yes', 'yes']);
  });

  it('with --no-tags, is untagged, claims no PDF/UA and is smaller', async () => {
    const plain = tempDir();
    await build({ contentDir: exampleDir, outDir: plain, formats: ['pdf'], tags: false });
    const file = join(plain, 'submission.pdf');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Tagged:\s+no$/m);
    expect(readFileSync(file, 'latin1')).not.toContain('pdfuaid');
    expect(statSync(file).size).toBeLessThan(statSync(pdf()).size);
  });
});

describe('the tagged PDFs of the multilingual example', () => {
  needs('pdfinfo', 'qpdf');
  const example = join(root, 'examples', 'cwan-water-2024');
  let out: string;
  const trees = new Map<string, DocumentTree>();
  beforeAll(async () => {
    out = tempDir();
    const result = await build({ contentDir: example, outDir: out, formats: ['pdf'] });
    for (const doc of result.documents) trees.set(doc.lang, doc.tree);
  });

  for (const lang of ['en', 'fr', 'es', 'ru', 'ar', 'zh-CN', 'zh-Hant']) {
    it(`${lang}: tagged, with its language, every paragraph in logical order, notes linked from the text`, () => {
      const pdf = join(out, `submission.${lang}.pdf`);
      expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
      const qdf = uncompressed(pdf);
      expect(qdf).toContain(`/Lang (${lang})`);
      expect(xmp(qdf)).toMatch(new RegExp(`<dc:language>[\\s\\S]*${lang}[\\s\\S]*</dc:language>`));

      const tree = structure(pdf);
      const document = tree.children[0]!;
      expect(document.type).toBe('Document');
      expect(document.children.filter((c) => c.type === 'H1').length).toBe(1);
      // One Note per note, with an ID, and a Reference in the text for each.
      const notes = document.children.filter((c) => c.type === 'Note');
      expect(notes.length).toBeGreaterThan(0);
      notes.forEach((note, i) => expect(note.id).toBe(`note-${i + 1}`));
      expect(all(document).filter((e) => e.type === 'Reference').length).toBe(notes.length);
      expect(qdf).toMatch(/\/ID \(note-1\)/);

      // Right to left too, the tree reads in logical order: the text as written.
      const text = comparable(textOf(tree));
      let at = 0;
      for (const paragraph of blockTexts(trees.get(lang)!, lang)) {
        const found = text.indexOf(paragraph, at);
        expect(found, `${lang}: ${paragraph.slice(0, 40)}`).toBeGreaterThanOrEqual(at);
        at = found + paragraph.length;
      }
    });
  }
});

describe('the DOCX for screen readers and converters', () => {
  needs('soffice', 'pdfinfo');
  let out: string;
  beforeAll(async () => {
    out = tempDir();
    await build({ contentDir: exampleDir, outDir: out, formats: ['docx'] });
  });

  it('has a Title style and heading styles with outline levels (title 1, Heading n at n + 1), its title and language', () => {
    const docx = readFileSync(join(out, 'submission.docx'));
    const styles = docxPart(docx, 'word/styles.xml');
    const outline = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?<w:outlineLvl w:val="(\\d)"/>[\\s\\S]*?</w:style>`).exec(styles)?.[1];
    expect(outline('Title')).toBe('0');
    expect(outline('Heading1')).toBe('1');
    expect(outline('Heading2')).toBe('2');
    expect(docxPart(docx, 'word/document.xml')).toContain('<w:pStyle w:val="Title"/>');
    const core = docxPart(docx, 'docProps/core.xml');
    expect(core).toContain('<dc:language>zh-CN</dc:language>');
    expect(core).toMatch(/<dc:title>中国民间组织国际交流促进会向联合国人权高专办提交的中国接受第二轮国别人权审查“影子报告”<\/dc:title>/);
    expect(styles).toMatch(/<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/);
  });

  it('exported by LibreOffice as a tagged PDF, keeps H1 and a list of 6 items', () => {
    const dir = tempDir('dossier-lo-');
    execFileSync(
      'soffice',
      ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}', '--outdir', dir, join(out, 'submission.docx')],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const document = structure(join(dir, 'submission.pdf')).children[0]!;
    expect(document.children.map((c) => c.type)).toContain('H1');
    const list = document.children.find((c) => c.type === 'L')!;
    expect(list.children.filter((c) => c.type === 'LI').length).toBe(6);
    expect(textOf(document.children.find((c) => c.type === 'H1')!)).toContain('影子报告');
  });
});
