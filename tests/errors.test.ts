import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, buildTree } from '../src/build.js';
import { documentWords } from '../src/rules/submission-rules.js';
import { countWords } from '../src/text/words.js';
import { pdfmake } from '../src/render/pdf/render.js';
import { cli, copyOfExample, docxPart, dossier, exampleDir, pdfText, root, squash, tempDir } from './helpers.js';
import { needs } from './support/requirements.js';

/** A copy of the example with `edit` applied to one of its files. */
function edited(file: string, edit: (text: string) => string): string {
  const dir = copyOfExample();
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}
const lineIn = (dir: string, file: string, needle: string) => {
  const text = readFileSync(join(dir, file), 'utf8');
  expect(text.includes(needle), needle).toBe(true);
  return text.slice(0, text.indexOf(needle)).split('\n').length;
};

/** Runs `dossier check` (or the given command) and returns its problems as JSON. */
function problems(dir: string, args: string[] = []) {
  const run = dossier(['check', dir, '--json', ...args]);
  const output = JSON.parse(run.stdout) as { problems: Record<string, unknown>[] };
  return { code: run.code, problems: output.problems, stderr: run.stderr };
}

describe('every class of bad input: a located message and exit code 1', () => {
  const cases: [string, () => { dir: string; args?: string[] }, Record<string, unknown>][] = [
    ['YAML syntax error', () => ({ dir: edited('profile.yaml', (t) => t.replace('legalStatus: ', 'legalStatus: [')) }), { rule: 'yaml/syntax', file: /profile\.yaml$/ }],
    ['missing required field', () => ({ dir: edited('submission.yaml', (t) => t.replace(/^stateUnderReview: 中国\n/m, '')) }), { rule: 'schema/required', field: 'stateUnderReview', line: 4, message: expect.stringContaining('stateUnderReview') }],
    ['year as text', () => ({ dir: edited('submission.yaml', (t) => t.replace('year: 2013', 'year: "二〇一三"')) }), { rule: 'schema/type', field: 'review.year', message: 'must be a number, but is the text "二〇一三"' }],
    ['unknown key', () => ({ dir: edited('profile.yaml', (t) => t.replace('branchOffices:', 'branchOfices:')) }), { rule: 'schema/unknown-key', field: 'branchOfices', suggestion: 'did you mean "branchOffices"?' }],
    ['empty paragraph', () => ({ dir: edited('submission.yaml', (t) => t.replace('body:\n', 'body:\n  - paragraph: "  "\n')) }), { rule: 'schema/empty', field: 'body[0].paragraph', message: 'must not be empty' }],
    ['duplicate paragraph id', () => ({ dir: edited('submission.yaml', (t) => t.replace('body:\n', 'body:\n  - paragraph: 甲\n    id: intro\n  - paragraph: 乙\n    id: intro\n')) }), { rule: 'content/duplicate-id', field: 'body[1].id', message: expect.stringContaining('body[0]') }],
    ['footnote not defined', () => ({ dir: edited('submission.yaml', (t) => t.replace('截至2011年底', '截至2011年底{{footnote "src"}}')) }), { rule: 'content/footnote-undefined', field: 'body[2].paragraph' }],
    // Found by the fuzzer: 100,000 letters without a space took pdfmake minutes and 3.7 GB.
    ['unbreakable run', () => ({ dir: edited('submission.yaml', (t) => t.replace('提交书面声明。', `提交书面声明。${'x'.repeat(100_000)}`)) }), { rule: 'content/unbreakable', field: 'body[1].paragraph', message: expect.stringContaining('100,001 characters without a space') }],
    ['missing fact', () => ({ dir: edited('submission.yaml', (t) => t.replace('{{profile.founded.year}}', '{{profile.founded.yr}}')) }), { rule: 'template/missing-field', field: 'body[0].paragraph', message: '"yr" is not a field of the content' }],
    // Found by the fuzzer (seed 34862656): reported with no file or line.
    ['language without wording', () => ({ dir: edited('submission.yaml', (t) => t.replace('languages: [zh-CN]', 'languages: [aa]')) }), { rule: 'template/catalogue', file: /submission\.yaml$/, line: 11, column: 13, field: 'languages[0]', suggestion: expect.stringContaining('ar, en, es, fr, ru, zh, zh-Hant') }],
    ['template syntax error', () => {
      const templates = join(tempDir(), 'templates');
      mkdirSync(templates);
      cpSync(join(root, 'templates'), templates, { recursive: true });
      const file = join(templates, 'submission.hbs');
      writeFileSync(file, readFileSync(file, 'utf8').replace('{{#each submission.body}}', '{{#each submission.body}'));
      return { dir: copyOfExample(), args: ['--templates', templates] };
    }, { rule: 'template/syntax', file: /templates\/submission\.hbs$/, line: readFileSync(join(root, 'templates', 'submission.hbs'), 'utf8').split('\n').findIndex((l) => l.includes('{{#each submission.body}}')) + 1 }],
    ['unknown theme', () => ({ dir: copyOfExample(), args: ['--theme', 'fancy'] }), { rule: 'theme/unknown', suggestion: expect.stringContaining('un, gbt9704') }],
    ['unknown font file', () => {
      const dir = copyOfExample();
      writeFileSync(join(dir, 'theme.yaml'), 'extends: un\nfaces:\n  mine: { family: Mine, path: ./fonts/mine.ttf }\nchains:\n  serif: [mine]\n');
      return { dir };
    }, { rule: 'fonts/unreadable', message: expect.stringContaining('mine.ttf (ENOENT)') }],
    ['unreadable file', () => {
      const dir = copyOfExample();
      cpSync(join(dir, 'profile.yaml'), join(dir, 'x'));
      writeFileSync(join(dir, 'profile.yaml'), '');
      mkdirSync(join(dir, 'd'));
      return { dir: join(dir, 'd') };
    }, { rule: 'content/unreadable', message: 'file not found', file: /d\/profile\.yaml$/ }],
    ['non-UTF-8 file', () => {
      const dir = copyOfExample();
      writeFileSync(join(dir, 'submission.yaml'), Buffer.concat([Buffer.from('title: '), Buffer.from([0xb9, 0xfa])]));
      return { dir };
    }, { rule: 'content/encoding', file: /submission\.yaml$/, line: 1, column: 8, message: expect.stringContaining('0xB9') }],
  ];

  it.each(cases)('%s', (_name, make, expected) => {
    const { dir, args = [] } = make();
    const run = problems(dir, args);
    expect(run.code).toBe(1);
    const matcher = Object.fromEntries(
      Object.entries(expected).map(([k, v]) => [k, v instanceof RegExp ? expect.stringMatching(v) : v]),
    );
    expect(run.problems).toContainEqual(expect.objectContaining(matcher));
    for (const p of run.problems.filter((x) => x.severity === 'error' && x.rule !== 'theme/unknown')) {
      // Every content problem says where: a file, and a line within it.
      expect(p.file, JSON.stringify(p)).toBeTruthy();
      // A file that is missing, or a font file, has no line to point at.
      if (!/^(fonts\/|content\/unreadable)/.test(String(p.rule))) expect(p.line, JSON.stringify(p)).toBeGreaterThanOrEqual(1);
    }
  });

  it('locates the missing fact on its line in the folded paragraph', () => {
    const dir = edited('submission.yaml', (t) => t.replace('{{profile.founded.year}}', '{{profile.founded.yr}}'));
    const run = problems(dir);
    expect(run.problems[0]).toMatchObject({ line: lineIn(dir, 'submission.yaml', '{{profile.founded.yr}}') });
  });

  it('warns of a footnote defined but never used, and still succeeds', () => {
    const dir = edited('submission.yaml', (t) => t.replace('keywords:', 'footnotes:\n  spare: 未用的脚注。\nkeywords:'));
    const run = problems(dir);
    expect(run.code).toBe(0);
    expect(run.problems).toContainEqual(expect.objectContaining({ severity: 'warning', rule: 'content/footnote-unused', line: lineIn(dir, 'submission.yaml', 'spare:') }));
  });

  it('prints every problem found, not just the first, in the order of the file', () => {
    const dir = edited('profile.yaml', (t) => t.replace('admitted: 2008', 'admitted: x').replace('year: 2005', 'year: y').replace('legalStatus:', 'legalstatus:'));
    const found = problems(dir).problems;
    // The missing field is reported at the first key of the map that should hold it.
    expect(found.map((p) => [p.field, p.line])).toEqual([
      ['legalStatus', lineIn(dir, 'profile.yaml', 'names:')],
      ['founded.year', lineIn(dir, 'profile.yaml', 'year: y')],
      ['legalstatus', lineIn(dir, 'profile.yaml', 'legalstatus:')],
      ['ecosoc.admitted', lineIn(dir, 'profile.yaml', 'admitted: x')],
    ]);
  });

  it('cannot write into an output folder that is not a folder, and says so', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const run = dossier(['build', exampleDir, '--out', join(file, 'out'), '--format', 'docx']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: cannot write the output folder .*a-file\/out: a part of the path is a file \[output\/write\]/);
  });
});

