import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dossier, missingInOrder, pdfText, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * Issue 21: what the layout cannot fit is never lost without a word. A block taller
 * than the page is split, a word longer than the line is broken, and a theme that
 * leaves no room for text is refused where it says so. Each case is built with the
 * real CLI from a fresh `dossier init` folder and read back from the PDF.
 */
needs('pdftotext', 'pdfinfo');

/** A fresh content folder of this kind, its submission.yaml edited by `edit`. */
function folder(kind: string, edit: (submission: string) => string, lang = 'en'): string {
  const dir = join(tempDir('dossier-layout-'), 'content');
  const made = dossier(['init', dir, '--kind', kind, '--lang', lang]);
  expect(made.code, made.stderr).toBe(0);
  const path = join(dir, 'submission.yaml');
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}

/** Builds `dir`; the PDF's path and the CLI's result. */
function built(dir: string, ...args: string[]) {
  const out = join(dir, '..', 'out');
  const result = dossier(['build', dir, '--out', out, ...args]);
  return { ...result, pdf: join(out, 'submission.pdf') };
}

const words = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');
/** The starter's first paragraph (init writes it in the folder's language) replaced by `text`. */
const firstParagraph = (text: string) => (s: string) =>
  s.replace(/\{\{profile\.names\.full\}\} submits[^\n]*paragraph of the text\./, text).replace(/تقدم \{\{profile\.names\.full\}\}[^\n]*من النص\./, text);
const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

describe('a block taller than the page', () => {
  // 2x the issue's ~140 words: a heading kept with the title before it and the paragraph
  // after it made one unbreakable group taller than a page, which pdfmake dropped.
  it('a heading of 280 words: title, heading and paragraph 1 all read back, in order; max-pages counts the real pages', () => {
    const dir = folder('upr-stakeholder', (s) =>
      s.replace('  - heading: Introduction', `  - heading: Hstart ${words('h', 280)} Hend`).replace(/cycle: 4/, 'cycle: 2'),
    );
    const { code, stderr, pdf } = built(dir);
    expect(code, stderr).toBe(0);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(missingInOrder(text, ['Title of the text', 'Hstart h0 h1', 'h279 Hend', 'submits the following', 'Write each paragraph as one entry'])).toEqual([]);
    // The limit rule counts the pages of the whole document (5 allowed in cycle 2).
    const checked = dossier(['check', dir]);
    expect(checked.stdout).toContain(`pages: ${pages(pdf)} of at most 5`);
    expect(pages(pdf)).toBeGreaterThan(1);
  });

  it('a title of 300 words: title, heading and paragraph 1 all read back, in order', () => {
    const dir = folder('report', (s) => s.replace('title: Title of the text', `title: Tstart ${words('t', 300)} Tend`));
    const { code, stderr, pdf } = built(dir);
    expect(code, stderr).toBe(0);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(missingInOrder(text, ['Tstart t0 t1', 't299 Tend', 'Introduction', 'submits the following', 'Write each paragraph as one entry'])).toEqual([]);
  });
});



describe('a word longer than the line', () => {
  // The text block of the un theme (kind report): A4, 28 mm margins left and right.
  const [left, right] = [(28 * 72) / 25.4, 595.28 - (28 * 72) / 25.4];

  it('600 Latin letters: broken across lines with no hyphen, every letter read back inside the text block, a warning', () => {
    const word = 'abcdefghij'.repeat(60);
    const dir = folder('report', firstParagraph(`Before ${word} after.`));
    const { code, stderr, pdf } = built(dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/submission\.yaml:\d+:\d+: warning: "abcdefghijabcdefghij…" \(600 characters\) is longer than a line.*\(body\[1\]\.paragraph\) \[layout\/overlong-word\]/);
    expect(pdfText(pdf).replace(/\s+/g, '')).toContain(`Before${word}after.`);
    const boxes = [...execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' }).matchAll(/xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</g)];
    const outside = boxes.filter((m) => Number(m[1]) < left - 0.5 || Number(m[2]) > right + 0.5).map((m) => m[3]);
    expect(outside).toEqual([]);
    expect(boxes.filter((m) => /^[a-j]+$/.test(m[3]!)).length).toBeGreaterThan(5);
  });

  it('600 Arabic letters in an Arabic document: every letter read back, right to left, and a warning', () => {
    const letters = 'ابتثجحخدذر';
    const dir = folder('report', firstParagraph(`قبل ${letters.repeat(60)} بعد.`), 'ar');
    const { code, stderr, pdf } = built(dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/submission\.yaml:\d+:\d+: warning: .*\(600 characters\) is longer than a line.*\(body\[1\]\.paragraph\)/);
    // All 600, in logical order: each line's piece of the word, the pieces in turn.
    expect(pdfText(pdf).replace(/[\s\u200e\u200f\u202a-\u202e]+/g, '')).toContain(letters.repeat(60));
  });
});

describe('a theme that leaves no room for text', () => {
  /** A fresh report folder with a theme.yaml of its own, extending un. */
  const themed = (theme: string) => {
    const dir = folder('report', (s) => s);
    writeFileSync(join(dir, 'theme.yaml'), `extends: un\n${theme}\n`);
    return dir;
  };

  // Pages that held only "Page n of m", exit 0.
  it.each([
    ['margins of 150 + 150 mm', 'page:\n  margins: { top: 25, bottom: 25, left: 150, right: 150 }', /theme\.yaml:3:41: error: the margins leave a text block -90 mm wide .*\(page\.margins\.left\) \[theme\/geometry\]/],
    ['text.size: 900', 'text:\n  size: 900', /theme\.yaml:3:9: error: text of 900 pt sets 0 characters a line and 0 lines a page.*\(text\.size\) \[theme\/geometry\]/],
    ['text.charactersPerLine: 60', 'text:\n  charactersPerLine: 60', /theme\.yaml:3:22: error: 60 characters a line are 7\.3 pt apart, less than 0\.9 of the text's 12 pt: characters would overlap.*\(text\.charactersPerLine\) \[theme\/geometry\]/],
  ])('%s: exit 1, a located theme error, nothing written', (_, theme, message) => {
    const { code, stderr, pdf } = built(themed(theme));
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(() => readFileSync(pdf)).toThrow();
  });
});

describe('a word the templates make', () => {
  // The 99,950 letters came from 50 references to a 1,999-letter acronym, each
  // value under the YAML check's 2,000. 79 references (the most whose template text
  // stays under it) give 157,921 letters, past the ~120k where spreads overflowed.
  it('a 1,999-letter acronym printed 79 times over is refused, located at the paragraph that prints it', () => {
    const dir = folder('report', firstParagraph('{{profile.names.acronym}}'.repeat(79)));
    const profile = join(dir, 'profile.yaml');
    writeFileSync(profile, readFileSync(profile, 'utf8').replace(/acronym: \S+/, `acronym: ${'A'.repeat(1999)}`));
    const { code, stderr, pdf } = built(dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/submission\.yaml:\d+:\d+: error: 157,921 characters without a space .*\(body\[1\]\.paragraph\) \[content\/unbreakable\]/);
    expect(() => readFileSync(pdf)).toThrow();
  });
});
