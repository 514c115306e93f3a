import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { copyOfExample, docxPart, pdfText, root, squash, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * The DOCX marks where the layout breaks pages (w:lastRenderedPageBreak), as Word does
 * after laying a document out: a reader that does not paginate (docx-preview, in
 * `dossier preview`) breaks there. Each mark stands where a page of the PDF starts.
 */

const examples = readdirSync(join(root, 'examples'));
const built: { name: string; pdf: string; docx: string }[] = [];

beforeAll(async () => {
  for (const example of examples) {
    const out = tempDir();
    const result = await build({ contentDir: join(root, 'examples', example), outDir: out });
    for (const document of result.documents) built.push({ name: `${example} ${document.lang}`, pdf: document.files.pdf!, docx: document.files.docx! });
  }
});

/** Without the bidi controls poppler writes around right-to-left text. */
const withoutMarks = (text: string) => text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
const pageCount = (pdf: string) => Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

/** The body's text in order, with a mark (U+E000) where each w:lastRenderedPageBreak stands and U+E001 where each paragraph ends. */
function markedText(docx: string): string {
  const xml = docxPart(readFileSync(docx), 'word/document.xml');
  const body = xml.slice(xml.indexOf('<w:body>'));
  return body
    .replace(/<w:lastRenderedPageBreak\/>/g, '\uE000')
    .replace(/<\/w:p>/g, '\uE001')
    .replace(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/[\u2066-\u2069]/g, '');
}

describe('w:lastRenderedPageBreak where the layout breaks pages', () => {
  needs('pdftotext', 'pdfinfo');

  it('every page after the first starts at a mark, in a paragraph or in a table row, and nowhere else', () => {
    let marks = 0;
    for (const { name, pdf, docx } of built) {
      const pages = pageCount(pdf);
      const parts = squash(markedText(docx).replace(/\uE001/g, '')).split('\uE000');
      expect(parts.length, name).toBe(pages);
      for (const [k, after] of parts.slice(1).entries()) {
        // Page k + 2 starts with it (after a running header, or a table's header row set again).
        const start = withoutMarks(squash(pdfText(pdf, '-f', String(k + 2), '-l', String(k + 2)))).slice(0, 200);
        expect(start, `${name}: page ${k + 2}`).toContain(after.slice(0, 10));
        marks++;
      }
    }
    expect(marks).toBeGreaterThanOrEqual(15);
  });

  // A paragraph set again so that no page ends on a divided word (layout/page-end-hyphens.ts)
  // starts its lines elsewhere: the mark follows its new lines (cwan in gbt9704, French,
  // page 1 ended on "com-"; the mark stood at the old line start, a word early).
  it('stands where the page starts after a paragraph was set again to keep a word whole', async () => {
    const out = tempDir();
    const result = await build({ contentDir: join(root, 'examples', 'cwan-water-2024'), outDir: out, theme: 'gbt9704', languages: ['fr'] });
    const { pdf, docx } = result.documents[0]!.files;
    const parts = squash(markedText(docx!).replace(/\uE001/g, '')).split('\uE000');
    expect(parts.length).toBe(pageCount(pdf!));
    for (const [k, after] of parts.slice(1).entries()) {
      const start = withoutMarks(squash(pdfText(pdf!, '-f', String(k + 2), '-l', String(k + 2)))).slice(0, 200);
      // This theme has no running header: the page's text starts with the mark's, after
      // a paragraph's number, which Word writes itself (its numbering, not text).
      expect(start.replace(/^\d+[.、-]/, '').slice(0, 12), `page ${k + 2}`).toBe(after.slice(0, 12));
    }
  });

  it('a page an explicit page break starts is not marked again (docx-preview would add an empty page)', async () => {
    const content = copyOfExample();
    const file = join(content, 'submission.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n {2}- paragraph: >-\n(?= +与此同时)/, '\n  - pageBreak: true\n  - paragraph: >-\n'));
    const out = tempDir();
    await build({ contentDir: content, outDir: out });
    const docx = join(out, 'submission.docx');
    const pages = pageCount(join(out, 'submission.pdf'));
    const xml = docxPart(readFileSync(docx), 'word/document.xml');
    expect(xml.match(/w:type="page"/g)).toHaveLength(1);
    expect(xml.match(/<w:lastRenderedPageBreak\/>/g)?.length ?? 0).toBe(pages - 2);
  });

  it('costs pandoc nothing: a paragraph reads on across its mark', () => {
    needs('pandoc');
    let inside = 0;
    for (const { name, docx } of built) {
      const text = squash(execFileSync('pandoc', ['-f', 'docx', '-t', 'plain', '--wrap=none', docx], { encoding: 'utf8' }));
      for (const paragraph of squash(markedText(docx)).split('\uE001')) {
        const [before, after] = paragraph.split('\uE000');
        if (after === undefined) continue;
        // Inside the paragraph: the text on both sides of the mark, as one.
        expect(text, name).toContain(`${before!.slice(-6)}${after.slice(0, 6)}`);
        if (before) inside++;
      }
    }
    // Enough paragraphs that go on overleaf, across the examples' languages, for the check to mean something.
    expect(inside).toBeGreaterThanOrEqual(3);
  });
});
