import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docxPart, dossier, pdfText, root, tempDir } from './helpers.js';
import { pdfLines } from './support/page-lines.js';
import { needs } from './support/requirements.js';

/**
 * Notes where the layout puts them: at the foot of the page of their call, a note too
 * long for the room left continued on the next page, a page full of calls still holding
 * body text; or, where the kind's guidelines ask (the UPR's third cycle), as endnotes
 * after the text, real Word endnotes in the DOCX.
 */
needs('pdftotext');

const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');

/** A fresh English folder of `kind`, its body replaced by `body` and its notes by `notes`. */
function folder(kind: string, body: string[], notes: Record<string, string>, edit: (s: string) => string = (s) => s): string {
  const dir = join(tempDir('dossier-notes-'), 'content');
  const made = dossier(['init', dir, '--kind', kind, '--lang', 'en']);
  expect(made.code, made.stderr).toBe(0);
  const path = join(dir, 'submission.yaml');
  const yaml = readFileSync(path, 'utf8')
    .replace(/\nbody:\n[\s\S]*?(?=\n#|\nfootnotes:)/, `\nbody:\n${body.map((p) => `  - paragraph: "${p}"`).join('\n')}`)
    .replace(/\nfootnotes: \{\}/, `\nfootnotes:\n${Object.entries(notes).map(([id, text]) => `  ${id}: "${text}"`).join('\n')}`);
  writeFileSync(path, edit(yaml));
  return dir;
}

function build(dir: string) {
  const out = join(dir, '..', 'out');
  const run = dossier(['build', dir, '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  return { pdf: join(out, 'submission.pdf'), docx: join(out, 'submission.docx') };
}

describe('footnotes', () => {
  it('a note longer than the room left on its page continues on the next, in order, and reads back whole', () => {
    const note = words('n', 700);
    const dir = folder('report', [`${words('a', 300)} call{{footnote \\"long\\"}} ${words('b', 300)}`, words('c', 200)], { long: note });
    const { pdf } = build(dir);
    const { lines } = pdfLines(pdf);
    const pageOf = (word: string) => lines.find((l) => l.text.split(' ').includes(word))?.page;
    // The note starts on the page of its call and ends on a later one.
    expect(pageOf('n0')).toBe(pageOf('call1') ?? pageOf('call'));
    expect(pageOf('n699')!).toBeGreaterThan(pageOf('n0')!);
    // Whole and in order, once the body's lines are left out.
    const noteWords = pdfText(pdf).split(/\s+/).filter((w) => /^n\d+$/.test(w));
    expect(noteWords).toEqual(note.split(' '));
  });

  it('a page full of calls still holds at least four lines of text, each note on the page of its call', () => {
    const body = Array.from({ length: 40 }, (_, i) => `p${i} ${words(`w${i}x`, 12)} call${i}{{footnote \\"n${i}\\"}}`);
    const notes = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`n${i}`, `note${i} ${words(`m${i}x`, 40)}`]));
    const { pdf } = build(folder('report', body, notes));
    const { lines, pages } = pdfLines(pdf);
    for (let page = 1; page < pages; page++) {
      const bodyLines = lines.filter((l) => l.page === page && /(^|\s)(p\d+|w\d+x\d+)(\s|$)/.test(l.text));
      expect(bodyLines.length, `page ${page}`).toBeGreaterThanOrEqual(4);
    }
    for (let i = 0; i < 40; i++) {
      const call = lines.find((l) => l.text.includes(`call${i}`))!.page;
      const note = lines.find((l) => l.text.split(' ').includes(`note${i}`))!.page;
      expect(note, `note ${i}`).toBe(call);
    }
  });
});

describe('endnotes, where the kind asks for them (UPR, third cycle)', () => {
  it('are Word endnotes in the DOCX and a notes section after the text in the PDF, in the same order', () => {
    const dir = folder(
      'upr-stakeholder',
      [`first{{footnote \\"a\\"}} ${words('x', 40)}`, `second{{footnote \\"b\\"}} ${words('y', 40)}`, `last ${words('z', 40)}`],
      { a: 'Alpha source, 2020.', b: 'Beta source, 2021.' },
      (s) => s.replace(/cycle: \d/, 'cycle: 3'),
    );
    const { pdf, docx } = build(dir);
    const bytes = readFileSync(docx);
    const document = docxPart(bytes, 'word/document.xml');
    expect(document.match(/<w:endnoteReference w:id="\d+"\/>/g)).toHaveLength(2);
    expect(document).not.toContain('<w:footnoteReference');
    const endnotes = docxPart(bytes, 'word/endnotes.xml');
    expect(endnotes.indexOf('Alpha source')).toBeGreaterThan(0);
    expect(endnotes.indexOf('Beta source')).toBeGreaterThan(endnotes.indexOf('Alpha source'));
    // Numbered 1, 2 as in the PDF, not Word's i, ii.
    expect(document).toMatch(/<w:endnotePr><w:numFmt w:val="decimal"\/><\/w:endnotePr>/);
    // In the PDF, after the last paragraph, in order.
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text.indexOf('Alpha source')).toBeGreaterThan(text.indexOf('z39'));
    expect(text.indexOf('Beta source')).toBeGreaterThan(text.indexOf('Alpha source'));
  });
});

describe('the rule over the notes', () => {
  needs('qpdf');
  /** The horizontal lines a PDF's pages draw (x from, x to), read from its uncompressed content. */
  function rules(pdf: string): [number, number][] {
    const plain = join(tempDir(), 'plain.pdf');
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, plain]);
    const text = readFileSync(plain, 'latin1');
    return [...text.matchAll(/([\d.]+) ([\d.]+) m\s+([\d.]+) ([\d.]+) l\s/g)].filter((m) => m[2] === m[4]).map((m) => [Number(m[1]), Number(m[3])]);
  }

  it('stands at the start of the measure: the left in English, the right in Arabic', () => {
    const out = tempDir();
    const run = dossier(['build', join(root, 'examples', 'cwan-water-2024'), '--lang', 'en,ar', '--format', 'pdf', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const [en] = rules(join(out, 'submission.en.pdf'));
    const [ar] = rules(join(out, 'submission.ar.pdf'));
    const left = 28 * (72 / 25.4);
    const right = (210 - 28) * (72 / 25.4);
    expect(en![0]).toBeCloseTo(left, 1);
    expect(ar![1]).toBeCloseTo(right, 1);
  });
});

describe('a rebuild (watch) after the notes are moved', () => {
  it('writes the files again: where the notes stand is part of what the outputs depend on', async () => {
    const { build } = await import('../src/build.js');
    const dir = folder('report', [`first{{footnote \\"a\\"}} ${words('x', 40)}`], { a: 'Alpha source, 2020.' });
    const out = join(dir, '..', 'out');
    const first = await build({ contentDir: dir, outDir: out, formats: ['docx'] });
    const path = join(dir, 'submission.yaml');
    writeFileSync(path, `${readFileSync(path, 'utf8')}notes: endnotes\n`);
    const second = await build({ contentDir: dir, outDir: out, formats: ['docx'], unchangedSince: first.fingerprint });
    expect(second.unchanged).toBe(false);
    expect(docxPart(readFileSync(join(out, 'submission.docx')), 'word/document.xml')).toContain('<w:endnoteReference');
  });
});
