import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, DocumentTree } from '../src/document/tree.js';
import { loadFontSetup } from '../src/fonts/manifest.js';
import { planFonts } from '../src/font-plan/plan.js';
import { loadTheme } from '../src/theme/theme.js';
import { docxPart, dossier, libreOfficeToPdf, pdfText, root, squash, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * A list's labels are the layout's, not the text's: the faces must hold their characters
 * even where the text has none of them (a starter with "(a)" and "(i)" lists and not one
 * parenthesis in its text drew its labels without them).
 */
describe('list labels', () => {
  it('are in the font plan, every character of them, though the text has none', async () => {
    const item = (text: string, style: '(a)' | '(i)', level: 1 | 2): Block => ({ kind: 'listItem', list: 'l1', level, style, children: [{ kind: 'text', text }] });
    const tree: DocumentTree = {
      meta: { title: 't', author: 'a', subject: 's', keywords: [], lang: 'en', date: new Date('2024-01-01T00:00:00Z'), header: '', pageLabel: '{page}', numbering: '%1.' },
      blocks: [item('Adopt a law', '(a)', 1), item('in the code', '(i)', 2), item('elsewhere', '(i)', 2)],
    };
    const theme = await loadTheme('un');
    const plan = await planFonts(tree, theme, loadFontSetup(theme));
    const drawn = [...plan.usage.values()].filter((u) => !u.bold).map((u) => u.text).join('');
    for (const char of '()aii') expect(drawn).toContain(char);
  });
});

/**
 * Arabic letters its sub-paragraphs (أ) (ب) in the abjad order and its second degree ’1‘,
 * in the PDF and as Word's arabicAbjad in the DOCX, which LibreOffice draws alike. Before,
 * both files printed "(a)" and "(i)" in Arabic text: a left-to-right island at the start
 * of each right-to-left item, which poppler read back reversed ("a)(").
 */
describe('Arabic list labels', () => {
  needs('pdftotext', 'soffice');
  const out = tempDir();
  beforeAll(() => {
    dossier(['build', join(root, 'examples', 'upr-recommendations-2024'), '--out', out, '-q', '--lang', 'ar']);
  }, 120_000);

  it('are Arabic letters and figures in the PDF, and in LibreOffice\'s drawing of the DOCX', () => {
    // poppler's plain text reads a right-to-left label's parentheses and quotes reversed, ")ب(", "’‘1" (see below);
    // bidi controls it adds around the figures are dropped.
    const read = (pdf: string) => squash(pdfText(pdf)).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
    const pdf = read(join(out, 'submission.ar.pdf'));
    const office = read(libreOfficeToPdf(join(out, 'submission.ar.docx')));
    // LibreOffice 7.4 counts Word's arabicAbjad from a bare alef (ا), where UN Arabic documents and Word write أ.
    expect(pdf).toMatch(/\(\)أ|\(أ\)|\)أ\(/);
    expect(office).toMatch(/\(\)[أا]|\([أا]\)/);
    for (const text of [pdf, office]) {
      for (const letter of ['ب', 'ج']) expect(text, letter).toMatch(new RegExp(`\\(\\)${letter}|\\(${letter}\\)|\\)${letter}\\(`));
      for (const figure of ['1', '2']) expect(text, figure).toMatch(new RegExp(`’‘${figure}|’${figure}‘`));
      expect(text).not.toMatch(/\((?:a|b|c|i|ii)\)|(?:a|b|c|i|ii)\)\(/);
    }
  });

  /**
   * Read by position (pdftotext -bbox, what check-typography reads), a label is one word
   * in logical order: before, the letter and its closing parenthesis read as a group and
   * the opening one as a word of its own to the right, "ب)" "(", so the line read as
   * ending with an opening parenthesis. poppler's plain text, which reverses each
   * right-to-left line's characters without mirroring, reads the group reversed, ")ب(";
   * no drawing reads logically both ways.
   */
  it('each read back by position as one word, "(أ)", "(ب)"', () => {
    const words = [...pdfText(join(out, 'submission.ar.pdf'), '-bbox').matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((m) => m[1]!);
    for (const letter of ['أ', 'ب', 'ج']) expect(words, letter).toContain(`(${letter})`);
    expect(words.filter((w) => /^\p{Script=Arabic}\)$/u.test(w))).toEqual([]);
  });

  it('are Word\'s abjad and decimal levels in the DOCX', () => {
    const numbering = docxPart(readFileSync(join(out, 'submission.ar.docx')), 'word/numbering.xml');
    expect(numbering).toContain('w:numFmt w:val="arabicAbjad"');
    expect(numbering).toContain('w:lvlText w:val="’%2‘"');
    expect(numbering).not.toMatch(/lowerLetter|lowerRoman/);
  });
});
