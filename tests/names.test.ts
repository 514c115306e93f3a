import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { finishPackage } from '../src/render/docx/package.js';
import { dossier, root, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/**
 * Issue 21: names from content and themes that reach prototypes, dates the outputs
 * cannot hold, and characters that corrupt the DOCX. Each case ends in a correct
 * document or in exit 1 with a located error; never a stack.
 */

let fresh: string;
beforeAll(() => {
  fresh = join(tempDir(), 'fresh');
  const run = dossier(['init', fresh, '--kind', 'report', '--lang', 'en']);
  expect(run.code, run.stderr).toBe(0);
});

/** A copy of a fresh `init --kind report --lang en` folder, with `files` written into it. */
function folder(files: Record<string, string> = {}, edits: Record<string, (text: string) => string> = {}): string {
  const dir = join(tempDir(), 'content');
  cpSync(fresh, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  for (const [name, edit] of Object.entries(edits)) writeFileSync(join(dir, name), edit(readFileSync(join(dir, name), 'utf8')));
  return dir;
}

/** A command's problems, from whichever stream carries the JSON (one value, a list or { problems }). */
function problemsOf(run: { stdout: string; stderr: string }): Diagnostic[] {
  for (const stream of [run.stdout, run.stderr]) {
    try {
      const value = JSON.parse(stream);
      return (Array.isArray(value) ? value : value.problems ?? []) as Diagnostic[];
    } catch {
      // not this one
    }
  }
  throw new Error(`no JSON in ${run.stdout}${run.stderr}`);
}

function build(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  const out = tempDir();
  const run = dossier(['build', dir, '--out', out, '--json', '-q', ...args], root, env);
  expect(run.stderr).not.toMatch(/\n\s+at /); // never a stack
  return { ...run, out };
}

/** Exit 1 with exactly these located errors (each with file, line, column and field). */
function expectLocated(run: ReturnType<typeof build>, expected: Partial<Diagnostic>[]) {
  expect(run.code, run.stderr).toBe(1);
  const errors = problemsOf(run).filter((p) => p.severity === 'error');
  expect(errors).toEqual(expected.map((e) => expect.objectContaining(e)));
  for (const problem of errors) expect(problem.line && problem.column && problem.field, JSON.stringify(problem)).toBeTruthy();
}

const lineOf = (dir: string, file: string, needle: string) => {
  const text = readFileSync(join(dir, file), 'utf8');
  expect(text).toContain(needle);
  return text.slice(0, text.indexOf(needle)).split('\n').length;
};

/** Every XML part of a DOCX parses as XML 1.0; the names of those that do not. */
function notWellFormed(docx: Uint8Array): string[] {
  const bad: string[] = [];
  for (const [path, bytes] of Object.entries(unzipSync(docx))) {
    if (!/\.(xml|rels)$/.test(path)) continue;
    const parser = new SaxesParser({ xmlns: false });
    let failed = false;
    parser.on('error', () => (failed = true));
    parser.write(new TextDecoder().decode(bytes)).close();
    if (failed) bad.push(path);
  }
  return bad;
}

describe('a date the outputs cannot hold', () => {
  it.each(['1979-12-31', '2108-01-01', '0000-01-01'])('date: %s is a located error, not a stack', (date) => {
    const dir = folder({}, { 'submission.yaml': (t) => t.replace(/^date: .*$/m, `date: ${date}`) });
    const run = build(dir);
    expectLocated(run, [{ rule: 'schema/custom', file: expect.stringMatching(/submission\.yaml$/), line: lineOf(dir, 'submission.yaml', `date: ${date}`), column: 7, field: 'date', message: expect.stringContaining('1980-01-01 to 2099-12-31') }]);
  });

  it('builds on the first and last days it allows', () => {
    for (const date of ['1980-01-01', '2099-12-31']) {
      const run = build(folder({}, { 'submission.yaml': (t) => t.replace(/^date: .*$/m, `date: ${date}`) }), ['--format', 'docx']);
      expect(run.code, run.stderr).toBe(0);
    }
  });

  it('SOURCE_DATE_EPOCH=0 builds, twice byte for byte the same, with zip entries dated 1980-01-01', () => {
    needs('unzip');
    const dir = folder();
    const env = { ...process.env, SOURCE_DATE_EPOCH: '0' };
    const [a, b] = [build(dir, [], env), build(dir, [], env)];
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    for (const name of ['submission.pdf', 'submission.docx']) expect(readFileSync(join(a.out, name)).equals(readFileSync(join(b.out, name))), name).toBe(true);
    const listing = execFileSync('unzip', ['-l', join(a.out, 'submission.docx')], { encoding: 'utf8' });
    expect(listing).toMatch(/1980-01-01 00:00\s+word\/document\.xml/);
    expect(notWellFormed(readFileSync(join(a.out, 'submission.docx')))).toEqual([]);
    // The PDF keeps the time asked for: 1970, which PDF dates can hold.
    needs('pdfinfo');
    expect(execFileSync('pdfinfo', ['-isodates', join(a.out, 'submission.pdf')], { encoding: 'utf8' })).toMatch(/CreationDate:\s+1970-01-01T00:00:00/);
  });

  it('a SOURCE_DATE_EPOCH past the year 9999 is an error that says so', () => {
    const run = build(folder(), [], { ...process.env, SOURCE_DATE_EPOCH: '999999999999' });
    expect(run.code).toBe(1);
    expect(problemsOf(run)).toEqual([expect.objectContaining({ rule: 'env/source-date-epoch' })]);
  });
});

describe('names from a theme or the markup never index a prototype', () => {
  const face = join(root, 'node_modules', '@expo-google-fonts', 'noto-serif', '400Regular', 'NotoSerif_400Regular.ttf');
  const theme = (id: string) => `extends: un\nfaces:\n  ${id}: { family: Mine, path: "${face}" }\nchains:\n  serif: [${id}, serif]\n`;

  it.each(['constructor', 'toString', 'hasOwnProperty'])('a theme face named %s draws the text', (id) => {
    needs('pdftotext');
    const run = build(folder({ 'theme.yaml': theme(id) }));
    expect(run.code, run.stderr).toBe(0);
    expect(execFileSync('pdftotext', [join(run.out, 'submission.pdf'), '-'], { encoding: 'utf8' })).toContain('Title of the text');
  });

  it('a theme face named __proto__ is a located error (it would vanish from the theme)', () => {
    const dir = folder({ 'theme.yaml': theme('__proto__') });
    expectLocated(build(dir), [{ rule: 'schema/reserved-key', file: expect.stringMatching(/theme\.yaml$/), line: 3, column: 3, field: 'faces.__proto__' }]);
  });

  it('a footnote named __proto__ is a located error, not a footnote lost', () => {
    const dir = folder({}, { 'submission.yaml': (t) => `${t}\nfootnotes:\n  __proto__: A note.\n`.replace(/^footnotes: \{\}\n/m, '') });
    const run = build(dir);
    expect(run.code, run.stderr).toBe(1);
    expect(problemsOf(run)).toContainEqual(expect.objectContaining({ rule: 'schema/reserved-key', field: 'footnotes.__proto__', line: lineOf(dir, 'submission.yaml', '__proto__') }));
  });

  it.each(['__proto__', 'constructor', 'hasOwnProperty'])('a span lang="%s" in the templates builds', (lang) => {
    needs('pdftotext');
    const templates = join(tempDir(), 'templates');
    cpSync(join(root, 'templates'), templates, { recursive: true });
    const document = join(templates, 'document.hbs');
    writeFileSync(document, readFileSync(document, 'utf8').replace('</document>', `<p><span lang="${lang}">Spanned words here</span></p></document>`));
    const run = build(folder(), ['--templates', templates]);
    expect(run.code, run.stderr).toBe(0);
    expect(execFileSync('pdftotext', [join(run.out, 'submission.pdf'), '-'], { encoding: 'utf8' })).toContain('Spanned words here');
  });
});

describe('one check of characters for every string that reaches an output', () => {
  const family = (value: string) => `extends: un\nfaces:\n  serif-latin: { family: ${value}, path: "${join(root, 'node_modules', '@expo-google-fonts', 'noto-serif', '400Regular', 'NotoSerif_400Regular.ttf')}" }\n`;
  it.each([
    ['a family with U+FFFE, escaped', family('"Noto\\uFFFESerif"'), 'faces.serif-latin.family', 3],
    ['a family with U+FFFF, typed', family('"Noto\uFFFFSerif"'), 'faces.serif-latin.family', 3],
    ['a family with U+0001', family('"Noto\\u0001Serif"'), 'faces.serif-latin.family', 3],
    ['a family with a lone surrogate', family('"Noto\\uD800Serif"'), 'faces.serif-latin.family', 3],
    ['a numbering format with U+FFFF', 'extends: un\nnumbering:\n  format: "%1\\uFFFF."\n', 'numbering.format', 3],
    ['a numbering format with U+FDD0', 'extends: un\nnumbering:\n  format: "%1\uFDD0."\n', 'numbering.format', 3],
    ['a C1 control in a chain name', 'extends: un\nfonts: { body: "se\\x85rif" }\n', 'fonts.body', 2],
  ])('theme: %s is a located error', (_name, theme, field, line) => {
    expectLocated(build(folder({ 'theme.yaml': theme })), [{ rule: 'theme/control-character', file: expect.stringMatching(/theme\.yaml$/), field, line }]);
  });

  it('content: a noncharacter in a paragraph is a located error', () => {
    const dir = folder({}, { 'submission.yaml': (t) => t.replace('Replace this paragraph', 'Replace\uFDEF this paragraph') });
    expectLocated(build(dir), [{ rule: 'content/control-character', field: 'body[1].paragraph', line: lineOf(dir, 'submission.yaml', 'Replace') }]);
  });

  it('templates and catalogues: a control character in their text is located there', () => {
    const templates = join(tempDir(), 'templates');
    cpSync(join(root, 'templates'), templates, { recursive: true });
    const document = join(templates, 'document.hbs');
    writeFileSync(document, readFileSync(document, 'utf8').replace('</document>', '<p>A\u0001B</p></document>'));
    const run = build(folder(), ['--templates', templates]);
    expect(run.code, run.stderr).toBe(1);
    const lines = readFileSync(document, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('\u0001')) + 1;
    expect(problemsOf(run)).toEqual([expect.objectContaining({ rule: 'template/control-character', file: expect.stringMatching(/document\.hbs$/), line, column: lines[line - 1]!.indexOf('\u0001') + 1 })]);

    cpSync(join(root, 'templates'), templates, { recursive: true });
    const en = join(templates, 'locales', 'en.yaml');
    const text = readFileSync(en, 'utf8');
    const key = /^(\w+): (\S.*)$/m.exec(text)!;
    writeFileSync(en, text.replace(key[0], `${key[1]}: "x\\u0007y"`));
    const second = build(folder(), ['--templates', templates]);
    expect(second.code, second.stderr).toBe(1);
    expect(problemsOf(second)).toEqual([expect.objectContaining({ rule: 'template/control-character', file: expect.stringMatching(/en\.yaml$/), field: key[1], line: lineOf(templates, 'locales/en.yaml', key[1]!) })]);
  });

  it('the DOCX writer never emits a character XML 1.0 forbids, whatever reaches it', () => {
    const parts = new Map<string, string | Uint8Array>([
      ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
      ['docProps/core.xml', '<cp:coreProperties xmlns:cp="c" xmlns:dc="d" xmlns:dcterms="t"><dcterms:created>x</dcterms:created></cp:coreProperties>'],
      ['word/settings.xml', '<w:settings xmlns:w="w"><w:compat/></w:settings>'],
      ['word/styles.xml', '<w:styles xmlns:w="w"><w:rFonts w:ascii="Noto\uFFFESerif\u0001\uD800"/></w:styles>'],
    ]);
    const docx = finishPackage(parts, { date: new Date(0), lang: 'en\uFFFF', fonts: [] });
    expect(notWellFormed(docx)).toEqual([]);
  });
});

describe('a content folder’s theme extends only themes, templates, fonts and its own files', () => {
  it.each([
    ['the project’s package.json', () => join(root, 'package.json')],
    ['another content folder’s file', () => join(root, 'examples', 'cnie-upr-2013', 'profile.yaml')],
    ['a file of .git', () => join(root, '.git', 'HEAD')],
  ])('refuses %s at the extends line, without quoting it', (_name, target) => {
    const dir = folder({ 'theme.yaml': `# mine\nextends: ${target()}\n` });
    const run = build(dir);
    expect(run.code, run.stderr).toBe(1);
    const problems = problemsOf(run);
    expect(problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/theme\.yaml$/), line: 2, column: 10, field: 'extends' })]);
    expect(['theme/outside', 'theme/unknown']).toContain(problems[0]!.rule);
    expect(run.stdout + run.stderr).not.toMatch(/"name": "dossier"|profile\.names|refs\/heads/);
  });

  it('still extends a built-in theme by path and a theme of its own folder', () => {
    const dir = folder({ 'theme.yaml': 'extends: ./base.yaml\n', 'base.yaml': `extends: ${join(root, 'themes', 'gbt9704.yaml')}\n` });
    const run = build(dir, ['--format', 'docx']);
    expect(run.code, run.stderr).toBe(0);
  });
});

