import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/build.js';
import { DiagnosticError, type Diagnostic } from '../src/diagnostics/diagnostic.js';
import { needs } from './support/requirements.js';
import { maxFontBytes, readConfined } from '../src/files/confined.js';
import { readManifest } from '../src/fonts/manifest.js';
import { isInside } from '../src/paths.js';
import { loadKind } from '../src/kinds/kind.js';
import { countWords } from '../src/text/words.js';
import { cli, copyOfExample, docxPart, dossier, exampleDir, root, tempDir } from './helpers.js';

/**
 * A content folder is safe to build whoever wrote it: it reads nothing outside the
 * folders a build may use, never hangs, never prints another file, and every bad
 * input is a located error.
 */

const marker = 'DOSSIER-SECRET-7f3a9c';
const bundledFace = join(root, 'node_modules', '@expo-google-fonts', 'noto-serif-sc', '400Regular', 'NotoSerifSC_400Regular.ttf');

/** A folder outside every folder a build may read (the temporary folder could be set inside the project). */
function outsideDir(): string {
  const dir = tempDir('dossier-outside-');
  return isInside(root, dir) ? mkdtempSync('/tmp/dossier-outside-') : dir;
}

/** A file outside, holding the marker: it must never be read into any output. */
function secretFile(name = 'secret.yaml'): string {
  const file = join(outsideDir(), name);
  writeFileSync(file, `${marker}: one\nline: ${marker}\n`);
  return file;
}