describe('YAML mistakes: one message each, never a stack trace', () => {
  it.each([
    ['an alias without its anchor', 'legalStatus: *nothere'],
    ['Markdown emphasis', 'legalStatus: *重要* 全国性社会团体'],
  ])('%s as a value: exit 1, file:line:column and the hint', (_name, line) => {
    const dir = edited('profile.yaml', (t) => t.replace(/^legalStatus: .*$/m, line));
    const run = dossier(['build', dir, '--out', tempDir()]);
    expect(run.code).toBe(1);
    const at = lineIn(dir, 'profile.yaml', 'legalStatus:');
    expect(run.stderr).toMatch(new RegExp(`^\\S*profile\\.yaml:${at}:14: error: "\\*\\S+" is read as a YAML alias`));
    expect(run.stderr).toContain('\n  hint: a value starting with * is read as a YAML alias: put the text in quotes\n');
    expect(run.stderr).not.toMatch(/Error\b|^\s+at /m);
  });

  it.each([
    ['"*bold** " before the first line', (t: string) => `*bold** ${t}`, '*bold** '],
    ['a tab used for indentation', (t: string) => t.replace('  short:', '\tshort:'), '\tshort:'],
  ])('%s: at most 3 lines, the first naming its line; --all-errors lists the rest', (_name, edit, needle) => {
    const dir = edited('profile.yaml', edit);
    const run = dossier(['build', dir, '--out', tempDir()]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.length, run.stderr).toBeLessThanOrEqual(3);
    expect(lines[0]).toMatch(new RegExp(`profile\\.yaml:${lineIn(dir, 'profile.yaml', needle)}:1: error: `));
    const hidden = Number(/…and (\d+) more errors? caused by it/.exec(run.stderr)?.[1]);
    expect(hidden).toBeGreaterThan(0);
    const all = problems(dir, ['--all-errors']);
    expect(all.code).toBe(1);
    expect(all.problems.length).toBe(1 + hidden);
    expect(all.problems.every((p) => p.caused === undefined)).toBe(true);
  });

  it('reports schema errors only for the file that parses', () => {
    const dir = edited('profile.yaml', (t) => t.replace('legalStatus: ', 'legalStatus: @'));
    const submission = join(dir, 'submission.yaml');
    writeFileSync(submission, readFileSync(submission, 'utf8').replace('year: 2013', 'year: soon'));
    const run = problems(dir);
    expect(run.problems.map((p) => [String(p.file).replace(/.*\//, ''), p.rule])).toEqual([
      ['profile.yaml', 'yaml/syntax'],
      ['submission.yaml', 'schema/type'],
    ]);
  });
});

describe('UN submission rules', () => {
  it('counts words as Word does for Chinese', () => {
    expect(countWords('中国民间组织')).toBe(6);
    expect(countWords('普遍定期审议NGO书面评议，UPR审议46.2万个')).toBe(6 + 1 + 4 + 1 + 2 + 1 + 2);
    expect(countWords('non-governmental organisations’ reports, 2013.')).toBe(4);
  });

  describe('counted as poppler counts', () => {
    needs('pdfinfo');
    it('the seed passes its own cycle’s rules, and check prints the counts', async () => {
      const run = dossier(['check', exampleDir]);
      expect(run.code).toBe(0);
      const out = tempDir();
      const { tree } = await build({ contentDir: exampleDir, outDir: out, formats: ['pdf'] });
      const pages = Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [join(out, 'submission.pdf')], { encoding: 'utf8' }))?.[1]);
      const words = documentWords(tree).toLocaleString('en');
      expect(run.stdout).toMatch(new RegExp(`^words: ${words}\npages: ${pages} of at most 5 \\(one organisation\\)\nrules: OHCHR`));
    });
  });

  it('fails a 3rd-cycle submission one word over 2,815, with both numbers', async () => {
    const third = (extra: number) =>
      edited('submission.yaml', (t) => t.replace('cycle: 2', 'cycle: 3').replace('body:\n', `body:\n  - paragraph: ${'字'.repeat(extra)}\n`));
    const base = documentWords((await buildTree(third(1))).tree) - 1;
    const over = dossier(['build', third(2815 - base + 1), '--out', tempDir(), '--format', 'pdf']);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/submission\.yaml:\d+:\d+: error: the document has 2,816 words; the limit for a submission by one organisation in UPR cycle 3 is 2,815 \(body\) \[rules\/max-words\]/);
    expect(dossier(['check', third(2815 - base)]).code).toBe(0);
  });

  it('fails a 2nd-cycle submission a page over 5, with both numbers, writing nothing', () => {
    const long = `${'国家人民社会组织发展'.repeat(40)}。`;
    const dir = edited('submission.yaml', (t) => t.replace('body:\n', `body:\n${`  - paragraph: ${long}\n`.repeat(16)}`));
    const out = tempDir();
    const run = dossier(['build', dir, '--out', out, '--format', 'docx']);
    expect(run.code).toBe(1);
    const m = /the document has (\d+) pages; the limit for a submission by one organisation in UPR cycle 2 is 5/.exec(run.stderr);
    expect(m, run.stderr).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(5);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('safe writes', () => {
  const sha = (dir: string) =>
    // The files a reader opens: hidden ones are the writing build's temporaries, backups, journal and lock.
    readdirSync(dir).filter((f) => !f.startsWith('.')).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]);

  /** Runs a build and SIGKILLs it the moment its first temporary output file appears; resolves to that file's name. */
  function buildKilledWhileWriting(dir: string, out: string, args: string[]): Promise<{ temporary?: string; signal: NodeJS.Signals | null }> {
    const child = spawn(process.execPath, [cli, 'build', dir, '--out', out, '-q', ...args], { stdio: 'ignore' });
    let temporary: string | undefined;
    const watcher = watch(out, (_event, name) => {
      if (temporary || !name || !new RegExp(`^\\.submission\\.(pdf|docx)\\.${child.pid}\\.[0-9a-f]+\\.tmp$`).test(name)) return;
      temporary = name;
      child.kill('SIGKILL');
    });
    return new Promise((resolve) => child.on('exit', (_code, signal) => (watcher.close(), resolve({ temporary, signal }))));
  }

  it('kill -9 while the new files are written leaves the earlier ones byte-identical: they are renamed into place', async () => {
    const dir = edited('submission.yaml', (t) => t.replace('cycle: 2', 'cycle: 9'));
    const file = join(dir, 'submission.yaml');
    const short = readFileSync(file, 'utf8');
    // A long document with its fonts embedded whole: tens of MB to write after the PDF's temporary file appears.
    const paragraph = `${'国家人民社会组织发展'.repeat(30)}2013年NGO。`;
    const long = short.replace('body:\n', `body:\n${`  - paragraph: ${paragraph}\n`.repeat(100)}`);
    const out = tempDir();
    // The kill may miss the moment on a loaded machine: then the new files are in place, and it is tried again.
    for (let attempt = 1; ; attempt++) {
      writeFileSync(file, short);
      expect(dossier(['build', dir, '--out', out, '-q']).code).toBe(0);
      const before = sha(out);
      writeFileSync(file, long);
      const killed = await buildKilledWhileWriting(dir, out, ['--embed-fonts', 'full']);
      if (killed.signal !== 'SIGKILL' && attempt < 3) continue;
      expect(killed.signal).toBe('SIGKILL');
      // The new PDF was being written, beside the old one, when the build died…
      expect(killed.temporary).toMatch(/^\.submission\.pdf\.\d+\.[0-9a-f]+\.tmp$/);
      expect(readdirSync(out)).toContain(killed.temporary);
      // …and the files a reader opens are the earlier ones, byte for byte.
      expect(sha(out)).toEqual(before);
      break;
    }
    // The next build tidies what the killed one left.
    expect(dossier(['build', dir, '--out', out, '-q']).code).toBe(0);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('sandboxed templates and rendering', () => {
  describe('read back', () => {
    needs('pdftotext');
    it('shows content that looks like markup or Handlebars literally, in both outputs', () => {
    const dir = edited('profile.yaml', (t) => t.replace('short: 中促会', 'short: "<w:p>{{x}}**b**&amp;"'));
    const out = tempDir();
    expect(dossier(['build', dir, '--out', out, '-q']).code).toBe(0);
    expect(squash(pdfText(join(out, 'submission.pdf')))).toContain('（简称<w:p>{{x}}**b**&amp;）');
    const xml = docxPart(readFileSync(join(out, 'submission.docx')), 'word/document.xml');
    expect(xml).toContain('（简称&lt;w:p&gt;{{x}}**b**&amp;amp;）');
    });
  });

  it('pdfmake fetches no URL and reads no file outside the project', async () => {
    const lib = pdfmake();
    const withImage = (src: string) => lib.createPdf({ images: { logo: src }, content: [{ image: 'logo' }] }).getBuffer();
    await expect(withImage('https://example.org/logo.png')).rejects.toThrow(/Access to URL denied/);
    expect(existsSync('/etc/passwd')).toBe(true);
    await expect(withImage('/etc/passwd')).rejects.toThrow(/denied/i);
  });
});