describe('co-signers that would double the limits', () => {
  const partner = (name: string) => (profile: string) => profile.replace(/^ {2}full: .*$/m, `  full: ${name}`);

  it('refuses the submitting organisation itself, an entry twice, and one organisation under two paths, each at its entry', () => {
    const dir = folder({}, { 'submission.yaml': (t) => t.replace('coSigners: []', 'coSigners: [".", partners/a, partners/a/profile.yaml, partners/copy.yaml, partners/b.yaml, ./profile.yaml]') });
    const own = readFileSync(join(dir, 'profile.yaml'), 'utf8');
    cpSync(join(dir, 'profile.yaml'), join(dir, 'partners', 'a', 'profile.yaml'), { recursive: true });
    writeFileSync(join(dir, 'partners', 'a', 'profile.yaml'), partner('Partner A')(own));
    writeFileSync(join(dir, 'partners', 'copy.yaml'), partner('partner  a')(own));
    writeFileSync(join(dir, 'partners', 'b.yaml'), partner('Partner B')(own));
    const run = build(dir);
    const line = lineOf(dir, 'submission.yaml', '\ncoSigners: [') + 1;
    const text = readFileSync(join(dir, 'submission.yaml'), 'utf8').split('\n')[line - 1]!;
    const column = (entry: string) => text.indexOf(entry) + 1;
    expectLocated(run, [
      { rule: 'content/co-signer-self', field: 'coSigners[0]', line, column: column('".') },
      { rule: 'content/co-signer-twice', field: 'coSigners[2]', line, column: column('partners/a/profile.yaml') },
      { rule: 'content/co-signer-twice', field: 'coSigners[3]', line, column: column('partners/copy.yaml') },
      { rule: 'content/co-signer-self', field: 'coSigners[5]', line, column: column('./profile.yaml') },
    ]);
  });
});