/** A copy of the example with a theme.yaml of its own (and `extra` done to the folder). */
function withTheme(theme: string, extra: (dir: string) => void = () => {}): string {
  const dir = copyOfExample();
  writeFileSync(join(dir, 'theme.yaml'), theme);
  extra(dir);
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): string {
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

/** `dossier check --json`: exit code, problems, and whatever was printed. */
function check(dir: string, args: string[] = []) {
  const started = performance.now();
  const run = spawnSync(process.execPath, [cli, 'check', dir, '--json', ...args], { encoding: 'utf8', timeout: 20_000 });
  const ms = performance.now() - started;
  const problems = (JSON.parse(run.stdout) as { problems: Diagnostic[] }).problems;
  return { code: run.status, signal: run.signal, problems, stdout: run.stdout, stderr: run.stderr, ms };
}

const lineOf = (dir: string, file: string, needle: string) => {
  const text = readFileSync(join(dir, file), 'utf8');
  expect(text).toContain(needle);
  return text.slice(0, text.indexOf(needle)).split('\n').length;
};

const themeWithFace = (path: string, family = 'Mine') => `extends: un\nfaces:\n  mine: { family: "${family}", path: "${path}" }\nchains:\n  serif: [mine, serif]\n`;

describe('a content folder’s theme reaches only the folders a build may read', () => {
  it('refuses `extends` to a file outside, at the extends line, without printing the file', () => {
    const secret = secretFile();
    const dir = withTheme(`# a theme\nextends: ${secret}\n`);
    const run = check(dir);
    expect(run.code).toBe(1);
    expect(run.problems).toEqual([
      expect.objectContaining({ rule: 'theme/outside', file: expect.stringMatching(/theme\.yaml$/), line: 2, column: 10, field: 'extends' }),
    ]);
    expect(run.stdout + run.stderr).not.toContain(marker);
  });

  it('follows links: a theme.yaml that is a link to a file outside is refused', () => {
    const secret = secretFile();
    const dir = copyOfExample();
    symlinkSync(secret, join(dir, 'theme.yaml'));
    const run = check(dir);
    expect(run.code).toBe(1);
    expect(run.problems).toEqual([expect.objectContaining({ rule: 'theme/outside', file: expect.stringMatching(/theme\.yaml$/) })]);
    expect(run.stdout + run.stderr).not.toContain(marker);
  });

  it('refuses content files that are links to files outside the folder', () => {
    const outside = outsideDir();
    const dir = copyOfExample();
    copyFileSync(join(dir, 'profile.yaml'), join(outside, 'profile.yaml'));
    edit(outside, 'profile.yaml', (t) => `${t}\n# ${marker}\n`);
    execFileSync('rm', [join(dir, 'profile.yaml')]);
    symlinkSync(join(outside, 'profile.yaml'), join(dir, 'profile.yaml'));
    const run = check(dir);
    expect(run.code).toBe(1);
    expect(run.problems).toEqual([expect.objectContaining({ rule: 'content/outside', file: expect.stringMatching(/profile\.yaml$/) })]);
    expect(run.stdout + run.stderr).not.toContain(marker);
  });

  it('refuses a face that is a link to a file outside', () => {
    const secret = secretFile('font.ttf');
    const dir = withTheme(themeWithFace('./font.ttf'), (d) => symlinkSync(secret, join(d, 'font.ttf')));
    const run = check(dir);
    expect(run.code).toBe(1);
    expect(run.problems).toEqual([
      expect.objectContaining({ rule: 'fonts/outside', file: expect.stringMatching(/theme\.yaml$/), line: 3, field: 'faces.mine.path' }),
    ]);
    expect(run.stdout + run.stderr).not.toContain(marker);
  });

  it('refuses a face that is a named pipe, at once, instead of waiting on it forever', () => {
    const dir = withTheme(themeWithFace('./pipe.ttf'), (d) => execFileSync('mkfifo', [join(d, 'pipe.ttf')]));
    const run = check(dir);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(1);
    expect(run.problems).toEqual([expect.objectContaining({ rule: 'fonts/not-a-file', line: 3, message: expect.stringContaining('a named pipe') })]);
    expect(run.ms).toBeLessThan(5_000);
  });

  it('refuses a face file larger than the cap (a 1 GB sparse file) without reading it', () => {
    const dir = withTheme(themeWithFace('./huge.ttf'), (d) => {
      writeFileSync(join(d, 'huge.ttf'), '');
      truncateSync(join(d, 'huge.ttf'), 1024 ** 3);
    });
    const run = check(dir);
    expect(run.code).toBe(1);
    expect(run.problems).toEqual([expect.objectContaining({ rule: 'fonts/too-large', line: 3, message: expect.stringContaining('1,024 MB') })]);
    expect(run.ms).toBeLessThan(5_000);
  });

  it('embeds with --embed-fonts full only a face that passed the checks', () => {
    // Outside: refused before anything is read, so nothing of it reaches a DOCX.
    const outside = join(outsideDir(), 'private.ttf');
    copyFileSync(bundledFace, outside);
    const out = tempDir();
    const refused = dossier(['build', withTheme(themeWithFace(outside)), '--out', out, '--format', 'docx', '--embed-fonts', 'full', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).problems).toEqual([expect.objectContaining({ rule: 'fonts/outside', field: 'faces.mine.path' })]);
    expect(readdirSync(out)).toEqual([]);
    // Inside the content folder: embedded whole, byte for byte (deobfuscated).
    const dir = withTheme(themeWithFace('./mine.ttf'), (d) => copyFileSync(bundledFace, join(d, 'mine.ttf')));
    expect(dossier(['build', dir, '--out', out, '--format', 'docx', '--embed-fonts', 'full', '-q']).code).toBe(0);
    const docx = unzipSync(new Uint8Array(readFileSync(join(out, 'submission.docx'))));
    const sizes = Object.entries(docx).filter(([name]) => name.endsWith('.odttf')).map(([, bytes]) => bytes.length);
    expect(sizes).toContain(readFileSync(bundledFace).length);
  });

  it('lets a theme named on the command line use the files beside it', () => {
    const themes = outsideDir();
    copyFileSync(bundledFace, join(themes, 'mine.ttf'));
    writeFileSync(join(themes, 'base.yaml'), 'extends: un\ntext: { size: 11, lineHeight: 1.3 }\n');
    writeFileSync(join(themes, 'mine.yaml'), themeWithFace('./mine.ttf').replace('extends: un', 'extends: ./base.yaml'));
    const run = check(copyOfExample(), ['--theme', join(themes, 'mine.yaml')]);
    expect(run.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(run.code).toBe(0);
  });
});

/** The bundled face with its cmap made to claim 32,767 format 4 segments (its format 12 tables hidden). */
function lyingCmap(): Buffer {
  const font = Buffer.from(readFileSync(bundledFace));
  let cmap = 0;
  for (let i = 0; i < font.readUInt16BE(4); i++) if (font.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'cmap') cmap = font.readUInt32BE(20 + 16 * i);
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const record = cmap + 4 + 8 * i;
    const table = cmap + font.readUInt32BE(record + 4);
    if (font.readUInt16BE(table) === 12) font.writeUInt16BE(9, record); // a platform no one reads
    if (font.readUInt16BE(table) === 4) font.writeUInt16BE(0xfffe, table + 6);
  }
  return font;
}

describe('a chain with no faces', () => {
  it('is a located error, not a crash (found by the theme fuzzer, seed 109051656)', () => {
    const dir = withTheme('extends: un\nchains:\n  serif: {}\n');
    const run = check(dir);
    expect(run.code).toBe(1);
    expect(run.problems).toEqual([expect.objectContaining({ file: expect.stringContaining('theme.yaml'), line: 3, field: 'chains.serif', severity: 'error' })]);
    expect(run.problems[0]!.message).toMatch(/must list faces/);
  });
});

describe('a face file that is cut short or lies about itself', () => {
  it.each([
    ['cut short', () => readFileSync(bundledFace).subarray(0, Math.floor(readFileSync(bundledFace).length * 0.6))],
    ['with a cmap larger than itself', lyingCmap],
  ])('%s: a problem naming the file, never a crash', (_name, bytes) => {
    const dir = withTheme(themeWithFace('./bad.ttf'), (d) => writeFileSync(join(d, 'bad.ttf'), bytes()));
    const run = dossier(['build', dir, '--out', tempDir(), '--json', '-q']);
    expect(run.code).toBe(1);
    // Named in the message; a file cut short is found when the theme is read, at the line naming it.
    expect(JSON.parse(run.stdout).problems).toEqual([expect.objectContaining({ rule: 'fonts/invalid', message: expect.stringMatching(/bad\.ttf is not a usable font/) })]);
  });

  it('cut short: found by its table directory, at the theme line that names it', () => {
    const bytes = readFileSync(bundledFace);
    const dir = withTheme(themeWithFace('./bad.ttf'), (d) => writeFileSync(join(d, 'bad.ttf'), bytes.subarray(0, bytes.length - 1000)));
    expect(check(dir).problems).toEqual([
      expect.objectContaining({ rule: 'fonts/invalid', file: expect.stringMatching(/theme\.yaml$/), field: 'faces.mine.path', message: expect.stringContaining('it is cut short') }),
    ]);
  });
});

describe('every mistake in a theme is a located error, never a stack trace', () => {
  const cases: [string, string, Partial<Diagnostic> & { line: number }][] = [
    ['a YAML typo', 'extends: un\ntext:\n\tsize: 12\n', { rule: 'yaml/syntax', line: 3, column: 1 }],
    ['a key given twice', 'extends: un\ntext:\n  size: 12\n  size: 13\n', { rule: 'yaml/syntax', line: 4, column: 3 }],
    ['a chain that does not exist', 'extends: un\nfonts: { body: nope }\n', { rule: 'fonts/unknown-chain', line: 2, column: 16, field: 'fonts.body' }],
    ['a chain naming a face that does not exist', 'extends: un\nchains:\n  serif: [serif, nope]\n', { rule: 'fonts/unknown-face', line: 3, column: 18, field: 'chains.serif[1]' }],
    ['a value of the wrong type', 'extends: un\ntext:\n  size: big\n', { rule: 'schema/type', line: 3, column: 9, field: 'text.size' }],
    ['an unknown field', 'extends: un\npage:\n  colour: red\n', { rule: 'schema/unknown-key', line: 3, column: 3, field: 'page.colour' }],
    ['a missing value', 'page:\n  size: A4\n', { rule: 'schema/required', field: 'page.margins', line: 1 }],
    ['extends that is not a name', 'extends: [un]\n', { rule: 'theme/extends', line: 1, column: 10 }],
    ['extends of a theme that does not exist', 'extends: fancy\n', { rule: 'theme/unknown', line: 1, column: 10, field: 'extends' }],
    ['a theme that is not a group of fields', '- un\n', { rule: 'theme/not-a-theme', line: 1 }],
    ['a face file that is not a font', 'extends: un\nfaces:\n  x: { family: X, path: ./profile.yaml }\nchains:\n  serif: [x]\n', { rule: 'fonts/invalid', line: 3, field: 'faces.x.path' }],
    ['a face family with a control character', `extends: un\nfaces:\n  x: { family: "A\\u0007", path: ${bundledFace} }\n`, { rule: 'theme/control-character', line: 3, field: 'faces.x.family' }],
  ];

  it.each(cases)('%s', (_name, theme, expected) => {
    const run = check(withTheme(theme));
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack
    const errors = run.problems.filter((p) => p.severity === 'error');
    expect(errors).toContainEqual(expect.objectContaining({ ...expected, file: expect.stringMatching(/theme\.yaml$/) }));
    for (const problem of errors) expect(problem.file && problem.line, JSON.stringify(problem)).toBeTruthy();
  });

  it('locates a mistake in a theme it extends in that file', () => {
    const dir = withTheme('extends: ./base.yaml\n', (d) => writeFileSync(join(d, 'base.yaml'), 'extends: un\nheading:\n  size: -1\n'));
    expect(check(dir).problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/base\.yaml$/), line: 3, field: 'heading.size' })]);
  });

  it('locates mistakes in the font manifest and a kind file', async () => {
    const dir = tempDir();
    const problems = async (run: () => Promise<unknown>) => ((await run().catch((e: unknown) => e)) as DiagnosticError).diagnostics;
    const manifest = readFileSync(join(root, 'fonts', 'manifest.yaml'), 'utf8');
    writeFileSync(join(dir, 'typo.yaml'), manifest.replace('\nchains:', '\nchains: ['));
    writeFileSync(join(dir, 'family.yaml'), manifest.replace('family: Noto Sans SC', 'family: 5'));
    writeFileSync(join(dir, 'package.yaml'), manifest.replace('"@expo-google-fonts/noto-sans-sc"', '"@expo-google-fonts/not-installed"'));
    const lineIn = (needle: string) => manifest.slice(0, manifest.indexOf(needle)).split('\n').length;
    expect(await problems(() => readManifest(join(dir, 'typo.yaml')))).toContainEqual(expect.objectContaining({ rule: 'yaml/syntax', file: expect.stringMatching(/typo\.yaml$/) }));
    expect(await problems(() => readManifest(join(dir, 'family.yaml')))).toEqual([
      expect.objectContaining({ rule: 'schema/type', field: 'faces.sans.family', line: lineIn('family: Noto Sans SC') }),
    ]);
    expect(await problems(() => readManifest(join(dir, 'package.yaml')))).toEqual([
      expect.objectContaining({ rule: 'fonts/package', field: 'faces.sans.package', line: lineIn('package: "@expo-google-fonts/noto-sans-sc"') }),
    ]);
    const kind = readFileSync(join(root, 'kinds', 'upr-stakeholder.yaml'), 'utf8');
    writeFileSync(join(dir, 'upr-stakeholder.yaml'), kind.replace('maxPages: { single: 5, joint: 10 }', 'maxPages: { single: five, joint: 10 }'));
    expect(await problems(() => loadKind('upr-stakeholder', dir))).toEqual([
      expect.objectContaining({ rule: 'schema/type', field: 'variants[0].maxPages.single', line: kind.slice(0, kind.indexOf('maxPages')).split('\n').length }),
    ]);
  });
});

