import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/build.js';
import { blockInlines, listLabels, numberLabel, itemNumbers, plainText } from '../src/document/text.js';
import type { Block, DocumentTree, Inline } from '../src/document/tree.js';
import { loadTheme } from '../src/theme/theme.js';
import { dossier, libreOfficeToPdfs, root, tempDir } from './helpers.js';
import { comparable, comparableLine, medianPitch, paragraphLines, pdfLines, type PdfLine } from './support/page-lines.js';
import { needs } from './support/requirements.js';

/**
 * One layout, two writers: the Word file that the UN receives and the PDF the NGO prints
 * are the same document. LibreOffice sets our DOCX (as Word would: it composes its own
 * lines from what the DOCX states), and its pages are compared with ours: the same page
 * count and body line pitch, each paragraph within a line of ours, every footnote on the
 * page of its call in both. This binds every example, in every language and theme.
 */
needs('pdftotext', 'soffice', 'hyphen dictionaries');

/** A block's text as it reads on the page, with its number; and where its note calls stand in it. */
function printed(tree: DocumentTree, theme: Awaited<ReturnType<typeof loadTheme>>, rtl: boolean) {
  const numbers = itemNumbers(tree.blocks);
  const labels = listLabels(tree.blocks, tree.meta.lang);
  const paragraphs: { text: string; calls: { note: number; at: number }[] }[] = [];
  const notes: string[] = [];
  for (const block of tree.blocks) {
    if (block.kind === 'pageBreak') continue;
    const calls: { note: number; at: number }[] = [];
    let text = block.kind === 'numbered' ? numberLabel(theme.numbering.format ?? tree.meta.numbering, numbers.get(block)!) : block.kind === 'listItem' ? labels.get(block)! : '';
    const walk = (list: Inline[]) => {
      for (const inline of list) {
        if (inline.kind === 'text') text += inline.text;
        else if (inline.kind === 'note') {
          notes.push(plainText(inline.children));
          calls.push({ note: notes.length - 1, at: comparable(text, rtl).length });
        } else walk(inline.children);
      }
    };
    // A table's cells are set side by side: its rows are not paragraphs to compare (its pages are).
    if (block.kind === 'table') continue;
    blockInlines(block).forEach(walk);
    paragraphs.push({ text, calls });
  }
  return { paragraphs, notes };
}

/** The page a note's text starts on: the first line that starts with its number and first words. */
function notePage(lines: PdfLine[], text: string, rtl: boolean): number | undefined {
  const start = comparable(text, rtl).slice(0, 12);
  return lines.find((l) => comparableLine(l.text, rtl).replace(/^\d+/, '').startsWith(start))?.page;
}

/** The page of the line holding a call: the paragraph's lines, walked to the call's place in its text. */
function callPage(lines: PdfLine[], at: number, rtl: boolean): number | undefined {
  let read = 0;
  for (const line of lines) {
    read += comparableLine(line.text, rtl).length;
    if (read >= at) return line.page;
  }
  return lines.at(-1)?.page;
}

const cases: { example: string; theme?: string; languages?: string[] }[] = [
  { example: 'cnie-upr-2013' },
  { example: 'cnie-upr-2013', theme: 'gbt9704' },
  { example: 'cwan-water-2024' },
  { example: 'cwan-water-2024', theme: 'gbt9704' },
  { example: 'cwan-water-2024', theme: 'hrc' },
  { example: 'upr-recommendations-2024' },
  // Kashidas fill lines already broken: Word's pages stay the PDF's.
  { example: 'cwan-water-2024', theme: join(root, 'tests', 'fixtures', 'kashida.yaml'), languages: ['ar'] },
];

describe('the Word file and the PDF agree page for page', () => {
  for (const { example, theme: themeName, languages } of cases) {
    it(`${example}${themeName ? ` in ${themeName}` : ''}: every language`, async () => {
      const content = join(root, 'examples', example);
      const out = tempDir();
      const run = dossier(['build', content, '--out', out, ...(themeName ? ['--theme', themeName] : []), ...(languages ? ['--lang', languages.join(',')] : [])]);
      expect(run.code, run.stderr).toBe(0);
      const docxs = readdirSync(out).filter((f) => f.endsWith('.docx')).map((f) => join(out, f));
      const converted = libreOfficeToPdfs(docxs);
      const theme = await loadTheme(themeName ?? 'un');
      const problems: string[] = [];
      for (const [i, docx] of docxs.entries()) {
        const lang = /submission\.([^.]+)\.docx$/.exec(docx)?.[1];
        const { tree } = await buildTree(content, undefined, lang);
        const ours = pdfLines(docx.replace(/\.docx$/, '.pdf'));
        const word = pdfLines(converted[i]!);
        const name = `${lang ?? example}`;
        if (ours.pages !== word.pages) problems.push(`${name}: ${ours.pages} pages in the PDF, ${word.pages} in LibreOffice's`);
        const rtl = lang === 'ar';
        const { paragraphs, notes } = printed(tree, theme, rtl);
        const texts = paragraphs.map((p) => p.text);
        const mine = paragraphLines(ours.lines, texts, rtl);
        const theirs = paragraphLines(word.lines, texts, rtl);
        const [a, b] = [medianPitch(mine), medianPitch(theirs)];
        if (!(Math.abs(a - b) <= 0.2)) problems.push(`${name}: body pitch ${a.toFixed(2)} pt in the PDF, ${b.toFixed(2)} in LibreOffice's`);
        paragraphs.forEach((p, j) => {
          if (!mine[j]!.length) problems.push(`${name}: paragraph ${j} not found in the PDF: ${p.text.slice(0, 40)}`);
          else if (!theirs[j]!.length) problems.push(`${name}: paragraph ${j} not found in LibreOffice's: ${p.text.slice(0, 40)}`);
          else if (Math.abs(mine[j]!.length - theirs[j]!.length) > 1) problems.push(`${name}: paragraph ${j} has ${mine[j]!.length} lines in the PDF, ${theirs[j]!.length} in LibreOffice's`);
          for (const call of p.calls) {
            const note = notes[call.note]!;
            const pages = [callPage(mine[j]!, call.at, rtl), notePage(ours.lines, note, rtl), callPage(theirs[j]!, call.at, rtl), notePage(word.lines, note, rtl)];
            if (pages.some((page) => page === undefined) || pages[0] !== pages[1] || pages[2] !== pages[3]) {
              problems.push(`${name}: note ${call.note + 1} called on page ${pages[0]}, set on ${pages[1]} in the PDF; called on ${pages[2]}, set on ${pages[3]} in LibreOffice's`);
            }
          }
        });
      }
      expect(problems).toEqual([]);
    });
  }
});
