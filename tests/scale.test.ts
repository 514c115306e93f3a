import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeParagraph } from '../src/compose/paragraph.js';
import type { ComposeFont, ParagraphStyle } from '../src/compose/types.js';
import { limits } from '../src/model/limits.js';
import { SourceFile } from '../src/model/source.js';
import { chunks, countWords } from '../src/text/words.js';
import { parseMarkup } from '../src/template/markup.js';
import { cli, dossier, exampleDir, pdfText, root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * Issue 21: content of any size ends in a document or a located error, in time and
 * memory that grow in step with it. Each stage is given 2^20 elements (characters,
 * words, runs, lines): no stack overflow and no quadratic step; and each case the
 * issue found, at twice its size, through the real CLI.
 */
const M = 2 ** 20;

/** Seconds for `run`, the least of two tries (the machine is shared). */
function seconds(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

describe('stages at 2^20 elements', () => {
  it('counts 2^20 characters of words, linearly, as Word does', () => {
    const text = 'ab '.repeat(M / 3);
    expect(countWords(text, 'en')).toBe(Math.floor(M / 3));
    // Quadratic, a quarter of the text would take a sixteenth of the time; linear, a quarter.
    const quarter = text.slice(0, text.length / 4);
    expect(seconds(() => countWords(text, 'en')) / seconds(() => countWords(quarter, 'en'))).toBeLessThan(8);
  });

  it('counts the same in pieces as in one: cut after white space or between CJK characters', () => {
    const zh = readFileSync(join(exampleDir, 'submission.yaml'), 'utf8');
    const once = countWords(zh, 'zh-CN');
    expect(countWords(`${zh}\n`.repeat(20), 'zh-CN')).toBe(once * 20);
    const cjk = '中国社会组织'.repeat(2 ** 17);
    expect(countWords(cjk, 'zh-CN')).toBe(6 * 2 ** 17);
    for (const piece of chunks(`${'word '.repeat(300)}${'中'.repeat(2000)}`)) expect(piece.length).toBeLessThanOrEqual(512);
  });

  it('collapses a run of 2^20 spaces, and 2^20 lines, in the markup', () => {
    const markup = (inner: string) => `<document lang="en" date="2024-01-01"><p>${inner}</p></document>`;
    const spaces = parseMarkup(markup(`a${' '.repeat(M)}b`));
    expect(spaces.blocks[0]).toMatchObject({ children: [{ kind: 'text', text: 'a b' }] });
    const lines = parseMarkup(markup('a\n'.repeat(M)));
    expect((lines.blocks[0] as { children: { text: string }[] }).children[0]!.text.length).toBe(2 * M - 1);
  });

  it('reads 2^18 runs of one paragraph (2^20 characters of markup), white space across them', () => {
    const runs = 2 ** 18;
    const tree = parseMarkup(`<document lang="en" date="2024-01-01"><p>${'<em>a </em> '.repeat(runs)}</p></document>`);
    const children = (tree.blocks[0] as { children: { children: { text: string }[] }[] }).children;
    expect(children.length).toBe(runs);
    expect(children[0]!.children[0]!.text).toBe('a ');
    expect(children[runs - 1]!.children[0]!.text).toBe('a');
  });

  it('composes a paragraph of 2^20 characters, linearly', () => {
    const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): ComposeFont['font'] };
    const serif: ComposeFont = { key: 'serif', font: fontkit.openSync(join(root, 'node_modules/@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf')) };
    const style: ParagraphStyle = { width: 436.5, indent: 0, align: 'justify', direction: 'ltr', lang: 'en', autospace: 0.25, lineHeight: 1.3, strut: { font: serif, size: 12 } };
    const compose = (length: number) => composeParagraph([{ text: 'abc '.repeat(length / 4), font: serif, size: 12 }], style);
    expect(compose(M).length).toBeGreaterThan(10_000);
    // Four times the text: four times the time when linear, sixteen when quadratic (it was).
    // The fastest of three runs each: a busy machine (CI runs two test files at once) only slows a run down.
    const fastest = (length: number) => Math.min(seconds(() => compose(length)), seconds(() => compose(length)), seconds(() => compose(length)));
    expect(fastest(2 ** 18) / fastest(2 ** 16)).toBeLessThan(8);
  }, 60_000);

  // YAML at 2^20 lines (18 MB) is over the 8 MB a content file may have, and takes yaml's parser ~15 s: 2^17 lines.
  it('reads a map of 2^17 keys as one located problem, and finds a key given twice among 10,000', () => {
    const many = new SourceFile('many.yaml', `footnotes:\n${Array.from({ length: 2 ** 17 }, (_, i) => `  k${i}: x\n`).join('')}`);
    expect(many.syntaxErrors()).toMatchObject([{ rule: 'limits/keys', line: 2, column: 3, field: 'footnotes' }]);
    const keys = Array.from({ length: limits.keysPerMap - 1 }, (_, i) => `  k${i}: x\n`).join('');
    const twice = new SourceFile('twice.yaml', `footnotes:\n${keys}  k5: y\n`);
    expect(twice.syntaxErrors()).toMatchObject([{ rule: 'yaml/syntax', message: 'Map keys must be unique', line: limits.keysPerMap + 1, column: 3 }]);
  });

  it('refuses a file of more lines than the limit before parsing it, at the first line past it', () => {
    const source = new SourceFile('lines.yaml', `body:\n${'  - a\n'.repeat(limits.linesPerFile)}`);
    expect(source.syntaxErrors()).toMatchObject([{ rule: 'limits/lines', line: limits.linesPerFile + 1, column: 1 }]);
    expect(new SourceFile('at.yaml', `body:\n${'  - a\n'.repeat(limits.linesPerFile - 1)}`).syntaxErrors()).toMatchObject([{ rule: 'limits/list' }]);
  });

  it('refuses a list of 2^17 entries before building anything from it', () => {
    const source = new SourceFile('long.yaml', `body:\n${'  - paragraph: ab\n'.repeat(2 ** 17)}`);
    expect(source.syntaxErrors()).toMatchObject([{ rule: 'limits/list', line: 2, column: 3, field: 'body' }]);
  });
});