describe('one function reads every file', () => {
  const rules = (roots: string[]) => ({ roots, what: 'file', scope: 'test', maxBytes: maxFontBytes });
  const refusal = async (path: string, roots: string[]) =>
    ((await readConfined(path, rules(roots)).catch((e: unknown) => e)) as DiagnosticError).diagnostics?.[0]?.rule;

  it('reads a regular file inside a root, also through a link that stays inside', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'hello');
    symlinkSync(join(dir, 'a.txt'), join(dir, 'link.txt'));
    expect(String(await readConfined(join(dir, 'link.txt'), rules([dir])))).toBe('hello');
    expect(await readConfined(join(dir, 'none.txt'), rules([dir]))).toBeUndefined();
  });

  it('refuses what lies outside, a folder, a pipe, a file over the cap, and a path with a NUL', async () => {
    const dir = tempDir();
    const secret = secretFile();
    symlinkSync(secret, join(dir, 'out.txt'));
    mkdirSync(join(dir, 'folder'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    writeFileSync(join(dir, 'big'), '');
    truncateSync(join(dir, 'big'), maxFontBytes + 1);
    expect(await refusal(secret, [dir])).toBe('test/outside');
    expect(await refusal(join(dir, 'out.txt'), [dir])).toBe('test/outside');
    expect(await refusal(join(dir, 'folder'), [dir])).toBe('test/not-a-file');
    expect(await refusal(join(dir, 'pipe'), [dir])).toBe('test/not-a-file');
    expect(await refusal(join(dir, 'big'), [dir])).toBe('test/too-large');
    expect(await refusal(join(dir, 'a\0b'), [dir])).toBe('test/unreadable');
  });
});

