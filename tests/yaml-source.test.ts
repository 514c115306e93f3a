import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../src/model/source.js';
import { exampleDir } from './helpers.js';

const profile = readFileSync(join(exampleDir, 'profile.yaml'), 'utf8');
const submission = readFileSync(join(exampleDir, 'submission.yaml'), 'utf8');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const errorsOf = (text: string) => new SourceFile('f.yaml', text).syntaxErrors();

describe('YAML features Dossier does not support', () => {
  const alias = /a value starting with \* is read as a YAML alias: put the text in quotes/;
  const anchor = /a value starting with & is read as a YAML anchor: put the text in quotes/;
  const tag = /a value starting with ! is read as a YAML tag: put the text in quotes/;
  const cases: [string, string, [rule: string, column: number, hint: RegExp][]][] = [
    ['an alias without its anchor', 'legalStatus: *nothere', [['yaml/alias', 14, alias]]],
    ['an alias and its anchor', 'legalStatus: &x 甲\nx: *x', [['yaml/anchor', 14, anchor], ['yaml/alias', 4, alias]]],
    ['an alias that refers to itself', 'legalStatus: &x [*x]', [['yaml/anchor', 14, anchor]]],
    ['a custom tag', 'legalStatus: !important 甲', [['yaml/tag', 14, tag]]],
    ['a standard tag', 'legalStatus: !!str 甲', [['yaml/tag', 14, tag]]],
    ['a merge key', '<<: { legalStatus: 甲 }', [['yaml/merge-key', 1, /write the fields out/]]],
    // Found by the fuzzer: yaml printed "Keys with collection values will be stringified" to stderr.
    ['a list as a key', '[甲, 乙]: 丙', [['yaml/complex-key', 1, /put the text in quotes/]]],
  ];
  it.each(cases)('%s is located, with a hint, and the file has no data', (_name, lines, expected) => {
    const text = profile.replace(/^legalStatus: .*$/m, lines);
    const source = new SourceFile('f.yaml', text);
    const first = lineOf(text, lines);
    expect(source.syntaxErrors()).toEqual(
      expected.map(([rule, column, hint], i) => expect.objectContaining({ rule, file: 'f.yaml', line: first + i, column, suggestion: expect.stringMatching(hint) })),
    );
    expect(source.parses).toBe(false);
    expect(source.data).toBeUndefined();
  });

  it('a second document, and a directive', () => {
    expect(errorsOf(`${profile}---\nx: 1\n`)).toEqual([
      expect.objectContaining({ rule: 'yaml/documents', line: profile.split('\n').length, column: 1 }),
    ]);
    expect(errorsOf(`${profile}...\n`)).toEqual([]);
    expect(errorsOf(`%YAML 1.2\n---\n${profile}`)).toEqual([expect.objectContaining({ rule: 'yaml/directive', line: 1, column: 1 })]);
  });

  it('leaves the example alone: no problem, and data', () => {
    for (const text of [profile, submission, profile.replace(/\n/g, '\r\n'), `\ufeff${submission}`]) {
      const source = new SourceFile('f.yaml', text);
      expect(source.syntaxErrors()).toEqual([]);
      expect(source.parses).toBe(true);
      expect(Object.keys(source.data as object).length).toBeGreaterThan(5);
    }
  });
});

describe('one mistake, one message', () => {
  it('"*bold** " before the first line: the alias, with the 120 errors it causes counted', () => {
    const [first, ...rest] = errorsOf(`*bold** ${profile}`);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ rule: 'yaml/alias', line: 1, column: 1 });
    expect(first!.caused!.length).toBeGreaterThan(100);
    for (const d of first!.caused!) expect(d.line).toBeGreaterThan(1);
  });

  it('a tab used for indentation: the tab, with the errors after it counted', () => {
    const text = profile.replace('  short:', '\tshort:');
    const [first, ...rest] = errorsOf(text);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ line: lineOf(text, '\tshort'), column: 1, message: expect.stringMatching(/tab/i), suggestion: expect.stringMatching(/spaces/) });
    expect(first!.caused!.length).toBeGreaterThan(1);
  });

  it('an unclosed bracket swallows the rest of the file: one message', () => {
    const [first, ...rest] = errorsOf(profile.replace('names:', '[names:'));
    expect(rest).toEqual([]);
    expect(first!.caused!.length).toBeGreaterThan(10);
  });

  it('mistakes under two different keys are two messages', () => {
    const text = profile.replace('  short:', '\tshort:').replace('legalStatus: ', 'legalStatus: @');
    expect(errorsOf(text).map((d) => d.line)).toEqual([lineOf(text, '\tshort'), lineOf(text, 'legalStatus:')]);
  });

  // Every single-character slip at the start of any line of the example: one message each.
  it('any YAML character or tab at the start of a line is reported once', () => {
    const starts = ['*', '**bold** ', '&', '!', '|', '>', '%', '@', '`', '\t', '- ', '[', '{', '"', '---'];
    let broken = 0;
    for (const text of [profile, submission]) {
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        for (const start of starts) {
          const errors = errorsOf([...lines.slice(0, i), start + line, ...lines.slice(i + 1)].join('\n'));
          if (!errors.length) continue;
          broken++;
          expect(errors.length, `${JSON.stringify(start)} before line ${i + 1}`).toBe(1);
        }
      });
    }
    expect(broken).toBeGreaterThan(1000);
  });
});

describe('positions, fast and in characters', () => {
  // Found by the fuzzer (seed 1268738707): an alias made of 5,000 template expressions on
  // one line gave 25,001 caused errors, each located by counting its line anew: 21 s.
  it('locates 25,000 problems on one 110 KB line in well under a second', () => {
    const text = `*${'{{profile.names.full}}'.repeat(5_000)}\n`;
    const started = performance.now();
    const problems = new SourceFile('long.yaml', text).syntaxErrors();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(problems[0]).toMatchObject({ line: 1, column: 1, rule: 'yaml/alias' });
    expect(problems[0]!.caused!.length).toBeGreaterThan(1_000);
  });

  it('counts a column in characters: 𠀀 and 😀 are one each', () => {
    const source = new SourceFile('wide.yaml', 'title: 𠀀😀x\nbody: [\n');
    expect(source.position('title: 𠀀😀'.length)).toEqual({ line: 1, column: 10 });
    expect(source.position('title: 𠀀😀x\nbo'.length)).toEqual({ line: 2, column: 3 });
  });
});