/** Runs the CLI under /usr/bin/time where there is one: [result, CPU seconds, peak RSS in MB]. */
function measured(args: string[]) {
  const stats = join(tempDir(), 'time');
  if (!existsSync('/usr/bin/time')) return { ...dossier(args), cpu: 0, rssMb: 0 };
  const result = spawnSync('/usr/bin/time', ['-o', stats, '-f', '%U %S %M', process.execPath, cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  const [user, system, kb] = readFileSync(stats, 'utf8').trim().split(/\s+/).slice(-3).map(Number);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, cpu: user! + system!, rssMb: kb! / 1024 };
}

describe('the issue\'s cases at twice their size: a document or a located error, under 10 s of CPU and 1 GB', () => {
  let base: { profile: string; submission: string };
  beforeAll(() => {
    const dir = join(tempDir(), 'report');
    expect(dossier(['init', dir, '--kind', 'report', '--lang', 'en']).code).toBe(0);
    base = { profile: readFileSync(join(dir, 'profile.yaml'), 'utf8'), submission: readFileSync(join(dir, 'submission.yaml'), 'utf8') };
  });
  /** A report whose body (and footnotes) are these YAML lines. */
  const content = (body: string, footnotes = '{}', profile = (p: string) => p) => {
    const dir = join(tempDir(), 'content');
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'profile.yaml'), profile(base.profile));
    writeFileSync(join(dir, 'submission.yaml'), base.submission.replace(/\nbody:\n[\s\S]*?\nfootnotes: \{\}/, () => `\nbody:\n${body}\nfootnotes: ${footnotes}`));
    return dir;
  };
  const refused = (dir: string, rule: string, field: string) => {
    const run = measured(['check', dir]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`submission\\.yaml:\\d+:\\d+: error: .*\\(${field.replace(/[[\].]/g, '\\$&')}\\) \\[${rule}\\]`));
    expect(run.stderr).not.toMatch(/RangeError|at .*\.js:\d+/);
    return run;
  };
  const bounded = (run: { cpu: number; rssMb: number }) => {
    expect(run.cpu).toBeLessThan(10);
    expect(run.rssMb).toBeLessThan(1024);
  };

  it('one paragraph of 400,000 words: refused where it stands', () => {
    bounded(refused(content(`  - paragraph: "${'ab '.repeat(400_000)}"`), 'limits/words', 'body[0].paragraph'));
  }, 60_000);

  it('a map of 100,000 keys: refused where it starts', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `    k${i}: x`).join('\n');
    bounded(refused(content(`  - paragraph: hello\n${keys}`), 'limits/keys', 'body[0]'));
  }, 60_000);

  it('100,000 footnotes, each used: refused; and over the footnote limit, named so', () => {
    const notes = (count: number) => [
      `  - paragraph: "${Array.from({ length: count }, (_, i) => `w{{footnote \\"f${i}\\"}}`).join(' ')}"`,
      `\n${Array.from({ length: count }, (_, i) => `  f${i}: note ${i}`).join('\n')}`,
    ] as const;
    bounded(refused(content(...notes(100_000)), 'limits/keys', 'footnotes'));
    refused(content(...notes(limits.footnotes + 1)), 'limits/footnotes', 'footnotes');
  }, 60_000);

  it('300,000 short paragraphs: refused at the body', () => {
    bounded(refused(content('  - paragraph: ab\n'.repeat(300_000).trimEnd()), 'limits/list', 'body'));
  }, 60_000);

  it('a run of 260,000 spaces: built, as one space', () => {
    needs('pdftotext');
    const dir = content(`  - paragraph: "a${' '.repeat(260_000)}b"`);
    const out = join(tempDir(), 'out');
    const run = measured(['build', dir, '--out', out, '--format', 'pdf', '-q']);
    expect(run.code, run.stderr).toBe(0);
    bounded(run);
    expect(pdfText(join(out, 'submission.pdf'))).toContain('a b');
  }, 60_000);

  it('a word of 240,000 letters made by a template: a document or a located error, never a stack', () => {
    const dir = content(`  - paragraph: "${'{{ profile.names.acronym }}'.repeat(121)}"`, '{}', (p) => p.replace(/acronym: .*/, `acronym: ${'A'.repeat(1999)}`));
    const run = measured(['build', dir, '--out', join(tempDir(), 'out'), '--format', 'pdf', '-q']);
    expect(run.stderr).not.toMatch(/RangeError|at .*\.js:\d+/);
    if (run.code !== 0) expect(run.stderr).toMatch(/submission\.yaml:\d+:\d+: /);
    bounded(run);
  }, 60_000);
});