/** Parses every XML part of a DOCX; throws naming the first part that is not well-formed. */
function expectWellFormed(docx: Buffer): void {
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(docx)))) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const parser = new SaxesParser();
    parser.on('error', (e) => {
      throw new Error(`${name}: ${e.message}`);
    });
    parser.write(new TextDecoder().decode(bytes)).close();
  }
}

describe('values reaching the DOCX package and the PDF metadata', () => {
  it('builds with a face family "A & B", and every XML part of the DOCX is well-formed', () => {
    const dir = withTheme(themeWithFace('./mine.ttf', `A & B <'x'>`), (d) => copyFileSync(bundledFace, join(d, 'mine.ttf')));
    const out = tempDir();
    expect(dossier(['build', dir, '--out', out, '-q']).code).toBe(0);
    const docx = readFileSync(join(out, 'submission.docx'));
    expectWellFormed(docx);
    expect(docxPart(docx, 'word/fontTable.xml')).toMatch(/<w:font w:name="A &amp; B &lt;&apos;x&apos;&gt; [0-9A-F]{6}"><w:altName w:val="A &amp; B &lt;&apos;x&apos;&gt;"\/>/);
  });

  describe('read back by pdfinfo', () => {
    needs('pdfinfo');
    it('keeps keywords a list: one with ";" stays one, and subject and keywords survive in both files', async () => {
      const dir = edit(copyOfExample(), 'submission.yaml', (t) =>
        t.replace(/^keywords: .*$/m, 'keywords: ["A;B", "C) \\\\ (é", 人权]').replace(/^subject: .*$/m, 'subject: "S) \\\\ ( 中 <x> & é"'),
      );
      expect((await buildTree(dir)).tree.meta.keywords).toEqual(['A;B', 'C) \\ (é', '人权']);
      const out = tempDir();
      expect(dossier(['build', dir, '--out', out, '-q']).code).toBe(0);
      const info = execFileSync('pdfinfo', [join(out, 'submission.pdf')], { encoding: 'utf8' });
      expect(info).toContain('Keywords:        A;B; C) \\ (é; 人权');
      expect(info).toContain('Subject:         S) \\ ( 中 <x> & é');
      const docx = readFileSync(join(out, 'submission.docx'));
      expectWellFormed(docx);
      expect(docxPart(docx, 'docProps/core.xml')).toContain('<cp:keywords>A;B; C) \\ (é; 人权</cp:keywords>');
    });
  });
});

