import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { docxPart, pdfText, root, squash, tempDir } from './helpers.js';
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

  it('each mark is followed by the text a page of the PDF starts with', () => {
    let marks = 0;
    for (const { name, pdf, docx } of built) {
      const pages = Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
      const parts = squash(markedText(docx).replace(/\uE001/g, '')).split('\uE000');
      // Every page after the first, except one that starts inside a table (no paragraph to mark).
      expect(parts.length - 1, name).toBeLessThanOrEqual(pages - 1);
      let page = 1;
      for (const after of parts.slice(1)) {
        const start = after.slice(0, 10);
        // The next page on whose first lines it stands (a page starting in a table has no mark).
        while (page < pages && !squash(pdfText(pdf, '-f', String(page + 1), '-l', String(page + 1))).slice(0, 200).includes(start)) page++;
        expect(page, `${name}: "${start}" starts no page after page ${page}`).toBeLessThan(pages);
        page++;
        marks++;
      }
    }
    // The examples break pages inside paragraphs, between them and before tables.
    expect(marks).toBeGreaterThanOrEqual(10);
  });

  it('every page of the Chinese example, which has no table, is marked', () => {
    const { pdf, docx } = built.find((b) => b.name === 'cnie-upr-2013 zh-CN')!;
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(markedText(docx).split('\uE000').length).toBe(pages);
    expect(pages).toBe(3);
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
    expect(inside).toBeGreaterThanOrEqual(5);
  });
});