describe('templates print nothing', () => {
  it('{{log}} is an unknown helper: check --json prints only JSON, the problem located', () => {
    const dir = edit(copyOfExample(), 'submission.yaml', (t) => t.replace('截至2011年底', '截至2011年底{{log "x"}}'));
    const run = spawnSync(process.execPath, [cli, 'check', dir, '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).problems).toEqual([
      expect.objectContaining({ rule: 'template/unknown-helper', message: 'unknown helper "log"', line: lineOf(dir, 'submission.yaml', '{{log'), field: 'body[2].paragraph' }),
    ]);
  });
});

describe('word counts', () => {
  it('counts a letter’s combining marks as part of its word, and words as Word does', () => {
    // Hand counts: "He wrote the lesson", with harakat on every letter: 3 words.
    expect(countWords('كَتَبَ الطَّالِبُ الدَّرْسَ', 'ar')).toBe(3);
    // "The" "NGO's" "well-known" "46.2%" "share" "rose" "in" "2013": 8.
    expect(countWords('The NGO’s well-known 46.2% share rose in 2013.', 'en')).toBe(8);
    // 13 + 3 Han, "2005", 年, 5 Han: 23; punctuation none.
    expect(countWords('中国民间组织国际交流促进会成立于2005年，总部在北京。')).toBe(13 + 3 + 1 + 1 + 5);
    // e and a combining acute (two code points) is one letter.
    expect(countWords('cafe\u0301 ole\u0301', 'fr')).toBe(2);
  });
});

describe('builds writing into one folder at once', () => {
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

  it('leave another live build’s temporary files alone, and remove those of ended builds', () => {
    const out = tempDir();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const live = [`.submission.docx.${process.pid}.tmp`, `.submission.docx.${process.pid}.0a1b2c.tmp`];
    const stale = [`.submission.docx.${gone}.tmp`, `.submission.docx.${gone}.9f8e7d.tmp`];
    for (const name of [...live, ...stale]) writeFileSync(join(out, name), 'partial');
    expect(dossier(['build', exampleDir, '--out', out, '--format', 'docx', '-q']).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...live, 'submission.docx'].sort());
  });

  it('both succeed and leave whole files', async () => {
    const out = tempDir();
    const run = () =>
      new Promise<number | null>((resolve) => spawn(process.execPath, [cli, 'build', exampleDir, '--out', out, '-q'], { stdio: 'ignore' }).on('exit', resolve));
    expect(await Promise.all([run(), run(), run()])).toEqual([0, 0, 0]);
    expect(readdirSync(out).sort()).toEqual(['submission.docx', 'submission.pdf']);
    const alone = tempDir();
    expect(dossier(['build', exampleDir, '--out', alone, '-q']).code).toBe(0);
    for (const name of ['submission.docx', 'submission.pdf']) expect(sha(join(out, name))).toBe(sha(join(alone, name)));
  });
});

describe('a hostile content folder', () => {
  it('fails in under 5 s with exit 1 and located errors, printing nothing of the files outside', () => {
    const secretTheme = secretFile('theme.yaml');
    const secretFont = secretFile('font.ttf');
    const dir = withTheme(
      [
        `extends: ${secretTheme}`,
        'faces:',
        '  amp: { family: "A & B", path: ./real.ttf }',
        '  pipe: { family: Pipe, path: ./pipe.ttf }',
        '  link: { family: Link, path: ./link.ttf }',
        '  huge: { family: Huge, path: ./huge.ttf }',
        'chains:',
        '  serif: [amp, pipe, link, huge, serif]',
        '',
      ].join('\n'),
      (d) => {
        copyFileSync(bundledFace, join(d, 'real.ttf'));
        execFileSync('mkfifo', [join(d, 'pipe.ttf')]);
        symlinkSync(secretFont, join(d, 'link.ttf'));
        writeFileSync(join(d, 'huge.ttf'), '');
        truncateSync(join(d, 'huge.ttf'), 1024 ** 3);
        edit(d, 'submission.yaml', (t) => t.replace('截至2011年底', '截至2011年底{{log "x"}}'));
      },
    );
    const out = tempDir();
    const started = performance.now();
    const run = spawnSync(process.execPath, [cli, 'build', dir, '--out', out, '--json'], { encoding: 'utf8', timeout: 20_000 });
    const ms = performance.now() - started;
    expect(run.signal).toBeNull();
    expect(ms).toBeLessThan(5_000);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(marker);
    const { problems } = JSON.parse(run.stdout) as { problems: Diagnostic[] };
    expect(problems.map((p) => `${p.rule} ${p.field}`).sort()).toEqual([
      'fonts/not-a-file faces.pipe.path',
      'fonts/outside faces.link.path',
      'fonts/too-large faces.huge.path',
      'template/unknown-helper body[2].paragraph',
      'theme/outside extends',
    ]);
    for (const p of problems) expect(p.file && p.line, JSON.stringify(p)).toBeTruthy();
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
